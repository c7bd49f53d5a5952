"""The announcement ledger on a real SQLite file: once per server, claimed before sending."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.reloader import Reloader
from bot.store import Store
from tests.factories import post_file

SITE = "https://www.cambioml.com"
GUILD, OTHER = 101, 202


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[tuple[Store, Reloader, Path]]:
    content = tmp_path / "blog"
    post_file(content, "en/old.md", "Old", "2024-01-01")
    reloader = Reloader(content, tmp_path / "db.sqlite3", SITE)
    await reloader.reload()
    store = await Store.open(tmp_path / "db.sqlite3")
    yield store, reloader, content
    await store.close()
    await reloader.close()


async def test_posts_there_when_set_are_never_announced(
    setup: tuple[Store, Reloader, Path],
) -> None:
    store, reloader, content = setup
    ledger = store.announcements
    await ledger.configure(GUILD, 555, "es", None)
    assert await ledger.claim(GUILD) == []
    post_file(content, "en/new.md", "New", "2025-01-01")
    post_file(content, "es/new.md", "Nuevo", "2025-01-01")
    await reloader.reload()
    claims = await ledger.claim(GUILD)
    assert [(c.key, c.attempt) for c in claims] == [("new", 1)]
    assert await ledger.claim(GUILD) == []  # claimed before sending: never twice
    await ledger.settle(GUILD, claims, True, None)
    # removal and re-addition, an edit, a new translation: not new again
    (content / "en" / "new.md").unlink()
    await reloader.reload()
    post_file(content, "en/new.md", "New again", "2025-01-02")
    post_file(content, "sv/new.md", "Ny", "2025-01-02")
    await reloader.reload()
    assert await ledger.claim(GUILD) == []
    # another server that sets up later is told of nothing that exists then
    await ledger.configure(OTHER, 777, None, 42)
    assert await ledger.claim(OTHER) == []
    (settings,) = await ledger.settings(OTHER)
    assert (settings.channel_id, settings.language, settings.role_id) == (777, None, 42)


async def test_a_failed_send_is_retried_once_then_given_up(
    setup: tuple[Store, Reloader, Path],
) -> None:
    store, reloader, content = setup
    ledger = store.announcements
    await ledger.configure(GUILD, 555, None, None)
    post_file(content, "en/new.md", "New", "2025-01-01")
    await reloader.reload()
    first = await ledger.claim(GUILD)
    problem = ("announce.problem.refused", {"code": "50013"})
    await ledger.settle(GUILD, first, False, problem)
    second = await ledger.claim(GUILD)
    assert [(c.key, c.attempt) for c in second] == [("new", 2)]
    await ledger.settle(GUILD, second, False, problem)
    assert await ledger.claim(GUILD) == []
    (settings,) = await ledger.settings(GUILD)
    assert settings.failed == ("new",) and settings.problem == problem


async def test_racing_claims_announce_once(setup: tuple[Store, Reloader, Path]) -> None:
    store, reloader, content = setup
    await store.announcements.configure(GUILD, 555, None, None)
    for n in range(10):
        post_file(content, f"en/p{n}.md", f"P{n}", f"2025-01-{n + 1:02d}")
    await reloader.reload()
    other = await Store.open(store.path)  # a second process's view of the same file
    try:
        results = await asyncio.gather(
            store.announcements.claim(GUILD), other.announcements.claim(GUILD)
        )
    finally:
        await other.close()
    keys = [c.key for claims in results for c in claims]
    assert sorted(keys) == sorted(f"p{n}" for n in range(10))  # each exactly once
    assert [c.key for c in max(results, key=len)][:3] == ["p0", "p1", "p2"]  # oldest first


async def test_stop_keeps_the_record(setup: tuple[Store, Reloader, Path]) -> None:
    store, reloader, content = setup
    ledger = store.announcements
    await ledger.configure(GUILD, 555, None, None)
    assert await ledger.stop(GUILD) is True
    assert await ledger.stop(GUILD) is False
    post_file(content, "en/while-stopped.md", "While stopped", "2025-01-01")
    await reloader.reload()
    await ledger.configure(GUILD, 556, None, None)  # set up again: still nothing old
    assert await ledger.claim(GUILD) == []
