"""pytest fixtures and helpers for tests that run a real discord.py client on the emulator.

Use from a conftest: ``from tests.emulator_plugin import emulator  # noqa: F401`` (or list this
module in the root conftest's ``pytest_plugins``).

- ``emulator``: a started :class:`~bot.emulator.driver.Emulator` with one guild ("Test Server",
  en-US), discord.py pointed at it. A test during which the bot sent a body that breaks a Discord
  rule fails (``emu.take_violations()`` clears the ones a test provokes on purpose): the check
  runs when the test function returns, so the test itself is reported failed, and again at
  teardown for bodies sent after that (reported as an error there).
- :func:`~bot.emulator.connect.running` (re-exported): start a client, wait until READY,
  close it afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator

import pytest
import pytest_asyncio

from bot.emulator.connect import TEST_TOKEN, point_discord_at, running
from bot.emulator.driver import Emulator

__all__ = ["TEST_TOKEN", "assert_no_violations", "emulator", "running"]

_VERDICT_PLUGIN = "tests.emulator_plugin.verdict"


def assert_no_violations(emu: Emulator) -> None:
    """Fail the current test if the emulator recorded any violation (and list them)."""
    found = emu.take_violations()
    if found:
        listing = "\n".join(f"  - {v}" for v in found)
        pytest.fail(
            f"the bot sent bodies that Discord rejects or that break our rules:\n{listing}",
            pytrace=False,
        )


class _Verdict:
    """Fails a test that used the ``emulator`` fixture in its own call phase when the emulator
    recorded violations during it: the test that sent the body is the one reported failed."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        result = yield  # a test that raised keeps its own failure; teardown lists violations
        emu = item.funcargs.get("emulator") if isinstance(item, pytest.Function) else None
        if isinstance(emu, Emulator):
            assert_no_violations(emu)
        return result


def _install_verdict(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(_VERDICT_PLUGIN):
        config.pluginmanager.register(_Verdict(), _VERDICT_PLUGIN)


@pytest_asyncio.fixture
async def emulator(request: pytest.FixtureRequest) -> AsyncIterator[Emulator]:
    """A started emulator with one guild and discord.py pointed at it; fails on violations."""
    _install_verdict(request.config)
    emu = Emulator()
    emu.add_guild(name="Test Server", preferred_locale="en-US")
    async with emu:
        with point_discord_at(emu):
            yield emu
    assert_no_violations(emu)
