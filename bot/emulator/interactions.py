"""INTERACTION_CREATE payloads as Discord sends them (API v10): the interaction itself, the
``data`` of a slash command, autocomplete or component interaction, and a reply's
``interaction_metadata``. See
https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object.

Objects inside them (users, members, channels) come from :mod:`bot.emulator.payloads`.
"""

from __future__ import annotations

from typing import Any

from bot.emulator import installs
from bot.emulator.payloads import (
    ATTACHMENT_SIZE_LIMIT,
    channel_object,
    member_object,
    role_object,
    user_object,
)
from bot.emulator.permissions import member_permissions
from bot.emulator.state import JSON, Channel, EmulatorState, Guild, User, new_token, snowflake

COMPONENT_TYPES_SELECT = {3, 5, 6, 7, 8}


def interaction_metadata(interaction_id: int, itype: int, user: User, owners: JSON) -> JSON:
    """``message.interaction_metadata`` for a reply to an interaction; ``owners`` are the
    interaction's ``authorizing_integration_owners``."""
    return {
        "id": str(interaction_id),
        "type": itype,
        "user": user_object(user),
        "authorizing_integration_owners": dict(owners),
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
    context: int | None = None,
    owners: JSON | None = None,
) -> JSON:
    """An INTERACTION_CREATE payload.

    ``itype``: 2 application command, 3 component, 4 autocomplete, 5 modal submit.
    In a guild the invoker is ``member`` (with ``permissions``) and ``guild_id``/``guild_locale``
    are set; in a DM or private channel the invoker is ``user``, there is no guild key, and the
    channel has type 1 (3 for a group DM). ``guild_locale`` defaults to the guild's
    ``preferred_locale``. ``message`` is the stored message a component was clicked on.
    ``context`` (default: the channel's) and ``owners`` (``authorizing_integration_owners``;
    default: the guild's install, a user's in a private channel) come from
    :mod:`bot.emulator.installs`, as does ``app_permissions``.
    """
    if guild_id != channel.guild_id:
        raise ValueError(f"channel {channel.id} is not in guild {guild_id}")
    where = installs.context_of(state, channel) if context is None else context
    install = installs.USER_INSTALL if where == installs.PRIVATE_CHANNEL else installs.GUILD_INSTALL
    place = installs.Place(channel=channel, context=where, install=install)
    payload: JSON = {
        "id": str(interaction_id if interaction_id is not None else snowflake()),
        "application_id": str(state.application_id),
        "type": itype,
        "token": token or new_token(),
        "version": 1,
        "data": data,
        "locale": user.locale,
        "app_permissions": str(installs.app_permissions(state, place)),
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "channel_id": str(channel.id),
    }
    payload.update(_invoker(state, user, place, guild_locale))
    payload["context"] = where
    payload["authorizing_integration_owners"] = (
        dict(owners) if owners is not None else installs.owners(place, user)
    )
    if message is not None:
        payload["message"] = message
    return payload


def _invoker(state: EmulatorState, user: User, place: installs.Place, locale: str | None) -> JSON:
    """The keys of an interaction that tell who acts where: in a guild ``guild_id``,
    ``guild_locale``, ``guild``, ``member`` and the channel with their ``permissions``;
    elsewhere ``user`` and the channel."""
    channel = place.channel
    if place.guild_id is None:
        bot_dm = place.context == installs.BOT_DM
        return {
            "user": user_object(user),
            "channel": channel_object(channel, recipient=user if bot_dm else None),
        }
    guild = state.guilds[place.guild_id]
    guild_locale = locale or guild.preferred_locale
    return {
        "guild_id": str(guild.id),
        "guild_locale": guild_locale,
        "guild": {"id": str(guild.id), "locale": guild_locale, "features": []},
        "member": member_object(user),
        "channel": channel_object(channel, permissions=member_permissions(guild, channel, user)),
    }


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
    option's type (3 string, 4 integer, 5 boolean, 10 number; 6 user, 7 channel, 8 role, 9
    mentionable, 11 attachment as the id string, given an id or an object with ``id``); the
    ``focused`` option is sent as the partial string the user typed, with ``focused: true``.
    :func:`add_resolved` then adds the objects behind channel and role ids.

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
    elif otype in (6, 7, 8, 9, 11):
        converted = str(getattr(value, "id", value))  # a Channel, Role or User, or its id
    else:
        converted = str(value)
    choices = option.get("choices")
    if choices and converted not in [c["value"] for c in choices]:
        raise ValueError(f"{value!r} is not a choice of option {option['name']!r}")
    return converted


def add_resolved(
    state: EmulatorState, command: JSON, data: JSON, *, guild_id: int | None, user: User
) -> None:
    """Add ``data.resolved`` for the channel (7), role (8) and mentionable (9) options of a
    command's ``data`` (built by :func:`command_data`): ``channels`` as partial channels with the
    invoker's ``permissions``, ``roles`` as full role objects, keyed by id, see
    https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-resolved-data-structure.

    Raises ``ValueError`` for a channel or role not in the guild, or a channel whose type the
    option's ``channel_types`` excludes: Discord's client offers neither.
    """
    guild = state.guilds.get(guild_id) if guild_id is not None else None
    resolved: JSON = {}
    stack = [(command.get("options") or [], data.get("options") or [])]
    while stack:
        schema, given = stack.pop()
        for entry in given:
            option = next(o for o in schema if o["name"] == entry["name"])
            if entry["type"] in (1, 2):
                stack.append((option.get("options") or [], entry.get("options") or []))
            elif entry["type"] in (7, 8, 9) and not entry.get("focused"):
                _resolve(state, guild, option, int(entry["value"]), user, resolved)
    if resolved:
        data["resolved"] = resolved


def _resolve(
    state: EmulatorState, guild: Guild | None, option: JSON, value: int, user: User, out: JSON
) -> None:
    """Put the channel or role ``value`` of ``option`` into the resolved data ``out``."""
    if guild is None:
        raise ValueError(f"option {option['name']!r} needs a guild")
    role = guild.role(value)
    if option["type"] in (8, 9) and role is not None:
        out.setdefault("roles", {})[str(value)] = role_object(role)
        return
    if option["type"] != 7:
        if option["type"] == 8:
            raise ValueError(f"no role {value} in guild {guild.id}")
        return  # a mentionable user: users are not resolved
    channel = state.channel(value)
    if channel is None or channel.guild_id != guild.id:
        raise ValueError(f"no channel {value} in guild {guild.id}")
    allowed = option.get("channel_types")
    if allowed and channel.type not in allowed:
        raise ValueError(
            f"channel {channel.name!r} has type {channel.type}; option {option['name']!r} "
            f"accepts {allowed}"
        )
    partial = channel_object(channel, permissions=member_permissions(guild, channel, user))
    del partial["permission_overwrites"]
    out.setdefault("channels", {})[str(value)] = partial


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
