"""The one factory for every object the emulator sends: users, members, channels, guilds,
messages, the application and READY, complete as Discord sends them (API v10); INTERACTION_CREATE
payloads are built in :mod:`bot.emulator.interactions` from these.

discord.py indexes many keys without ``.get`` (``member.flags``, ``attachment_size_limit``,
``version`` ...); a missing key raises inside its gateway parser and ends the whole client. Build
payloads here (or in :mod:`bot.emulator.interactions`) and nowhere else.
"""

from __future__ import annotations

import dataclasses
import datetime

from bot.emulator.permissions import ALL_PERMISSIONS
from bot.emulator.state import (
    ADMINISTRATOR,
    JSON,
    Channel,
    EmulatorState,
    Guild,
    Overwrite,
    Role,
    User,
    snowflake,
)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
"""Bytes a bot may upload per file without boosts (``attachment_size_limit``)."""

LOADING = 1 << 7
"""Message flag of a deferred ("is thinking...") reply."""

EDITABLE_FLAGS = (1 << 2) | (1 << 15)
"""Flags an edit may change: SUPPRESS_EMBEDS, IS_COMPONENTS_V2."""


def now_iso() -> str:
    """The current UTC time as Discord's ISO 8601 timestamp."""
    return datetime.datetime.now(datetime.UTC).isoformat()


def user_object(user: User) -> JSON:
    """A Discord user object (``id`` as string, ``discriminator`` "0" as for new usernames)."""
    return {
        "id": str(user.id),
        "username": user.name,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
        "public_flags": 0,
        "bot": user.bot,
        "system": False,
    }


def bot_user_object(state: EmulatorState) -> JSON:
    """The bot's own user (``GET /users/@me``, READY ``user``); its id is the application id."""
    data = user_object(bot_user(state))
    data.update({"verified": True, "mfa_enabled": False, "flags": 0, "email": None})
    return data


def bot_user(state: EmulatorState) -> User:
    """The bot as a :class:`User` (id equal to the application id, as for modern apps)."""
    return User(id=state.application_id, name=state.bot_name, bot=True)


def member_object(user: User, *, with_permissions: bool = True) -> JSON:
    """A guild member object; ``permissions`` (string) is present in interactions only and is,
    as Discord computes it, every bit for an Administrator."""
    data: JSON = {
        "user": user_object(user),
        "roles": [str(role) for role in user.roles],
        "nick": None,
        "avatar": None,
        "banner": None,
        "joined_at": now_iso(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_permissions:
        admin = user.permissions & ADMINISTRATOR
        data["permissions"] = str(ALL_PERMISSIONS if admin else user.permissions)
    return data


def channel_object(
    channel: Channel, *, recipient: User | None = None, permissions: int | None = None
) -> JSON:
    """A channel object (https://discord.com/developers/docs/resources/channel#channel-object):
    a DM (type 1, with ``recipients``: ``recipient`` for the bot's DM, else the channel's), a
    group DM (type 3, with ``name``, ``owner_id`` and ``recipients``) or a guild channel with its
    ``permission_overwrites``.

    ``permissions`` (a string) is only in interactions: the invoker's rights in the channel.
    """
    if channel.guild_id is None:
        users = [recipient] if recipient else list(channel.recipients)
        private: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user_object(user) for user in users],
        }
        if channel.type == 3:
            owner = str(channel.recipients[0].id) if channel.recipients else None
            private.update(name=channel.name, icon=None, owner_id=owner)
        return private
    data: JSON = {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [overwrite_object(o) for o in channel.overwrites],
        "parent_id": None,
        "topic": channel.topic,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }
    if channel.type in (2, 13):  # voice and stage channels
        data.update(bitrate=64000, user_limit=0, rtc_region=None, video_quality_mode=1)
        del data["topic"]
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def overwrite_object(overwrite: Overwrite) -> JSON:
    """A permission overwrite: ``allow``/``deny`` as decimal strings, ``type`` 0 role, 1 member."""
    return {
        "id": str(overwrite.id),
        "type": overwrite.type,
        "allow": str(overwrite.allow),
        "deny": str(overwrite.deny),
    }


def role_object(role: Role) -> JSON:
    """A role object (https://discord.com/developers/docs/topics/permissions#role-object); a
    bot's managed role carries ``tags.bot_id``."""
    data: JSON = {
        "id": str(role.id),
        "name": role.name,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }
    if role.bot_id is not None:
        data["tags"] = {"bot_id": str(role.bot_id)}
    return data


def bot_member(state: EmulatorState, guild: Guild) -> JSON:
    """The bot's member object in ``guild``, with its managed role (``guild.me``)."""
    roles = tuple(role.id for role in guild.bot_roles(state.application_id))
    return member_object(dataclasses.replace(bot_user(state), roles=roles), with_permissions=False)


def guild_object(state: EmulatorState, guild: Guild) -> JSON:
    """A full GUILD_CREATE payload (available guild with channels, roles, the bot's member)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(guild.owner_id or owner_id(state)),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role_object(role) for role in guild.roles],
        "emojis": [],
        "stickers": [],
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": _system_channel_id(guild),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "max_members": 500000,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.preferred_locale,
        "nsfw_level": 0,
        "joined_at": now_iso(),
        "large": False,
        "unavailable": False,
        "member_count": 2,
        "voice_states": [],
        "members": [bot_member(state, guild)],
        "channels": [channel_object(channel) for channel in guild.channels],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def owner_id(state: EmulatorState) -> int:
    """The default owner of every guild: the application's owner, not the bot (an owner has
    every permission, which would hide the bot's real ones)."""
    return state.application_id + 1


def _system_channel_id(guild: Guild) -> str | None:
    try:
        return str(guild.default_channel.id)
    except LookupError:
        return None


def ready_payload(
    state: EmulatorState,
    *,
    session_id: str,
    resume_url: str,
    shard: tuple[int, int],
    guild_ids: list[int],
) -> JSON:
    """The READY dispatch: guilds as unavailable stubs, followed by one GUILD_CREATE each."""
    return {
        "v": 10,
        "user": bot_user_object(state),
        "guilds": [{"id": str(gid), "unavailable": True} for gid in guild_ids],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_url,
        "shard": list(shard),
        "application": {"id": str(state.application_id), "flags": 0},
        "private_channels": [],
        "presences": [],
        "relationships": [],
        "user_settings": {},
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["local"],
        "_trace": ["postbot-emulator"],
    }


def application_object(state: EmulatorState) -> JSON:
    """``GET /oauth2/applications/@me``: no interactions endpoint, so the gateway gets them."""
    owner = User(id=owner_id(state), name="owner")
    return {
        "id": str(state.application_id),
        "name": state.bot_name,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user_object(owner),
        "team": None,
        "flags": 0,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "approximate_guild_count": len(state.guilds),
        "bot": bot_user_object(state),
    }


def message_object(
    state: EmulatorState,
    body: JSON,
    *,
    channel_id: int,
    guild_id: int | None,
    message_id: int | None = None,
    interaction: JSON | None = None,
    message_type: int = 0,
    attachments: list[JSON] | None = None,
) -> JSON:
    """A stored message built from a bot's body (content, embeds, components, flags).

    ``interaction`` is the ``interaction_metadata`` of a reply; such messages carry
    ``webhook_id``/``application_id`` equal to the application id, as Discord's do.
    """
    mid = message_id if message_id is not None else snowflake()
    embeds = [{"type": "rich", **embed} for embed in body.get("embeds") or []]
    data: JSON = {
        "id": str(mid),
        "channel_id": str(channel_id),
        "author": user_object(bot_user(state)),
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": embeds,
        "pinned": False,
        "type": message_type,
        "flags": int(body.get("flags") or 0),
        "components": body.get("components") or [],
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if interaction is not None:
        data["webhook_id"] = str(state.application_id)
        data["application_id"] = str(state.application_id)
        data["interaction_metadata"] = interaction
    return data


def apply_edit(message: JSON, body: JSON, attachments: list[JSON]) -> None:
    """Apply an edit body to a stored message: content, embeds, components, attachments and the
    editable flags; the loading flag of a deferred reply goes away."""
    if "content" in body:
        message["content"] = body["content"] or ""
    if "embeds" in body:
        message["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
    if "components" in body:
        message["components"] = body["components"] or []
    flags = int(message.get("flags") or 0) & ~LOADING
    if body.get("flags") is not None:
        flags = (flags & ~EDITABLE_FLAGS) | (int(body["flags"]) & EDITABLE_FLAGS)
    message["flags"] = flags
    if "attachments" in body and body["attachments"] is not None:
        keep = {str(a.get("id")) for a in body["attachments"]}
        message["attachments"] = [a for a in message.get("attachments", []) if a["id"] in keep]
    message["attachments"] = [*message.get("attachments", []), *attachments]
    message["edited_timestamp"] = now_iso()
