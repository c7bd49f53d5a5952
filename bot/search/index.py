"""Writing the search index (migrations 3 and 9): one ``search_index`` row and one
``search_headlines`` row per translation.

``search_index`` is an ordinary (content-storing) FTS5 table whose ``rowid`` is
``translations.id``. Columns 0-3 (``title``, ``keywords``, ``headings``, ``body``) hold the
unstemmed text that ``snippet()`` highlights (with :data:`~bot.search.analyze.SEPARATOR`
between CJK characters); columns 4-7 (``terms_*``) hold the analyzed terms of
:mod:`bot.search.analyze` (folded Snowball stems, CJK bigrams), because Python's ``sqlite3``
cannot register an FTS5 tokenizer. ``search_indexed`` records, per translation, the
``content_hash`` and :data:`~bot.search.analyze.ANALYZER_VERSION` it was indexed with, which
lets :func:`sync_index` find stale or missing rows without reading any text.
``search_headlines`` holds the title, keyword and heading columns again (display text, then
terms), so a search finds and ranks those matches without walking a common word's doclist over
every body. A trigger
(migrations 3 and 9) deletes the rows when a translation is deleted (also by ``ON DELETE
CASCADE``).

Every function here runs inside the caller's transaction on a plain ``sqlite3.Connection``
(the content writer's ``BEGIN IMMEDIATE``) and never begins or commits. They raise
``sqlite3.Error`` on database failures (the caller rolls back).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from bot.content.model import Translation
from bot.search.analyze import ANALYZER_VERSION, display_text, index_text

_INSERT = (
    "INSERT INTO search_index (rowid, title, keywords, headings, body, terms_title,"
    " terms_keywords, terms_headings, terms_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_HEADLINE = (
    "INSERT INTO search_headlines (rowid, title, keywords, headings, terms_title,"
    " terms_keywords, terms_headings) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_RECORD = (
    "INSERT OR REPLACE INTO search_indexed (translation_id, content_hash, analyzer)"
    " VALUES (?, ?, ?)"
)


def search_document(translation: Translation) -> tuple[str, ...]:
    """The eight column values of ``translation``'s index row (display text of title,
    keywords, headings, body, then their analyzed terms). Pure and picklable, so the
    loader's worker processes compute it in parallel with parsing."""
    return _document(
        translation.language,
        translation.title,
        translation.keywords,
        translation.headings,
        translation.text,
    )


def index_translation(
    connection: sqlite3.Connection,
    translation_id: int,
    translation: Translation,
    document: Sequence[str] | None = None,
) -> None:
    """Insert or replace the index row of translation ``translation_id`` (``translations.id``).

    ``document``: the row's values from :func:`search_document` when already computed.
    Call it after the ``translations`` row was inserted or updated, in the same transaction.
    """
    values = tuple(document) if document is not None else search_document(translation)
    _write(connection, translation_id, values, translation.content_hash)


def unindex_translation(connection: sqlite3.Connection, translation_id: int) -> None:
    """Remove the index row of translation ``translation_id``; nothing happens if it has none.

    Deleting the ``translations`` row already does this (trigger ``translations_unindex``),
    so the writer only needs it when it keeps a row that must leave the index.
    """
    _delete(connection, translation_id)
    connection.execute("DELETE FROM search_indexed WHERE translation_id = ?", (translation_id,))


def sync_index(connection: sqlite3.Connection) -> int:
    """Index every translation that is missing from the index or stale (other content hash or
    analyzer version) and drop bookkeeping of vanished translations; return how many were
    (re)indexed.

    Reads only ``translations.id, content_hash`` and the small ``search_indexed`` table to find
    the work, so when everything is current it costs one index scan (about a millisecond per
    few thousand translations). Backfills a database migrated from version 2, and repairs an
    index after :data:`~bot.search.analyze.ANALYZER_VERSION` changed.
    """
    stale = [
        row[0]
        for row in connection.execute(
            "SELECT t.id FROM translations t LEFT JOIN search_indexed s"
            " ON s.translation_id = t.id"
            " WHERE s.content_hash IS NOT t.content_hash OR s.analyzer IS NOT ?",
            (ANALYZER_VERSION,),
        )
    ]
    gone = connection.execute(
        "SELECT translation_id FROM search_indexed"
        " WHERE translation_id NOT IN (SELECT id FROM translations)"
    ).fetchall()
    for (translation_id,) in gone:
        unindex_translation(connection, translation_id)
    _index_ids(connection, stale)
    return len(stale)


def reindex_all(connection: sqlite3.Connection) -> int:
    """Empty the index and index every translation again; return how many were indexed."""
    connection.execute("DELETE FROM search_index")
    connection.execute("DELETE FROM search_headlines")
    connection.execute("DELETE FROM search_indexed")
    ids = [row[0] for row in connection.execute("SELECT id FROM translations ORDER BY id")]
    _index_ids(connection, ids)
    return len(ids)


def _index_ids(connection: sqlite3.Connection, ids: Sequence[int], batch: int = 200) -> None:
    """Index the translations ``ids`` from what the ``translations``/``keywords`` tables hold."""
    for start in range(0, len(ids), batch):
        chunk = list(ids[start : start + batch])
        marks = ",".join("?" * len(chunk))
        keywords: dict[int, list[str]] = {}
        for translation_id, keyword in connection.execute(
            f"SELECT translation_id, keyword FROM keywords WHERE translation_id IN ({marks})"
            " ORDER BY translation_id, position",
            chunk,
        ):
            keywords.setdefault(translation_id, []).append(keyword)
        rows = connection.execute(
            "SELECT t.id, t.language, t.title, t.headings,"
            " coalesce(b.body_text, t.body_text), t.content_hash FROM translations t"
            " LEFT JOIN translation_bodies b ON b.translation_id = t.id"
            f" WHERE t.id IN ({marks})",
            chunk,
        ).fetchall()
        for translation_id, language, title, headings, body, content_hash in rows:
            _index(
                connection,
                translation_id,
                language,
                title,
                keywords.get(translation_id, ()),
                json.loads(headings),
                body,
                content_hash,
            )


def _index(
    connection: sqlite3.Connection,
    translation_id: int,
    language: str,
    title: str,
    keywords: Iterable[str],
    headings: Iterable[str],
    body: str,
    content_hash: str,
) -> None:
    document = _document(language, title, keywords, headings, body)
    _write(connection, translation_id, document, content_hash)


def _document(
    language: str, title: str, keywords: Iterable[str], headings: Iterable[str], body: str
) -> tuple[str, ...]:
    keyword_text = "\n".join(keywords)
    heading_text = "\n".join(headings)
    texts = (title, keyword_text, heading_text, body)
    return (
        *(display_text(text) for text in texts),
        *(index_text(text, language) for text in texts),
    )


def _write(
    connection: sqlite3.Connection,
    translation_id: int,
    document: tuple[str, ...],
    content_hash: str,
) -> None:
    if len(document) != 8:
        raise ValueError(f"a search document has 8 columns, got {len(document)}")
    _delete(connection, translation_id)
    connection.execute(_INSERT, (translation_id, *document))
    connection.execute(_INSERT_HEADLINE, (translation_id, *document[:3], *document[4:7]))
    connection.execute(_RECORD, (translation_id, content_hash, ANALYZER_VERSION))


def _delete(connection: sqlite3.Connection, translation_id: int) -> None:
    connection.execute("DELETE FROM search_index WHERE rowid = ?", (translation_id,))
    connection.execute("DELETE FROM search_headlines WHERE rowid = ?", (translation_id,))
