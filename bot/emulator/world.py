"""The guild as a test shapes it while the bot runs: channels, the bot's permission overwrites,
roles, and what the bot posted in a channel.

Every change reaches connected clients as the gateway event Discord sends for it:
CHANNEL_CREATE, CHANNEL_UPDATE, CHANNEL_DELETE
(https://discord.com/developers/docs/events/gateway-events#channels) and GUILD_ROLE_CREATE
(https://discord.com/developers/docs/events/gateway-events#guild-role-create), in the order of
the calls and before any interaction dispatched afterwards.
"""

# Waiting on the bot is what these methods do; their ``timeout`` bounds that wait.
# ruff: noqa: ASYNC109

from __future__ import annotations

from bot.emulator import payloads
from bot.emulator.permissions import MEMBER
from bot.emulator.server import EmulatorServer
from bot.emulator.state import JSON, Channel, Guild, Interaction, Overwrite, Role, snowflake

CHANNEL_TYPES = frozenset({0, 2, 4, 5, 13})
"""Guild channel types :meth:`World.add_channel` makes: text, voice, category, announcement,
stage (https://discord.com/developers/docs/resources/channel#channel-object-channel-types)."""


class NoReply(AssertionError):
    """The bot gave no final reply (or posted nothing) in time; ``interaction`` shows what it
    did do."""

    def __init__(self, message: str, interaction: Interaction | None = None) -> None:
        super().__init__(message)
        self.interaction = interaction


def _id(channel: int | Channel) -> int:
    return channel.id if isinstance(channel, Channel) else int(channel)


class World(EmulatorServer):
    """:class:`EmulatorServer` plus the guild-shaping methods of the driver."""

    @property
    def default_guild(self) -> Guild:
        """The first guild added; raises ``LookupError`` if there is none."""
        if not self.state.guilds:
            raise LookupError("no guild: call emu.add_guild() first")
        return next(iter(self.state.guilds.values()))

    def _guild(self, guild_id: int | None) -> Guild:
        if guild_id is None:
            return self.default_guild
        if guild_id not in self.state.guilds:
            raise LookupError(f"no guild {guild_id}")
        return self.state.guilds[guild_id]

    def _guild_channel(self, channel_id: int | Channel) -> tuple[Guild, Channel]:
        channel = self.state.channel(_id(channel_id))
        if channel is None:
            raise LookupError(f"no channel {_id(channel_id)}")
        if channel.guild_id is None:
            raise ValueError(f"channel {channel.id} is a DM, not a guild channel")
        return self.state.guilds[channel.guild_id], channel

    def add_channel(
        self,
        name: str,
        *,
        guild_id: int | None = None,
        type: int = 0,
        bot_allow: int = 0,
        bot_deny: int = 0,
        topic: str | None = None,
    ) -> Channel:
        """Add a channel (default: a text channel in the default guild); a non-zero
        ``bot_allow``/``bot_deny`` becomes the bot's member overwrite (type 1) in it.

        Connected clients get CHANNEL_CREATE. Raises ``ValueError`` for a ``type`` outside
        :data:`CHANNEL_TYPES`, ``LookupError`` for an unknown guild.
        """
        if type not in CHANNEL_TYPES:
            raise ValueError(f"channel type {type} is not one of {sorted(CHANNEL_TYPES)}")
        guild = self._guild(guild_id)
        channel = Channel(
            id=snowflake(), name=name, guild_id=guild.id, type=type, topic=topic,
            position=len(guild.channels),
        )  # fmt: skip
        if bot_allow or bot_deny:
            channel.overwrites.append(
                Overwrite(self.state.application_id, MEMBER, bot_allow, bot_deny)
            )
        guild.channels.append(channel)
        self.emit(guild.id, "CHANNEL_CREATE", payloads.channel_object(channel))
        return channel

    def set_bot_permissions(
        self, channel_id: int | Channel, *, allow: int = 0, deny: int = 0
    ) -> Channel:
        """Set the bot's member overwrite in a guild channel to ``allow``/``deny`` (replacing
        the previous one); connected clients get CHANNEL_UPDATE."""
        guild, channel = self._guild_channel(channel_id)
        bot_id = self.state.application_id
        channel.overwrites = [
            o for o in channel.overwrites if not (o.type == MEMBER and o.id == bot_id)
        ]
        channel.overwrites.append(Overwrite(bot_id, MEMBER, allow, deny))
        self.emit(guild.id, "CHANNEL_UPDATE", payloads.channel_object(channel))
        return channel

    def delete_channel(self, channel_id: int | Channel) -> None:
        """Delete a guild channel: connected clients get CHANNEL_DELETE; REST on it answers
        404 code 10003 "Unknown Channel" afterwards. Its messages stay readable through
        :meth:`channel_messages`."""
        guild, channel = self._guild_channel(channel_id)
        guild.channels.remove(channel)
        self.emit(guild.id, "CHANNEL_DELETE", payloads.channel_object(channel))

    def add_role(
        self,
        name: str,
        *,
        guild_id: int | None = None,
        permissions: int = 0,
        mentionable: bool = False,
        color: int = 0,
    ) -> Role:
        """Add a role (default: to the default guild, no permissions, not mentionable, as a
        new role on Discord); connected clients get GUILD_ROLE_CREATE."""
        guild = self._guild(guild_id)
        role = Role(
            id=snowflake(), name=name, guild_id=guild.id, permissions=permissions,
            position=max(r.position for r in guild.roles) + 1, color=color,
            mentionable=mentionable,
        )  # fmt: skip
        guild.roles.append(role)
        data = {"guild_id": str(guild.id), "role": payloads.role_object(role)}
        self.emit(guild.id, "GUILD_ROLE_CREATE", data)
        return role

    def channel_messages(self, channel_id: int | Channel) -> list[JSON]:
        """The messages the bot posted in a channel (``POST /channels/{id}/messages``, not
        interaction replies) that still exist, oldest first: current versions, with
        ``content``, ``embeds``, ``components``, ``mention_roles`` and the request's
        ``allowed_mentions``."""
        wanted = str(_id(channel_id))
        return [
            m
            for m in self.state.messages.values()
            if m["channel_id"] == wanted and "interaction_metadata" not in m
        ]

    async def wait_for_messages(
        self, channel_id: int | Channel, count: int = 1, timeout: float = 5.0
    ) -> list[JSON]:
        """Wait until the bot has posted at least ``count`` messages in a channel; returns
        :meth:`channel_messages`. Raises :class:`NoReply` after ``timeout`` s."""
        try:
            await self.state.wait_for(
                lambda: len(self.channel_messages(channel_id)) >= count, timeout
            )
        except TimeoutError:
            got = len(self.channel_messages(channel_id))
            raise NoReply(
                f"{got} message(s) in channel {_id(channel_id)} after {timeout} s, wanted {count}"
            ) from None
        return self.channel_messages(channel_id)
