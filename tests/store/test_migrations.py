"""Migrations: a file from an older release opens, migrates and keeps user data."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.store import LATEST_VERSION, ContentWriter, SchemaTooNewError, Store
from bot.store.connection import connect
from bot.store.migrations import MIGRATIONS, current_version, migrate

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "postbot-v1.sqlite3"
"""Written by the first release's migration 1 (see tests/fixtures/README.md)."""


async def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "new.sqlite3"):
        pass
    connection = sqlite3.connect(tmp_path / "new.sqlite3")
    assert current_version(connection) == LATEST_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_file_from_the_first_release_is_migrated_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "postbot.sqlite3"
    shutil.copyfile(FIRST_RELEASE, path)
    with contextlib.closing(sqlite3.connect(path)) as before:
        assert current_version(before) == 1

    async with await Store.open(path) as store:
        assert await store.user_language(42) == "sv"
        assert await store.user_language(43) == "pt-BR"
        assert await store.guild_language(7) == "es"
        assert await store.guild_language(8) is None
        kept = await store.translation("kdd-workshop-2024", "sv")
        assert kept is not None and kept.title == "KDD 2024: Samtal med Amazon"
        assert [link.url for link in kept.links] == ["https://example.org/paper"]
        assert kept.keywords == ("RAG",)
        await store.set_user_language(42, "es")  # and the migrated file takes new writes
        assert await store.user_language(42) == "es"
    ContentWriter(path).close()  # the reloader's writer indexes the content already there

    with contextlib.closing(sqlite3.connect(path)) as after:
        assert current_version(after) == LATEST_VERSION
        applied = [row[0] for row in after.execute("SELECT version FROM schema_migrations")]
        assert applied == [migration.version for migration in MIGRATIONS]
        assert after.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert after.execute("SELECT translation_id FROM search_indexed").fetchall() == [(1,)]
        migrated = _schema(after)
    async with await Store.open(tmp_path / "new.sqlite3"):
        pass
    with contextlib.closing(sqlite3.connect(tmp_path / "new.sqlite3")) as new:
        assert migrated == _schema(new)  # as if created today: no released migration edited


def _schema(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return connection.execute(
        "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    connection = connect(tmp_path / "db.sqlite3")
    assert migrate(connection) == [m.version for m in MIGRATIONS]
    assert migrate(connection) == []


def test_a_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    from bot.store.migrations import Migration

    connection = connect(tmp_path / "db.sqlite3")
    migrate(connection, MIGRATIONS[:1])
    broken = (*MIGRATIONS[:1], Migration(2, "broken", "CREATE TABLE x (a); SELECT nonsense("))
    with pytest.raises(sqlite3.Error):
        migrate(connection, broken)
    assert current_version(connection) == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "x" not in tables


async def test_a_file_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    connection = connect(path)
    migrate(connection)
    connection.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'future')", (LATEST_VERSION + 1,)
    )
    connection.close()
    with pytest.raises(SchemaTooNewError, match="newer"):
        await Store.open(path)
