"""Components: the post's link button and language menu, and the post list's pager.

The language menu is a :class:`discord.ui.DynamicItem`: its custom id carries the post key,
so it keeps working for anyone after a restart. The pager is a timed view only its invoker
can press. Every label is in the result's frame; limits come from :mod:`bot.limits`.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import discord

from bot.i18n.names import language_name
from bot.interactions import invoker, respond, respond_error, service_of
from bot.limits import (
    BUTTON_LABEL,
    CUSTOM_ID,
    SELECT_OPTION_DESCRIPTION,
    SELECT_OPTION_LABEL,
    SELECT_OPTIONS,
    SELECT_PLACEHOLDER,
)
from bot.model import Invoker, PostReply, PostsPage, SearchPage
from bot.render import post_embed, posts_embed, truncate
from bot.service import PostService

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
            reply = await service.post(invoker(interaction), key=self.key, exact=language)
            embed, view = post_message(reply)
            # the invoker switches their message; anyone else gets their own copy
            metadata = interaction.message.interaction_metadata if interaction.message else None
            # (an announcement has no invoker: everyone gets their own copy)
            mine = metadata is not None and metadata.user.id == interaction.user.id
            await respond(interaction, embed=embed, view=view, edit=mine, ephemeral=not mine)
        except Exception as error:
            await respond_error(interaction, error)


def post_message(reply: PostReply) -> tuple[discord.Embed, discord.ui.View]:
    """The embed and components of a post reply, all in the reply's frame."""
    return post_embed(reply), post_view(reply)


def post_view(reply: PostReply) -> discord.ui.View:
    """A "Read the full post" link button and, when the post has other languages, a menu
    whose options show each language by its own name, described in the frame's language."""
    messages = reply.messages
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=truncate(messages.text("button.read-full-post"), BUTTON_LABEL),
            url=reply.url,
            style=discord.ButtonStyle.link,
        )
    )
    custom_id = f"post:lang:{reply.translation.key}"
    if len(reply.available) > 1 and len(custom_id) <= CUSTOM_ID:
        options = [
            discord.SelectOption(
                label=truncate(language_name(tag, for_menu=True), SELECT_OPTION_LABEL),
                value=tag,
                description=truncate(
                    messages.language_name(tag, for_menu=True), SELECT_OPTION_DESCRIPTION
                ),
                default=tag == reply.translation.language,
            )
            for tag in reply.available[:SELECT_OPTIONS]
        ]
        placeholder = truncate(messages.text("select.other-languages"), SELECT_PLACEHOLDER)
        view.add_item(LanguageSelect(reply.translation.key, options, placeholder))
    return view


class PostsPager(discord.ui.View):
    """Previous/Next buttons over the post list, for the invoker only, expiring after
    :data:`PAGER_TIMEOUT` seconds (then the buttons are disabled)."""

    def __init__(
        self,
        service: PostService,
        who: Invoker,
        page: PostsPage,
        *,
        timeout: float = PAGER_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        self.service = service
        self.who = who
        self.current = page
        self.interaction: discord.Interaction[Any] | None = None
        self.previous.label = truncate(page.messages.text("button.previous"), BUTTON_LABEL)
        self.next.label = truncate(page.messages.text("button.next"), BUTTON_LABEL)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.current.page <= 1
        self.next.disabled = self.current.page >= self.current.pages

    def embed(self) -> discord.Embed:
        """The current page as an embed."""
        return posts_embed(self.current)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.who.user_id:
            return True
        messages = await self.service.frame(invoker(interaction))
        embed = discord.Embed(description=messages.text("error.not-your-buttons"))
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
        self.current = await self.service.posts_page(self.who, self.current.page + step)
        self._sync_buttons()
        await respond(interaction, embed=self.embed(), view=self, edit=True)

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
            reply = await service.post(invoker(interaction), key=key, matched=language)
            embed, view = post_message(reply)
            await respond(interaction, embed=embed, view=view, ephemeral=True)
        except Exception as error:
            await respond_error(interaction, error)


def results_view(page: SearchPage) -> discord.ui.View | None:
    """A menu of the results (title, language in the frame) that opens one as /post does."""
    messages = page.messages
    options = [
        discord.SelectOption(
            label=truncate(result.title, SELECT_OPTION_LABEL),
            value=value,
            description=truncate(
                messages.language_name(result.language, for_menu=True), SELECT_OPTION_DESCRIPTION
            ),
        )
        for result in page.results[:SELECT_OPTIONS]
        if len(value := f"{result.language}:{result.key}") <= SELECT_OPTION_LABEL
    ]
    if not options:
        return None
    view = discord.ui.View(timeout=None)
    placeholder = truncate(messages.text("search.open"), SELECT_PLACEHOLDER)
    view.add_item(OpenResult(options, placeholder))
    return view
