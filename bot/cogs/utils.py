"""Rate limits and install scopes the cogs share, as discord.py's own checks and decorators.

``app_commands.checks.dynamic_cooldown`` keeps one bucket per key and drops a key once its
window has passed, so memory stays bounded however many members use the bot
(https://discordpy.readthedocs.io/en/stable/interactions/api.html#discord.app_commands.checks.dynamic_cooldown).
The rate is read from the cog that owns the command at each use, so a bot's settings (and a
test's) apply per bot; owners (``OWNER_IDS``) are exempt. A spent cooldown raises
``app_commands.CommandOnCooldown``, which the one error handler turns into the localized
"wait N s" reply.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


class RateLimited(Protocol):
    rate: tuple[int, float]
    """Uses per window and the window in seconds; a window of 0 turns the limit off."""


def _owners(interaction: discord.Interaction[Any]) -> frozenset[int]:
    settings = getattr(interaction.client, "settings", None)
    return frozenset(getattr(settings, "owner_ids", frozenset()))


def cooldown(cog_name: str, *, per_guild: bool = False) -> Callable[[T], T]:
    """A cooldown at the rate of cog ``cog_name``, per member (or per server with
    ``per_guild``: content is shared, so one reload per server window), owners exempt."""

    def factory(interaction: discord.Interaction[Any]) -> app_commands.Cooldown | None:
        cog: RateLimited | None = interaction.client.get_cog(cog_name)  # type: ignore[attr-defined]
        if cog is None or cog.rate[1] <= 0 or interaction.user.id in _owners(interaction):
            return None
        return app_commands.Cooldown(*cog.rate)

    def key(interaction: discord.Interaction[Any]) -> Hashable:
        if interaction.user.id in _owners(interaction):
            # a key of its own each time: the factory is asked (and exempts the owner) even
            # where a member's bucket for this server exists
            return (id(interaction.client), "owner", interaction.id)
        scope = interaction.guild_id or interaction.user.id if per_guild else interaction.user.id
        return (id(interaction.client), scope)  # one mapping serves every bot in the process

    return app_commands.checks.dynamic_cooldown(factory, key=key)


def everywhere() -> Callable[[T], T]:
    """Offer a top-level command (or a ``GroupCog``'s group) through a server's installation
    and through a member's own one, in servers, the bot's DM and private channels (DMs and
    group DMs the bot is not in): discord.py's ``allowed_installs(guilds=True, users=True)``
    and ``allowed_contexts(guilds=True, dms=True, private_channels=True)``, see
    https://discord.com/developers/docs/resources/application#installation-context and
    https://discord.com/developers/docs/interactions/application-commands#interaction-contexts.
    Discord applies both to global commands only; a guild-synced command (DEV_GUILD_ID) stays
    a command of that server."""
    installs = app_commands.allowed_installs(guilds=True, users=True)
    contexts = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    return lambda item: installs(contexts(item))


def servers_only() -> Callable[[T], T]:
    """Offer a top-level command (or a ``GroupCog``'s group) through a server's installation
    only, in servers only: ``allowed_installs(guilds=True, users=False)`` and
    ``allowed_contexts(guilds=True, dms=False, private_channels=False)`` (same references as
    :func:`everywhere`), plus ``guild_only()`` for the deprecated ``dm_permission: false``."""
    installs = app_commands.allowed_installs(guilds=True, users=False)
    contexts = app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    guild_only = app_commands.guild_only()
    return lambda item: guild_only(installs(contexts(item)))
