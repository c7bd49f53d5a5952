"""``/language set|show|reset|server``: a user's preferred language and the server default."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.utils import language_choices
from bot.errors import UserError
from bot.i18n.names import language_name
from bot.i18n.negotiate import Step, closest_language
from bot.interactions import asker, in_time, respond
from bot.permissions import is_admin
from bot.render import message_embed
from bot.service import PostService

_WHY = {
    Step.USER: "language.show.why.user",
    Step.GUILD_DEFAULT: "language.show.why.server",
    Step.LOCALE: "language.show.why.discord",
    Step.GUILD_LOCALE: "language.show.why.server-locale",
    Step.DEFAULT: "language.show.why.default",
    Step.ANY: "language.show.why.any",
}


class LanguageCog(
    commands.GroupCog,
    group_name="language",
    group_description="Choose the language the bot answers in",
):
    """Per-user and per-server language settings; every reply is ephemeral."""

    def __init__(self, service: PostService, owner_ids: frozenset[int]) -> None:
        self.service = service
        self.owner_ids = owner_ids
        super().__init__()

    async def _content_language(self, text: str) -> str:
        """``text`` as one of the content's languages; raises ``UserError`` otherwise."""
        tag = self.service.parse_language(text)
        assert tag is not None
        match = closest_language(tag, await self.service.store.content_languages())
        if match is None:
            raise UserError(
                "error.language-not-available", language=language_name(tag, for_menu=True)
            )
        return match

    async def _reply(
        self,
        interaction: discord.Interaction[Any],
        ui_language: str,
        key: str,
        /,
        **params: object,
    ) -> None:
        messages = self.service.messages(ui_language)
        await respond(
            interaction, embed=message_embed(messages.text(key, **params)), ephemeral=True
        )

    @app_commands.command(name="set", description="Set your language for posts and replies")
    @app_commands.describe(language="A language tag such as es, pt-BR or sv")
    async def set_(self, interaction: discord.Interaction[Any], language: str) -> None:
        tag = await self._content_language(language)
        await in_time(
            interaction,
            self.service.store.set_user_language(interaction.user.id, tag),
            ephemeral=True,
        )
        await self._reply(interaction, tag, "language.set", language=language_name(tag))

    @app_commands.command(name="show", description="Show which language you get, and why")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        who = asker(interaction)
        wanted = await self.service.wanted(who)
        messages = self.service.messages(wanted.tag)
        store = self.service.store
        mine = await store.user_language(who.user_id)
        server = await store.guild_language(who.guild_id) if who.guild_id else None
        lines = [
            messages.text("language.show.user", language=messages.language_name(mine))
            if mine
            else messages.text("language.show.user-none"),
        ]
        if who.guild_id:
            lines.append(
                messages.text("language.show.server", language=messages.language_name(server))
                if server
                else messages.text("language.show.server-none")
            )
        if who.locale:
            lines.append(
                messages.text("language.show.discord", language=messages.language_name(who.locale))
            )
        lines.append("")
        lines.append(
            messages.text("language.show.effective", language=messages.language_name(wanted.tag))
        )
        if wanted.step in _WHY:
            lines.append(messages.text(_WHY[wanted.step]))
        embed = message_embed("\n".join(lines), title=messages.text("language.show.title"))
        await respond(interaction, embed=embed, ephemeral=True)

    @app_commands.command(
        name="reset",
        description="Forget your language choice and follow the server and Discord again",
    )
    async def reset(self, interaction: discord.Interaction[Any]) -> None:
        await in_time(
            interaction,
            self.service.store.set_user_language(interaction.user.id, None),
            ephemeral=True,
        )
        wanted = await self.service.wanted(asker(interaction))
        await self._reply(interaction, wanted.tag, "language.reset")

    @app_commands.command(
        name="server", description="Set this server's default language (admins only)"
    )
    @app_commands.describe(language="A language tag such as es, pt-BR or sv")
    async def server(self, interaction: discord.Interaction[Any], language: str) -> None:
        if interaction.guild_id is None:
            raise UserError("error.guild-only")
        if not is_admin(interaction, self.owner_ids):
            raise UserError("error.not-allowed")
        tag = await self._content_language(language)
        await in_time(
            interaction,
            self.service.store.set_guild_language(interaction.guild_id, tag),
            ephemeral=True,
        )
        await self._reply(interaction, tag, "language.server-set", language=language_name(tag))

    @set_.autocomplete("language")
    @server.autocomplete("language")
    async def language_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await language_choices(self.service, current)
