"""``/search query:<text> [language:<tag>]``: full-text search in every content language,
wherever the app can be used (:func:`bot.cogs.utils.everywhere`)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.options import LanguageOption
from bot.cogs.utils import cooldown, everywhere
from bot.interactions import in_time, invoker, respond
from bot.render import search_embed
from bot.service import PostService
from bot.views import results_view

SEARCH_RATE = (5, 30.0)
"""At most 5 searches per 30 seconds per member."""


class SearchCog(commands.Cog):
    """Full-text search."""

    def __init__(self, service: PostService, *, rate: tuple[int, float] = SEARCH_RATE) -> None:
        self.service = service
        self.rate = rate

    @app_commands.command(name="search", description="Search the blog's posts")
    @everywhere()
    @cooldown("SearchCog")
    @app_commands.describe(
        query="Words to look for",
        language="Search posts in this language (e.g. es, pt-BR, sv)",
    )
    async def search(
        self,
        interaction: discord.Interaction[Any],
        query: str,
        language: LanguageOption | None = None,
    ) -> None:
        page = await in_time(
            interaction, self.service.search(invoker(interaction), query, language)
        )
        await respond(interaction, embed=search_embed(page), view=results_view(page))
