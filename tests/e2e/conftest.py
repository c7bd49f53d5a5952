"""End-to-end fixtures: the real bot, on the emulator, over a copy of the sample content."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import open_bot
from bot.client import PostBot
from bot.config import Settings
from bot.emulator import Emulator
from tests.emulator_plugin import emulator, running

__all__ = ["emulator"]

SAMPLE = Path(__file__).resolve().parents[2] / "content"
OWNER_ID = 4242


@dataclass
class App:
    """The running bot, its emulator, its settings and its content folder."""

    bot: PostBot
    emu: Emulator
    settings: Settings
    content: Path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def settings(content: Path, tmp_path: Path) -> Settings:
    return Settings(
        content_dir=content,
        database_path=tmp_path / "data" / "postbot.sqlite3",
        owner_ids=frozenset({OWNER_ID}),
    )


@pytest_asyncio.fixture
async def app(emulator: Emulator, settings: Settings, content: Path) -> AsyncIterator[App]:
    async with open_bot(
        settings, reload_on_start=False, reload_cooldown=0, guild_ready_timeout=0.05
    ) as bot:
        await bot.reloader.reload()
        async with running(bot):
            yield App(bot, emulator, settings, content)
