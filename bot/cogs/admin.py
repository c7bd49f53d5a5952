"""``/reload``: re-read CONTENT_DIR, for bot owners and members with Manage Server, in servers
that added the app (:func:`bot.cogs.utils.servers_only`)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.utils import cooldown, servers_only
from bot.content.loader import ContentDirError
from bot.interactions import invoker, respond
from bot.permissions import admin_only
from bot.reloader import Reloader
from bot.render import message_embed, reload_embed
from bot.service import PostService

log = logging.getLogger(__name__)
RELOAD_COOLDOWN = 30.0
"""Seconds between reloads asked from one server (content is shared by all servers)."""


class AdminCog(commands.Cog):
    """Content administration."""

    def __init__(
        self,
        service: PostService,
        reloader: Reloader,
        *,
        cooldown: float = RELOAD_COOLDOWN,
    ) -> None:
        self.service = service
        self.reloader = reloader
        self.rate = (1, cooldown)
        """One reload per server per ``cooldown`` seconds (owners exempt)."""

    @app_commands.command(name="reload", description="Reload the blog content (admins only)")
    @servers_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    @cooldown("AdminCog", per_guild=True)
    async def reload(self, interaction: discord.Interaction[Any]) -> None:
        messages = await self.service.frame(invoker(interaction))
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            report = await self.reloader.reload()
        except ContentDirError as error:
            text = messages.text("reload.failed", reason=str(error))
            await respond(interaction, embed=message_embed(text), ephemeral=True)
            return
        except Exception as error:
            log.exception("reload failed")
            text = messages.text("reload.failed", reason=type(error).__name__)
            await respond(interaction, embed=message_embed(text), ephemeral=True)
            return
        log.info(
            "reload by %s: %d added, %d updated, %d removed, %d problems in %.2fs",
            interaction.user.id,
            len(report.added),
            len(report.updated),
            len(report.removed),
            len(report.problems),
            report.seconds,
        )
        await respond(interaction, embed=reload_embed(report, messages), ephemeral=True)
