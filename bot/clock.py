"""Posts that appear and disappear on time, without a reload.

Hugo publishes a page from its ``publishDate`` (else its ``date``) and stops at its
``expiryDate`` (https://gohugo.io/content-management/front-matter/#dates). The store hides what
is not yet published or already expired; :class:`VisibilityClock` sleeps until the next such
time in the store, then asks the reloader to refresh visibility, which tells the reload
listeners (announcements) as a reload would. It re-arms after every reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from bot.reload_report import ReloadReport
from bot.reloader import Reloader

log = logging.getLogger(__name__)

LONGEST_SLEEP = 3600.0
"""Seconds at most between checks (a clock change or a missed wake-up heals within this)."""


class VisibilityClock:
    """Refreshes the store's visibility at each publish or expiry time."""

    def __init__(self, reloader: Reloader) -> None:
        self.reloader = reloader
        self._task: asyncio.Task[None] | None = None
        self.next_change: dt.datetime | None = None

    def start(self) -> None:
        """Arm the clock; re-armed after each reload (it listens on the reloader)."""
        self.reloader.listeners.append(self._rearm)
        self._restart()

    async def _rearm(self, report: ReloadReport) -> None:
        if report.changed:
            self._restart()

    def _restart(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._task = asyncio.create_task(self._run(), name="postbot-clock")

    async def _run(self) -> None:
        while True:
            try:
                self.next_change = await self.reloader.next_change()
            except Exception:
                log.exception("reading the next publish time failed")
                self.next_change = None
            wait = LONGEST_SLEEP
            if self.next_change is not None:
                now = dt.datetime.now(dt.UTC)
                wait = min(wait, max(0.0, (self.next_change - now).total_seconds()) + 0.05)
            await asyncio.sleep(wait)
            try:
                await self.reloader.refresh_visibility()
            except Exception:
                log.exception("refreshing what is published failed")

    async def close(self) -> None:
        if self._rearm in self.reloader.listeners:
            self.reloader.listeners.remove(self._rearm)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
