"""The real bot on the local Discord emulator, running on its own event loop in a thread.

The terminal keeps the main thread: ``input()`` with readline there is what makes Ctrl-C
clear the line (Python delivers signals to the main thread only) and lets a Tab completer
ask the bot for autocomplete choices while the prompt waits. The main thread hands work to
the bot's loop with :meth:`BotHost.call`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bot.app import open_bot
from bot.client import PostBot
from bot.config import Settings
from bot.emulator import (
    DISCORD_LOCALES,
    Emulator,
    RecordedViolation,
    User,
    point_discord_at,
    running,
)

T = TypeVar("T")

GUILD_NAME = "Console"
START_TIMEOUT = 60.0
"""Seconds to wait for the bot to connect and load the content (a first load can be slow)."""


class BotHost:
    """Starts an :class:`Emulator` with one guild, points discord.py at it and runs the bot
    built by :func:`~bot.app.open_bot` (the production code path) until :meth:`stop`.

    ``guild_locale`` becomes the guild's ``preferred_locale`` when it is a Discord locale.
    """

    def __init__(self, settings: Settings, user: User, guild_locale: str) -> None:
        self.settings = settings
        self.user = user
        self.guild_locale = guild_locale if guild_locale in DISCORD_LOCALES else "en-US"
        self.emu = Emulator(default_user=user)
        # With DEV_GUILD_ID the bot syncs its commands to that guild: be that guild.
        self.emu.add_guild(
            settings.dev_guild_id, name=GUILD_NAME, preferred_locale=self.guild_locale
        )
        self.bot: PostBot | None = None
        self.violations: list[RecordedViolation] = []
        """Every body the bot sent in this session that Discord would reject (or that breaks
        our rules), as :meth:`take_violations` collected them, in order."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="postbot-console", daemon=True)

    def start(
        self, timeout: float = START_TIMEOUT, *, moved: Callable[[], float] | None = None
    ) -> None:
        """Start the thread; return once the bot is connected and its start-up reload is done.

        Re-raises whatever stopped the bot from starting (the store cannot open...);
        ``TimeoutError`` if it is not ready in ``timeout`` s. ``moved`` returns when (as
        :func:`time.monotonic`) the content load last advanced: a long first load may go on
        past ``timeout`` as long as it advanced less than ``timeout`` s ago.
        """
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._ready.wait(max(0.0, min(1.0, deadline - time.monotonic()))):
            if moved is not None:
                deadline = max(deadline, moved() + timeout)
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the bot was not ready within {timeout:.0f} s")
        if self._error is not None:
            raise self._error

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported to start(); the thread ends here
            self._error = error
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with self.emu:
            with point_discord_at(self.emu):
                async with (
                    open_bot(self.settings, guild_ready_timeout=0.05) as bot,
                    running(bot, timeout=START_TIMEOUT),
                ):
                    self.bot = bot
                    if bot.startup_reload is not None:
                        await bot.startup_reload
                    self._ready.set()
                    await self._stop.wait()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 15.0) -> T:
        """Run ``coro`` on the bot's loop and return its result (from another thread).

        Raises what ``coro`` raises, ``TimeoutError`` after ``timeout`` s (the coroutine is
        cancelled then).
        """
        if self._loop is None:
            coro.close()
            raise RuntimeError("the bot is not running")
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout)
        except (concurrent.futures.TimeoutError, KeyboardInterrupt):
            future.cancel()
            raise

    def take_violations(self) -> list[RecordedViolation]:
        """The violations the emulator recorded since the last call (also added to
        :attr:`violations`). Taken on the bot's loop while it runs, as the server records
        them there."""
        loop = self._loop
        if loop is not None and not loop.is_closed() and self._thread.is_alive():
            try:
                found = self.call(self._take_violations(), 5.0)
            except (RuntimeError, TimeoutError, concurrent.futures.CancelledError):
                found = self.emu.take_violations()  # the loop is closing
        else:
            found = self.emu.take_violations()
        self.violations += found
        return found

    async def _take_violations(self) -> list[RecordedViolation]:
        return self.emu.take_violations()

    def commands(self) -> list[dict[str, Any]]:
        """The commands the bot synced: the console guild's own, then the global ones."""
        guild_id = self.emu.default_guild.id
        return [*self.emu.commands(guild_id), *self.emu.commands()]

    def stop(self, timeout: float = 10.0) -> None:
        """Close the bot and the emulator and wait for the thread (idempotent)."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread.is_alive():
            self._thread.join(timeout)
