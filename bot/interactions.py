"""Small glue between discord.py interactions and the service: the invoker, how to answer.

Every reply goes out through :func:`respond`, so allowed mentions are always none and a reply
after a deferral or an earlier response becomes an edit or a follow-up instead of a 40060.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

import discord
from discord import app_commands

from bot.errors import UserError
from bot.limits import INTERACTION_DEADLINE
from bot.model import Invoker
from bot.render import message_embed, plain
from bot.service import PostService

log = logging.getLogger(__name__)
T = TypeVar("T")
NO_MENTIONS = discord.AllowedMentions.none()


class HasService(Protocol):
    service: PostService


def service_of(interaction: discord.Interaction[Any]) -> PostService:
    """The :class:`PostService` of the bot that received ``interaction``."""
    client: HasService = interaction.client
    return client.service


def invoker(interaction: discord.Interaction[Any]) -> Invoker:
    """The plain facts about the invoking user, from the interaction payload."""
    return Invoker(
        user_id=interaction.user.id,
        guild_id=interaction.guild_id,
        locale=str(interaction.locale),
        guild_locale=str(interaction.guild_locale) if interaction.guild_id else None,
    )


SLOW_AFTER = INTERACTION_DEADLINE / 2
"""Seconds of work after which a command defers its reply (Discord allows 3 s to answer)."""


async def in_time(
    interaction: discord.Interaction[Any], work: Awaitable[T], *, ephemeral: bool = False
) -> T:
    """Await ``work``; if it takes more than :data:`SLOW_AFTER` seconds, defer the reply
    first so the interaction stays valid (:func:`respond` then edits the deferred reply)."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=SLOW_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    return await task


async def respond(
    interaction: discord.Interaction[Any],
    *,
    embed: discord.Embed,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
    edit: bool = False,
) -> None:
    """Answer ``interaction`` with one embed (and components), whatever state it is in.

    ``edit=True`` updates the message a component belongs to (callback type 7).
    """
    extra: dict[str, Any] = {"view": view} if view is not None else {}
    if interaction.response.is_done():
        if edit or interaction.response.type in (
            discord.InteractionResponseType.deferred_message_update,
            discord.InteractionResponseType.deferred_channel_message,
        ):
            await interaction.edit_original_response(
                embed=embed, allowed_mentions=NO_MENTIONS, **extra
            )
        else:
            await interaction.followup.send(
                embed=embed, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **extra
            )
    elif edit:
        await interaction.response.edit_message(embed=embed, **extra)
    else:
        await interaction.response.send_message(
            embed=embed, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **extra
        )


def is_user_error(error: BaseException) -> bool:
    """Whether ``error`` is something the user is told (not a failure of the bot)."""
    original = getattr(error, "original", None) or error
    if isinstance(original, app_commands.TransformerError) and original.__cause__ is not None:
        original = original.__cause__
    return isinstance(_as_user_error(original), UserError)


def _as_user_error(error: BaseException) -> BaseException:
    """discord.py's check failures as the replies they deserve (cooldowns, rights)."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return UserError("error.cooldown", seconds=max(1, round(error.retry_after)))
    if isinstance(error, app_commands.NoPrivateMessage):
        return UserError("error.guild-only")
    if isinstance(error, app_commands.CheckFailure):
        return UserError("error.not-allowed")
    return error


async def respond_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """The one error path: a :class:`UserError` becomes its localized text; anything else
    is logged with its traceback and the user gets a short apology. Always ephemeral."""
    service = service_of(interaction)
    original = getattr(error, "original", None) or error
    if isinstance(original, app_commands.TransformerError) and original.__cause__ is not None:
        original = original.__cause__  # a Transformer's own UserError, wrapped by discord.py
    original = _as_user_error(original)
    if isinstance(original, UserError):
        text_key = original.key
        params = {k: plain(v) if isinstance(v, str) else v for k, v in original.params.items()}
    else:
        log.error("command failed", exc_info=original)
        text_key, params = "error.unexpected", {}
    if interaction.type is discord.InteractionType.autocomplete:
        return
    try:
        messages = await service.frame(invoker(interaction))
    except Exception:  # the store itself may be what failed
        messages = service.messages(str(interaction.locale))
    try:
        await respond(
            interaction, embed=message_embed(messages.text(text_key, **params)), ephemeral=True
        )
    except discord.HTTPException:
        log.exception("could not send the error reply")
