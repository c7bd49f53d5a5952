"""Point discord.py at the emulator, and back, without a second code path in the bot.

discord.py has no setting for its API host, so this sets two class attributes:
``discord.http.Route.BASE`` (every REST and webhook URL is built from it when a ``Route`` is
created) and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (the first gateway URL; RESUME
then uses READY's ``resume_gateway_url``). With ``fast_identify`` it also skips discord.py's
5 s wait before every IDENTIFY after the first (``Client.before_identify_hook``: Discord's
identify rate limit, which the emulator does not have), so sharded clients connect at once.

These are discord.py internals, hence the pin ``discord.py>=2.7,<2.8`` and the tests in
``tests/emulator/test_connect.py``. ``python -m bot run`` never calls this and talks to Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, Protocol, TypeVar

import discord
import discord.gateway
import discord.http
import yarl

ClientT = TypeVar("ClientT", bound=discord.Client)

TEST_TOKEN = "emulator.token.for-tests"
"""Any token works with the emulator; this one shows up clearly in logs."""


class _HasUrls(Protocol):
    @property
    def api_url(self) -> str: ...

    @property
    def gateway_url(self) -> str: ...


async def _no_identify_wait(
    self: discord.Client, shard_id: int | None, *, initial: bool = False
) -> None:
    """``before_identify_hook`` without the 5 s sleep (the emulator has no identify limit)."""
    return None


class Pointing:
    """The saved discord.py settings; :meth:`restore` (or leaving the ``with``) puts them back.

    Nested pointings must be restored in reverse order (as ``with`` blocks are).
    """

    def __init__(self, api_url: str, gateway_url: str, *, fast_identify: bool) -> None:
        self.api_url = api_url
        self.gateway_url = gateway_url
        self._saved_base = discord.http.Route.BASE
        self._saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        self._saved_hook: Any = discord.Client.__dict__["before_identify_hook"]
        self._restored = False
        discord.http.Route.BASE = api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        if fast_identify:
            discord.Client.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]

    def restore(self) -> None:
        """Put back what was there before (idempotent)."""
        if self._restored:
            return
        discord.http.Route.BASE = self._saved_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_gateway
        discord.Client.before_identify_hook = self._saved_hook  # type: ignore[method-assign]
        self._restored = True

    def __enter__(self) -> Pointing:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.restore()


def point_discord_at(target: _HasUrls | str, *, fast_identify: bool = True) -> Pointing:
    """Make discord.py (this process, all clients) use the emulator ``target``.

    ``target`` is a started emulator or its base URL ``http://127.0.0.1:PORT``. Takes effect at
    once; use as ``with point_discord_at(emu): ...`` or call ``.restore()`` on the result.
    Clients must be created/logged in after this call (a ``Route`` keeps the URL it was built
    with).
    """
    if isinstance(target, str):
        base = target.rstrip("/")
        api_url = f"{base}/api/v10"
        gateway_url = (
            base.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/gateway"
        )
    else:
        api_url, gateway_url = target.api_url, target.gateway_url
    return Pointing(api_url, gateway_url, fast_identify=fast_identify)


def is_pointed() -> bool:
    """True while discord.py is pointed somewhere other than discord.com."""
    return not discord.http.Route.BASE.startswith("https://discord.com/")


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
