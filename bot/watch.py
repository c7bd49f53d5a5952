"""Following the content folder by itself: file-system events, batched, and periodic rescans.

:class:`ContentWatcher` runs two background tasks on the event loop: one waits for change
events under the content folder (``watchfiles``, on inotify and its equivalents:
https://watchfiles.helpmanual.io/), batched so that a ``git pull`` of many files makes one or
two reloads, not hundreds; the other rescans every ``rescan_seconds`` for filesystems that send
no events (network mounts, some container volumes). Each runs the same incremental reload as
``/reload``, asking for one *after* any reload already running (that one scanned before the
change). What follows a reload (announcements) listens on the reloader itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import watchfiles

from bot.reloader import Reloader

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1600
"""Milliseconds of quiet that end a batch of changes (a checkout writes files over a while)."""


class ContentWatcher:
    """Reload on changes under ``root`` (``watch``) and every ``rescan_seconds`` (0: never)."""

    def __init__(
        self,
        reloader: Reloader,
        root: Path,
        *,
        watch: bool = True,
        rescan_seconds: float = 300.0,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        self.reloader = reloader
        self.root = root
        self.watch = watch
        self.rescan_seconds = rescan_seconds
        self.debounce_ms = debounce_ms
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._pending: set[asyncio.Task[None]] = set()
        self.reloads = 0
        """Reloads this watcher asked for (events and rescans), for tests and metrics."""

    def start(self) -> None:
        """Start the background tasks (idempotent)."""
        if self._tasks:
            return
        if self.watch:
            self._tasks.append(asyncio.create_task(self._watch(), name="postbot-watch"))
        if self.rescan_seconds > 0:
            self._tasks.append(asyncio.create_task(self._rescan(), name="postbot-rescan"))

    async def close(self) -> None:
        """Stop watching; a reload in progress is left to the reloader's own close."""
        self._stop.set()
        for task in [*self._tasks, *self._pending]:
            task.cancel()
        for task in [*self._tasks, *self._pending]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    def changed(self) -> None:
        """Ask for one reload after whatever is running (also used by the git follower)."""
        task = asyncio.create_task(self._reload())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _reload(self) -> None:
        self.reloads += 1
        try:
            report = await self.reloader.reload(after_change=True)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("automatic reload failed; the last good content keeps serving")
            return
        if report.changed or report.problems:
            log.info(
                "content reloaded: %d added, %d updated, %d removed, %d problems in %.2fs",
                len(report.added), len(report.updated), len(report.removed),
                len(report.problems), report.seconds,
            )  # fmt: skip

    def _relevant(self, change: watchfiles.Change, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return False
        return not any(part.startswith(".") for part in parts)

    async def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                async for _changes in watchfiles.awatch(
                    self.root,
                    watch_filter=self._relevant,
                    debounce=self.debounce_ms,
                    stop_event=self._stop,
                    recursive=True,
                ):
                    self.changed()
            except asyncio.CancelledError:
                raise
            except Exception:  # the folder vanished, too many watches: rescans still run
                log.warning("watching %s failed; retrying in 30 s", self.root, exc_info=True)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), 30)

    async def _rescan(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.rescan_seconds)
            if not self._stop.is_set():
                self.changed()
