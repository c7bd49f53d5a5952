"""``/post``, ``/posts`` and ``/latest``: post summaries in each user's language."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.utils import choice_name, language_choices
from bot.i18n.tags import normalize_tag
from bot.interactions import asker, respond
from bot.service import PostService
from bot.views import PAGER_TIMEOUT, PostsPager, post_message

AUTOCOMPLETE_MAX = 25
CHOICE_NAME_MAX = 100


class PostsCog(commands.Cog):
    """Reading posts."""

    def __init__(self, service: PostService, *, pager_timeout: float = PAGER_TIMEOUT) -> None:
        self.service = service
        self.pager_timeout = pager_timeout

    async def _show(
        self,
        interaction: discord.Interaction[Any],
        key: str | None,
        text: str | None,
        language: str | None,
    ) -> None:
        who = asker(interaction)
        wanted = await self.service.wanted(who, self.service.parse_language(language))
        languages = None
        if key is None:
            key, languages = await self.service.find_post(text or "", wanted)
        reply = await self.service.post_reply(key, wanted, languages=languages)
        embed, view = post_message(reply, self.service)
        await respond(interaction, embed=embed, view=view)

    @app_commands.command(name="post", description="Show a blog post's summary in your language")
    @app_commands.describe(
        post="The post's title or slug",
        language="Show it in this language instead of yours (e.g. es, pt-BR, sv)",
    )
    async def post(
        self, interaction: discord.Interaction[Any], post: str, language: str | None = None
    ) -> None:
        await self._show(interaction, None, post, language)

    @post.autocomplete("post")
    async def post_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        language = interaction.namespace.language
        option = normalize_tag(language) if isinstance(language, str) and language else None
        wanted = await self.service.wanted(asker(interaction), option)
        matches = await self.service.title_choices(current, wanted)
        return [
            app_commands.Choice(name=choice_name(match.title), value=match.key)
            for match in matches[:AUTOCOMPLETE_MAX]
            if len(match.key) <= CHOICE_NAME_MAX
        ]

    @post.autocomplete("language")
    async def post_language_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await language_choices(self.service, current)

    @app_commands.command(name="latest", description="Show the newest blog post")
    async def latest(self, interaction: discord.Interaction[Any]) -> None:
        await self._show(interaction, await self.service.latest_key(), None, None)

    @app_commands.command(name="posts", description="List the blog's posts, newest first")
    async def posts(self, interaction: discord.Interaction[Any]) -> None:
        who = asker(interaction)
        wanted = await self.service.wanted(who)
        messages = self.service.messages(wanted.tag)
        pager = PostsPager(self.service, who, wanted, 1, 1, messages, timeout=self.pager_timeout)
        embed = await pager.render()
        pager.interaction = interaction
        await respond(interaction, embed=embed, view=pager if pager.pages > 1 else None)
