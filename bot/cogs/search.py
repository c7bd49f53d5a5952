"""``/search query:<text> [language:<tag>]``: full-text search in every content language."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.posts import language_choices
from bot.errors import UserError
from bot.i18n.catalog import Messages
from bot.i18n.names import language_name
from bot.interactions import asker, in_time, respond, respond_error, service_of
from bot.render import COLOUR, EMBED_DESCRIPTION, truncate
from bot.search.query import escape_markdown
from bot.service import PostService, SearchResult
from bot.views import post_message

SEARCH_RATE = (5, 30.0)
"""At most 5 searches per 30 seconds per member."""
QUERY_MAX = 200


def search_embed(query: str, results: list[SearchResult], messages: Messages) -> discord.Embed:
    """The results: each hit's linked title, its language and a highlighted snippet."""
    shown_query = truncate(" ".join(query.split()), 80)
    if not results:
        return discord.Embed(
            description=messages.text("search.no-results", query=escape_markdown(shown_query)),
            colour=COLOUR,
        )
    blocks = []
    for result in results:
        hit = result.hit
        title = escape_markdown(truncate(hit.title, 200)).replace("]", "\\]")
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


class OpenResult(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"search:open"):
    """A menu of the results; picking one shows that post (to the picker, in their language
    when the post has it, else the translation that matched) as /post shows it."""

    def __init__(
        self, options: list[discord.SelectOption] | None = None, placeholder: str | None = None
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id="search:open",
                options=options or [discord.SelectOption(label="…")],
                placeholder=placeholder,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> OpenResult:
        return cls()

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            language, _, key = (self.item.values or [""])[0].partition(":")
            service = service_of(interaction)
            who = asker(interaction)
            wanted = await service.wanted(who)
            available = await service.store.languages_of(key)
            exact = None if wanted.tag in available else language
            reply = await service.post_reply(key, wanted, exact=exact)
            embed, view = post_message(reply, service)
            await respond(interaction, embed=embed, view=view, ephemeral=True)
        except Exception as error:
            await respond_error(interaction, error)


def results_view(results: list[SearchResult], messages: Messages) -> discord.ui.View | None:
    options = [
        discord.SelectOption(
            label=truncate(result.hit.title, 100),
            value=f"{result.hit.language}:{result.hit.key}",
            description=truncate(language_name(result.hit.language, for_menu=True), 100),
        )
        for result in results[:25]
        if len(result.hit.key) + len(result.hit.language) < 100
    ]
    if not options:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(OpenResult(options, truncate(messages.text("search.open"), 150)))
    return view


class SearchCog(commands.Cog):
    """Full-text search."""

    def __init__(self, service: PostService, *, rate: tuple[int, float] = SEARCH_RATE) -> None:
        self.service = service
        self.rate = rate
        self._cooldowns: dict[int, app_commands.Cooldown] = {}

    def _check_cooldown(self, user_id: int) -> None:
        bucket = self._cooldowns.setdefault(user_id, app_commands.Cooldown(*self.rate))
        retry_after = bucket.update_rate_limit()
        if retry_after:
            raise UserError("error.cooldown", seconds=max(1, round(retry_after)))

    @app_commands.command(name="search", description="Search the blog's posts")
    @app_commands.describe(
        query="Words to look for",
        language="Search posts in this language (e.g. es, pt-BR, sv)",
    )
    async def search(
        self, interaction: discord.Interaction[Any], query: str, language: str | None = None
    ) -> None:
        self._check_cooldown(interaction.user.id)
        who = asker(interaction)
        only = self.service.parse_language(language)
        wanted = await self.service.wanted(who, only)
        query = query[:QUERY_MAX]
        results = await in_time(
            interaction, self.service.search(query, wanted, wanted.tag if only else None)
        )
        messages = self.service.messages(wanted.tag)
        view = results_view(results, messages)
        await respond(interaction, embed=search_embed(query, results, messages), view=view)

    @search.autocomplete("language")
    async def language_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await language_choices(self.service, current)
