"""Pure rendering: the service's results to ``discord.Embed``, within Discord's limits.

Nothing here does IO or touches SQL. Every text a post or a user supplied passes through
:func:`plain`, the one escaping helper, so it shows literally (Discord's Markdown:
https://support.discord.com/hc/en-us/articles/210298617). Labels come from the result's frame
(:class:`~bot.i18n.catalog.Messages`). Limits come from :mod:`bot.limits`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import discord
from discord.utils import escape_mentions

from bot.content.model import Problem
from bot.i18n.catalog import Messages
from bot.limits import EMBED_DESCRIPTION, EMBED_TITLE, EMBED_TOTAL, FIELD_VALUE
from bot.model import AnnounceStatus, PostReply, PostsPage, SearchPage, Snippet
from bot.reload_report import ReloadReport

__all__ = [
    "message_embed",
    "plain",
    "post_embed",
    "posts_embed",
    "problem_text",
    "reload_embed",
    "search_embed",
    "snippet_markdown",
    "truncate",
]

SUMMARY_BUDGET = 1500
"""Our own cap: a summary is a preview; the post's page has the rest."""
SNIPPET_BUDGET = 300
TITLE_BUDGET = 200
LINK_LABEL_BUDGET = 80
QUERY_SHOWN = 80
COLOUR = discord.Colour(0x2B6CB0)

_MARKDOWN = re.compile(r"([\\*_`~|<>\[\]])")
_LINE_START = re.compile(r"^([ \t]*)([#>+-]|\d+\.)", re.MULTILINE)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _line_start(found: re.Match[str]) -> str:
    mark = found[2]
    escaped = mark[:-1] + "\\." if mark[0].isdigit() else "\\" + mark
    return found[1] + escaped


def plain(text: str) -> str:
    """``text`` shown literally in Discord: ``\\ * _ ` ~ | < > [ ]`` escaped everywhere,
    ``# > + - 1.`` escaped at the start of a line (headings, quotes, lists), and mentions
    defused (``@everyone``, ``<@&id>``). The one escaping helper of the bot."""
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _LINE_START.sub(_line_start, text)
    return escape_mentions(text)


def _lines_within(lines: Iterable[str], limit: int) -> str:
    """Join whole lines while they fit in ``limit`` characters (a field value, 1024); a
    generator is read no further than the first line that does not fit."""
    kept: list[str] = []
    size = 0
    for line in lines:
        extra = len(line) + (1 if kept else 0)
        if size + extra > limit:
            break
        kept.append(line)
        size += extra
    return "\n".join(kept)


def _link(label: str, url: str) -> str:
    """A masked link, or ``label: <url>`` when the URL's parentheses would end it early."""
    return f"[{label}]({url})" if "(" not in url and ")" not in url else f"{label}: <{url}>"


def post_embed(reply: PostReply) -> discord.Embed:
    """The embed for one post: title linking to the post, the summary (after a fallback
    notice when the wanted language is missing: "Not available in English, showing
    Swedish."), cover image, date, keywords, links and the other languages.

    Labels, the notice, the date and language names are in the reply's frame; the post's own
    text stays as the translation has it. The result always fits Discord's embed limits.
    """
    t = reply.translation
    messages = reply.messages
    description = plain(truncate(t.summary, SUMMARY_BUDGET))
    if reply.fell_back and reply.wanted is not None:
        notice = messages.text(
            "notice.fallback",
            wanted=messages.language_name(reply.wanted),
            shown=messages.language_name(t.language),
        )
        description = f"*{notice}*\n\n{description}"
    embed = discord.Embed(
        title=truncate(t.title, EMBED_TITLE), url=reply.url, description=description, colour=COLOUR
    )
    if t.image:
        embed.set_image(url=t.image)
    if t.date is not None:
        embed.add_field(name=messages.text("embed.date"), value=messages.date(t.date))
    if t.keywords:
        keywords = ", ".join(plain(keyword) for keyword in t.keywords)
        embed.add_field(
            name=messages.text("embed.keywords"),
            value=truncate(keywords, FIELD_VALUE),
            inline=False,
        )
    links = (  # rendered as far as they fit: a long post has dozens
        _link(plain(truncate(" ".join(link.text.split()) or link.url, LINK_LABEL_BUDGET)), link.url)
        for link in t.links
    )
    if value := _lines_within(links, FIELD_VALUE):
        embed.add_field(name=messages.text("embed.links"), value=value, inline=False)
    others = [tag for tag in reply.available if tag != t.language]
    if others:
        names = ", ".join(messages.language_name(tag, for_menu=True) for tag in others)
        embed.add_field(
            name=messages.text("embed.languages"), value=truncate(names, FIELD_VALUE), inline=False
        )
    return _fit(embed)


def _fit(embed: discord.Embed) -> discord.Embed:
    """Shorten the description until the whole embed is within Discord's 6000 characters."""
    excess = len(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        embed.description = truncate(embed.description, max(1, len(embed.description) - excess))
    return embed


def posts_embed(page: PostsPage) -> discord.Embed:
    """A page of the post list: one line per post (date in the frame, linked title)."""
    messages = page.messages
    if not page.posts:
        return discord.Embed(
            title=messages.text("posts.title"),
            description=messages.text("posts.empty"),
            colour=COLOUR,
        )
    lines = []
    for post in page.posts:
        date = messages.date(post.date, format="medium") if post.date else "—"
        title = messages.inline(plain(truncate(post.title, TITLE_BUDGET)))
        lines.append(f"`{date}` {_link(title, post.url)}")
    embed = discord.Embed(
        title=messages.text("posts.title"),
        description=_lines_within(lines, EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text=messages.text("posts.page", page=page.page, pages=page.pages))
    return embed


def message_embed(text: str, *, title: str | None = None) -> discord.Embed:
    """A plain embed for a short notice (errors, confirmations)."""
    return discord.Embed(
        title=truncate(title, EMBED_TITLE) if title else None,
        description=truncate(text, EMBED_DESCRIPTION),
        colour=COLOUR,
    )


def reload_embed(report: ReloadReport, messages: Messages) -> discord.Embed:
    """The /reload report: the posts added, updated and removed (``key (lang)``) as fields,
    and every broken file with its reason in the description, within Discord's limits."""
    embed = discord.Embed(title=messages.text("reload.title"), colour=COLOUR)
    for key, pairs in (
        ("reload.added", report.added),
        ("reload.updated", report.updated),
        ("reload.removed", report.removed),
    ):
        if pairs:
            # rendered only as far as the field holds them: a site-wide edit updates thousands
            posts = (messages.inline(f"`{_code(post)}` ({language})") for post, language in pairs)
            embed.add_field(
                name=messages.plural(key, len(pairs)),
                value=_lines_within(posts, FIELD_VALUE) or "…",
                inline=False,
            )
    embed.description = _lines_within(_problem_lines(report, messages), EMBED_DESCRIPTION)
    return _fit(embed)


def _problem_lines(report: ReloadReport, messages: Messages) -> Iterator[str]:
    """The report's description, line by line, made only as far as it is read."""
    if report.problems:
        yield "**" + messages.plural("reload.problems", len(report.problems)) + "**"
    for problem in report.problems:
        where = messages.inline(f"`{_code(problem.where)}`")
        yield f"{where}: {plain(truncate(problem_text(problem, messages), 300))}"
        if problem.path in report.kept:
            yield "↳ " + messages.text("reload.kept", path=plain(problem.path))
    if not report.changed and not report.problems:
        yield messages.text("reload.unchanged")


def problem_text(problem: Problem, messages: Messages) -> str:
    """Why a file is broken, in the admin's language when the catalog knows the kind
    (``problem.<code>``), else the parser's English reason."""
    if problem.code:
        try:
            return messages.text(f"problem.{problem.code}", **dict(problem.params))
        except KeyError:
            pass
    return problem.reason


def _code(text: str) -> str:
    """``text`` safe inside a Markdown code span (which cannot escape a backtick)."""
    return text.replace("`", "'")


def snippet_markdown(snippet: Snippet, limit: int = SNIPPET_BUDGET) -> str:
    """A search snippet as Discord Markdown: at most ``limit`` characters of its text (cut at
    a word, with ``…``), each run escaped with :func:`plain`, the matched runs in bold."""
    parts: list[str] = []
    left = limit
    for text, matched in snippet:
        if left <= 1:
            break
        piece = truncate(text, left) if len(text) > left else text
        left -= len(piece)
        escaped = plain(piece)
        if matched and piece.strip():
            core = escaped.strip()
            escaped = escaped.replace(core, f"**{core}**", 1)
        parts.append(escaped)
    return "".join(parts)


def search_embed(page: SearchPage) -> discord.Embed:
    """The results: each hit's linked title, its language and a highlighted snippet."""
    messages = page.messages
    shown_query = truncate(" ".join(page.query.split()), QUERY_SHOWN)
    if not page.results:
        return discord.Embed(
            description=messages.text("search.no-results", query=plain(shown_query)),
            colour=COLOUR,
        )
    description = ""
    for result in page.results:
        title = messages.inline(plain(truncate(result.title, TITLE_BUDGET)))
        name = messages.language_name(result.language, for_menu=True)
        block = f"**{_link(title, result.url)}** · {name}"
        if snippet := snippet_markdown(result.snippet):
            block += "\n" + snippet
        candidate = f"{description}\n\n{block}" if description else block
        if len(candidate) > EMBED_DESCRIPTION:
            break
        description = candidate
    return discord.Embed(
        title=truncate(messages.text("search.title", query=shown_query), EMBED_TITLE),
        description=description,
        colour=COLOUR,
    )


def announcement_list_embed(replies: Sequence[PostReply], messages: Messages) -> discord.Embed:
    """The one message after a burst of announcements: "And 35 more new posts", one linked
    title a line (in each post's translation shown), within Discord's limits."""
    lines = [
        _link(messages.inline(plain(truncate(reply.translation.title, TITLE_BUDGET))), reply.url)
        for reply in replies
    ]
    return discord.Embed(
        title=truncate(messages.plural("announce.more", len(replies)), EMBED_TITLE),
        description=_lines_within(lines, EMBED_DESCRIPTION),
        colour=COLOUR,
    )


def announce_status_embed(status: AnnounceStatus) -> discord.Embed:
    """``/announce show``: the channel, language, role, last problem and posts given up on."""
    messages = status.messages
    if not status.configured:
        return message_embed(messages.text("announce.not-set"))
    lines: list[str] = [
        messages.text("announce.show.channel", channel=f"<#{status.channel_id}>"),
        messages.text("announce.show.language", language=messages.language_name(status.language)),
        messages.text("announce.show.role", role=f"<@&{status.role_id}>")
        if status.role_id
        else messages.text("announce.show.no-role"),
        messages.text("announce.show.problem", problem=problem_line(status.problem, messages))
        if status.problem
        else messages.text("announce.show.no-problem"),
    ]
    if status.failed:
        posts = ", ".join(f"`{_code(key)}`" for key in status.failed)
        lines.append(messages.text("announce.show.failed", posts=truncate(posts, 1000)))
    return message_embed("\n".join(lines), title=messages.text("announce.show.title"))


def problem_line(problem: tuple[str, dict[str, str]] | None, messages: Messages) -> str:
    """An announcement problem (a catalog key and parameters) in the reader's language;
    permission names, stored as catalog keys, are named as Discord names them there."""
    if problem is None:
        return ""
    key, params = problem
    values = dict(params)
    if "permissions" in values:
        names = [messages.text(name) for name in values["permissions"].split(",") if name]
        values["permissions"] = ", ".join(names)
    try:
        return messages.text(key, **values)
    except KeyError:
        return key
