"""Pure rendering: posts and lists to ``discord.Embed``, with Discord's limits enforced here.

Nothing here does IO. Limits come from Discord's API documentation (``discord-api-docs``,
``resources/message.md``: embed limits) as summarised in ``shared/discord-rules.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.content.model import Problem, Translation
from bot.i18n.catalog import Messages
from bot.i18n.dates import format_date
from bot.i18n.names import language_name
from bot.reload_report import ReloadReport
from bot.search import Hit
from bot.search.query import escape_markdown as search_escape

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_VALUE = 1024
EMBED_TOTAL = 6000
SUMMARY_BUDGET = 1500
"""Our own cap: a summary is a preview; the post's page has the rest."""
COLOUR = discord.Colour(0x2B6CB0)


@dataclass(frozen=True, slots=True)
class PostReply:
    """Everything a post reply shows: the translation shown, its URL, the language wanted
    (``None`` when no notice is due) and every language the post exists in."""

    translation: Translation
    url: str
    available: tuple[str, ...]
    wanted: str | None = None

    @property
    def fell_back(self) -> bool:
        return self.wanted is not None and self.wanted != self.translation.language


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def plain(text: str) -> str:
    """``text`` shown literally in Discord: Markdown characters escaped and mentions
    defused (a summary is plain text; ``*``, ``[x](y)``, ``<@&id>`` in it must not render)."""
    return escape_mentions(escape_markdown(text, ignore_links=False))


def _lines_within(lines: Sequence[str], limit: int) -> str:
    """Join whole lines while they fit in ``limit`` characters (a field value, 1024)."""
    kept: list[str] = []
    size = 0
    for line in lines:
        extra = len(line) + (1 if kept else 0)
        if size + extra > limit:
            break
        kept.append(line)
        size += extra
    return "\n".join(kept)


def _link_line(text: str, url: str) -> str:
    label = escape_markdown(truncate(" ".join(text.split()) or url, 80)).replace("]", "\\]")
    return f"[{label}]({url})" if "(" not in url and ")" not in url else f"{label}: <{url}>"


def post_embed(
    reply: PostReply, messages: Messages, notice_messages: Messages | None = None
) -> discord.Embed:
    """The embed for one post: title linking to the post, the summary (with a fallback
    notice when the wanted language is missing), cover image, date, keywords and links.

    Labels use ``messages`` (the shown language's UI strings); the fallback notice uses
    ``notice_messages`` (the wanted language's, so the reader understands why), naming both
    languages in that language: "Not available in English, showing Swedish."

    The result always fits Discord's embed limits (title 256, description 4096, field value
    1024, 6000 in all).
    """
    t = reply.translation
    description = plain(truncate(t.summary, SUMMARY_BUDGET))
    if reply.fell_back and reply.wanted is not None:
        speaker = notice_messages or messages
        notice = speaker.text(
            "notice.fallback",
            wanted=speaker.language_name(reply.wanted),
            shown=speaker.language_name(t.language),
        )
        description = f"*{notice}*\n\n{description}"
    embed = discord.Embed(
        title=truncate(t.title, EMBED_TITLE),
        url=reply.url,
        description=description,
        colour=COLOUR,
    )
    if t.image:
        embed.set_image(url=t.image)
    if t.date is not None:
        embed.add_field(name=messages.text("embed.date"), value=format_date(t.date, t.language))
    if t.keywords:
        embed.add_field(
            name=messages.text("embed.keywords"),
            value=truncate(", ".join(escape_markdown(k) for k in t.keywords), FIELD_VALUE),
            inline=False,
        )
    links = _lines_within([_link_line(link.text, link.url) for link in t.links], FIELD_VALUE)
    if links:
        embed.add_field(name=messages.text("embed.links"), value=links, inline=False)
    others = [language for language in reply.available if language != t.language]
    if others:
        names = ", ".join(language_name(tag, for_menu=True) for tag in others)
        embed.add_field(
            name=messages.text("embed.languages"),
            value=truncate(names, FIELD_VALUE),
            inline=False,
        )
    return _fit(embed)


def _fit(embed: discord.Embed) -> discord.Embed:
    """Shorten the description until the whole embed is within Discord's 6000 characters."""
    excess = len(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        embed.description = truncate(embed.description, max(1, len(embed.description) - excess))
    return embed


@dataclass(frozen=True, slots=True)
class ListedPost:
    """One line of a post list: title in the chosen language, its URL and date."""

    key: str
    title: str
    url: str
    language: str
    date: dt.date | None


def posts_embed(
    posts: Sequence[ListedPost], page: int, pages: int, messages: Messages
) -> discord.Embed:
    """A page of the post list: one line per post (date, linked title), ``page`` 1-based."""
    if not posts:
        return discord.Embed(
            title=messages.text("posts.title"),
            description=messages.text("posts.empty"),
            colour=COLOUR,
        )
    lines = []
    for post in posts:
        date = format_date(post.date, post.language, format="medium") if post.date else "—"
        title = escape_markdown(truncate(post.title, 200)).replace("]", "\\]")
        lines.append(f"`{date}` [{title}]({post.url})")
    embed = discord.Embed(
        title=messages.text("posts.title"),
        description=_lines_within(lines, EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text=messages.text("posts.page", page=page, pages=pages))
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
            lines = [f"`{_code(post)}` ({language})" for post, language in pairs]
            embed.add_field(
                name=messages.plural(key, len(pairs)),
                value=_lines_within(lines, FIELD_VALUE) or "…",
                inline=False,
            )
    lines = []
    if report.problems:
        lines.append("**" + messages.plural("reload.problems", len(report.problems)) + "**")
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        lines.append(f"`{_code(where)}`: {plain(truncate(problem_text(problem, messages), 300))}")
        if problem.path in report.kept:
            lines.append("↳ " + messages.text("reload.kept", path=plain(problem.path)))
    if not report.changed and not report.problems:
        lines.append(messages.text("reload.unchanged"))
    embed.description = _lines_within(lines, EMBED_DESCRIPTION)
    return _fit(embed)


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


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A search hit and the public URL of the translation it found."""

    hit: Hit
    url: str


def search_embed(query: str, results: list[SearchResult], messages: Messages) -> discord.Embed:
    """The results: each hit's linked title, its language and a highlighted snippet."""
    shown_query = truncate(" ".join(query.split()), 80)
    if not results:
        return discord.Embed(
            description=messages.text("search.no-results", query=search_escape(shown_query)),
            colour=COLOUR,
        )
    blocks = []
    for result in results:
        hit = result.hit
        title = search_escape(truncate(hit.title, 200)).replace("]", "\\]")
        name = language_name(hit.language, for_menu=True)
        block = f"**[{title}]({result.url})** · {name}"
        if hit.snippet:
            snippet = truncate(hit.snippet.replace("\n", " "), 300)
            if snippet.count("**") % 2:  # the cut fell inside a highlight: close it
                snippet += "**"
            block += "\n" + snippet
        blocks.append(block)
    description = ""
    for block in blocks:
        candidate = f"{description}\n\n{block}" if description else block
        if len(candidate) > EMBED_DESCRIPTION:
            break
        description = candidate
    return discord.Embed(
        title=truncate(messages.text("search.title", query=shown_query), 256),
        description=description,
        colour=COLOUR,
    )
