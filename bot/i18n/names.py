"""Human names of languages, from Babel's CLDR data."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from bot.i18n import cldr
from bot.i18n.tags import normalize_tag

__all__ = ["language_name"]


def _babel_locale(tag: str) -> Locale | None:
    normal = normalize_tag(tag)
    return None if normal is None else cldr.locale(normal)


def _capitalize(text: str) -> str:
    """Upper-case the first character where its script has case (Latin, Cyrillic, Greek…)."""
    first = text[:1].upper()
    if len(first) != 1:  # "ß" -> "SS": leave such letters alone
        return text
    return first + text[1:]


@lru_cache(maxsize=2048)
def language_name(tag: str, *, in_language: str | None = None, for_menu: bool = False) -> str:
    """Return the name of the language ``tag`` names, from CLDR via Babel.

    By default the language's own name (autonym) as CLDR writes it, lower-case where that
    language writes names so: ``sv`` -> ``"svenska"``, ``es`` -> ``"español"``, ``ja`` ->
    ``"日本語"``, ``no`` -> ``"norsk"``, ``hi`` -> ``"हिन्दी"``, ``zh`` -> ``"中文"``; a region or
    script is added in brackets (``pt-BR`` -> ``"português (Brasil)"``). ``in_language`` (any
    BCP 47 tag or Discord locale) names it in that language instead (``in_language="en"`` ->
    ``"Swedish"``); if Babel does not know ``in_language`` the own name is used; a language
    without locale data of its own (``tlh``) can only be named in another language.
    ``for_menu=True`` capitalises the first letter where the script has case (``"Svenska"``),
    as the name starts a menu entry. Never raises: a tag Babel has no name for gives ``tag``
    unchanged. Results are cached.
    """
    locale = _babel_locale(tag)
    display = _babel_locale(in_language) if in_language else None
    name: str | None = None
    if locale is not None:
        name = locale.get_display_name(display or locale)
    elif display is not None and (normal := normalize_tag(tag)) is not None:
        # A language without CLDR locale data may still have a name in ``in_language``.
        name = display.languages.get(normal.replace("-", "_"))
    if not name:
        return tag
    return _capitalize(name) if for_menu else name
