"""Announcing new posts in the channel each server chose (``/announce set``).

After every reload (and every publish time passing), :class:`Announcer` claims, per server,
the posts that server was never told of, checks its permissions in the channel (View Channel,
Send Messages, Embed Links: without Embed Links Discord drops the embed silently), and sends
each as ``/post`` shows it, in the configured language: at most :data:`BURST` messages, then
one listing the rest. Only a configured role is pinged, in the first message only. A missing
channel or permission (also Discord's errors 10003, 50001, 50013) is logged and kept for
``/announce show``; it never stops reloads or other servers. Permissions:
https://discord.com/developers/docs/topics/permissions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord

from bot.announce_records import AnnounceSettings, Claim
from bot.announce_service import AnnounceService
from bot.i18n.catalog import Messages
from bot.reload_report import ReloadReport
from bot.render import announcement_list_embed
from bot.views import post_message

log = logging.getLogger(__name__)

BURST = 5
"""Posts announced one message each; more in one reload are listed in one more message."""
_NEEDED = (
    ("view_channel", "permission.view-channel"),
    ("send_messages", "permission.send-messages"),
    ("embed_links", "permission.embed-links"),
)
Problem = tuple[str, dict[str, str]]


class Announcer:
    """Sends announcements through ``client`` with what ``service`` says is new."""

    def __init__(
        self,
        client: discord.Client,
        service: AnnounceService,
        *,
        sent: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self._on_sent = sent
        self.sent = 0
        """Announcement messages sent since start (for metrics and tests)."""

    async def after_reload(self, report: ReloadReport) -> None:
        """Announce what is new in every server that set announcements up."""
        for settings in await self.service.settings():
            try:
                await self._announce(settings)
            except Exception:
                log.exception("announcing in guild %s failed", settings.guild_id)

    async def _announce(self, settings: AnnounceSettings) -> None:
        guild = self.client.get_guild(settings.guild_id)
        if guild is None:
            return  # not (yet) in that server: its posts stay unclaimed until it is
        claims = await self.service.claim(guild.id)
        if not claims:
            return
        channel = guild.get_channel(settings.channel_id)
        problem = self._check(channel, guild)
        if problem is not None or not isinstance(channel, discord.abc.Messageable):
            problem = problem or ("announce.problem.unknown-channel", {})
            await self._give_up(settings, claims, problem)
            return
        role = guild.get_role(settings.role_id) if settings.role_id else None
        locale = str(guild.preferred_locale)
        pending = list(claims)
        for index, claim in enumerate(claims[:BURST]):
            reply = await self.service.announcement(settings, locale, claim.key)
            embed, view = post_message(reply)
            content = self._content(reply.messages, role if index == 0 else None)
            if not await self._send(settings, pending, channel, content, role, embed, view):
                return
            await self.service.settle(guild.id, [claim], sent=True)
            pending.remove(claim)
        if pending:
            replies = [await self.service.announcement(settings, locale, c.key) for c in pending]
            embed = announcement_list_embed(replies, replies[0].messages)
            if await self._send(settings, pending, channel, None, None, embed, None):
                await self.service.settle(guild.id, pending, sent=True)

    @staticmethod
    def _content(messages: Messages, role: discord.Role | None) -> str:
        text = messages.text("announce.new-post")
        return f"{role.mention} {text}" if role is not None else text

    @staticmethod
    def _check(channel: Any, guild: discord.Guild) -> Problem | None:
        if channel is None:
            return ("announce.problem.unknown-channel", {})
        permissions = channel.permissions_for(guild.me)
        missing = [key for name, key in _NEEDED if not getattr(permissions, name)]
        if missing:
            return (
                "announce.problem.missing-permissions",
                {"channel": channel.mention, "permissions": ",".join(missing)},
            )
        return None

    async def _send(
        self,
        settings: AnnounceSettings,
        pending: list[Claim],
        channel: discord.abc.Messageable,
        content: str | None,
        role: discord.Role | None,
        embed: discord.Embed,
        view: discord.ui.View | None,
    ) -> bool:
        mentions = (
            discord.AllowedMentions(everyone=False, users=False, roles=[role])
            if role is not None
            else discord.AllowedMentions.none()
        )
        extra: dict[str, Any] = {"view": view} if view is not None else {}
        try:
            await channel.send(content=content, embed=embed, allowed_mentions=mentions, **extra)
        except discord.HTTPException as error:
            problem: Problem = (
                ("announce.problem.unknown-channel", {})
                if error.code == 10003
                else ("announce.problem.refused", {"code": str(error.code or error.status)})
            )
            await self._give_up(settings, pending, problem)
            return False
        self.sent += 1
        if self._on_sent is not None:
            self._on_sent()
        return True

    async def _give_up(
        self, settings: AnnounceSettings, claims: list[Claim], problem: Problem
    ) -> None:
        log.warning(
            "could not announce %d post(s) in guild %s channel %s: %s %s",
            len(claims), settings.guild_id, settings.channel_id, problem[0], problem[1],
        )  # fmt: skip
        await self.service.settle(settings.guild_id, claims, sent=False, problem=problem)
