"""``python -m bot check``: load CONTENT_DIR into a throw-away store and report on it.

Content authors run it before publishing. It loads the folder with the bot's own
:class:`~bot.reloader.Reloader` (a progress bar on standard error while it reads, when that
is a terminal), then prints, to fit the terminal whatever the number of languages, the
posts per language, the posts that miss a translation or have a problem, and every problem
(see :mod:`bot.check_report`). ``--all`` lists every post by language instead (wide), and
``--json`` prints one JSON document and nothing else. The exit code is 1 when there are
problems, 2 when the folder itself cannot be read.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

from rich.console import Console

from bot.check_report import as_json, render, summarize
from bot.content.loader import ContentDirError, scan
from bot.load_progress import LoadProgress
from bot.reload_report import ReloadReport
from bot.reloader import Reloader
from bot.store import PostListing, Store

PROGRESS_INTERVAL = 0.2
"""Seconds between the reloader's progress records while a bar is drawn."""


async def collect(
    content_dir: Path, site_url: str, progress: LoadProgress | None = None
) -> tuple[ReloadReport, list[PostListing]]:
    """Load ``content_dir`` into a temporary store; return the report and every post.

    ``progress`` hears of the load as it goes. Raises
    :class:`~bot.content.loader.ContentDirError` when the folder cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="postbot-check-") as folder:
        database = Path(folder) / "check.sqlite3"
        reloader = Reloader(content_dir, database, site_url, progress_interval=PROGRESS_INTERVAL)
        try:
            report = await reloader.reload(
                on_apply_batch=progress.applied if progress is not None else None
            )
        finally:
            await reloader.close()
        async with await Store.open(database) as store:
            posts = await store.posts_page(0, 1_000_000)
    return report, posts


def _load(
    content_dir: Path, site_url: str, status: Console
) -> tuple[ReloadReport, list[PostListing]]:
    """:func:`collect`, with a progress bar on ``status`` when it is a terminal (the scan
    that gives the bar its total runs only then)."""
    if not status.is_terminal:
        return asyncio.run(collect(content_dir, site_url))
    total = len(scan(content_dir))
    with LoadProgress(status, "reading files", total=total) as progress:
        return asyncio.run(collect(content_dir, site_url, progress))


def main(
    content_dir: Path,
    site_url: str,
    console: Console | None = None,
    *,
    wide: bool = False,
    json_output: bool = False,
    status: Console | None = None,
) -> int:
    """Run the check; return the process exit code (0 clean, 1 problems, 2 unreadable).

    ``console`` receives the report (standard output by default), ``status`` the progress
    bar and, with ``json_output``, the error (standard error by default). ``wide`` prints
    every post by language.
    """
    console = console or Console()
    status = status or Console(stderr=True)
    try:
        report, posts = _load(content_dir, site_url, status)
    except ContentDirError as error:
        if json_output:
            status.print(f"[red]error:[/] {error}", highlight=False)
            _print_json(console, {"content_dir": str(content_dir), "error": str(error)})
        else:
            console.print(f"[red]error:[/] {error}", highlight=False)
        return 2
    summary = summarize(report, posts)
    if json_output:
        _print_json(console, as_json(summary, str(content_dir)))
    else:
        render(summary, console, wide=wide)
    return 1 if report.problems else 0


def _print_json(console: Console, document: object) -> None:
    """One JSON document, written straight to the console's file: never wrapped, coloured
    or recorded (rich would take longer than the load to lay out a large one)."""
    console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    console.file.flush()
