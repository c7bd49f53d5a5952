"""Following a git repository: the bot's own clone in CONTENT_DIR, fetched on a period.

With ``CONTENT_GIT_URL`` set, :class:`GitFollower` clones the repository into CONTENT_DIR at
first start, then every ``CONTENT_GIT_SECONDS`` fetches the branch (``CONTENT_GIT_BRANCH``, else
the remote's default branch, as ``git ls-remote --symref`` reports it) and resets the clone to
it: the clone is the bot's, not a working copy, so a force-push is followed and local changes
are discarded (``git reset --hard`` and ``git clean``: https://git-scm.com/docs/git-reset).
It uses the ``git`` command-line tool, never prompts (``GIT_TERMINAL_PROMPT=0``), and never
logs a URL's credentials: every message is passed through :func:`redact`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)

GIT_TIMEOUT = 120.0
"""Seconds one git command may take before it is killed and the attempt counts as failed."""


class GitError(RuntimeError):
    """A git command failed; the message is already redacted."""


def redact(text: str, url: str) -> str:
    """``text`` with ``url``'s user name and password (and the URL itself, as given)
    replaced by a form without credentials: ``https://***@host/repo.git``."""
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return text
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    safe = urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
    text = text.replace(url, safe)
    for secret in (parts.password, parts.username):
        if secret:
            text = text.replace(secret, "***")
    return text


class GitFollower:
    """Keeps ``directory`` a clone of ``url``'s ``branch``; calls ``on_change`` after every
    fetch that moved it."""

    def __init__(
        self,
        url: str,
        directory: Path,
        *,
        branch: str | None = None,
        period: float = 300.0,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.url = url
        self.directory = directory
        self.branch = branch
        self.period = period
        self.on_change = on_change
        self.head: str | None = None
        """The commit the clone is at, after the last successful sync."""
        self.last_error: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def _git(self, *args: str, cwd: Path | None = None) -> str:
        environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"}
        process = await asyncio.create_subprocess_exec(
            "git", *args, cwd=cwd or self.directory, env=environment,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            out, err = await asyncio.wait_for(process.communicate(), GIT_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise GitError(f"git {args[0]} took more than {GIT_TIMEOUT:.0f} s") from None
        if process.returncode != 0:
            message = err.decode(errors="replace").strip().splitlines()
            detail = message[-1] if message else f"exit code {process.returncode}"
            raise GitError(redact(f"git {args[0]} failed: {detail}", self.url))
        return out.decode(errors="replace").strip()

    async def _default_branch(self) -> str:
        listing = await self._git("ls-remote", "--symref", "origin", "HEAD")
        for line in listing.splitlines():
            if line.startswith("ref: refs/heads/") and line.endswith("HEAD"):
                return line.removeprefix("ref: refs/heads/").split("\t")[0]
        raise GitError("the remote names no default branch; set CONTENT_GIT_BRANCH")

    async def ensure_clone(self) -> None:
        """Make ``directory`` a repository with ``origin`` at the URL (created if missing).
        Raises :class:`GitError` when ``directory`` holds files that are not the bot's clone."""
        if (self.directory / ".git").is_dir():
            await self._git("remote", "set-url", "origin", self.url)
            return
        if self.directory.exists() and any(self.directory.iterdir()):
            raise GitError(
                f"CONTENT_DIR {str(self.directory)!r} is not empty and not the bot's clone"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        await self._git("init", "--quiet")
        await self._git("remote", "add", "origin", self.url)

    async def sync(self) -> bool:
        """Fetch and reset the clone to the remote branch; returns whether it moved.
        Raises :class:`GitError` (redacted) when git fails; the clone is then unchanged."""
        await self.ensure_clone()
        branch = self.branch or await self._default_branch()
        await self._git("fetch", "--quiet", "--prune", "--depth", "1", "origin", branch)
        target = await self._git("rev-parse", "FETCH_HEAD")
        if target == self.head:
            return False
        await self._git("reset", "--quiet", "--hard", target)
        await self._git("clean", "--quiet", "-d", "--force", "-x")
        self.head = target
        return True

    async def sync_logged(self) -> bool:
        """:meth:`sync`, with a failure logged (redacted) instead of raised."""
        try:
            moved = await self.sync()
        except (GitError, OSError) as error:
            self.last_error = redact(str(error), self.url)
            log.warning("fetching the content repository failed: %s", self.last_error)
            return False
        self.last_error = None
        if moved:
            log.info("content repository at %s", (self.head or "")[:12])
        return moved

    def start(self) -> None:
        """Fetch every ``period`` seconds in the background (the first sync is the caller's)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="postbot-git")

    async def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.period)
            if not self._stop.is_set() and await self.sync_logged() and self.on_change:
                self.on_change()

    async def close(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
