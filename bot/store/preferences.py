"""The store's small reads and writes beside the content: preferences, metadata, health.

:class:`Preferences` is the part of :class:`~bot.store.Store` that holds what users and admins
chose (language preferences) and what the bot keeps about itself (``store_meta``). Writes go
through their own connection, so reads never queue behind them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence

import aiosqlite


class Preferences:
    """Preferences, metadata and the health check, over the store's two connections."""

    _db: aiosqlite.Connection
    _writes: aiosqlite.Connection

    async def counts(self) -> tuple[int, int]:
        """Visible posts and visible translations."""
        row = await self._first(
            "SELECT (SELECT COUNT(*) FROM posts WHERE NOT hidden),"
            " (SELECT COUNT(*) FROM translations WHERE NOT hidden)",
            (),
        )
        assert row is not None
        return int(row[0]), int(row[1])

    async def ping(self) -> None:
        """One round trip to the database; raises ``sqlite3.Error`` when it does not answer."""
        await self._first("SELECT 1", ())

    async def meta(self, name: str) -> str | None:
        """A value the bot keeps about itself (``store_meta``), e.g. a synced commands hash."""
        return await self._one("SELECT value FROM store_meta WHERE name = ?", name)

    async def set_meta(self, name: str, value: str) -> None:
        await self._write(
            "INSERT INTO store_meta (name, value) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    # -- preferences ---------------------------------------------------------------------

    async def user_language(self, user_id: int) -> str | None:
        return await self._one("SELECT language FROM user_preferences WHERE user_id = ?", user_id)

    async def set_user_language(self, user_id: int, language: str | None) -> None:
        """Save (or with ``None`` forget) a user's preferred language tag."""
        if language is None:
            await self._write("DELETE FROM user_preferences WHERE user_id = ?", (user_id,))
        else:
            await self._write(
                "INSERT INTO user_preferences (user_id, language, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET language = excluded.language,"
                " updated_at = excluded.updated_at",
                (user_id, language, _now()),
            )

    async def guild_language(self, guild_id: int) -> str | None:
        return await self._one("SELECT language FROM guild_settings WHERE guild_id = ?", guild_id)

    async def set_guild_language(self, guild_id: int, language: str | None) -> None:
        """Save (or with ``None`` clear) a guild's default language tag."""
        await self._write(
            "INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language,"
            " updated_at = excluded.updated_at",
            (guild_id, language, _now()),
        )

    async def _first(self, query: str, params: Sequence[object]) -> sqlite3.Row | None:
        """The first row of ``query`` in one round trip to aiosqlite's thread (a cursor's
        execute, fetchone and close would be three)."""
        rows = await self._db.execute_fetchall(query, params)
        return next(iter(rows), None)

    async def _one(self, query: str, *params: object) -> str | None:
        row = await self._first(query, params)
        return None if row is None or row[0] is None else str(row[0])

    async def _write(self, query: str, params: Sequence[object]) -> None:
        """Writes go through their own connection: while a reload holds the write lock they
        wait for it (up to :data:`WRITE_BUSY_TIMEOUT_MS`), and reads never queue behind them."""
        await self._writes.execute(query, params)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
