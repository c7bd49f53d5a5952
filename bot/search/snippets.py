"""Snippets of search hits: the body around the matched words, as raw text runs.

The window is cut from the stored body (``translation_bodies``) in Python: around the query's
words as typed (:func:`word_windows`), else around the first word with one of the query's
stems (:func:`stem_windows`), or for Chinese, Japanese and Korean around the query's runs of
those characters (:func:`text_windows`). :func:`mark_inflections` marks the other forms with
the query's stems. FTS5's ``snippet()`` would re-read and re-tokenize the whole indexed row of
each hit, several milliseconds for a long post. Rendering (escaping, bold) is
:mod:`bot.render`'s job.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Protocol

import aiosqlite

from bot.search.analyze import SEPARATOR, query_units

log = logging.getLogger(__name__)

Snippet = tuple[tuple[str, bool], ...]
"""Text runs of a snippet: ``(text, matched)``, in order."""
_CLOSE = "\x03"


class Row(Protocol):
    """What a snippet needs of a candidate row: its rowid and language."""

    @property
    def rowid(self) -> int: ...

    @property
    def language(self) -> str: ...


_CJK_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def cjk_words(query: str) -> tuple[str, ...]:
    """The runs of Chinese, Japanese and Korean characters in ``query``, longest first."""
    return tuple(sorted(set(_CJK_WORD.findall(query)), key=len, reverse=True))


async def bodies(db: aiosqlite.Connection, candidates: Sequence[Row]) -> dict[int, str]:
    """The stored bodies of ``candidates`` by rowid, in one query (the windows below are cut
    from them)."""
    marks = ",".join("?" * len(candidates))
    rows = await db.execute_fetchall(
        f"SELECT translation_id, body_text FROM translation_bodies"
        f" WHERE translation_id IN ({marks})",
        [c.rowid for c in candidates],
    )
    return {int(rowid): str(body) for rowid, body in rows}


async def text_windows(
    db: aiosqlite.Connection, candidates: Sequence[Row], needles: Sequence[str]
) -> dict[int, Snippet]:
    """For a query in Chinese, Japanese or Korean: a window of each candidate's body around
    the first place it holds one of ``needles`` (the query's runs of those characters), each
    occurrence marked. FTS5's ``snippet()`` over bodies tokenized one character at a time
    costs several milliseconds a row; a substring search costs microseconds."""
    if not needles or not candidates:
        return {}
    pattern = re.compile("|".join(re.escape(needle) for needle in needles))
    windows: dict[int, Snippet] = {}
    for rowid, body in (await bodies(db, candidates)).items():
        text = " ".join(body.split())
        found = pattern.search(text)
        if found is None:
            continue
        start, end = max(0, found.start() - 20), min(len(text), found.end() + 60)
        window = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        runs: list[tuple[str, bool]] = []
        position = 0
        for hit in pattern.finditer(window):
            runs.append((window[position : hit.start()], False))
            runs.append((hit.group(), True))
            position = hit.end()
        runs.append((window[position:], False))
        windows[int(rowid)] = tuple(run for run in runs if run[0])
    return windows


_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f\u0962\u0963"
"""Combining marks (Latin accents, Arabic harakat, Devanagari vowel signs) that Python's
``\\w`` leaves out but that belong to the word they follow."""
_WINDOW_BEFORE, _WINDOW_AFTER = 60, 140
"""Characters of body kept before the first marked word of a window, and after it."""


def word_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern finding any of ``words`` as whole words; ``None`` if no
    word is given."""
    alternatives = _alternatives(words)
    if not alternatives:
        return None
    inner = "|".join(re.escape(word) for word in alternatives)
    return re.compile(f"(?<!{_EDGE})(?:{inner})(?!{_EDGE})", re.IGNORECASE)


def _alternatives(words: Sequence[str]) -> list[str]:
    return sorted({word.lower() for word in words if word}, key=len, reverse=True)


_EDGE = f"[\\w{_MARKS}]"
_IN_WORD = re.compile(_EDGE)


def word_windows(texts: Mapping[int, str], words: Sequence[str]) -> dict[int, Snippet]:
    """A window of each body in ``texts`` (by rowid, from :func:`bodies`) where the query's
    ``words`` (as typed) occur, the one with the most different words close together, every
    occurrence marked; bodies that hold none of them are left out (the caller falls back to
    :func:`stem_windows`). Finding words in the stored body costs microseconds; FTS5's
    ``snippet()`` re-reads and re-tokenizes the whole indexed row, several milliseconds for
    a common word in a long post."""
    pattern = word_pattern(words)
    if pattern is None:
        return {}
    wanted = _alternatives(words)
    windows: dict[int, Snippet] = {}
    for rowid, body in texts.items():
        found = _occurrences(body, wanted, pattern)
        if found:
            windows[rowid] = _window(body, found[:200], pattern)
    return windows


def _occurrences(
    body: str, words: Sequence[str], pattern: re.Pattern[str]
) -> list[tuple[int, str]]:
    """Where ``words`` (lowercase) occur in ``body`` as whole words, in order, with the word.

    ``str.find`` on the lowercased body is several times faster than a case-insensitive
    regular expression; a body whose length lowercasing changes (``İ``) uses the pattern."""
    lowered = body.lower()
    if len(lowered) != len(body):
        return [(hit.start(), hit.group().lower()) for hit in pattern.finditer(body)]
    found: list[tuple[int, str]] = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            before = at > 0 and _IN_WORD.match(lowered, at - 1) is not None
            after = end < len(lowered) and _IN_WORD.match(lowered, end) is not None
            if not before and not after:
                found.append((at, word))
            at = lowered.find(word, end)
    found.sort()
    return found


def _window(body: str, found: Sequence[tuple[int, str]], pattern: re.Pattern[str]) -> Snippet:
    """The window around the match that has the most different words within reach."""
    positions = [position for position, _ in found]
    words = [word for _, word in found]
    every = len(set(words))
    best, best_count = 0, 0
    for n, position in enumerate(positions):
        reach = bisect.bisect_left(positions, position + _WINDOW_AFTER, n)
        count = len(set(words[n:reach]))
        if count > best_count:
            best, best_count = position, count
            if count == every:
                break
    text, before, after = _cut(body, best)
    runs: list[tuple[str, bool]] = [("…", False)] if before else []
    position = 0
    for hit in pattern.finditer(text):
        gap = text[position : hit.start()]
        if runs and runs[-1][1] and position and not gap.strip():  # touching matches: one
            runs[-1] = (runs[-1][0] + gap + hit.group(), True)
        else:
            runs += [(gap, False), (hit.group(), True)]
        position = hit.end()
    runs.append((text[position:] + ("…" if after else ""), False))
    merged: list[tuple[str, bool]] = []
    for run in runs:
        if not run[0]:
            continue
        if merged and not merged[-1][1] and not run[1]:
            merged[-1] = (merged[-1][0] + run[0], False)
        else:
            merged.append(run)
    return tuple(merged)


def _cut(body: str, at: int) -> tuple[str, bool, bool]:
    """The body's text around offset ``at``, whole words, whitespace collapsed; and whether
    text was cut before it and after it."""
    # near the end of the body, the room left after the words goes before them
    start = max(0, min(at - _WINDOW_BEFORE, len(body) - _WINDOW_BEFORE - _WINDOW_AFTER))
    end = min(len(body), start + _WINDOW_BEFORE + _WINDOW_AFTER)
    if start:
        space = body.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(body):
        space = body.rfind(" ", max(at, start), end)
        end = space if space > at else end
    return " ".join(body[start:end].split()), start > 0, end < len(body)


_WORD = re.compile(r"\w+")
_SCAN_WORDS = 400
"""Words of a body stemmed one by one at most, when no word begins like a stem."""


def stem_windows(
    texts: Mapping[int, str], candidates: Sequence[Row], stems: frozenset[str]
) -> dict[int, Snippet]:
    """For candidates that matched through a stem alone (``kitten`` in a body saying
    ``kittens``), a window of their body in ``texts`` (by rowid) around the first such word,
    that word marked.

    Words that begin like a stem are tried first (a Snowball stem is nearly always the start
    of its words); every word of the body only when none of those has the stem."""
    starts = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    likely = re.compile(f"(?<!{_EDGE})(?:{starts}){_EDGE}*", re.IGNORECASE)
    windows: dict[int, Snippet] = {}
    for candidate in candidates:
        body = texts.get(candidate.rowid, "")
        # the body's words are stemmed in its own language, as the index stemmed them
        written = candidate.language
        first = next(
            (w for w in likely.finditer(body) if _stems(w.group(), written) & stems), None
        ) or next(
            (
                w
                for w in itertools.islice(_WORD.finditer(body), _SCAN_WORDS)
                if _stems(w.group(), written) & stems
            ),
            None,
        )
        if first is None:  # the match was in the title, keywords or headings
            continue
        text, before, after = _cut(body, first.start())
        text = ("…" if before else "") + text + ("…" if after else "")
        windows[candidate.rowid] = mark_inflections(snippet_runs(text), stems, written)
    return windows


@lru_cache(maxsize=8192)
def _stems(word: str, language: str | None) -> frozenset[str]:
    return frozenset(term for unit in query_units(word, language) for term in unit.terms)


def mark_inflections(snippet: Snippet, stems: frozenset[str], language: str | None) -> Snippet:
    """``snippet`` with every unmarked word whose stem is one of ``stems`` marked too (the
    query ``modelo`` marks ``modelos``); CJK text is left as FTS5 marked it."""
    if not stems:
        return snippet
    runs: list[tuple[str, bool]] = []
    for text, matched in snippet:
        position = 0
        if not matched:
            for found in _WORD.finditer(text):
                if _stems(found.group(), language) & stems:
                    runs.append((text[position : found.start()], False))
                    runs.append((found.group(), True))
                    position = found.end()
        runs.append((text[position:], matched))
    merged: list[tuple[str, bool]] = []
    for text, matched in runs:
        if not text:
            continue
        if merged and merged[-1][1] == matched:
            merged[-1] = (merged[-1][0] + text, matched)
        else:
            merged.append((text, matched))
    return tuple(merged)


_MARKED = re.compile("\x02(.*?)(?:\x03|$)", re.DOTALL)
_ADJACENT = re.compile("\x03(\\s*)\x02")


def snippet_runs(text: str) -> Snippet:
    """A ``snippet()`` result (matches between ``\\x02`` and ``\\x03``) as text runs: CJK
    separators removed, whitespace collapsed to single spaces, touching matches merged."""
    text = " ".join(text.replace(SEPARATOR, "").split())
    text = _ADJACENT.sub(r"\1", text)
    runs: list[tuple[str, bool]] = []
    position = 0
    for found in _MARKED.finditer(text):
        if found.start() > position:
            runs.append((text[position : found.start()].replace(_CLOSE, ""), False))
        if found.group(1):
            runs.append((found.group(1), True))
        position = found.end()
    if position < len(text):
        runs.append((text[position:].replace(_CLOSE, ""), False))
    return tuple(runs)
