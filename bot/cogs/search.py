"""``/search query:<text> [language:<tag>]``: full-text search in every content language."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.utils import Cooldowns, language_choices
from bot.interactions import asker, in_time, respond
from bot.render import search_embed
from bot.service import PostService
from bot.views import results_view

SEARCH_RATE = (5, 30.0)
"""At most 5 searches per 30 seconds per member."""
QUERY_MAX = 200


class SearchCog(commands.Cog):
    """Full-text search."""

    def __init__(self, service: PostService, *, rate: tuple[int, float] = SEARCH_RATE) -> None:
        self.service = service
        self.cooldowns = Cooldowns(*rate)

    @app_commands.command(name="search", description="Search the blog's posts")
    @app_commands.describe(
        query="Words to look for",
        language="Search posts in this language (e.g. es, pt-BR, sv)",
    )
    async def search(
        self, interaction: discord.Interaction[Any], query: str, language: str | None = None
    ) -> None:
        self.cooldowns.check(interaction.user.id)
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
