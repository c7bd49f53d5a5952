"""Console tests fail, like the emulator's, when the bot sent a body Discord would reject."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import bot.console.app
from bot.console.host import BotHost


@pytest.fixture(autouse=True)
def console_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BotHost]]:
    """Every :class:`BotHost` the console starts in this test; the test fails if any of their
    sessions recorded a violation (clear ``host.violations`` after provoking one on purpose)."""
    hosts: list[BotHost] = []

    class RecordedHost(BotHost):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            hosts.append(self)

    monkeypatch.setattr(bot.console.app, "BotHost", RecordedHost)
    yield hosts
    found = [str(v) for host in hosts for v in [*host.violations, *host.emu.take_violations()]]
    if found:
        listing = "\n".join(f"  - {v}" for v in found)
        pytest.fail(f"the console session recorded violations:\n{listing}", pytrace=False)
