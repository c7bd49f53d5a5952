"""Permissions as Discord computes them: a member's base permissions from @everyone and their
roles, then a channel's overwrites (@everyone, the member's roles, the member), see
https://discord.com/developers/docs/topics/permissions#permission-overwrites.

The result is the explicit bitfield; Discord then also applies implicit rules (no View Channel:
nothing; no Send Messages: no Embed Links, Attach Files, Mention Everyone), see
https://discord.com/developers/docs/topics/permissions#implicit-permissions, which the REST
checks apply where they matter.
"""

from __future__ import annotations

from bot.emulator.state import ADMINISTRATOR, Channel, EmulatorState, Guild, User

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18

ALL_PERMISSIONS = (1 << 51) - 1
"""Every permission bit: what Discord computes for a member with Administrator."""

BOT_PERMISSIONS = (1 << 41) - 1 & ~ADMINISTRATOR
"""What the bot's own role grants in a new guild (all but Administrator): View Channel, Send
Messages, Embed Links, Attach Files, Read Message History, Mention Everyone..."""

ROLE, MEMBER = 0, 1
"""Overwrite types."""


def apply_overwrites(
    base: int, channel: Channel, guild: Guild, *, role_ids: tuple[int, ...], member_id: int
) -> int:
    """``base`` after ``channel``'s overwrites for a member with ``role_ids``, in Discord's
    order: @everyone, then all the member's roles together (deny before allow), then the
    member's own overwrite. Administrator keeps every permission."""
    if base & ADMINISTRATOR:
        return ALL_PERMISSIONS
    permissions = base
    by_key = {(o.type, o.id): o for o in channel.overwrites}
    everyone = by_key.get((ROLE, guild.id))
    if everyone is not None:
        permissions = (permissions & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in role_ids:
        overwrite = by_key.get((ROLE, role_id))
        if overwrite is not None:
            allow |= overwrite.allow
            deny |= overwrite.deny
    permissions = (permissions & ~deny) | allow
    member = by_key.get((MEMBER, member_id))
    if member is not None:
        permissions = (permissions & ~member.deny) | member.allow
    return permissions


def bot_base(state: EmulatorState, guild: Guild) -> int:
    """The bot's guild-wide permissions: @everyone's plus its managed role's."""
    base = guild.everyone.permissions
    for role in guild.bot_roles(state.application_id):
        base |= role.permissions
    return ALL_PERMISSIONS if base & ADMINISTRATOR else base


def bot_permissions(state: EmulatorState, channel: Channel) -> int:
    """The bot's explicit permissions in ``channel`` (in its DM: :data:`BOT_PERMISSIONS`; in a
    private channel, of which the bot is no member: none, so REST there answers 50001)."""
    if channel.id in state.private_channels:
        return 0
    guild = state.guilds.get(channel.guild_id) if channel.guild_id is not None else None
    if guild is None:
        return BOT_PERMISSIONS
    role_ids = tuple(role.id for role in guild.bot_roles(state.application_id))
    return apply_overwrites(
        bot_base(state, guild), channel, guild, role_ids=role_ids, member_id=state.application_id
    )


def member_permissions(guild: Guild, channel: Channel, user: User) -> int:
    """What ``user`` may do in ``channel``: their ``permissions`` (every bit with
    Administrator) after the channel's overwrites for them and their roles."""
    return apply_overwrites(
        user.permissions, channel, guild, role_ids=user.roles, member_id=user.id
    )
