"""``/language set|show|reset|server``: a user's preferred language and the server default.

The group is offered wherever the app can be used (:func:`bot.cogs.utils.everywhere`): a
member's own choice travels with them. ``/language server`` changes a server that added the
app, so it refuses anywhere else (``admin_only(guild=True)``).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.options import LanguageOption
from bot.cogs.utils import everywhere
from bot.i18n.catalog import Messages
from bot.i18n.negotiate import Step
from bot.interactions import in_time, invoker, respond
from bot.model import LanguageStatus
from bot.permissions import admin_only
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


def status_embed(status: LanguageStatus) -> discord.Embed:
    """``/language show``: each saved choice, the Discord language, the content language that
    wins and why, and the language of the bot's own words."""
    messages = status.messages
    name = messages.language_name
    lines = [
        messages.text("language.show.user", language=name(status.user_language))
        if status.user_language
        else messages.text("language.show.user-none"),
    ]
    if status.in_guild:
        lines.append(
            messages.text("language.show.server", language=name(status.guild_language))
            if status.guild_language
            else messages.text("language.show.server-none")
        )
    if status.locale:
        lines.append(messages.text("language.show.discord", language=name(status.locale)))
    lines.append("")
    lines.append(messages.text("language.show.effective", language=name(status.effective)))
    if status.step in _WHY:
        lines.append(messages.text(_WHY[status.step]))
    lines.append(messages.text("language.show.interface", language=name(messages.tag)))
    return message_embed("\n".join(lines), title=messages.text("language.show.title"))


@everywhere()
class LanguageCog(
    commands.GroupCog,
    group_name="language",
    group_description="Choose the language the bot answers in",
):
    """Per-user and per-server language settings; every reply is ephemeral. Install types and
    contexts are the group's: Discord reads them on top-level commands only."""

    def __init__(self, service: PostService) -> None:
        self.service = service
        super().__init__()

    @staticmethod
    async def _reply(
        interaction: discord.Interaction[Any], messages: Messages, key: str, /, **params: object
    ) -> None:
        embed = message_embed(messages.text(key, **params))
        await respond(interaction, embed=embed, ephemeral=True)

    @app_commands.command(name="set", description="Set your language for posts and replies")
    @app_commands.describe(language="A language tag such as es, pt-BR or sv")
    async def set_(self, interaction: discord.Interaction[Any], language: LanguageOption) -> None:
        work = self.service.set_user_language(invoker(interaction), language)
        tag, messages = await in_time(interaction, work, ephemeral=True)
        await self._reply(
            interaction, messages, "language.set", language=messages.language_name(tag)
        )

    @app_commands.command(name="show", description="Show which language you get, and why")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        status = await self.service.language_status(invoker(interaction))
        await respond(interaction, embed=status_embed(status), ephemeral=True)

    @app_commands.command(
        name="reset",
        description="Forget your language choice and follow the server and Discord again",
    )
    async def reset(self, interaction: discord.Interaction[Any]) -> None:
        work = self.service.reset_user_language(invoker(interaction))
        messages = await in_time(interaction, work, ephemeral=True)
        await self._reply(interaction, messages, "language.reset")

    @app_commands.command(
        name="server", description="Set this server's default language (admins only)"
    )
    @app_commands.describe(language="A language tag such as es, pt-BR or sv")
    @admin_only(guild=True)
    async def server(self, interaction: discord.Interaction[Any], language: LanguageOption) -> None:
        work = self.service.set_guild_language(invoker(interaction), language)
        tag, messages = await in_time(interaction, work, ephemeral=True)
        name = messages.language_name(tag)
        await self._reply(interaction, messages, "language.server-set", language=name)
