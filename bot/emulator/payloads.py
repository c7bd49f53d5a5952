"""The one factory for every object the emulator sends: users, members, guilds, messages, READY,
and INTERACTION_CREATE payloads, complete as Discord sends them (API v10).

discord.py indexes many keys without ``.get`` (``member.flags``, ``attachment_size_limit``,
``version`` ...); a missing key raises inside its gateway parser and ends the whole client. Build
payloads here and nowhere else.
"""

from __future__ import annotations

import datetime
from typing import Any

from bot.emulator.state import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    JSON,
    Channel,
    EmulatorState,
    Guild,
    User,
    new_token,
    snowflake,
)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
"""Bytes a bot may upload per file without boosts (``attachment_size_limit``)."""

BOT_PERMISSIONS = (1 << 41) - 1 & ~(1 << 3)
"""What the bot itself may do in every channel (``app_permissions``): all but Administrator."""

ALL_PERMISSIONS = (1 << 51) - 1
"""Every permission bit: what Discord computes for a member with Administrator."""

COMPONENT_TYPES_SELECT = {3, 5, 6, 7, 8}


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


def channel_object(channel: Channel, *, recipient: User | None = None) -> JSON:
    """A channel object: a guild text channel (type 0) or a DM (type 1, with ``recipients``)."""
    if channel.guild_id is None:
        return {
            "id": str(channel.id),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user_object(recipient)] if recipient else [],
        }
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": str(BOT_PERMISSIONS),
    }


def role_everyone(guild: Guild) -> JSON:
    """The @everyone role: its id is the guild id."""
    return {
        "id": str(guild.id),
        "name": "@everyone",
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": 0,
        "permissions": str(DEFAULT_MEMBER_PERMISSIONS),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild_object(state: EmulatorState, guild: Guild) -> JSON:
    """A full GUILD_CREATE payload (available guild with channels, roles, the bot's member)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(guild.owner_id or state.application_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role_everyone(guild)],
        "emojis": [],
        "stickers": [],
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": str(guild.default_channel.id),
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
        "members": [member_object(bot_user(state), with_permissions=False)],
        "channels": [channel_object(channel) for channel in guild.channels],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


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
    owner = User(id=state.application_id + 1, name="owner")
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


def interaction_metadata(interaction_id: int, itype: int, user: User, guild_id: int | None) -> JSON:
    """``message.interaction_metadata`` for a reply to an interaction."""
    owners = {"0": str(guild_id)} if guild_id is not None else {"1": str(user.id)}
    return {
        "id": str(interaction_id),
        "type": itype,
        "user": user_object(user),
        "authorizing_integration_owners": owners,
    }


def interaction_payload(
    state: EmulatorState,
    *,
    itype: int,
    data: JSON,
    user: User,
    guild_id: int | None,
    channel: Channel,
    guild_locale: str | None = None,
    message: JSON | None = None,
    interaction_id: int | None = None,
    token: str | None = None,
) -> JSON:
    """An INTERACTION_CREATE payload.

    ``itype``: 2 application command, 3 component, 4 autocomplete, 5 modal submit.
    In a guild the invoker is ``member`` (with ``permissions``) and ``guild_id``/``guild_locale``
    are set; in a DM the invoker is ``user``, there is no guild key, and the channel has type 1.
    ``guild_locale`` defaults to the guild's ``preferred_locale``. ``message`` is the stored
    message a component was clicked on.
    """
    payload: JSON = {
        "id": str(interaction_id if interaction_id is not None else snowflake()),
        "application_id": str(state.application_id),
        "type": itype,
        "token": token or new_token(),
        "version": 1,
        "data": data,
        "locale": user.locale,
        "app_permissions": str(BOT_PERMISSIONS),
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "channel_id": str(channel.id),
    }
    if guild_id is not None:
        guild = state.guilds[guild_id]
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = guild_locale or guild.preferred_locale
        payload["guild"] = {"id": str(guild_id), "locale": payload["guild_locale"], "features": []}
        payload["member"] = member_object(user)
        payload["channel"] = channel_object(channel)
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": str(guild_id)}
    else:
        payload["user"] = user_object(user)
        payload["channel"] = channel_object(channel, recipient=user)
        payload["context"] = 1
        payload["authorizing_integration_owners"] = {"1": str(user.id)}
    if message is not None:
        payload["message"] = message
    return payload


def command_data(
    command: JSON,
    path: list[str],
    options: dict[str, Any],
    *,
    focused: str | None = None,
    guild_id: int | None = None,
) -> JSON:
    """``data`` of an application-command (or autocomplete) interaction.

    ``command`` is the synced command; ``path`` the subcommand group/subcommand names after the
    command name; ``options`` the user's values by option name. Values are converted to the
    option's type (3 string, 4 integer, 5 boolean, 10 number); the ``focused`` option is sent as
    the partial string the user typed, with ``focused: true``.

    Raises ``ValueError`` for an unknown subcommand or option, a value outside the option's
    ``choices``, or (not autocomplete) a missing required option: Discord's client would not
    let the user send such an interaction.
    """
    schema: list[JSON] = command.get("options") or []
    nested: list[JSON] = []
    container = nested
    for name in path:
        sub = next((o for o in schema if o["name"] == name and o["type"] in (1, 2)), None)
        if sub is None:
            raise ValueError(f"/{command['name']} has no subcommand {name!r}")
        inner: list[JSON] = []
        container.append({"name": name, "type": sub["type"], "options": inner})
        container = inner
        schema = sub.get("options") or []
    if any(o["type"] in (1, 2) for o in schema):
        raise ValueError(f"/{command['name']} {' '.join(path)} needs a subcommand")
    known = {o["name"]: o for o in schema}
    for name, value in options.items():
        option = known.get(name)
        if option is None:
            raise ValueError(f"/{command['name']} has no option {name!r}; has {sorted(known)}")
        entry: JSON = {"name": name, "type": option["type"]}
        if name == focused:
            entry["value"] = str(value)
            entry["focused"] = True
        else:
            entry["value"] = _convert(option, value)
        container.append(entry)
    if focused is None:
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in options]
        if missing:
            raise ValueError(f"/{command['name']}: required options missing: {missing}")
    elif focused not in options:
        raise ValueError(f"focused option {focused!r} must be among the options")
    data: JSON = {"id": command["id"], "name": command["name"], "type": command.get("type", 1)}
    if nested:
        data["options"] = nested
    if command.get("guild_id") is not None:
        data["guild_id"] = command["guild_id"]
    return data


def _convert(option: JSON, value: Any) -> Any:
    """A user's value as Discord types it; checks ``choices`` like Discord's client does."""
    otype = option["type"]
    converted: Any
    if otype == 4:
        converted = int(value)
    elif otype == 10:
        converted = float(value)
    elif otype == 5:
        converted = bool(value)
    elif otype in (6, 7, 8, 9):
        converted = str(value)
    else:
        converted = str(value)
    choices = option.get("choices")
    if choices and converted not in [c["value"] for c in choices]:
        raise ValueError(f"{value!r} is not a choice of option {option['name']!r}")
    return converted


def find_component(message: JSON, custom_id: str) -> JSON | None:
    """The component with ``custom_id`` in a stored message (action rows, nested v2 layouts)."""
    stack: list[JSON] = list(message.get("components") or [])
    while stack:
        component = stack.pop()
        if component.get("custom_id") == custom_id:
            return component
        stack.extend(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            stack.append(component["accessory"])
    return None


def component_data(message: JSON, custom_id: str, values: list[str] | None) -> JSON:
    """``data`` of a component interaction: ``custom_id``, ``component_type``, select ``values``.

    Raises ``ValueError`` when the message has no such component, when a select gets no
    ``values`` or values that are not among its options, or when a button gets ``values``.
    """
    component = find_component(message, custom_id)
    if component is None:
        raise ValueError(f"message {message['id']} has no component with custom_id {custom_id!r}")
    if component.get("disabled"):
        raise ValueError(f"component {custom_id!r} is disabled; Discord's client cannot click it")
    ctype = int(component["type"])
    data: JSON = {"custom_id": custom_id, "component_type": ctype}
    if ctype in COMPONENT_TYPES_SELECT:
        if values is None:
            raise ValueError(f"select {custom_id!r} needs values=[...]")
        if ctype == 3:
            allowed = {o["value"] for o in component.get("options", [])}
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise ValueError(f"{unknown} are not options of select {custom_id!r}")
        data["values"] = list(values)
    elif values is not None:
        raise ValueError(f"component {custom_id!r} is a button; it takes no values")
    return data
