"""Migrations: a file from an older release opens, migrates and keeps user data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store import LATEST_VERSION, SchemaTooNewError, Store
from bot.store.connection import connect
from bot.store.migrations import MIGRATIONS, current_version, migrate


def _old_database(path: Path, version: int) -> None:
    """A file as release ``version`` left it, with a user preference and a guild setting."""
    connection = connect(path)
    migrate(connection, MIGRATIONS[:version])
    connection.execute(
        "INSERT INTO user_preferences (user_id, language, updated_at) VALUES (42, 'sv', 'x')"
    )
    connection.execute(
        "INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (7, 'es', 'x')"
    )
    connection.close()


async def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "new.sqlite3"):
        pass
    connection = sqlite3.connect(tmp_path / "new.sqlite3")
    assert current_version(connection) == LATEST_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_older_schema_is_migrated_and_keeps_preferences(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _old_database(path, version=1)
    assert current_version(sqlite3.connect(path)) == 1

    async with await Store.open(path) as store:
        assert await store.user_language(42) == "sv"
        assert await store.guild_language(7) == "es"
    connection = sqlite3.connect(path)
    assert current_version(connection) == LATEST_VERSION
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "source_files" in tables


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
