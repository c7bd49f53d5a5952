"""Admin checks made in code: Discord's ``default_member_permissions`` is only a default
that server admins can override, and discord.py never enforces it
(https://discord.com/developers/docs/interactions/application-commands#permissions)."""

from __future__ import annotations

from typing import Any

import discord


def is_admin(interaction: discord.Interaction[Any], owner_ids: frozenset[int]) -> bool:
    """True for a bot owner (OWNER_IDS) anywhere, or, in a server, a member whose resolved
    permissions include Manage Server (or Administrator, which implies it)."""
    if interaction.user.id in owner_ids:
        return True
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator
