"""``python -m bot run``'s code path against the emulator: token checks, invite, SIGTERM."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal

import pytest

from bot.config import Settings
from bot.emulator import Emulator
from bot.emulator.connect import point_discord_at
from bot.runner import run


async def test_rejected_token_is_one_line_and_exit_1(
    emulator: Emulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.bot_token = "the.real.token"
    code = await run(dataclasses.replace(settings, discord_token="a.wrong.token"))
    assert code == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["Discord rejected DISCORD_TOKEN: check the token in .env (Bot tab)"]
    assert all("a.wrong.token" not in r.getMessage() for r in caplog.records)


async def test_missing_token(settings: Settings) -> None:
    assert await run(settings) == 1


async def test_unreachable_discord(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    with point_discord_at("http://127.0.0.1:9"):
        code = await run(dataclasses.replace(settings, discord_token="x.y.z"))
    assert code == 1
    assert any("cannot reach Discord" in r.getMessage() for r in caplog.records)


async def test_runs_logs_the_invite_and_stops_on_sigterm(
    emulator: Emulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    emulator.bot_token = "the.real.token"
    task = asyncio.create_task(run(dataclasses.replace(settings, discord_token="the.real.token")))
    try:
        await emulator.wait_until_synced()
        reply = await emulator.invoke("latest")
        assert reply.embeds  # served from the store, or "no posts yet" before the first load
    finally:
        os.kill(os.getpid(), signal.SIGTERM)
        code = await asyncio.wait_for(task, 10)
    assert code == 0
    messages = [r.getMessage() for r in caplog.records]
    invite = next(m for m in messages if m.startswith("invite the bot with: "))
    assert "scope=bot+applications.commands" in invite
    assert all("the.real.token" not in m for m in messages)
