"""Reloading CONTENT_DIR into the store: incremental, off the event loop, one at a time.

A reload scans the folder (stat only), skips files whose modification time and size match
the last reload, reads and hashes the rest, parses only those whose hash changed (in a
process pool when there are many, since threads would hold the GIL), stages the results and
swaps them into the store in one transaction. Concurrent callers share the running reload's
result. A reload that fails (missing folder, database error) changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import multiprocessing
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from bot.content.loader import PARSER_VERSION, scan
from bot.pipeline import Job, load_batch, lower_priority, start_worker
from bot.reload_report import Outcome, ReloadReport
from bot.store.writer import ContentWriter

T = TypeVar("T")
log = logging.getLogger(__name__)


class ReloadCancelled(RuntimeError):
    """The reloader was closed while a reload ran; nothing was written."""


class Reloader:
    """Owns the content writer, its thread and the parsing pool.

    ``pool_threshold``: with more files than this to parse, parsing goes to a process pool of
    ``workers`` processes (default: one per CPU); fewer are parsed on a worker thread.
    ``batch_size``: files per parsing task and per staging write, which bounds memory.
    ``progress_interval``: while a reload reads files, "loaded N of M files" is logged at
    most this often (seconds), so a long first load shows that it is moving.
    """

    def __init__(
        self,
        content_dir: Path,
        database_path: Path,
        site_url: str,
        *,
        workers: int | None = None,
        pool_threshold: int = 32,
        batch_size: int = 64,
        progress_interval: float = 5.0,
    ) -> None:
        self.content_dir = content_dir
        self.site_url = site_url
        self._database_path = database_path
        self._workers = workers
        self._pool_threshold = pool_threshold
        self._batch_size = batch_size
        self._progress_interval = progress_interval
        # the writer's thread works at a lower priority than the event loop's
        self._thread = ThreadPoolExecutor(
            1, thread_name_prefix="postbot-writer", initializer=lower_priority
        )
        self._writer: ContentWriter | None = None
        self._opening = asyncio.Lock()  # the clock and a reload may both ask for the writer
        self._pool: ProcessPoolExecutor | None = None
        self._running: asyncio.Future[ReloadReport] | None = None
        self._next: asyncio.Future[ReloadReport] | None = None
        self.last_report: ReloadReport | None = None
        self.listeners: list[Callable[[ReloadReport], Awaitable[None]]] = []
        """Called (as tasks, not awaited by the caller) after every successful reload,
        whoever asked for it: announcements follow start-up reloads, the watcher and
        ``/reload`` alike."""
        self._listening: set[asyncio.Task[None]] = set()
        self._closing = False

    @property
    def running(self) -> bool:
        return self._running is not None and not self._running.done()

    async def reload(
        self,
        *,
        on_apply_batch: Callable[[int], None] | None = None,
        after_change: bool = False,
    ) -> ReloadReport:
        """Reload now, or join the reload already running and return its report.

        ``after_change=True`` (a change seen on disk): a running reload scanned before the
        change, so instead of joining it, exactly one more reload is scheduled after it (and
        joined by every later caller until it starts). Raises
        :class:`~bot.content.loader.ContentDirError` for a missing folder and
        ``sqlite3.Error`` for database failures; in both cases the store is unchanged.
        """
        if self._next is not None and not self._next.done():
            return await asyncio.shield(self._next)
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._reload(on_apply_batch))
        elif after_change:
            self._next = asyncio.ensure_future(self._after(self._running))
            return await asyncio.shield(self._next)
        return await asyncio.shield(self._running)

    async def refresh_visibility(self) -> bool:
        """Show what has reached its publish time and hide what has expired, now, without a
        reload (waits for a running reload: both write on the writer's thread). Returns
        whether anything changed; listeners hear of it as of a reload with no file change."""
        writer = await self._ensure_writer()
        now = dt.datetime.now(dt.UTC)
        changed = await self._on_writer(writer.refresh_visibility, now)
        if changed:
            self._notify_all(ReloadReport())
        return changed

    async def next_change(self) -> dt.datetime | None:
        """The next publish or expiry time in the store after now (UTC), if any."""
        writer = await self._ensure_writer()
        return await self._on_writer(writer.next_change, dt.datetime.now(dt.UTC))

    async def _after(self, previous: asyncio.Future[ReloadReport]) -> ReloadReport:
        await asyncio.gather(previous, return_exceptions=True)
        self._running = asyncio.ensure_future(self._reload(None))
        return await self._running

    async def close(self) -> None:
        """Stop: a running reload is abandoned before it writes (the store keeps the previous
        content), the pool and the writer's thread end."""
        self._closing = True
        if self._next is not None and not self._next.done():
            self._next.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self._running is not None and not self._running.done():
            await asyncio.gather(self._running, return_exceptions=True)
        if self._writer is not None:
            await self._on_writer(self._writer.close)
            self._writer = None
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._thread.shutdown()

    async def _reload(self, on_apply_batch: Callable[[int], None] | None) -> ReloadReport:
        started = time.perf_counter()
        writer = await self._ensure_writer()
        fingerprint = f"parser {PARSER_VERSION}; site {self.site_url}"
        jobs, unchanged, gone, first = await self._on_writer(self._plan, writer, fingerprint)

        await self._on_writer(writer.reset_staging)
        parsed = done = 0
        last_log = time.monotonic()
        report = ReloadReport()
        async for outcomes in self._parse(jobs):
            if self._closing:
                raise ReloadCancelled("the bot is shutting down")
            parsed += sum(outcome.kind in ("ok", "problem", "skipped") for outcome in outcomes)
            unchanged += sum(outcome.kind == "unchanged" for outcome in outcomes)
            if first:  # an empty store: write each batch now, while the next ones parse
                step = _offset(on_apply_batch, done)
                report.absorb(await self._on_writer(writer.apply_now, outcomes, on_batch=step))
            else:
                await self._on_writer(writer.stage, outcomes)
            done += len(outcomes)
            if time.monotonic() - last_log >= self._progress_interval:
                last_log = time.monotonic()
                log.info("loaded %d of %d files", done, len(jobs))
        if first:
            await self._on_writer(writer.set_fingerprint, fingerprint)
        else:
            report = await self._on_writer(
                writer.apply, gone, on_batch=on_apply_batch, fingerprint=fingerprint
            )
        report.parsed = parsed
        report.unchanged = unchanged
        report.seconds = time.perf_counter() - started
        self.last_report = report
        self._notify_all(report)
        return report

    def _notify_all(self, report: ReloadReport) -> None:
        for listener in self.listeners:
            task = asyncio.ensure_future(self._notify(listener, report))
            self._listening.add(task)
            task.add_done_callback(self._listening.discard)

    @staticmethod
    async def _notify(
        listener: Callable[[ReloadReport], Awaitable[None]], report: ReloadReport
    ) -> None:
        try:
            await listener(report)
        except Exception:
            log.exception("a step after the reload failed")

    def _plan(
        self, writer: ContentWriter, fingerprint: str
    ) -> tuple[list[Job], int, list[str], bool]:
        """Scan the folder and decide, on the writer's thread (not the event loop), which
        files to read: returns the jobs, how many files are unchanged, the paths gone, and
        whether the store is empty (a first load, written batch by batch)."""
        files = scan(self.content_dir)
        states = writer.file_states()
        if not states:
            return [Job(s.path, s.mtime_ns, s.size, None) for s in files], 0, [], True
        everything = writer.fingerprint() != fingerprint
        jobs: list[Job] = []
        unchanged = 0
        for source in files:
            state = states.get(source.path)
            fresh = everything or state is None or state.status == "problem"
            if (
                not fresh
                and state is not None
                and (state.mtime_ns, state.size) == (source.mtime_ns, source.size)
            ):
                unchanged += 1
                continue
            known = None if fresh or state is None else state.content_hash
            jobs.append(Job(source.path, source.mtime_ns, source.size, known))
        gone = sorted(states.keys() - {source.path for source in files})
        return jobs, unchanged, gone, False

    async def _parse(self, jobs: Sequence[Job]):  # type: ignore[no-untyped-def]
        """Yield lists of outcomes, batch by batch, with a bounded number in flight."""
        batches = [jobs[i : i + self._batch_size] for i in range(0, len(jobs), self._batch_size)]
        if not batches:
            return
        loop = asyncio.get_running_loop()
        root = str(self.content_dir)
        executor: Executor | None = None
        if len(jobs) > self._pool_threshold:
            # starting the pool forks and imports: off the event loop
            executor = await asyncio.to_thread(self._ensure_pool)
        window = 2 * (self._workers or multiprocessing.cpu_count())
        pending: list[asyncio.Future[list[Outcome]]] = []
        try:
            for batch in batches:
                pending.append(
                    loop.run_in_executor(executor, load_batch, root, batch, self.site_url)
                )
                if len(pending) >= window:
                    yield await pending.pop(0)
            for future in pending:
                yield await future
        except BrokenProcessPool:
            # a worker died (killed, out of memory): this reload fails, the next gets a new pool
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            raise

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["bot.pipeline"])
            # workers end with the bot, even a killed one (see watch_bot)
            pool = ProcessPoolExecutor(
                self._workers,
                mp_context=context,
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
            workers = self._workers or multiprocessing.cpu_count()
            for future in [pool.submit(os.getpid) for _ in range(workers)]:
                future.result()  # every worker started and imported before the first batch
            self._pool = pool
        return self._pool

    async def _ensure_writer(self) -> ContentWriter:
        async with self._opening:  # one writer: a second one would never be closed
            if self._writer is None:
                self._writer = await self._on_writer(ContentWriter, self._database_path)
            return self._writer

    def _on_writer(
        self, function: Callable[..., T], *args: object, **kwargs: object
    ) -> Awaitable[T]:
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._thread, lambda: function(*args, **kwargs))


def _offset(callback: Callable[[int], None] | None, before: int) -> Callable[[int], None] | None:
    """``callback`` counting rows applied across a first load's batches."""
    if callback is None:
        return None
    return lambda done: callback(before + done)
