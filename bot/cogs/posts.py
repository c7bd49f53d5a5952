"""``/post``, ``/posts`` and ``/latest``: post summaries in each user's language.

Reading works wherever a member can use the app: a server that added it, the bot's DM, and,
for members who added the app to their own account, any server, DM or group DM
(https://discord.com/developers/docs/resources/application#installation-context,
https://discord.com/developers/docs/interactions/application-commands#interaction-contexts).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.options import LanguageOption, choice_name
from bot.cogs.utils import everywhere
from bot.i18n.tags import normalize_tag
from bot.interactions import invoker, respond
from bot.limits import AUTOCOMPLETE_CHOICES, CHOICE_VALUE
from bot.service import PostService
from bot.views import PAGER_TIMEOUT, PostsPager, post_message


class PostsCog(commands.Cog):
    """Reading posts. Each command: parse input, one service call, render, respond."""

    def __init__(self, service: PostService, *, pager_timeout: float = PAGER_TIMEOUT) -> None:
        self.service = service
        self.pager_timeout = pager_timeout

    @app_commands.command(name="post", description="Show a blog post's summary in your language")
    @everywhere()
    @app_commands.describe(
        post="The post's title or slug",
        language="Show it in this language instead of yours (e.g. es, pt-BR, sv)",
    )
    async def post(
        self,
        interaction: discord.Interaction[Any],
        post: str,
        language: LanguageOption | None = None,
    ) -> None:
        reply = await self.service.post(invoker(interaction), text=post, option=language)
        embed, view = post_message(reply)
        await respond(interaction, embed=embed, view=view)

    @post.autocomplete("post")
    async def post_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        language = interaction.namespace.language
        option = normalize_tag(language) if isinstance(language, str) and language else None
        matches = await self.service.title_choices(invoker(interaction), current, option)
        return [
            app_commands.Choice(name=choice_name(match.title), value=match.key)
            for match in matches[:AUTOCOMPLETE_CHOICES]
            if len(match.key) <= CHOICE_VALUE
        ]

    @app_commands.command(name="latest", description="Show the newest blog post")
    @everywhere()
    async def latest(self, interaction: discord.Interaction[Any]) -> None:
        reply = await self.service.latest(invoker(interaction))
        embed, view = post_message(reply)
        await respond(interaction, embed=embed, view=view)

    @app_commands.command(name="posts", description="List the blog's posts, newest first")
    @everywhere()
    async def posts(self, interaction: discord.Interaction[Any]) -> None:
        who = invoker(interaction)
        page = await self.service.posts_page(who, 1)
        pager = PostsPager(self.service, who, page, timeout=self.pager_timeout)
        pager.interaction = interaction
        await respond(interaction, embed=pager.embed(), view=pager if page.pages > 1 else None)
