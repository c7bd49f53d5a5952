"""Text folding shared by title matching and search: case- and accent-insensitive keys."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ``text`` and drop diacritics, keeping letters of every script.

    ``"Generación"`` -> ``"generacion"``, ``"Språk"`` -> ``"sprak"``, ``"ß"`` -> ``"ss"``;
    CJK, Hangul and Devanagari letters are kept (Hangul syllables are recomposed, and Devanagari
    vowel signs, which are combining marks, are kept so words stay readable).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and _is_latin_greek_cyrillic_mark(ch))
    )
    return unicodedata.normalize("NFC", kept)


def _is_latin_greek_cyrillic_mark(ch: str) -> bool:
    """True for the combining diacritics used by Latin, Greek and Cyrillic (U+0300-U+036F)."""
    return "\u0300" <= ch <= "\u036f"


def like_pattern(text: str) -> str:
    """Escape ``text`` for a SQL ``LIKE ... ESCAPE '\\'`` substring match: ``%text%``."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
