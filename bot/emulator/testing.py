"""pytest fixtures and helpers for tests that run a real discord.py client on the emulator.

Use from a conftest: ``from bot.emulator.testing import emulator  # noqa: F401`` (or list this
module in the root conftest's ``pytest_plugins``).

- ``emulator``: a started :class:`~bot.emulator.driver.Emulator` with one guild ("Test Server",
  en-US), discord.py pointed at it; at teardown the test fails if any body the bot sent broke a
  Discord rule (``emu.take_violations()`` clears the ones a test provokes on purpose).
- :func:`~bot.emulator.connect.running` (re-exported): start a client, wait until READY,
  close it afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.emulator.connect import TEST_TOKEN, point_discord_at, running
from bot.emulator.driver import Emulator

__all__ = ["TEST_TOKEN", "assert_no_violations", "emulator", "running"]


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
