"""Start-up: serve what the store holds, reload in the background."""

from __future__ import annotations

from bot.app import open_bot
from bot.config import Settings
from bot.emulator import Emulator
from bot.emulator.testing import running
from bot.reloader import Reloader
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
