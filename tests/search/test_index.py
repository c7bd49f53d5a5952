"""Writing the search index: in the caller's transaction, incremental, self-repairing."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.search import index as search_index
from bot.search.index import index_translation, reindex_all, sync_index, unindex_translation
from bot.store.connection import connect
from bot.store.migrations import MIGRATIONS, current_version, migrate
from bot.store.writer import ContentWriter
from tests.factories import ok, translation


def _count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _found(db: sqlite3.Connection, term: str) -> list[int]:
    rows = db.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid",
        ('{terms_body} : "' + term + '"',),
    )
    return [row[0] for row in rows]


def _in_transaction(db: sqlite3.Connection, action: Callable[[sqlite3.Connection], object]) -> int:
    db.execute("BEGIN IMMEDIATE")
    result = action(db)
    db.execute("COMMIT")
    return result if isinstance(result, int) else 0


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[ContentWriter]:
    opened = ContentWriter(tmp_path / "db.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def db(writer: ContentWriter, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection to the writer's file, as the lead's wiring would use the writer's."""
    connection = connect(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


def test_migration_3_creates_the_index(tmp_path: Path) -> None:
    db = connect(tmp_path / "db.sqlite3")
    migrate(db)
    assert current_version(db) >= 3
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"search_index", "search_indexed", "translations_unindex"} <= names


def test_index_and_unindex_inside_the_callers_transaction(db: sqlite3.Connection) -> None:
    t = dataclasses.replace(translation("alpha", "es", "Alfa"), text="Los modelos grandes")
    db.execute("BEGIN IMMEDIATE")
    index_translation(db, 7, t)
    assert _found(db, "model") == [7]
    db.execute("ROLLBACK")
    assert _found(db, "model") == []
    _in_transaction(db, lambda c: index_translation(c, 7, t))
    _in_transaction(db, lambda c: index_translation(c, 7, dataclasses.replace(t, text="otra")))
    assert _found(db, "model") == [] and _count(db, "search_index") == 1
    _in_transaction(db, lambda c: unindex_translation(c, 7))
    assert _count(db, "search_index") == 0 and _count(db, "search_indexed") == 0


def test_sync_indexes_only_what_changed(writer: ContentWriter, db: sqlite3.Connection) -> None:
    alpha = dataclasses.replace(translation("alpha", "es", "Alfa"), text="modelos")
    beta = dataclasses.replace(translation("beta", "sv", "Beta"), text="tabellerna")
    writer.stage([ok(alpha), ok(beta)])
    writer.apply([])  # the writer indexes what it writes, in the same transaction
    assert len(_found(db, "model")) == 1
    assert _in_transaction(db, sync_index) == 0  # nothing changed: nothing re-indexed
    changed = dataclasses.replace(alpha, text="tablas", content_hash="other")
    writer.stage([ok(changed, mtime_ns=2)])
    writer.apply([])
    assert _in_transaction(db, sync_index) == 0
    assert len(_found(db, "tabl")) == 1 and _found(db, "model") == []
    # rows written without the index (a file from before migration 3) are found and indexed
    db.execute("DELETE FROM search_indexed WHERE rowid = (SELECT MIN(rowid) FROM search_indexed)")
    assert _in_transaction(db, sync_index) == 1


def test_deleting_a_translation_unindexes_it(writer: ContentWriter, db: sqlite3.Connection) -> None:
    alpha = dataclasses.replace(translation("alpha", "es", "Alfa"), text="modelos")
    writer.stage([ok(alpha)])
    writer.apply([])
    _in_transaction(db, sync_index)
    assert _count(db, "search_index") == 1
    writer.apply([alpha.path])  # the file is gone: the writer deletes the translation
    assert _count(db, "search_index") == 0 and _count(db, "search_indexed") == 0


def test_a_new_analyzer_version_reindexes_everything(
    writer: ContentWriter, db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer.stage([ok(translation("alpha", "es", "Alfa")), ok(translation("beta", "sv", "Beta"))])
    writer.apply([])
    assert _in_transaction(db, sync_index) == 0
    monkeypatch.setattr(search_index, "ANALYZER_VERSION", 999)
    assert _in_transaction(db, sync_index) == 2
    assert _in_transaction(db, sync_index) == 0


def test_reindex_all(writer: ContentWriter, db: sqlite3.Connection) -> None:
    writer.stage([ok(translation("alpha", "es", "Alfa")), ok(translation("beta", "sv", "Beta"))])
    writer.apply([])
    assert _in_transaction(db, reindex_all) == 2
    assert _count(db, "search_index") == 2
    assert db.execute("SELECT analyzer FROM search_indexed").fetchall() == [(1,), (1,)]


def test_a_database_from_version_2_is_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = connect(path)
    migrate(db, MIGRATIONS[:2])
    db.execute("INSERT INTO posts (id, key, date) VALUES (1, 'alpha', '2025-01-01')")
    db.execute(
        "INSERT INTO translations (id, post_id, language, slug, path, title, title_folded,"
        " summary, headings, body_text, content_hash) VALUES (5, 1, 'es', 'alpha',"
        " 'es/alpha.md', 'Alfa', 'alfa', 's', '[\"Tablas\"]', 'Los modelos', 'h')"
    )
    db.execute("INSERT INTO keywords VALUES (5, 0, 'aprendizaje automático')")
    migrate(db)
    assert _count(db, "search_index") == 0
    assert _in_transaction(db, sync_index) == 1
    assert _found(db, "model") == [5]
    found = db.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH"
        ' \'{terms_keywords} : "automat" AND {terms_headings} : "tabl"\''
    ).fetchall()
    assert found == [(5,)]
