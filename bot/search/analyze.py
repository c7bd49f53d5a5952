"""Text analysis for search: the same rules turn post text into index terms and a query into
query units, so that both sides meet.

Pure functions, no I/O. Rules and where they come from:

* Normalization: NFKC (full-width Latin and half-width kana become ordinary letters), then
  lower case. Snowball stemmers expect lowercase *accented* input, so words are stemmed first
  and folded afterwards with :func:`bot.text.fold` (case and accents off: ``Generación`` ->
  ``gener``). Because users often omit accents and a stemmer's suffix rules may need them
  (Spanish ``-ación``), every word is also stemmed in its folded spelling, and both stems are
  indexed when they differ; a query word therefore matches whether or not it carries accents.
* Words: runs of Unicode letters, digits and combining marks (``[^\\W_]`` plus every ``M*``
  character, so Devanagari vowel signs stay inside their words). This is the same character set
  as the FTS5 tokenizer of :data:`TOKENIZER` (``L* N* Co M*``), which re-tokenizes the terms.
* Chinese, Japanese and Korean runs (Han, Hiragana, Katakana, Hangul) are cut out of the words
  and become overlapping character bigrams (``検索結果`` -> ``検索 索結 結果``); a one-character
  run stays a unigram. Bigrams find two-character words, which FTS5's ``trigram`` tokenizer
  cannot (``content-conventions.md``, Search). Mixed text (``RAGのためのPDF解析``) yields both
  Latin words and bigrams. Thai and other unspaced scripts are left as whole runs.
* Stemmers: Snowball (PyStemmer) by the BCP 47 base language (``pt-BR`` -> ``portuguese``),
  cached per language; a language without a stemmer is indexed unstemmed (folded).

Bump :data:`ANALYZER_VERSION` whenever these rules change: the index records it per translation
and :func:`bot.search.index.sync_index` then re-indexes everything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from bot.text import fold

ANALYZER_VERSION = 1
"""Recorded with every indexed translation; a different value makes the row stale."""

TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
"""The FTS5 tokenizer of the search index (also used on the unstemmed display columns)."""

MAX_QUERY_CHARS = 1000
"""Longer queries are cut before analysis (Discord allows 6000 characters in an option)."""
MAX_UNITS = 16
"""At most this many query units (words or bigrams) are searched for; the rest is ignored."""
MAX_WORD_CHARS = 64
"""Longer words are cut to this length (no real word is longer; noise stays cheap)."""

# BCP 47 base language -> Snowball algorithm name (PyStemmer); kept only when available.
_ALGORITHMS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3041-\u309f"  # Hiragana (with the combining voiced marks)
    "\u30a1-\u30fa\u30fc-\u30ff"  # Katakana, without ゠ and the middle dot ・
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
)


def _mark_ranges() -> str:
    """A regex class body with every combining mark (``M*``) of the BMP, as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_MARKS = _mark_ranges()
_CJK = re.compile(f"[{_CJK_RANGES}]")
_CJK_RUNS = re.compile(f"[{_CJK_RANGES}]+")
# Coarse and fast: what may hold words (one character class, so the regex engine stays quick).
_TOKENS = re.compile(f"[\\w{_MARKS}]+")
# Exact, for a normalized token: CJK runs, and words of letters, digits and marks.
_PIECES = re.compile(f"(?P<cjk>[{_CJK_RANGES}]+)|(?P<word>(?:[^\\W_{_CJK_RANGES}]|[{_MARKS}])+)")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b]")

SEPARATOR = "\u200b"
"""Inserted between CJK characters in display columns so FTS5 sees one token per character."""

_SPACED_LANGUAGES_TOKENS = 16
_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


def base_language(tag: str | None) -> str | None:
    """The lowercase primary subtag of a BCP 47 tag: ``"pt-BR"`` -> ``"pt"``; ``None`` stays."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-", 1)[0].strip().lower() or None


def is_cjk_language(tag: str | None) -> bool:
    """True for Chinese, Japanese and Korean, whose display text is tokenized per character."""
    return base_language(tag) in _CJK_LANGUAGES


def stemmer_name(language: str | None) -> str | None:
    """The PyStemmer algorithm for a BCP 47 tag, ``None`` when there is none (ja, zh, ko...)."""
    base = base_language(language)
    if base is None:
        return None
    name = _ALGORITHMS.get(base)
    return name if name in _available() else None


@lru_cache(maxsize=1)
def _available() -> frozenset[str]:
    return frozenset(Stemmer.algorithms())


@lru_cache(maxsize=64)
def _stemmer(name: str) -> Callable[[str], str]:
    stemmer = Stemmer.Stemmer(name)
    return stemmer.stemWord  # type: ignore[no-any-return]


def _word_terms(name: str | None, word: str) -> tuple[str, ...]:
    """The index terms of one lowercase word: its folded stem(s), or the folded word."""
    folded = fold(word)
    if name is None:
        return (folded,)
    stem = _stemmer(name)
    accented = fold(stem(word))
    if folded == word:
        return (accented,)
    plain = fold(stem(folded))
    return (accented,) if plain == accented else (accented, plain)


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


_CACHE_LIMIT = 1 << 16
_token_cache: dict[str | None, dict[str, str]] = {}


def _analyze_token(name: str | None, token: str) -> str:
    """The space-separated terms of one coarse token (NFKC, lowercase, CJK split off)."""
    terms: list[str] = []
    for piece in _PIECES.finditer(_normalize(token)):
        cjk = piece.group("cjk")
        if cjk is not None:
            terms.extend(_bigrams(cjk))
        else:
            terms.extend(_word_terms(name, piece.group("word")))
    return " ".join(terms)


def index_text(text: str, language: str | None) -> str:
    """The terms of ``text`` (a title, keyword list, headings or body in ``language``), in
    order, joined by spaces: the value of a ``terms_*`` column.

    Latin-like words give their folded stem (plus the stem of the unaccented spelling when it
    differs), CJK runs their bigrams. ``index_text("Los Modelos", "es")`` -> ``"los model"``;
    ``index_text("PDF解析", "ja")`` -> ``"pdf 解析"``.

    Speed matters (it runs for every changed translation inside the reload's transaction):
    each distinct coarse token is analyzed once per process and remembered per stemmer (the
    memory is dropped when it exceeds :data:`_CACHE_LIMIT` entries).
    """
    name = stemmer_name(language)
    cache = _token_cache.get(name)
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _token_cache[name] = {}
    tokens = _TOKENS.findall(text)
    for token in {token for token in tokens if token not in cache}:
        cache[token] = _analyze_token(name, token)
    return " ".join([cache[token] for token in tokens])


def index_terms(text: str, language: str | None) -> list[str]:
    """:func:`index_text` as a list: ``index_terms("Los Modelos", "es")`` ->
    ``["los", "model"]``."""
    return index_text(text, language).split()


def _spaced(run: re.Match[str]) -> str:
    return SEPARATOR + SEPARATOR.join(run.group()) + SEPARATOR


def display_text(text: str) -> str:
    """``text`` as stored in an unstemmed column: control characters removed (the snippet
    markers must not occur in it) and :data:`SEPARATOR` around every CJK character, so that
    FTS5 indexes one token per CJK character and a phrase of characters matches (and
    ``snippet()`` highlights) any substring. Strip :data:`SEPARATOR` on output."""
    text = _CONTROL.sub("", text)
    if _CJK.search(text) is None:
        return text
    return _CJK_RUNS.sub(_spaced, text)


@dataclass(frozen=True, slots=True)
class QueryUnit:
    """One thing a query looks for: a word, or one CJK bigram (or single character).

    ``terms``: the forms to find in the ``terms_*`` columns (folded stems, or the bigram);
    ``phrase``: the unstemmed form for the display columns (a word, or the CJK characters
    separated by spaces, which FTS5 reads as a phrase of one-character tokens);
    ``text``: what the user typed for this unit (lowercased); ``cjk``: a bigram or character.
    """

    terms: tuple[str, ...]
    phrase: str
    text: str
    cjk: bool = False


def query_units(query: str, language: str | None, *, limit: int = MAX_UNITS) -> list[QueryUnit]:
    """Analyze a user's query like post text, in the query's ``language``.

    Returns at most ``limit`` distinct units in query order; an empty list when the query has
    no letters or digits (empty, punctuation, emoji). Never raises for any string.
    """
    name = stemmer_name(language)
    units: list[QueryUnit] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for match in _PIECES.finditer(_normalize(query[:MAX_QUERY_CHARS])):
        cjk = match.group("cjk")
        if cjk is not None:
            found = [QueryUnit((gram,), " ".join(gram), gram, True) for gram in _bigrams(cjk)]
        else:
            word = match.group("word")[:MAX_WORD_CHARS]
            found = [QueryUnit(_query_terms(name, word), word, word)]
        for unit in found:
            if (unit.terms, unit.phrase) not in seen:
                seen.add((unit.terms, unit.phrase))
                units.append(unit)
            if len(units) >= limit:
                return units
    return units


@lru_cache(maxsize=4096)
def _query_terms(name: str | None, word: str) -> tuple[str, ...]:
    """A query word's index terms, plus, for an unaccented word in a stemmed language, its
    prefixes down to 5 characters shorter (not below 4).

    Snowball rules often need the accents users leave out: Portuguese ``avaliações`` stems to
    ``avali`` but ``avaliacoes`` to ``avaliaco``. A stem is nearly always a prefix of its word,
    so trying the word's few longest prefixes as whole terms finds ``avali`` again; they must
    equal an indexed stem exactly, which keeps the widening small.
    """
    terms = _word_terms(name, word)
    folded = fold(word)
    if name is None or folded != word or len(folded) < 6:
        return terms
    ladder = [folded[:k] for k in range(len(folded) - 1, max(4, len(folded) - 5) - 1, -1)]
    return tuple(dict.fromkeys([*terms, *ladder]))


def snippet_tokens(language: str | None) -> int:
    """How many tokens a snippet spans: 16 words, or 40 characters for CJK languages."""
    return 40 if is_cjk_language(language) else _SPACED_LANGUAGES_TOKENS
