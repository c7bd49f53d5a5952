"""The bot in a process of its own, as an operator runs it, for its memory and stalls.

The child (``python -m bench.phases bot URL CONTENT DATABASE``) is :func:`bot.runner.run`,
what ``python -m bot run`` calls, with discord.py pointed at the benchmark's emulator
(:func:`bot.emulator.point_discord_at` with the emulator's URL) and the content watcher off,
so the reload it is measured through is the one an admin's ``/reload`` starts. In the same
event loop it runs a 1 ms heartbeat and records garbage-collector pauses and discord.py's
gateway warnings; the parent reads them, and the child's peak RSS (``VmHWM``), without the
emulator or the request loop in them.

Protocol on the child's standard streams, one line each: the parent writes ``mark`` (start
recording afresh) and ``report`` (stop; the child answers with one JSON line). With
``POSTBOT_BENCH_LOG=INFO`` in the environment the child logs the bot's own messages with their
``time.time()``, to match with the heartbeat's ``worst`` lags; with ``POSTBOT_BENCH_STACKS=30``
it prints every thread's stack when its event loop is 30 ms late.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bench.phases import SITE_URL, peak_rss_mb
from bench.stats import GatewayWarnings, GcPauses, Heartbeat

#: The repository (``bench`` is imported from it in the child).
_ROOT = Path(__file__).resolve().parent.parent


class _Recorder:
    """The child's heartbeat, GC pauses and gateway warnings since the last ``mark``."""

    def __init__(self) -> None:
        self.warnings = GatewayWarnings()
        logging.getLogger("discord.gateway").addHandler(self.warnings)
        self.stop = asyncio.Event()
        self.beat = Heartbeat()
        self.pauses = GcPauses()
        self.task: asyncio.Task[None] | None = None

    def mark(self) -> None:
        self.finish()
        self.stop = asyncio.Event()
        self.beat = Heartbeat()
        self.pauses = GcPauses().__enter__()
        self.warnings.messages.clear()
        self.task = asyncio.ensure_future(self.beat.run(self.stop))

    def finish(self) -> None:
        self.stop.set()
        if self.task is not None:
            self.pauses.__exit__()
            self.task = None

    def report(self) -> None:
        self.finish()
        document = {
            "heartbeat": self.beat.summary(),
            "gc": self.pauses.summary(),
            "gateway_warnings": list(self.warnings.messages),
            "rss_mb": peak_rss_mb(),
        }
        sys.stdout.write(json.dumps(document) + "\n")
        sys.stdout.flush()


def _read_commands(loop: asyncio.AbstractEventLoop, recorder: _Recorder) -> None:
    for line in sys.stdin:
        command = line.strip()
        if command == "mark":
            loop.call_soon_threadsafe(recorder.mark)
        elif command == "report":
            loop.call_soon_threadsafe(recorder.report)


async def _child(url: str, content: Path, database: Path) -> int:
    from bot.config import Settings
    from bot.emulator.connect import TEST_TOKEN, point_discord_at
    from bot.runner import run

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("discord.client").setLevel(logging.ERROR)  # "PyNaCl is not installed"
    recorder = _Recorder()
    loop = asyncio.get_running_loop()
    if os.environ.get("POSTBOT_BENCH_STACKS"):  # every thread's stack when the loop stalls
        threading.Thread(
            target=_watch_loop, args=(loop, float(os.environ["POSTBOT_BENCH_STACKS"])),
            daemon=True,
        ).start()  # fmt: skip
    if os.environ.get("POSTBOT_BENCH_LOG"):  # the bot's own log, to match with the stalls
        logging.getLogger("bot").setLevel(os.environ["POSTBOT_BENCH_LOG"])
        for handler in logging.getLogger().handlers:
            handler.setFormatter(logging.Formatter("%(created).3f %(name)s %(message)s"))
    threading.Thread(target=_read_commands, args=(loop, recorder), daemon=True).start()
    settings = Settings(
        discord_token=TEST_TOKEN, content_dir=content, database_path=database,
        site_url=SITE_URL, content_watch=False, content_rescan_seconds=0,
    )  # fmt: skip
    with point_discord_at(url):
        return await run(settings)


def _watch_loop(loop: asyncio.AbstractEventLoop, threshold_ms: float) -> None:
    """Print every thread's stack to standard error when ``loop`` has not run a callback
    for ``threshold_ms`` (a debugging aid: what held the loop)."""
    last = [time.perf_counter()]

    def tick() -> None:
        last[0] = time.perf_counter()
        loop.call_later(0.001, tick)

    loop.call_soon_threadsafe(tick)
    dumped = 0.0
    while True:
        time.sleep(0.002)
        late = (time.perf_counter() - last[0]) * 1000
        if late > threshold_ms and last[0] != dumped:
            dumped = last[0]
            names = {thread.ident: thread.name for thread in threading.enumerate()}
            lines = [f"--- loop late {late:.0f} ms at {time.time():.3f}"]
            for ident, frame in sys._current_frames().items():
                lines.append(f"thread {names.get(ident, ident)}:")
                lines += [line.rstrip() for line in traceback.format_stack(frame)[-6:]]
            sys.stderr.write("\n".join(lines) + "\n")


def child_main(url: str, content: Path, database: Path) -> int:
    """The child process's entry point (see the module's docstring)."""
    return asyncio.run(_child(url, content, database))


class BotProcess:
    """The parent's handle on the child: ``mark()``, ``report()`` and its peak RSS."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    async def mark(self) -> None:
        await asyncio.to_thread(self._send, "mark")
        await asyncio.sleep(0.05)

    async def report(self) -> dict[str, Any]:
        await asyncio.to_thread(self._send, "report")
        line = await asyncio.to_thread(self._read)
        return dict(json.loads(line))

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.process.pid)

    def _send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the bot process ended (exit code {self.process.poll()})")
        return line


@contextlib.asynccontextmanager
async def bot_process(url: str, content: Path, database: Path) -> AsyncIterator[BotProcess]:
    """Start the child and stop it (SIGTERM, as an operator's ``systemctl stop``) on exit.

    The caller waits for it to connect (``Emulator.wait_until_connected``)."""
    command = [sys.executable, "-m", "bench.phases", "bot", url, str(content), str(database)]
    environment = {**os.environ, "PYTHONPATH": str(_ROOT)}
    process = await asyncio.to_thread(
        functools.partial(
            subprocess.Popen, command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, cwd=_ROOT, env=environment,
        )
    )  # fmt: skip
    try:
        yield BotProcess(process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(process.wait, 60)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
