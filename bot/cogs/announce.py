"""``/announce set|show|stop``: where new posts are announced, for Manage Server or owners."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.options import LanguageOption
from bot.errors import UserError
from bot.interactions import invoker, respond
from bot.permissions import is_admin
from bot.render import announce_status_embed, message_embed
from bot.service import PostService


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class AnnounceCog(
    commands.GroupCog,
    group_name="announce",
    group_description="Announce new blog posts in a channel (admins only)",
):
    """Announcement settings; every reply is ephemeral. Rights are checked in code."""

    def __init__(self, service: PostService, owner_ids: frozenset[int]) -> None:
        self.service = service
        self.owner_ids = owner_ids
        super().__init__()

    def _check(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.guild_id is None:
            raise UserError("error.guild-only")
        if not is_admin(interaction, self.owner_ids):
            raise UserError("error.not-allowed")

    @app_commands.command(
        name="set",
        description="Announce new posts in a channel, in a language, optionally pinging a role",
    )
    @app_commands.describe(
        channel="The text channel where new posts are announced",
        language="The language of the announcements (default: the server's)",
        role="A role to ping with each announcement (optional)",
    )
    async def set_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        language: LanguageOption | None = None,
        role: discord.Role | None = None,
    ) -> None:
        self._check(interaction)
        if role is not None and role.is_default():
            raise UserError("error.everyone-role")
        if getattr(channel, "type", None) not in (
            discord.ChannelType.text,
            discord.ChannelType.news,
        ):
            raise UserError("error.not-text-channel")
        tag, messages = await self.service.announce_configure(
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
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        self._check(interaction)
        status = await self.service.announce_status(invoker(interaction))
        await respond(interaction, embed=announce_status_embed(status), ephemeral=True)

    @app_commands.command(name="stop", description="Stop announcing new posts in this server")
    async def stop(self, interaction: discord.Interaction[Any]) -> None:
        self._check(interaction)
        was_set, messages = await self.service.announce_stop(invoker(interaction))
        key = "announce.stopped" if was_set else "announce.not-set"
        await respond(interaction, embed=message_embed(messages.text(key)), ephemeral=True)
