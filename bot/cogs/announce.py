"""``/announce set|show|stop``: where new posts are announced, for Manage Server or owners, in
servers that added the app (:func:`bot.cogs.utils.servers_only`)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.announce_service import AnnounceService
from bot.cogs.options import LanguageOption
from bot.cogs.utils import servers_only
from bot.errors import UserError
from bot.interactions import invoker, respond
from bot.permissions import admin_only
from bot.render import announce_status_embed, message_embed


@servers_only()
@app_commands.default_permissions(manage_guild=True)
class AnnounceCog(
    commands.GroupCog,
    group_name="announce",
    group_description="Announce new blog posts in a channel (admins only)",
):
    """Announcement settings; every reply is ephemeral. Rights are checked in code."""

    def __init__(self, service: AnnounceService) -> None:
        self.service = service
        super().__init__()

    @app_commands.command(
        name="set",
        description="Announce new posts in a channel, in a language, optionally pinging a role",
    )
    @app_commands.describe(
        channel="The text channel where new posts are announced",
        language="The language of the announcements (default: the server's)",
        role="A role to ping with each announcement (optional)",
    )
    @admin_only(guild=True)
    async def set_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        language: LanguageOption | None = None,
        role: discord.Role | None = None,
    ) -> None:
        if role is not None and role.is_default():
            raise UserError("error.everyone-role")
        if getattr(channel, "type", None) not in (
            discord.ChannelType.text,
            discord.ChannelType.news,
        ):
            raise UserError("error.not-text-channel")
        tag, messages = await self.service.configure(
            invoker(interaction), channel.id, language, role.id if role else None
        )
        name = messages.language_name(tag)
        text = (
            messages.text("announce.set-role", channel=channel.mention, language=name,
                          role=role.mention)
            if role is not None
            else messages.text("announce.set", channel=channel.mention, language=name)
        )  # fmt: skip
        await respond(interaction, embed=message_embed(text), ephemeral=True)

    @app_commands.command(name="show", description="Show where and how new posts are announced")
    @admin_only(guild=True)
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        status = await self.service.status(invoker(interaction))
        await respond(interaction, embed=announce_status_embed(status), ephemeral=True)

    @app_commands.command(name="stop", description="Stop announcing new posts in this server")
    @admin_only(guild=True)
    async def stop(self, interaction: discord.Interaction[Any]) -> None:
        was_set, messages = await self.service.stop(invoker(interaction))
        key = "announce.stopped" if was_set else "announce.not-set"
        await respond(interaction, embed=message_embed(messages.text(key)), ephemeral=True)
