"""Components: the post's link button and language menu, and the post list's pager.

The language menu is a :class:`discord.ui.DynamicItem`: its custom id carries the post key,
so it keeps working for anyone after a restart. The pager is a timed view only its invoker
can press. Limits (Discord, ``resources/message.md``): custom_id 1-100 characters, 25 select
options, button label 80, option label 100.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import discord

from bot.i18n.catalog import Messages
from bot.i18n.names import language_name
from bot.i18n.negotiate import Wanted
from bot.interactions import asker, respond, respond_error, service_of
from bot.render import PostReply, SearchResult, post_embed, posts_embed, truncate
from bot.service import Asker, PostService

CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
PAGER_TIMEOUT = 300.0


class LanguageSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"post:lang:(?P<key>.+)"
):
    """A menu of the post's languages: the member who ran the command switches the message
    itself; anyone else gets the post in the picked language as a reply only they see."""

    def __init__(
        self,
        key: str,
        options: list[discord.SelectOption] | None = None,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"post:lang:{key}",
                options=options or [discord.SelectOption(label=key)],
                placeholder=placeholder,
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> LanguageSelect:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            values = self.item.values
            language = values[0] if values else ""
            service = service_of(interaction)
            who = asker(interaction)
            wanted = await service.wanted(who)
            reply = await service.post_reply(self.key, wanted, exact=language)
            embed, view = post_message(reply, service)
            # the invoker switches their message; anyone else gets their own copy
            metadata = interaction.message.interaction_metadata if interaction.message else None
            mine = metadata is None or metadata.user.id == interaction.user.id
            await respond(interaction, embed=embed, view=view, edit=mine, ephemeral=not mine)
        except Exception as error:
            await respond_error(interaction, error)


def post_message(reply: PostReply, service: PostService) -> tuple[discord.Embed, discord.ui.View]:
    """The embed and components of a post reply: labels in the shown language, the
    fallback notice (if any) in the wanted one."""
    messages = service.messages(reply.translation.language)
    notice = service.messages(reply.wanted) if reply.fell_back and reply.wanted else None
    return post_embed(reply, messages, notice), post_view(reply, messages)


def post_view(reply: PostReply, messages: Messages) -> discord.ui.View:
    """A "Read the full post" link button and, when the post has other languages, a menu."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=truncate(messages.text("button.read-full-post"), 80),
            url=reply.url,
            style=discord.ButtonStyle.link,
        )
    )
    custom_id = f"post:lang:{reply.translation.key}"
    if len(reply.available) > 1 and len(custom_id) <= CUSTOM_ID_MAX:
        options = [
            discord.SelectOption(
                label=truncate(language_name(tag, for_menu=True), 100),
                value=tag,
                description=truncate(messages.language_name(tag, for_menu=True), 100),
                default=tag == reply.translation.language,
            )
            for tag in reply.available[:SELECT_OPTIONS_MAX]
        ]
        view.add_item(
            LanguageSelect(
                reply.translation.key,
                options,
                truncate(messages.text("select.other-languages"), 150),
            )
        )
    return view


class PostsPager(discord.ui.View):
    """Previous/Next buttons over the post list, for the invoker only, expiring after
    :data:`PAGER_TIMEOUT` seconds (then the buttons are disabled)."""

    def __init__(
        self,
        service: PostService,
        who: Asker,
        wanted: Wanted,
        page: int,
        pages: int,
        messages: Messages,
        *,
        timeout: float = PAGER_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        self.service = service
        self.who = who
        self.wanted = wanted
        self.page = page
        self.pages = pages
        self.messages = messages
        self.interaction: discord.Interaction[Any] | None = None
        self.previous.label = truncate(messages.text("button.previous"), 80)
        self.next.label = truncate(messages.text("button.next"), 80)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def render(self) -> discord.Embed:
        posts, self.pages = await self.service.page(self.page, self.wanted)
        self.page = min(self.page, self.pages)
        self._sync_buttons()
        return posts_embed(posts, self.page, self.pages, self.messages)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.who.user_id:
            return True
        embed = discord.Embed(description=self.messages.text("error.not-your-buttons"))
        await respond(interaction, embed=embed, ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.interaction is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.interaction.edit_original_response(view=self)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await respond_error(interaction, error)

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = min(max(self.page + step, 1), self.pages)
        await respond(interaction, embed=await self.render(), view=self, edit=True)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, +1)


class OpenResult(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"search:open"):
    """A menu of the results; picking one shows that post (to the picker, in their language
    when the post has it, else the translation that matched) as /post shows it."""

    def __init__(
        self, options: list[discord.SelectOption] | None = None, placeholder: str | None = None
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id="search:open",
                options=options or [discord.SelectOption(label="…")],
                placeholder=placeholder,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> OpenResult:
        return cls()

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            language, _, key = (self.item.values or [""])[0].partition(":")
            service = service_of(interaction)
            who = asker(interaction)
            wanted = await service.wanted(who)
            available = await service.store.languages_of(key)
            exact = None if wanted.tag in available else language
            reply = await service.post_reply(key, wanted, exact=exact)
            embed, view = post_message(reply, service)
            await respond(interaction, embed=embed, view=view, ephemeral=True)
        except Exception as error:
            await respond_error(interaction, error)


def results_view(results: list[SearchResult], messages: Messages) -> discord.ui.View | None:
    options = [
        discord.SelectOption(
            label=truncate(result.hit.title, 100),
            value=f"{result.hit.language}:{result.hit.key}",
            description=truncate(language_name(result.hit.language, for_menu=True), 100),
        )
        for result in results[:25]
        if len(result.hit.key) + len(result.hit.language) < 100
    ]
    if not options:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(OpenResult(options, truncate(messages.text("search.open"), 150)))
    return view
