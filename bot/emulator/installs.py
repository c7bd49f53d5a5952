"""Who authorized an interaction and where it happens: installation contexts, interaction
contexts, and whether a synced command can be used there at all.

- An app is installed to a server (``GUILD_INSTALL``, 0) or to a user's account
  (``USER_INSTALL``, 1): https://discord.com/developers/docs/resources/application#installation-context
- An interaction happens in a server (``GUILD``, 0), in the DM with the app's bot (``BOT_DM``,
  1) or in a private channel (``PRIVATE_CHANNEL``, 2: a group DM or a DM between users, where
  the bot is not a member):
  https://discord.com/developers/docs/interactions/application-commands#interaction-contexts
- A global command lists the installations (``integration_types``) and contexts
  (``contexts``) it is offered in; both apply to global commands only. A guild command exists
  in its guild only, through the guild's installation:
  https://discord.com/developers/docs/interactions/application-commands#application-command-object
- The interaction carries ``context``, ``authorizing_integration_owners`` (``{"0": guild id}``,
  ``"0"`` in the bot's DM, ``{"1": user id}`` for a user install) and ``app_permissions``
  (``ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE`` in (group) DMs with other users, plus
  ``USE_EXTERNAL_EMOJIS`` in the bot's DM):
  https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object

Discord's client offers a command only where it may be used, so no interaction can reach a bot
from anywhere else: :func:`check_available` raises :class:`Unavailable` for such an invocation.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emulator.commands import CONTEXTS
from bot.emulator.permissions import (
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    USE_EXTERNAL_EMOJIS,
    bot_permissions,
)
from bot.emulator.state import JSON, Channel, EmulatorState, Guild, User

GUILD_INSTALL, USER_INSTALL = 0, 1
GUILD, BOT_DM, PRIVATE_CHANNEL = 0, 1, 2
INSTALLS = {"guild": GUILD_INSTALL, "user": USER_INSTALL}
"""The driver's ``install`` names."""

PRIVATE_APP_PERMISSIONS = ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE
"""``app_permissions`` in a private channel."""
BOT_DM_APP_PERMISSIONS = PRIVATE_APP_PERMISSIONS | USE_EXTERNAL_EMOJIS
"""``app_permissions`` in the DM with the bot."""


class Unavailable(ValueError):
    """The command is not offered there (its ``integration_types`` or ``contexts`` leave the
    place out, or it is a guild command used elsewhere): Discord's client would not send it."""


@dataclass(frozen=True)
class Place:
    """Where an interaction happens (``context``, in ``channel``) and which installation of the
    app it goes through (``install``: 0 the guild's, 1 the invoking user's)."""

    channel: Channel
    context: int
    install: int

    @property
    def guild_id(self) -> int | None:
        """The guild, None in a DM or private channel."""
        return self.channel.guild_id


def context_of(state: EmulatorState, channel: Channel) -> int:
    """The interaction context of ``channel``: a guild channel, the bot's DM, or a private one."""
    if channel.guild_id is not None:
        return GUILD
    return PRIVATE_CHANNEL if channel.id in state.private_channels else BOT_DM


def resolve(
    state: EmulatorState,
    user: User,
    *,
    guild: Guild | None,
    dm: bool = False,
    install: str | None = None,
    context: int | None = None,
    channel: Channel | None = None,
) -> Place:
    """The :class:`Place` of an invocation: ``channel`` if given (its context must match a given
    ``context``), else ``guild``'s first text channel (context 0, the default), the bot's DM with
    ``user`` (``dm=True`` or context 1) or ``user``'s group DM with friends (context 2).
    ``install`` is ``"guild"`` (default) or ``"user"``; a private channel needs ``"user"``.

    Raises ``ValueError`` for an unknown ``install`` or ``context`` or ones that contradict each
    other, :class:`Unavailable` for a guild installation in a private channel.
    """
    if (install or "guild") not in INSTALLS:
        raise ValueError(f"install must be one of {sorted(INSTALLS)}, not {install!r}")
    kind = INSTALLS[install or "guild"]
    if context is not None and context not in CONTEXTS:
        raise ValueError(f"context must be one of {sorted(CONTEXTS)}, not {context!r}")
    where = context_of(state, channel) if channel is not None else context
    where = (BOT_DM if dm else GUILD) if where is None else where
    if (context is not None and where != context) or (dm and where != BOT_DM):
        raise ValueError(f"context {context} (dm={dm}) does not match the channel's {where}")
    if where == PRIVATE_CHANNEL and kind == GUILD_INSTALL:
        raise Unavailable(
            "a private channel is reached through a user install only: pass install='user'"
        )
    if channel is None:
        channel = _default_channel(state, user, guild, where)
    return Place(channel=channel, context=where, install=kind)


def _default_channel(state: EmulatorState, user: User, guild: Guild | None, where: int) -> Channel:
    if where == BOT_DM:
        return state.dm_channel(user)
    if where == PRIVATE_CHANNEL:
        return state.private_channel(user)
    if guild is None:
        raise LookupError("no guild: call emu.add_guild() first")
    return guild.default_channel


def command_installs(command: JSON) -> frozenset[int]:
    """The installations a synced command is offered through (Discord's default: the guild's)."""
    return frozenset(command.get("integration_types") or [GUILD_INSTALL])


def command_contexts(command: JSON) -> frozenset[int]:
    """The contexts a synced command is offered in. Without ``contexts`` Discord offers it in
    servers and, unless the deprecated ``dm_permission`` is false, in the bot's DM."""
    contexts = command.get("contexts")
    if contexts is not None:
        return frozenset(contexts)
    return frozenset({GUILD} if command.get("dm_permission") is False else {GUILD, BOT_DM})


def check_available(command: JSON, place: Place) -> None:
    """Raise :class:`Unavailable` if Discord's client does not offer ``command`` at ``place``."""
    name = f"/{command['name']}"
    if command.get("guild_id") is not None:
        if place.context != GUILD or str(place.guild_id) != str(command["guild_id"]):
            raise Unavailable(f"{name} is a command of guild {command['guild_id']} only")
        if place.install != GUILD_INSTALL:
            raise Unavailable(f"{name} is a guild command: it comes with the guild's install only")
        return
    if place.install not in command_installs(command):
        raise Unavailable(
            f"{name} has integration_types {sorted(command_installs(command))}: "
            f"not offered through a {'user' if place.install else 'guild'} install"
        )
    if place.context not in command_contexts(command):
        raise Unavailable(
            f"{name} has contexts {sorted(command_contexts(command))}: not offered in "
            f"context {place.context}"
        )


def owners(place: Place, user: User, command: JSON | None = None) -> JSON:
    """``authorizing_integration_owners``: the user's key for a user install; the guild's key
    (the guild id, ``"0"`` in the bot's DM) where the app's guild installation also applies:
    the bot is in every emulated guild, so in a server or its DM, for a command offered
    through guild installs (any command when ``command`` is None)."""
    out: JSON = {}
    guild_applies = command is None or GUILD_INSTALL in command_installs(command)
    if place.context != PRIVATE_CHANNEL and (place.install == GUILD_INSTALL or guild_applies):
        out[str(GUILD_INSTALL)] = str(place.guild_id or 0)
    if place.install == USER_INSTALL:
        out[str(USER_INSTALL)] = str(user.id)
    return out


def app_permissions(state: EmulatorState, place: Place) -> int:
    """``app_permissions`` at ``place``: the bot's own in a guild channel, the fixed sets
    Discord gives in the bot's DM and in private channels."""
    if place.context == GUILD:
        return bot_permissions(state, place.channel)
    return BOT_DM_APP_PERMISSIONS if place.context == BOT_DM else PRIVATE_APP_PERMISSIONS
