"""Snippets of search hits: the body around the matched words, as raw text runs.

FTS5's ``snippet()`` cuts the window and marks exact forms (probed one row at a time);
:func:`mark_inflections` marks the forms that matched through their stem; when the window
holds none (a stem-only match deep in the body) or the query is in Chinese, Japanese or Korean
(one-character tokens make ``snippet()`` slow), the window is cut in Python from the stored
body. Rendering (escaping, bold) is :mod:`bot.render`'s job.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import aiosqlite

from bot.search.analyze import SEPARATOR, query_units, snippet_tokens

log = logging.getLogger(__name__)

Snippet = tuple[tuple[str, bool], ...]
"""Text runs of a snippet: ``(text, matched)``, in order."""
_BODY = 3
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


async def _bodies(db: aiosqlite.Connection, candidates: Sequence[Row]) -> list[tuple[int, str]]:
    """The stored bodies of ``candidates`` (rowid, text), in one query."""
    marks = ",".join("?" * len(candidates))
    rows = await db.execute_fetchall(
        f"SELECT translation_id, body_text FROM translation_bodies"
        f" WHERE translation_id IN ({marks})",
        [c.rowid for c in candidates],
    )
    return [(int(rowid), str(body)) for rowid, body in rows]


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
    for rowid, body in await _bodies(db, candidates):
        text = " ".join(str(body).split())
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


async def fts_snippets(
    db: aiosqlite.Connection, match: str, candidates: Sequence[Row]
) -> dict[int, Snippet]:
    """The body of each candidate around its best matches, as text runs, by rowid
    (missing or empty when the body is empty).

    One statement, a ``rowid = ?`` probe per candidate (FTS5 seeks each row instead of
    evaluating the expression over whole doclists, which costs hundreds of milliseconds for a
    common word), with the ranking expression itself: its unstemmed arm marks the exact forms;
    :func:`mark_inflections` then marks the forms that matched through their stem.
    """
    if not candidates:
        return {}
    selects = " UNION ALL ".join(
        f"SELECT rowid, snippet(search_index, {_BODY}, char(2), char(3), '…',"
        f" {snippet_tokens(c.language)}) FROM search_index"
        f" WHERE search_index MATCH ?1 AND rowid = {int(c.rowid)}"
        for c in candidates
    )
    try:
        rows = await db.execute_fetchall(selects, (match,))
    except sqlite3.OperationalError as error:
        if not str(error).startswith("fts5:"):
            raise
        log.warning("snippet expression rejected by FTS5 (%s): %r", error, match)
        return {}
    snippets: dict[int, Snippet] = {}
    for rowid, text in rows:
        if str(text or "").strip(f"…{SEPARATOR} \n"):
            snippets[int(rowid)] = snippet_runs(str(text))
    return snippets


_WORD = re.compile(r"\w+")


async def stem_windows(
    db: aiosqlite.Connection,
    candidates: Sequence[Row],
    stems: frozenset[str],
    language: str | None,
) -> dict[int, Snippet]:
    """For candidates that matched through a stem alone (``kitten`` in a body saying
    ``kittens``), a window of the body around the first such word, that word marked."""
    windows: dict[int, Snippet] = {}
    for rowid, body in await _bodies(db, candidates):
        words = list(_WORD.finditer(str(body)))
        first = next(
            (n for n, word in enumerate(words) if _stems(word.group(), language) & stems), None
        )
        if first is None:
            continue
        start = words[max(0, first - 6)].start()
        end = words[min(len(words) - 1, first + 10)].end()
        text = ("…" if start else "") + str(body)[start:end] + ("…" if end < len(str(body)) else "")
        windows[int(rowid)] = mark_inflections(snippet_runs(text), stems, language)
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
