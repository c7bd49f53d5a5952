"""What the emulated Discord knows: users, guilds, channels, messages, commands, interactions.

Plain data, no I/O. The server mutates it; the driver and tests read it. Every change that a
waiter may care about is followed by :meth:`EmulatorState.notify` (an ``asyncio.Condition``).
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
"""Discord's epoch (2015-01-01T00:00:00Z) in milliseconds; snowflakes count from it."""

_increment = itertools.count()

MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
DEFAULT_MEMBER_PERMISSIONS = (
    (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 31)  # use application commands
)
"""Permissions of a plain member (int bitfield): what @everyone has in a fresh server."""


def snowflake() -> int:
    """A new, unique, time-based snowflake (ms since Discord's epoch << 22, plus a counter).

    Values are far above ``2**22``, so discord.py's ``snowflake_time`` gives today's date.
    """
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_increment) % (1 << 22))


def new_token() -> str:
    """A fresh interaction token (URL-safe, like Discord's long opaque tokens)."""
    return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)


@dataclass(frozen=True)
class User:
    """A Discord user as the emulator presents them in interactions.

    ``permissions`` is the member's computed permission bitfield in the channel, as an int
    (Discord sends it as a decimal string): e.g. ``MANAGE_GUILD`` (1 << 5) or
    ``ADMINISTRATOR`` (1 << 3). ``locale`` is the user's client language (``interaction.locale``).
    """

    id: int = field(default_factory=snowflake)
    name: str = "tester"
    permissions: int = DEFAULT_MEMBER_PERMISSIONS
    locale: str = "en-US"
    roles: tuple[int, ...] = ()
    bot: bool = False
    global_name: str | None = None


def make_user(
    name: str = "tester",
    *,
    id: int | None = None,
    permissions: int = DEFAULT_MEMBER_PERMISSIONS,
    locale: str = "en-US",
    admin: bool = False,
    manage_guild: bool = False,
) -> User:
    """Build a :class:`User`; ``admin``/``manage_guild`` add those permission bits."""
    perms = permissions | (ADMINISTRATOR if admin else 0) | (MANAGE_GUILD if manage_guild else 0)
    return User(
        id=id if id is not None else snowflake(), name=name, permissions=perms, locale=locale
    )


@dataclass
class Overwrite:
    """A channel permission overwrite: ``type`` 0 for a role, 1 for a member; ``allow`` and
    ``deny`` are permission bitfields (sent as decimal strings), see
    https://discord.com/developers/docs/resources/channel#overwrite-object."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    """A guild channel (type 0 text, 2 voice, 4 category, 5 announcement, 13 stage), or, when
    ``guild_id`` is None, a DM (type 1) or group DM (type 3); ``overwrites`` are its permission
    overwrites. ``recipients`` are the users of a private channel (a DM between users or a group
    DM, where the bot is not a member; the first one owns a group DM), empty otherwise."""

    id: int
    name: str
    guild_id: int | None = None
    type: int = 0
    overwrites: list[Overwrite] = field(default_factory=list)
    topic: str | None = None
    position: int = 0
    recipients: tuple[User, ...] = ()


@dataclass
class Role:
    """A guild role (https://discord.com/developers/docs/topics/permissions#role-object); the
    @everyone role's id is the guild id. ``bot_id`` marks the role Discord gives a bot when it
    joins (``tags.bot_id``, ``managed``)."""

    id: int
    name: str
    guild_id: int
    permissions: int = 0
    position: int = 1
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None


@dataclass
class Guild:
    """A server: ``preferred_locale`` is its community language (``interaction.guild_locale``).

    ``roles`` always starts with @everyone (id equal to the guild id, a plain member's rights).
    """

    id: int
    name: str
    preferred_locale: str = "en-US"
    owner_id: int = 0
    channels: list[Channel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not any(role.id == self.id for role in self.roles):
            everyone = Role(
                id=self.id, name="@everyone", guild_id=self.id,
                permissions=DEFAULT_MEMBER_PERMISSIONS, position=0,
            )  # fmt: skip
            self.roles.insert(0, everyone)

    @property
    def default_channel(self) -> Channel:
        """The first text channel (every guild gets one, ``#general``); ``LookupError`` if
        every text channel was deleted."""
        for channel in self.channels:
            if channel.type in (0, 5):
                return channel
        raise LookupError(f"guild {self.id} has no text channel left")

    @property
    def everyone(self) -> Role:
        """The @everyone role."""
        return next(role for role in self.roles if role.id == self.id)

    def role(self, role_id: int) -> Role | None:
        """A role of this guild by id."""
        return next((role for role in self.roles if role.id == role_id), None)

    def bot_roles(self, bot_id: int) -> list[Role]:
        """The roles the bot ``bot_id`` has here: its managed role(s)."""
        return [role for role in self.roles if role.bot_id == bot_id]


@dataclass
class Interaction:
    """One dispatched interaction and everything the bot did with its id and token.

    Times are ``time.perf_counter()`` seconds. ``callback_type`` is the type of the accepted
    initial response (None until acknowledged). ``original_message_id`` is the message that
    ``@original`` refers to: the reply for types 4/5, the clicked message for types 6/7.
    """

    id: int
    token: str
    type: int
    payload: JSON
    user: User
    guild_id: int | None
    channel_id: int
    dispatched_at: float
    callback_type: int | None = None
    callback_body: JSON | None = None
    callback_at: float | None = None
    original_message_id: int | None = None
    edits: list[JSON] = field(default_factory=list)
    final_at: float | None = None
    followup_ids: list[int] = field(default_factory=list)
    followups: list[JSON] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    deleted: bool = False

    @property
    def acknowledged(self) -> bool:
        """True once an initial callback was accepted."""
        return self.callback_type is not None


@dataclass
class EmulatorState:
    """All mutable state of one emulator instance."""

    application_id: int = field(default_factory=snowflake)
    bot_name: str = "postbot"
    guilds: dict[int, Guild] = field(default_factory=dict)
    dm_channels: dict[int, Channel] = field(default_factory=dict)
    private_channels: dict[int, Channel] = field(default_factory=dict)
    messages: dict[int, JSON] = field(default_factory=dict)
    global_commands: list[JSON] = field(default_factory=list)
    guild_commands: dict[int, list[JSON]] = field(default_factory=dict)
    sync_count: int = 0
    interactions: dict[int, Interaction] = field(default_factory=dict)
    _changed: asyncio.Condition | None = None

    @property
    def changed(self) -> asyncio.Condition:
        """Condition notified after every state change (created lazily inside the loop)."""
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def notify(self) -> None:
        """Wake every waiter of :meth:`wait_for`."""
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true; raises ``TimeoutError`` after ``timeout`` s."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(predicate), timeout)

    def channel(self, channel_id: int) -> Channel | None:
        """A guild, DM or private channel by id."""
        for guild in self.guilds.values():
            for channel in guild.channels:
                if channel.id == channel_id:
                    return channel
        return self.dm_channels.get(channel_id) or self.private_channels.get(channel_id)

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and ``user`` (created on first use)."""
        for channel in self.dm_channels.values():
            if channel.name == f"dm-{user.id}":
                return channel
        channel = Channel(id=snowflake(), name=f"dm-{user.id}", guild_id=None, type=1)
        self.dm_channels[channel.id] = channel
        return channel

    def private_channel(self, user: User, *, group: bool = True) -> Channel:
        """A channel of ``user``'s without the bot (created on first use, then the same one): a
        group DM (type 3) of ``user`` and two friends, or (``group=False``) a DM (type 1)
        between ``user`` and a friend. Only a user-installed app can be used there."""
        name = f"{'group' if group else 'dm'}-{user.id}-friends"
        for channel in self.private_channels.values():
            if channel.name == name:
                return channel
        friends = tuple(User(name=f"{user.name}-friend-{n}") for n in range(1, 3 if group else 2))
        channel = Channel(
            id=snowflake(), name=name, type=3 if group else 1, recipients=(user, *friends)
        )
        self.private_channels[channel.id] = channel
        return channel

    def find_command(self, name: str, guild_id: int | None) -> JSON | None:
        """The synced command called ``name``: the guild's own first, then the global one."""
        if guild_id is not None:
            for command in self.guild_commands.get(guild_id, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        for command in self.global_commands:
            if command["name"] == name and command.get("type", 1) == 1:
                return command
        return None
