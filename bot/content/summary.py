"""A post's summary: pure functions over plain text, no IO.

The rule, after Hugo's content summaries (https://gohugo.io/content-management/summaries/) and
Open Graph's ``og:description`` practice (https://ogp.me/):

1. front-matter ``summary``, else ``description`` (the caller strips their Markdown);
2. else the prose before Hugo's ``<!--more-->`` divider, whole;
3. else the first prose paragraph (skipping the image line and its italic caption), as whole
   sentences up to about :data:`MAX_WORDS` words, at least one sentence; a first sentence
   longer than :data:`FAR_TOO_LONG` times the limit is cut at a word boundary, never inside a
   link's text, and ends with "…".

Languages written without spaces (:data:`SPACELESS_LANGUAGES`) are measured in characters
(:data:`MAX_CHARS`) and end sentences with ``。！？`` without a following space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.content.markdown import Body

#: Limits of an automatic summary (Hugo's default summaryLength is 70 words).
MAX_WORDS = 70
MAX_CHARS = 140
#: A single first sentence up to this many times the limit is kept whole, not cut.
FAR_TOO_LONG = 1.5
ELLIPSIS = "…"

#: Languages whose scripts do not separate words with spaces (Korean does).
SPACELESS_LANGUAGES = frozenset({"ja", "zh", "yue", "wuu", "th", "lo", "my", "km"})

# Han, kana, CJK punctuation, full-width forms, Thai, Lao, Myanmar, Khmer.
_SPACELESS_CHAR = re.compile(
    "[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\U00020000-\U0002fa1f]"
)
_LETTER = re.compile(r"[^\W\d_]")

# Sentence ends: spaced-script marks need whitespace or the end after them (closing quotes
# and brackets may come between); CJK full-width marks need nothing after them.
_SENTENCE_END = re.compile(
    r"(?:[.!?…]+|[।؟۔]+)[\"'”’»)\]]*(?=\s|$)"
    r"|[。！？]+[」』”’）)]*"
)

#: Words that end with a period without ending a sentence (lowercase, without the last ".").
ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "eg",
        "ie",
        "vs",
        "cf",
        "approx",
        "fig",
        "dr",
        "dra",
        "mr",
        "mrs",
        "ms",
        "prof",
        "sr",
        "sra",
        "srta",
        "jr",
        "st",
        "mt",
        "p.ej",
        "ej",
        "t.ex",
        "bl.a",
        "d.v.s",
        "dvs",
        "bijv",
        "o.a",
        "d.w.z",
        "resp",
        "ca",
        "nr",
        "al",
        "ex",
    }
)
_CJK_CLOSERS = "」』”’）)"
_OPENERS = "([{\"'“‘«¿¡"
_TRAILING_JUNK = " ,;:、，（(-–—"


def is_spaceless(language: str, text: str = "") -> bool:
    """Whether ``text`` in ``language`` is measured in characters rather than words.

    Decided by the tag (``ja``, ``zh-Hant``, ``th``: yes; ``ko``, ``en``: no), and, when
    ``text`` is given, confirmed by it: at least a third of its letters must be in a spaceless
    script, so an English paragraph in a ``ja`` post is still measured in words.
    """
    if language.split("-", 1)[0].lower() not in SPACELESS_LANGUAGES:
        return False
    if not text:
        return True
    letters = len(_LETTER.findall(text))
    return letters == 0 or 3 * len(_SPACELESS_CHAR.findall(text)) >= letters


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at ``text[period]`` ends an abbreviation or an initial."""
    word = text[text.rfind(" ", 0, period) + 1 : period].lstrip(_OPENERS)
    if not word:
        return False
    if word.lower() in ABBREVIATIONS:
        return True
    parts = word.split(".")
    if len(parts) == 1:  # an initial: "John F. Kennedy"
        return len(word) == 1 and word.isupper()
    # Initials such as "U.S." or "e.g.": every dot-separated part is one letter.
    return all(len(part) == 1 and part.isalpha() for part in parts)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of a whitespace-collapsed text.

    A sentence ends at ``. ! ? … । ؟ ۔`` followed by whitespace or the end, or at ``。！？``;
    not after an abbreviation in :data:`ABBREVIATIONS` or an initial, nor inside a number
    (``2.5``). Spans exclude the space between sentences; the last span ends at ``len(text)``.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        marks = match.group()
        if marks[0] == "." and not marks.startswith("..") and _is_abbreviation(text, match.start()):
            continue
        if marks[-1] in _CJK_CLOSERS and text[match.end() : match.end() + 1].strip():
            continue  # 「はい。」と言った。: the quoted sentence goes on
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _measure(text: str, spaceless: bool) -> int:
    """Characters (without spaces) in spaceless mode, else words."""
    if spaceless:
        return len(text) - text.count(" ")
    return len(text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum() and not _SPACELESS_CHAR.match(char)


def _cut(text: str, limit: int, spaceless: bool, link_spans: Sequence[tuple[int, int]]) -> str:
    """Cut ``text`` to about ``limit`` words or characters, at a word boundary, with "…"."""
    if spaceless:
        seen, cut = 0, len(text)
        for index, char in enumerate(text):
            if char != " ":
                seen += 1
                if seen == limit:
                    cut = index + 1
                    break
        # Do not split a Latin word or a number inside Japanese or Chinese text: back up to
        # its start, or, when the text starts with that word, go on to its end.
        word_cut = cut
        while 0 < word_cut < len(text) and _is_word_char(text[word_cut - 1]):
            if not _is_word_char(text[word_cut]):
                break
            word_cut -= 1
        if word_cut == 0:
            while word_cut < len(text) and _is_word_char(text[word_cut]):
                word_cut += 1
        cut = word_cut
    else:
        cut = -1
        for _ in range(limit):
            cut = text.find(" ", cut + 1)
            if cut < 0:
                return text
    for start, end in link_spans:
        if start < cut < end:
            cut = start if start > 0 else end
    head = text[:cut].rstrip(_TRAILING_JUNK)
    if not head:
        head = text[:cut]
    return head + ELLIPSIS if cut < len(text) else text


def shorten(text: str, language: str, link_spans: Sequence[tuple[int, int]] = ()) -> str:
    """Whole sentences of ``text`` up to about :data:`MAX_WORDS` words (or :data:`MAX_CHARS`).

    At least one sentence; a first sentence over :data:`FAR_TOO_LONG` times the limit is cut
    instead (see :func:`_cut`). ``link_spans`` are offsets of link texts in ``text``, which
    must then already be whitespace-collapsed; without spans ``text`` is collapsed here.
    """
    if not link_spans:
        text = " ".join(text.split())
    sentences = split_sentences(text)
    if not sentences:
        return ""
    spaceless = is_spaceless(language, text)
    limit = MAX_CHARS if spaceless else MAX_WORDS
    end = sentences[0][1]
    if _measure(text[:end], spaceless) > limit * FAR_TOO_LONG:
        return _cut(text, limit, spaceless, link_spans)
    for _, sentence_end in sentences[1:]:
        if _measure(text[:sentence_end], spaceless) > limit:
            break
        end = sentence_end
    return text[:end].strip()


def summarize(body: Body, language: str, explicit: str | None = None) -> str:
    """A post's summary by the rule in this module's docstring; ``""`` if it has no prose.

    ``explicit`` is front-matter ``summary`` or ``description`` as plain text; it wins.
    """
    if explicit and explicit.strip():
        return " ".join(explicit.split())
    if body.more is not None:
        before = [p.text for p in body.paragraphs[: body.more] if p.prose and p.text]
        if before:
            return " ".join(before)
    prose = [p for p in body.paragraphs if p.prose and p.text]
    first = next((p for p in prose if p.top_level), prose[0] if prose else None)
    if first is None:
        return ""
    return shorten(first.text, language, first.link_spans)
