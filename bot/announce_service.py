"""Announcement use cases: the service's door to the announcement ledger.

:class:`AnnounceService` sits beside :class:`~bot.service.PostService` and uses it for what
both need (the reader's frame, content languages, a post as ``/post`` shows it). Raises
:class:`~bot.errors.UserError` for anything the admin should be told.
"""

from __future__ import annotations

from dataclasses import replace

from bot.errors import UserError
from bot.i18n.catalog import Messages
from bot.model import AnnounceStatus, Invoker, PostReply
from bot.service import PostService
from bot.store import AnnounceSettings, Claim, Store


class AnnounceService:
    """Announcement settings and what to announce, over the store's ledger."""

    def __init__(self, store: Store, posts: PostService) -> None:
        self._ledger = store.announcements
        self.posts = posts

    async def configure(
        self, invoker: Invoker, channel_id: int, language: str | None, role_id: int | None
    ) -> tuple[str, Messages]:
        """Announce new posts of the invoker's guild in ``channel_id`` (the caller checks
        rights and the channel's kind); posts visible now are not announced. Returns the
        language announcements will use and the invoker's frame."""
        if invoker.guild_id is None:
            raise UserError("error.guild-only")
        messages = await self.posts.frame(invoker)
        tag = await self.posts.content_language(language, messages) if language else None
        await self._ledger.configure(invoker.guild_id, channel_id, tag, role_id)
        if tag is None:
            tag = await self.posts.server_language(invoker.guild_id, invoker.guild_locale)
        return tag, messages

    async def stop(self, invoker: Invoker) -> tuple[bool, Messages]:
        """Stop announcing in the invoker's guild; returns whether it was set up."""
        if invoker.guild_id is None:
            raise UserError("error.guild-only")
        return await self._ledger.stop(invoker.guild_id), await self.posts.frame(invoker)

    async def settings(self) -> list[AnnounceSettings]:
        """The announcement settings of every guild."""
        return await self._ledger.settings()

    async def status(self, invoker: Invoker) -> AnnounceStatus:
        """What ``/announce show`` tells the invoker, in their frame."""
        if invoker.guild_id is None:
            raise UserError("error.guild-only")
        messages = await self.posts.frame(invoker)
        found = await self._ledger.settings(invoker.guild_id)
        if not found:
            return AnnounceStatus(configured=False, messages=messages)
        settings = found[0]
        language = settings.language or await self.posts.server_language(
            invoker.guild_id, invoker.guild_locale
        )
        return AnnounceStatus(
            True, messages, settings.channel_id, language, settings.role_id,
            settings.problem, settings.failed,
        )  # fmt: skip

    async def claim(self, guild_id: int) -> list[Claim]:
        """The posts to announce now in ``guild_id``, claimed before anything is sent (see
        :class:`~bot.store.announcements.AnnouncementLedger`)."""
        return await self._ledger.claim(guild_id)

    async def settle(
        self,
        guild_id: int,
        claims: list[Claim],
        *,
        sent: bool,
        problem: tuple[str, dict[str, str]] | None = None,
    ) -> None:
        """Record how sending ``claims`` went."""
        await self._ledger.settle(guild_id, claims, sent, problem)

    async def announcement(
        self, settings: AnnounceSettings, guild_locale: str | None, key: str
    ) -> PostReply:
        """Post ``key`` as its announcement shows it: in the configured language (else the
        server's by the usual order), with the usual fallback; the frame in that language."""
        language = settings.language or await self.posts.server_language(
            settings.guild_id, guild_locale
        )
        server = Invoker(0, settings.guild_id, None, guild_locale)
        reply = await self.posts.post(server, key=key, option=language)
        return replace(reply, messages=self.posts.catalogs.for_locale(language))
