"""``python -m bot check``: load CONTENT_DIR into a throw-away store and report on it.

Content authors run it before publishing. It prints a table of posts by language and then
every problem found, and returns exit code 1 when there are problems (2 when the folder
itself cannot be read).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.content.loader import ContentDirError
from bot.reload_report import ReloadReport
from bot.reloader import Reloader
from bot.store import PostListing, Store


async def collect(content_dir: Path, site_url: str) -> tuple[ReloadReport, list[PostListing]]:
    """Load ``content_dir`` into a temporary store; return the report and every post.

    Raises :class:`~bot.content.loader.ContentDirError` when the folder cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="postbot-check-") as folder:
        database = Path(folder) / "check.sqlite3"
        reloader = Reloader(content_dir, database, site_url)
        try:
            report = await reloader.reload()
        finally:
            await reloader.close()
        async with await Store.open(database) as store:
            posts = await store.posts_page(0, 1_000_000)
    return report, posts


def render(report: ReloadReport, posts: list[PostListing], console: Console) -> None:
    """Print the posts-by-language table and the problems list."""
    languages = sorted({language for post in posts for language in post.titles})
    table = Table(title=f"{len(posts)} posts in {len(languages)} languages", title_justify="left")
    table.add_column("post", style="bold", no_wrap=True)
    table.add_column("date", no_wrap=True)
    for language in languages:
        table.add_column(language, justify="center", no_wrap=True)
    for post in posts:
        marks = [
            "[green]✓[/]" if language in post.titles else "[dim]·[/]" for language in languages
        ]
        table.add_row(post.key, post.date.isoformat() if post.date else "—", *marks)
    console.print(table)
    if not report.problems:
        console.print(f"[green]No problems[/] in {report.parsed} files parsed.")
        return
    console.print(f"[red]{len(report.problems)} file(s) with problems:[/]")
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        console.print(Text.assemble("  ", (where, "bold"), f": {problem.reason}"))


def main(content_dir: Path, site_url: str, console: Console | None = None) -> int:
    """Run the check; return the process exit code (0 clean, 1 problems, 2 unreadable)."""
    console = console or Console()
    try:
        report, posts = asyncio.run(collect(content_dir, site_url))
    except ContentDirError as error:
        console.print(f"[red]error:[/] {error}", highlight=False)
        return 2
    render(report, posts, console)
    return 1 if report.problems else 0
