"""The bot follows its content folder by itself, and says so while it first loads."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_bot
from bot.config import Settings
from bot.emulator import Emulator, make_user
from bot.reload_report import ReloadReport
from tests.emulator_plugin import running
from tests.factories import git, git_site, post_file


def text(reply: Any) -> str:
    return str(reply.embeds[0].get("description", ""))


async def test_an_empty_store_says_content_is_loading(
    emulator: Emulator, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.Event()
    async with open_bot(settings, guild_ready_timeout=0.05, follow=False) as bot:
        reload = bot.reloader.reload

        async def held_reload(**options: Any) -> ReloadReport:
            await gate.wait()
            return await reload(**options)

        monkeypatch.setattr(bot.reloader, "reload", held_reload)
        async with running(bot, timeout=3.0):
            user = make_user("early", locale="es-ES")
            for command, options in (
                ("post", {"post": "kdd-workshop-2024"}),
                ("latest", {}),
                ("posts", {}),
                ("search", {"query": "rag"}),
            ):
                reply = await emulator.invoke(command, options, user=user)
                assert reply.ephemeral, command
                assert text(reply) == bot.catalogs.text("es", "error.loading"), command
            gate.set()
            assert bot.startup_reload is not None
            await asyncio.wait_for(asyncio.shield(bot.startup_reload), 10)
            reply = await emulator.invoke("post", {"post": "kdd-workshop-2024"}, user=user)
            assert reply.embeds[0]["title"] == "KDD 2024: Charla con Amazon"


async def test_a_new_file_is_served_within_seconds_without_reload(
    emulator: Emulator, settings: Settings
) -> None:
    watching = dataclasses.replace(settings, content_watch=True, content_rescan_seconds=0)
    async with open_bot(watching, guild_ready_timeout=0.05) as bot, running(bot):
        assert bot.startup_reload is not None
        await asyncio.wait_for(asyncio.shield(bot.startup_reload), 10)
        assert bot.watcher is not None  # following starts once the first load is done
        await asyncio.sleep(0.3)
        post_file(watching.content_dir, "en/brand-new.md", "Brand new", "2025-06-01")
        started = time.monotonic()
        while True:
            reply = await emulator.invoke("post", {"post": "brand-new"})
            if not reply.ephemeral:
                break
            assert time.monotonic() - started < 10, text(reply)
            await asyncio.sleep(0.2)
        assert reply.embeds[0]["title"] == "Brand new"


async def test_the_bot_clones_and_follows_a_repository(emulator: Emulator, tmp_path: Path) -> None:
    bare, work = git_site(tmp_path)
    settings = Settings(
        content_dir=tmp_path / "clone",
        database_path=tmp_path / "data" / "postbot.sqlite3",
        content_git_url=bare.as_uri(),
        content_git_path="blog",
        content_rescan_seconds=0,
    )
    async with open_bot(settings, guild_ready_timeout=0.05) as bot, running(bot):
        assert bot.startup_reload is not None and bot.git is not None
        await asyncio.wait_for(asyncio.shield(bot.startup_reload), 20)
        assert (await emulator.invoke("post", {"post": "first"})).embeds[0]["title"] == "First"
        post_file(work / "blog", "en/second.md", "Second", "2025-02-01")
        git("add", ".", cwd=work)
        git("commit", "--quiet", "-m", "second", cwd=work)
        git("push", "--quiet", "origin", "main", cwd=work)
        assert await bot.git.sync_logged()
        assert bot.watcher is not None
        bot.watcher.changed()  # what the follower's period does after a fetch that moved
        started = time.monotonic()
        while (reply := await emulator.invoke("post", {"post": "second"})).ephemeral:
            assert time.monotonic() - started < 10, text(reply)
            await asyncio.sleep(0.2)
        assert reply.embeds[0]["title"] == "Second"
