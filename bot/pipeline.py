"""The parse worker's job: read, hash, parse and analyze a batch of changed files.

This is the one place where the content layer (:func:`bot.content.parse.parse_translation`)
and the search layer (:func:`bot.search.index.search_document`) meet, so neither imports the
other. :func:`load_batch` is a top-level function so that a process pool can run it; it returns
plain picklable :class:`~bot.reload_report.Outcome` values.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.loader import Gone, read_source
from bot.content.model import Problem, Skipped, Translation
from bot.content.parse import parse_translation
from bot.reload_report import Outcome
from bot.search.index import search_document


@dataclass(frozen=True, slots=True)
class Job:
    """A file to read: ``known_hash`` is the hash stored for it, ``None`` to force a parse."""

    path: str
    mtime_ns: int
    size: int
    known_hash: str | None


def load_batch(root: str, jobs: Sequence[Job], site_url: str) -> list[Outcome]:
    """Read and parse ``jobs`` (paths relative to ``root``); never raises for a bad file.

    A file whose bytes hash to its ``known_hash`` is not parsed (``kind="unchanged"``).
    A file deleted since the scan is ``gone``; one that cannot or may not be read (see
    :func:`bot.content.loader.read_source`: outside ``root``, not a regular file, too large,
    unreadable) is a ``problem``.
    """
    root = os.path.realpath(root)
    outcomes = []
    for job in jobs:
        data = read_source(root, job.path)
        if isinstance(data, Gone):  # deleted since the scan: removed, like a file not found
            outcomes.append(Outcome(job.path, job.mtime_ns, job.size, "", "gone"))
            continue
        if isinstance(data, Problem):
            outcomes.append(Outcome(job.path, job.mtime_ns, job.size, "", "problem", None, data))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest == job.known_hash:
            outcomes.append(Outcome(job.path, job.mtime_ns, len(data), digest, "unchanged"))
            continue
        outcomes.append(_outcome(job, data, digest, site_url))
    return outcomes


def _outcome(job: Job, data: bytes, digest: str, site_url: str) -> Outcome:
    try:
        result = parse_translation(job.path, data, site_url, digest)
    except Exception as error:  # a parser bug must not take down the reload
        result = Problem(job.path, f"could not be parsed ({type(error).__name__}: {error})")
    size = len(data)
    if isinstance(result, Translation):
        return Outcome(
            job.path, job.mtime_ns, size, digest, "ok", translation=result,
            search=search_document(result),
        )  # fmt: skip
    if isinstance(result, Problem):
        return Outcome(job.path, job.mtime_ns, size, digest, "problem", problem=result)
    reason = result.reason if isinstance(result, Skipped) else "not a post"
    return Outcome(job.path, job.mtime_ns, size, digest, "skipped", reason=reason)


#: How much lower than the serving thread's the scheduling priority of a reload's work is
#: (``nice`` steps; https://man7.org/linux/man-pages/man2/setpriority.2.html).
BACKGROUND_NICENESS = 5


def lower_priority() -> None:
    """Give the calling thread (on Linux, where a thread has its own nice value; elsewhere the
    process) :data:`BACKGROUND_NICENESS` lower priority, so that on a machine with few cores a
    reload's parsing and writing wait for the event loop instead of the loop for them. Does
    nothing where the OS refuses."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


def start_worker(bot_pid: int) -> None:
    """A parse worker's start (the process pool's ``initializer``): lower its priority and
    watch the bot (:func:`watch_bot`)."""
    lower_priority()
    watch_bot(bot_pid)


def watch_bot(bot_pid: int, interval: float = 1.0) -> None:
    """A parse worker's start (the process pool's ``initializer``): end this worker as soon
    as the bot process ``bot_pid`` ends, however it ends (even ``SIGKILL``).

    A worker's parent is the forkserver, not the bot
    (https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods),
    and a killed bot cannot tell its workers to stop. So a daemon thread waits on a pidfd
    for the bot's exit (:func:`os.pidfd_open`, Linux), and checks every ``interval``
    seconds that the worker's parent is still the one it started with and that the bot
    still exists; when one is gone, the worker exits at once (:func:`os._exit`).
    """
    parent = os.getppid()
    try:
        pidfd: int | None = os.pidfd_open(bot_pid)
    except ProcessLookupError:  # the bot is already gone
        os._exit(0)
    except (AttributeError, OSError):  # not Linux, or a kernel without pidfd
        pidfd = None
    threading.Thread(
        target=_watch, args=(bot_pid, parent, pidfd, interval), name="postbot-watchdog",
        daemon=True,
    ).start()  # fmt: skip


def _watch(bot_pid: int, parent: int, pidfd: int | None, interval: float) -> None:
    poller = None
    if pidfd is not None:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
    while True:
        if poller is not None:
            if poller.poll(interval * 1000):  # readable: the bot has exited
                os._exit(0)
        else:
            time.sleep(interval)
        if os.getppid() != parent or not _alive(bot_pid):
            os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
