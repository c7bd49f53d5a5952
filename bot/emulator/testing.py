"""pytest fixtures and helpers for tests that run a real discord.py client on the emulator.

Use from a conftest: ``from bot.emulator.testing import emulator  # noqa: F401`` (or list this
module in the root conftest's ``pytest_plugins``).

- ``emulator``: a started :class:`~bot.emulator.driver.Emulator` with one guild ("Test Server",
  en-US), discord.py pointed at it; at teardown the test fails if any body the bot sent broke a
  Discord rule (``emu.take_violations()`` clears the ones a test provokes on purpose).
- :func:`running`: start a client against it, wait until READY, close it afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import discord
import pytest
import pytest_asyncio

from bot.emulator.connect import point_discord_at
from bot.emulator.driver import Emulator

ClientT = TypeVar("ClientT", bound=discord.Client)

TEST_TOKEN = "emulator.token.for-tests"


def assert_no_violations(emu: Emulator) -> None:
    """Fail the current test if the emulator recorded any violation (and list them)."""
    found = emu.take_violations()
    if found:
        listing = "\n".join(f"  - {v}" for v in found)
        pytest.fail(
            f"the bot sent bodies that Discord rejects or that break our rules:\n{listing}",
            pytrace=False,
        )


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[Emulator]:
    """A started emulator with one guild and discord.py pointed at it; fails on violations."""
    emu = Emulator()
    emu.add_guild(name="Test Server", preferred_locale="en-US")
    async with emu:
        with point_discord_at(emu):
            yield emu
    assert_no_violations(emu)


@contextlib.asynccontextmanager
async def running(
    client: ClientT,
    *,
    token: str = TEST_TOKEN,
    timeout: float = 5.0,  # noqa: ASYNC109
) -> AsyncIterator[ClientT]:
    """Run ``client.start(token)`` in a task until the client is ready; close it on exit.

    Build test clients with ``guild_ready_timeout`` small (e.g. 0.05), or READY waits 2 s for
    more guilds. Raises whatever ``start`` raised if the client dies while starting, and
    ``TimeoutError`` if it is not ready within ``timeout`` s.
    """
    task = asyncio.create_task(client.start(token))
    try:
        async with asyncio.timeout(timeout):
            while not client.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("client stopped before it was ready")
                await asyncio.sleep(0.005)
        yield client
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 2.0)
