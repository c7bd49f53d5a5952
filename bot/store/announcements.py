"""The announcement ledger: which server announces where, and which posts it was told of.

Each post is announced at most once per server: a post is *claimed* (its row written, state
``sending``) in a ``BEGIN IMMEDIATE`` transaction before its message is sent, so two reloads
racing cannot both claim it, and a restart, an edit or a removal and re-addition of the post
never makes it new again (its key keeps its row). A failed send is retried once, on the next
claim, then given up (``failed``). Every method runs one whole transaction on the ledger's own
connection and thread, so nothing else can interleave with it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot.announce_records import AnnounceSettings, Claim
from bot.store.connection import connect

T = TypeVar("T")
MAX_ATTEMPTS = 2
"""A send and one retry."""


class AnnouncementLedger:
    """Announcement settings and records in the store's SQLite file."""

    def __init__(self, path: Path) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="postbot-announce")
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._closed = False

    async def _run(self, function: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise sqlite3.ProgrammingError("the announcement ledger is closed")

        def call() -> T:
            if self._db is None:
                self._db = connect(self._path, check_same_thread=False)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = function(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    async def close(self) -> None:
        """Close the connection and the thread; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True

        def close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await asyncio.get_running_loop().run_in_executor(self._thread, close)
        self._thread.shutdown()

    async def configure(
        self, guild_id: int, channel_id: int, language: str | None, role_id: int | None
    ) -> None:
        """Announce in ``channel_id`` from now on; every post visible now counts as told."""

        def run(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO announce_settings"
                " (guild_id, channel_id, language, role_id, last_problem, updated_at)"
                " VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (guild_id) DO UPDATE SET"
                " channel_id = excluded.channel_id, language = excluded.language,"
                " role_id = excluded.role_id, last_problem = NULL,"
                " updated_at = excluded.updated_at",
                (guild_id, channel_id, language, role_id, _now()),
            )
            db.execute(
                "INSERT OR IGNORE INTO announcements (guild_id, post_key, state, updated_at)"
                " SELECT ?, key, 'existing', ? FROM posts WHERE NOT hidden",
                (guild_id, _now()),
            )

        await self._run(run)

    async def stop(self, guild_id: int) -> bool:
        """Stop announcing in ``guild_id``; returns whether it was set up. The records stay,
        so setting it up again never announces an old post."""
        return await self._run(
            lambda db: (
                db.execute("DELETE FROM announce_settings WHERE guild_id = ?", (guild_id,)).rowcount
                > 0
            )
        )

    async def settings(self, guild_id: int | None = None) -> list[AnnounceSettings]:
        """The settings of ``guild_id`` (or of every server), with problems and failures."""

        def run(db: sqlite3.Connection) -> list[AnnounceSettings]:
            where, params = ("WHERE guild_id = ?", (guild_id,)) if guild_id else ("", ())
            rows = db.execute(
                "SELECT guild_id, channel_id, language, role_id, last_problem,"
                " (SELECT group_concat(post_key, ' ') FROM announcements a"
                "  WHERE a.guild_id = s.guild_id AND a.state = 'failed')"
                f" FROM announce_settings s {where} ORDER BY guild_id",
                params,
            ).fetchall()
            return [
                AnnounceSettings(
                    gid,
                    channel,
                    language,
                    role,
                    _problem(problem),
                    tuple(sorted(failed.split())) if failed else (),
                )
                for gid, channel, language, role, problem, failed in rows
            ]

        return await self._run(run)

    async def claim(self, guild_id: int) -> list[Claim]:
        """Claim every visible post ``guild_id`` was never told of (oldest first), and
        those whose first send failed, before anything is sent."""

        def run(db: sqlite3.Connection) -> list[Claim]:
            now = _now()
            retry = [
                Claim(key, attempts + 1)
                for key, attempts in db.execute(
                    "SELECT a.post_key, a.attempts FROM announcements a JOIN posts p"
                    " ON p.key = a.post_key AND NOT p.hidden"
                    " WHERE a.guild_id = ? AND a.state = 'retry' ORDER BY p.date, p.key",
                    (guild_id,),
                )
            ]
            fresh = [
                Claim(key, 1)
                for (key,) in db.execute(
                    "SELECT p.key FROM posts p WHERE NOT p.hidden AND NOT EXISTS ("
                    " SELECT 1 FROM announcements a WHERE a.guild_id = ? AND a.post_key = p.key)"
                    " ORDER BY p.date IS NULL, p.date, p.key",
                    (guild_id,),
                )
            ]
            db.executemany(
                "INSERT INTO announcements (guild_id, post_key, state, attempts, updated_at)"
                " VALUES (?, ?, 'sending', ?, ?) ON CONFLICT (guild_id, post_key) DO UPDATE"
                " SET state = 'sending', attempts = excluded.attempts,"
                " updated_at = excluded.updated_at",
                [(guild_id, c.key, c.attempt, now) for c in [*retry, *fresh]],
            )
            return [*retry, *fresh]

        return await self._run(run)

    async def settle(
        self,
        guild_id: int,
        claims: list[Claim],
        sent: bool,
        problem: tuple[str, dict[str, str]] | None,
    ) -> None:
        """Record how sending ``claims`` went: ``sent``, else ``retry`` after a first attempt
        and ``failed`` after the last; ``problem`` (a catalog key and parameters) is kept for
        ``/announce show`` (``None`` clears it after a success)."""

        def run(db: sqlite3.Connection) -> None:
            now = _now()
            for claim in claims:
                state = "sent" if sent else "retry" if claim.attempt < MAX_ATTEMPTS else "failed"
                db.execute(
                    "UPDATE announcements SET state = ?, updated_at = ?"
                    " WHERE guild_id = ? AND post_key = ?",
                    (state, now, guild_id, claim.key),
                )
            if problem is not None or sent:
                db.execute(
                    "UPDATE announce_settings SET last_problem = ? WHERE guild_id = ?",
                    (json.dumps(list(problem)) if problem else None, guild_id),
                )

        await self._run(run)


def _problem(text: str | None) -> tuple[str, dict[str, str]] | None:
    if not text:
        return None
    key, params = json.loads(text)
    return str(key), {str(k): str(v) for k, v in dict(params).items()}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
