"""What ``python -m bot check`` shows: a summary of a load, drawn to fit any terminal.

:func:`summarize` groups a reload's posts and problems by language and by post.
:func:`render` prints, in 80 columns whatever the number of languages, one row per language
(translations, posts missing it, problems), then the posts that miss a translation or have a
problem (at most ``limit`` rows, then "… and N more"), then every problem. ``wide=True``
prints every post in a post-by-language table instead of the bounded list.
:func:`as_json` is the same summary as one JSON document for CI. Tables are rich tables
(https://rich.readthedocs.io/en/stable/tables.html).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.measure import Measurement
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

from bot.content.layout import describe
from bot.content.model import Problem
from bot.reload_report import ReloadReport
from bot.store import PostListing

LIMIT = 30
"""Rows of the posts-needing-attention list before "… and N more"."""


@dataclass(frozen=True, slots=True)
class LanguageRow:
    """One language: its translations, the posts without it, the problems in its files.
    ``language`` is ``None`` for problems in files that name no language."""

    language: str | None
    translations: int
    missing: int
    problems: int


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post: the languages it has, those of the site it misses, its problem count."""

    key: str
    date: str | None
    languages: tuple[str, ...]
    missing: tuple[str, ...]
    problems: int


@dataclass(frozen=True, slots=True)
class Summary:
    """A load, by language (``per_language``) and by post (``posts``, newest first, then the
    keys that only broken files name), with every problem and the count of files read."""

    languages: list[str]
    per_language: list[LanguageRow]
    posts: list[PostRow]
    problems: list[Problem]
    parsed: int

    @property
    def attention(self) -> list[PostRow]:
        """The posts that miss a translation or have a problem, in the posts' order."""
        return [post for post in self.posts if post.missing or post.problems]


def problem_place(path: str) -> tuple[str | None, str | None]:
    """The language and post key a broken file's path suggests: ``es/kdd.md`` -> ``("es",
    "kdd")``. The key is the file name (a ``translationKey`` in the file is not known)."""
    info = describe(path)
    if info is None:
        return None, None
    return info.suffix_language or info.folder_language, info.name


def summarize(report: ReloadReport, posts: list[PostListing]) -> Summary:
    """Group ``posts`` (newest first) and ``report.problems`` by language and by post.

    A problem counts for the language and the post its path names; a post that only exists
    as broken files gets a row of its own, after the loaded posts.
    """
    places = [problem_place(problem.path) for problem in report.problems]
    by_language = Counter(language for language, _ in places)
    by_key = Counter(key for _, key in places if key is not None)
    languages = sorted(
        {language for post in posts for language in post.titles}
        | {language for language in by_language if language is not None}
    )
    rows = [
        PostRow(
            post.key,
            post.date.isoformat() if post.date else None,
            tuple(language for language in languages if language in post.titles),
            tuple(language for language in languages if language not in post.titles),
            by_key.pop(post.key, 0),
        )
        for post in posts
    ]
    rows += [PostRow(key, None, (), tuple(languages), count) for key, count in by_key.items()]
    translations = Counter(language for post in posts for language in post.titles)
    per_language = [
        LanguageRow(tag, translations[tag], len(posts) - translations[tag], by_language[tag])
        for tag in languages
    ]
    if by_language[None]:
        per_language.append(LanguageRow(None, 0, 0, by_language[None]))
    return Summary(languages, per_language, rows, list(report.problems), report.parsed)


def render(summary: Summary, console: Console, *, wide: bool = False, limit: int = LIMIT) -> None:
    """Print the summary (see the module's description)."""
    loaded = sum(1 for post in summary.posts if post.languages)
    problems = len(summary.problems)
    console.print(
        f"[bold]{loaded} posts in {len(summary.languages)} languages[/], "
        f"{summary.parsed} files read, "
        + (f"[red]{problems} problem(s)[/]" if problems else "[green]no problems[/]"),
        highlight=False,
    )
    console.print(_language_table(summary))
    if wide:
        _print_unsqueezed(_wide_table(summary), console)
    else:
        _print_attention(summary, console, limit)
    _print_problems(summary, console)


def _language_table(summary: Summary) -> Table:
    table = Table(title="By language", title_justify="left")
    table.add_column("language", style="bold", overflow="fold")
    table.add_column("translations", justify="right")
    table.add_column("posts without it", justify="right")
    table.add_column("problems", justify="right")
    for row in summary.per_language:
        table.add_row(
            row.language or "[dim](no language)[/]",
            str(row.translations) if row.language else "",
            str(row.missing) if row.language else "",
            f"[red]{row.problems}[/]" if row.problems else "0",
        )
    return table


def _print_attention(summary: Summary, console: Console, limit: int) -> None:
    attention = summary.attention
    if not attention:
        console.print("[green]Every post is in every language[/] and has no problem.")
        return
    table = Table(
        title=f"{len(attention)} post(s) missing a translation or with problems",
        title_justify="left",
    )
    table.add_column("post", style="bold", overflow="fold", ratio=2)
    table.add_column("date", no_wrap=True)
    table.add_column("missing", overflow="fold", ratio=3)
    table.add_column("problems", justify="right", no_wrap=True)
    for post in attention[:limit]:
        table.add_row(
            post.key,
            post.date or "—",
            _missing(post),
            f"[red]{post.problems}[/]" if post.problems else "",
        )
    console.print(table)
    if len(attention) > limit:
        console.print(f"… and {len(attention) - limit} more (--all lists every post)")


def _missing(post: PostRow) -> str:
    """The languages a post misses, or those it has when that list is shorter."""
    if not post.languages:
        return "[dim]none loaded[/]"
    if len(post.missing) > len(post.languages) + 1:
        return f"all but {', '.join(post.languages)}"
    return ", ".join(post.missing)


def _wide_table(summary: Summary) -> Table:
    """Every post by every language, a ✓ or a · under each language's tag.

    The marks of a row are one cell (the tags its header), not a column per language: a
    table of a thousand posts by twenty languages then renders in a fraction of the time.
    """
    languages = summary.languages
    table = Table(title="Posts by language", title_justify="left")
    table.add_column("post", style="bold", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column(" ".join(languages), no_wrap=True)
    for post in summary.posts:
        marks = Text(" ").join(_mark(tag, tag in post.languages) for tag in languages)
        table.add_row(post.key, post.date or "—", marks)
    return table


def _mark(tag: str, present: bool) -> Text:
    """A green ✓ or a dim ·, centred in the width of ``tag``."""
    return Text("✓".center(len(tag)), "green") if present else Text("·".center(len(tag)), "dim")


def _print_unsqueezed(table: Table, console: Console) -> None:
    """Print ``table`` at its natural width, which may exceed the terminal's, rather than
    squeezed until its columns are bare borders (``crop=False``: lines are not cut)."""
    unbounded = console.options.update_width(1_000_000)
    width = max(Measurement.get(console, unbounded, table).maximum, console.width)
    console.print(Segments(console.render(table, console.options.update_width(width))), crop=False)


def _print_problems(summary: Summary, console: Console) -> None:
    if not summary.problems:
        console.print(f"[green]No problems[/] in {summary.parsed} files parsed.")
        return
    console.print(f"[red]{len(summary.problems)} file(s) with problems:[/]")
    for problem in summary.problems:
        text = Text.assemble((problem.where, "bold"), f": {problem.reason}")
        for line in text.wrap(console, max(console.width - 2, 20)):  # wrapped lines indented
            line.rstrip()
            console.print(Text.assemble("  ", line))


def as_json(summary: Summary, content_dir: str) -> dict[str, Any]:
    """The summary as plain JSON values: every post and every problem, unbounded."""
    return {
        "content_dir": content_dir,
        "files_parsed": summary.parsed,
        "languages": summary.languages,
        "per_language": [
            {
                "language": row.language,
                "translations": row.translations,
                "missing": row.missing,
                "problems": row.problems,
            }
            for row in summary.per_language
        ],
        "posts": [
            {
                "key": post.key,
                "date": post.date,
                "languages": list(post.languages),
                "missing": list(post.missing),
                "problems": post.problems,
            }
            for post in summary.posts
        ],
        "problems": [
            {
                "path": problem.path,
                "line": problem.line,
                "code": problem.code or None,
                "reason": problem.reason,
                "language": problem_place(problem.path)[0],
            }
            for problem in summary.problems
        ],
    }
