"""Searching the index of :mod:`bot.search.index`: safe MATCH expressions, ranking, snippets.

Matching. A query is analyzed like post text (:func:`bot.search.analyze.query_units`, in the
query's language) into at most 16 units: words, or CJK bigrams. A unit matches a translation
when one of its folded stems occurs in a ``terms_*`` column *or* its unstemmed form occurs in
a display column; the second arm lets a query typed in another language than the one it is
stemmed in still match exact words, and gives ``snippet()`` something to highlight. Every term
is double-quoted (embedded quotes doubled) and the column filters come from this module, never
from user text, so ``AND``, ``NEAR(``, ``title:x`` or ``"`` are plain words (the rules of FTS5's
query syntax: https://sqlite.org/fts5.html#full_text_query_syntax).

Semantics: all units must match (AND), which keeps multi-word queries precise; when that finds
nothing, any unit may match (OR), and among title, keyword and heading matches bm25 ranks those
matching more and rarer units first, so one mistyped or foreign word does not empty the result.

Ranking: translations whose title, keywords or headings match come first, found and ranked in
their own small index (``search_headlines``) by ``bm25()`` with column weights title 10,
keywords 4, headings 2 for the stemmed columns and a tenth of that for the unstemmed ones; then
those that match in the body alone, newest post first (bm25 over the bodies would count every
row holding a common word's phrases, tens of milliseconds on a large site). Results
show each post once: in the preferred language when that translation matches, else in its best
matching language; the posts matched in the preferred language come first, then the others.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.search.analyze import QueryUnit, base_language, query_units
from bot.search.snippets import (
    Snippet,
    bodies,
    cjk_words,
    mark_inflections,
    snippet_runs,
    stem_windows,
    text_windows,
    word_windows,
)

log = logging.getLogger(__name__)

_TERMS = "{terms_title terms_keywords terms_headings terms_body}"
_PLAIN = "{title keywords headings body}"
_HEAD_TERMS = "{terms_title terms_keywords terms_headings}"
_HEAD_PLAIN = "{title keywords headings}"
_HEAD_WEIGHTS = "1.0, 0.4, 0.2, 10.0, 4.0, 2.0"
"""bm25 column weights of ``search_headlines`` (title, keywords, headings, then their terms):
the unstemmed columns weigh a tenth of the stemmed ones, so an exact word (which matches both)
ranks a post barely above an inflected one (stemmed only)."""
_BODY_ONLY = 1e6
"""The rank of a match in the body alone: after every title, keyword or heading match (whose
rank is minus their bm25, far smaller)."""
_ROWS_PER_HIT = 32
"""Candidate translations fetched per wanted hit, so that one post per hit survives."""

Operator = Literal["AND", "OR"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a post (``key``), the ``language`` of the translation that matched,
    its URL ``slug``, its ``title`` (raw text), a ``snippet`` of its body as raw text runs
    ``(text, matched)`` (whitespace collapsed, ``…`` where cut; escaping and marking is
    rendering's job) and its ``score`` (minus the bm25 of its title, keyword and heading
    matches, higher is better within one search; 0.0 for a match in the body alone)."""

    key: str
    language: str
    slug: str
    title: str
    snippet: Snippet
    score: float


@dataclass(frozen=True, slots=True)
class _Candidate:
    rowid: int
    key: str
    language: str
    slug: str
    title: str
    summary: str
    score: float


def quote(term: str) -> str:
    """``term`` as an FTS5 string: double-quoted, embedded double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def build_match(
    query: str,
    language: str | None,
    *,
    operator: Operator = "AND",
    prefix_last: bool = False,
) -> str | None:
    """A safe FTS5 MATCH expression for ``query`` analyzed in ``language``, or ``None`` when
    the query has no usable term (empty, only punctuation, symbols or emoji).

    ``operator`` joins the units (see the module docstring). ``prefix_last`` makes the last unit
    a prefix search (for autocomplete, where the last word is still being typed). Pure: the
    same input gives the same string; never raises.
    """
    return _expression(query_units(query, language), operator, prefix_last=prefix_last)


def _expression(
    units: Sequence[QueryUnit],
    operator: Operator,
    *,
    prefix_last: bool = False,
    columns: tuple[str, str] = (_TERMS, _PLAIN),
) -> str | None:
    """The MATCH expression of ``units`` over ``columns`` (the terms columns, then the
    display columns, as FTS5 column filters)."""
    if not units:
        return None
    terms, plain = columns
    parts = []
    for n, unit in enumerate(units):
        star = "*" if prefix_last and n == len(units) - 1 and len(unit.text) >= 2 else ""
        stems = " OR ".join(quote(term) + star for term in unit.terms)
        if unit.cjk:  # the bigram finds it; a phrase of single characters costs far more
            parts.append(f"({terms} : ({stems}))")
        else:
            parts.append(f"({terms} : ({stems}) OR {plain} : ({quote(unit.phrase)}{star}))")
    return f" {operator} ".join(parts)


async def search(
    db: aiosqlite.Connection,
    query: str,
    *,
    language: str | None,
    prefer: str | None,
    limit: int = 10,
) -> list[Hit]:
    """The best ``limit`` posts for ``query``, one hit per post, best first.

    ``language``: only translations in that base language (``pt-BR`` also finds ``pt``);
    ``prefer``: the user's resolved language, whose matches come first. The query is stemmed in
    ``language`` or else ``prefer``. Returns ``[]`` for a query without usable terms or without
    matches. Raises ``sqlite3.Error`` for database failures (not for any query text).
    """
    candidates, match = await _ranked(db, query, language=language, prefer=prefer, limit=limit)
    if not candidates or match is None:
        return []
    units = query_units(query, language or prefer)
    if any(unit.cjk for unit in units):  # cut around the words in Python: see _text_windows
        windows = await text_windows(db, candidates, cjk_words(query))
        return [_hit(c, windows.get(c.rowid)) for c in candidates]
    stems = frozenset(term for unit in units if not unit.cjk for term in unit.terms)
    # a post's words were stemmed in its own language when it was indexed: mark them so too
    written = {c.rowid: c.language for c in candidates}
    texts = await bodies(db, candidates)
    snippets = word_windows(texts, [unit.text for unit in units])
    snippets = {n: mark_inflections(s, stems, written[n]) for n, s in snippets.items()}
    rest = [c for c in candidates if c.rowid not in snippets]  # another form, or not the body
    if rest and stems:
        snippets.update(stem_windows(texts, rest, stems))
    return [_hit(c, snippets.get(c.rowid)) for c in candidates]


def _hit(candidate: _Candidate, snippet: Snippet | None) -> Hit:
    c = candidate
    return Hit(c.key, c.language, c.slug, c.title, snippet or snippet_runs(c.summary), c.score)


async def best_keys(
    db: aiosqlite.Connection, query: str, *, prefer: str | None, limit: int = 10
) -> list[tuple[str, str]]:
    """``(key, title)`` of the best posts for ``query`` (its last word taken as a prefix), for
    ``/post`` autocomplete when no title matches; the title is in ``prefer`` when the post has
    that language, else in the language that matched. ``[]`` when nothing matches."""
    candidates, _ = await _ranked(
        db, query, language=None, prefer=prefer, limit=limit, prefix_last=True
    )
    titles = {candidate.key: candidate.title for candidate in candidates}
    base = base_language(prefer)
    if base is not None and titles:
        marks = ",".join("?" * len(titles))
        rows = await db.execute_fetchall(
            "SELECT p.key, t.title FROM translations t JOIN posts p ON p.id = t.post_id"
            f" WHERE p.key IN ({marks}) AND NOT t.hidden AND {_SAME_BASE}"
            " ORDER BY t.language = ? DESC, t.language",
            (*titles, base, base, base, prefer),
        )
        seen: set[str] = set()
        for key, title in rows:
            if key not in seen:
                seen.add(key)
                titles[key] = title
    return [(candidate.key, titles[candidate.key]) for candidate in candidates]


_SAME_BASE = "(t.language = ? OR substr(t.language, 1, length(?) + 1) = ? || '-')"
_ONLY_BASE = "(t.language = ?7 OR substr(t.language, 1, length(?7) + 1) = ?7 || '-')"
HEADLINE_SCAN = 200
"""Title and keyword matches ranked at most (a word in thousands of titles is rare)."""
BODY_SCAN = 200
"""Matches anywhere taken at most, in index order: what bounds a search for a common word."""


async def _ranked(
    db: aiosqlite.Connection,
    query: str,
    *,
    language: str | None,
    prefer: str | None,
    limit: int,
    prefix_last: bool = False,
) -> tuple[list[_Candidate], str | None]:
    """Up to ``limit`` candidates, one per post, in result order, and the MATCH expression
    that found them (AND, or the OR fallback; for their snippets)."""
    if limit <= 0:
        return [], None
    units = query_units(query, language or prefer)
    operators: tuple[Operator, ...] = ("AND", "OR") if len(units) > 1 else ("AND",)
    for operator in operators:
        match = _expression(units, operator, prefix_last=prefix_last)
        head = _expression(
            units, operator, prefix_last=prefix_last, columns=(_HEAD_TERMS, _HEAD_PLAIN)
        )
        if match is None or head is None:
            return [], None
        rows = await _candidates(db, (match, head), language, prefer, limit * _ROWS_PER_HIT)
        if rows:
            return _one_per_post(rows, limit), match
    return [], None


async def _candidates(
    db: aiosqlite.Connection,
    matches: tuple[str, str],
    language: str | None,
    prefer: str | None,
    rows: int,
) -> list[_Candidate]:
    """Candidate rows: the preferred language first; then title, keyword and heading matches
    by bm25; then body matches, newest post first. ``matches``: the expression over
    ``search_index`` and the same over ``search_headlines``."""
    prefer_base = base_language(prefer) or ""
    only = base_language(language)
    where = f" AND {_ONLY_BASE}" if only is not None else ""
    match, head = matches
    params: tuple[object, ...] = (prefer_base, match, rows, HEADLINE_SCAN, BODY_SCAN, head)
    if only is not None:
        params += (only,)
    try:
        found = await db.execute_fetchall(
            "SELECT m.id, p.key, t.language, t.slug, t.title, t.summary, min(m.rank), m.score,"
            " (t.language = ?1 OR substr(t.language, 1, length(?1) + 1) = ?1 || '-')"
            " AS preferred FROM ("
            # titles, keywords and headings, from their own small index, ranked by bm25 ...
            f" SELECT * FROM (SELECT rowid AS id, bm25(search_headlines, {_HEAD_WEIGHTS})"
            f"  AS rank, bm25(search_headlines, {_HEAD_WEIGHTS}) AS score"
            "  FROM search_headlines WHERE search_headlines MATCH ?6 LIMIT ?4)"
            # ... then the first matches anywhere, a bounded number, newest post first: bm25
            # over the bodies would count every row of a common word's phrases
            f" UNION ALL SELECT * FROM (SELECT rowid, {_BODY_ONLY}, 0.0"
            "  FROM search_index WHERE search_index MATCH ?2 LIMIT ?5)"
            ") AS m CROSS JOIN translations t ON t.id = m.id"
            " CROSS JOIN posts p ON p.id = t.post_id"
            f" WHERE NOT t.hidden{where} GROUP BY m.id"
            " ORDER BY preferred DESC, min(m.rank), p.date DESC, p.key LIMIT ?3",
            params,
        )
    except sqlite3.OperationalError as error:
        if not str(error).startswith("fts5:"):
            raise
        log.warning("search expression rejected by FTS5 (%s): %r", error, match)
        return []
    return [
        _Candidate(
            int(rowid), str(key), str(lang), str(slug), str(title), str(summary), -float(score)
        )
        for rowid, key, lang, slug, title, summary, _, score, _ in found
    ]


def _one_per_post(rows: Sequence[_Candidate], limit: int) -> list[_Candidate]:
    """The first row of each post, in order (rows come preferred language first, then by
    score), at most ``limit``."""
    picked: dict[str, _Candidate] = {}
    for row in rows:
        if row.key not in picked:
            picked[row.key] = row
            if len(picked) >= limit:
                break
    return list(picked.values())
