"""Start-up: serve what the store holds, reload in the background."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.app import open_bot
from bot.config import Settings
from bot.emulator import Emulator
from bot.reload_report import ReloadReport
from bot.reloader import Reloader
from tests.emulator_plugin import running
from tests.factories import post_file


async def test_startup_serves_the_store_and_reloads_in_the_background(
    emulator: Emulator, settings: Settings
) -> None:
    loader = Reloader(settings.content_dir, settings.database_path, settings.site_url)
    await loader.reload()
    await loader.close()
    post_file(settings.content_dir, "en/fresh.md", "Fresh from the background", "2026-01-01")

    async with open_bot(settings, guild_ready_timeout=0.05) as bot, running(bot):
        assert bot.startup_reload is not None
        served = await emulator.invoke("post", {"post": "kdd-workshop-2024"})
        assert served.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
        await bot.startup_reload
        latest = await emulator.invoke("latest")
        assert latest.embeds[0]["title"] == "Fresh from the background"


async def test_startup_is_ready_and_answers_while_the_first_reload_is_held(
    emulator: Emulator, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first reload is held at a gate the test controls: the bot must still connect and
    answer from the store. A start-up that awaited the reload would never become READY
    (``running`` times out in a few seconds)."""
    loader = Reloader(settings.content_dir, settings.database_path, settings.site_url)
    await loader.reload()  # what an earlier run left in the store
    await loader.close()
    post_file(settings.content_dir, "en/fresh.md", "Fresh from the background", "2026-01-01")

    gate = asyncio.Event()
    started = asyncio.Event()
    async with open_bot(settings, guild_ready_timeout=0.05) as bot:
        reload = bot.reloader.reload

        async def held_reload(**options: Any) -> ReloadReport:
            started.set()
            await gate.wait()
            return await reload(**options)

        monkeypatch.setattr(bot.reloader, "reload", held_reload)
        async with running(bot, timeout=3.0):
            await asyncio.wait_for(started.wait(), 2.0)
            assert bot.is_ready()
            served = await emulator.invoke("post", {"post": "kdd-workshop-2024"})
            assert served.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
            before = await emulator.invoke("latest")
            assert before.embeds[0]["title"] != "Fresh from the background"
            assert bot.startup_reload is not None and not bot.startup_reload.done()

            gate.set()
            await asyncio.wait_for(asyncio.shield(bot.startup_reload), 5.0)
            assert bot.reloader.last_report is not None
            assert bot.reloader.last_report.added == [("fresh", "en")]
            latest = await emulator.invoke("latest")
            assert latest.embeds[0]["title"] == "Fresh from the background"


async def test_stopping_closes_every_connection_to_the_store(
    emulator: Emulator, settings: Settings
) -> None:
    """SQLite removes the write-ahead log when the last connection closes
    (https://www.sqlite.org/wal.html#the_wal_file): a ``-wal`` file left behind means a
    connection was leaked, and a copy of the main file alone would miss what it holds. The
    start-up reload and the publish-time clock both ask for the writer at once."""
    async with open_bot(settings, guild_ready_timeout=0.05) as bot, running(bot):
        assert bot.startup_reload is not None
        await bot.startup_reload
        assert (await emulator.invoke("latest")).embeds
    wal = settings.database_path.with_name(settings.database_path.name + "-wal")
    assert not wal.exists()
