"""Admin checks made in code: Discord's ``default_member_permissions`` is only a default
that server admins can override, and discord.py never enforces it
(https://discord.com/developers/docs/interactions/application-commands#permissions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


def is_admin(interaction: discord.Interaction[Any], owner_ids: frozenset[int]) -> bool:
    """True for a bot owner (OWNER_IDS) anywhere, or, in a server, a member whose resolved
    permissions include Manage Server (or Administrator, which implies it)."""
    if interaction.user.id in owner_ids:
        return True
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def in_installed_guild(interaction: discord.Interaction[Any]) -> bool:
    """True when ``interaction`` comes from a server through that server's installation of
    the app: ``authorizing_integration_owners`` maps guild install (0) to this guild, see
    https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-authorizing-integration-owners-object.
    False in DMs and private channels, and for a member's own (user) installation used in a
    server that did not add the app
    (https://discord.com/developers/docs/resources/application#installation-context)."""
    return interaction.guild_id is not None and interaction.is_guild_integration()


def admin_only(*, guild: bool = False) -> Callable[[T], T]:
    """discord.py's ``app_commands.check`` for :func:`is_admin` with the bot's OWNER_IDS:
    a refusal raises ``app_commands.CheckFailure`` (``NoPrivateMessage`` when ``guild`` and
    the interaction is not from a server through its own installation,
    :func:`in_installed_guild`), which the one error handler answers in the member's
    language."""

    def predicate(interaction: discord.Interaction[Any]) -> bool:
        if guild and not in_installed_guild(interaction):
            raise app_commands.NoPrivateMessage()
        settings = getattr(interaction.client, "settings", None)
        return is_admin(interaction, frozenset(getattr(settings, "owner_ids", frozenset())))

    return app_commands.check(predicate)
