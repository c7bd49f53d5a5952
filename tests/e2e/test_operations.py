"""Running it for months: commands synced only when they change, health and metrics."""

from __future__ import annotations

import asyncio
import dataclasses

import aiohttp

from bot.app import open_bot
from bot.config import Settings
from bot.emulator import Emulator, make_user
from tests.emulator_plugin import running


async def test_a_restart_with_unchanged_commands_does_not_sync(
    emulator: Emulator, settings: Settings
) -> None:
    quiet = dataclasses.replace(settings, content_watch=False, content_rescan_seconds=0)
    options = {"reload_on_start": False, "guild_ready_timeout": 0.05}
    async with open_bot(quiet, **options) as bot, running(bot):
        assert bot.did_sync and emulator.state.sync_count == 1
    async with open_bot(quiet, **options) as bot, running(bot):
        assert not bot.did_sync and emulator.state.sync_count == 1
        assert (await emulator.invoke("latest")).embeds  # the commands still work
    async with open_bot(quiet, force_sync=True, **options) as bot, running(bot):  # postbot sync
        assert bot.did_sync and emulator.state.sync_count == 2
    elsewhere = dataclasses.replace(quiet, dev_guild_id=emulator.default_guild.id)
    async with open_bot(elsewhere, **options) as bot, running(bot):
        assert bot.did_sync and emulator.state.sync_count == 3  # another scope, its own record


async def test_health_and_metrics(emulator: Emulator, settings: Settings) -> None:
    served = dataclasses.replace(settings, health_port=0, content_watch=False)
    async with open_bot(served, guild_ready_timeout=0.05) as bot, running(bot):
        assert bot.health is not None and bot.startup_reload is not None
        await asyncio.wait_for(asyncio.shield(bot.startup_reload), 10)
        base = f"http://127.0.0.1:{bot.health.port}"
        await emulator.invoke("post", {"post": "kdd-workshop-2024"})
        await emulator.invoke("post", {"post": "no-such-post"}, user=make_user("u"))
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as answer:
                assert answer.status == 200 and (await answer.text()).strip() == "ok"
            async with http.get(f"{base}/metrics") as answer:
                metrics = await answer.text()
            assert 'postbot_commands_total{command="post",outcome="ok"} 1.0' in metrics
            assert 'postbot_commands_total{command="post",outcome="user_error"} 1.0' in metrics
            assert 'postbot_reply_seconds_count{command="post"} 2.0' in metrics
            assert 'postbot_reloads_total{outcome="ok"} 1.0' in metrics
            assert "postbot_posts 5.0" in metrics and "postbot_files_with_problems 0.0" in metrics
            await bot.store.close()  # the store stops answering
            async with http.get(f"{base}/healthz") as answer:
                assert answer.status == 503
                assert "store" in await answer.text()
