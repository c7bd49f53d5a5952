"""The high-level API for tests, the offline console and benchmarks: act as a Discord user.

``await emu.invoke("language set", {"language": "sv"}, user=...)`` dispatches a slash command
built from the command the bot synced and waits for the bot's *final* reply: the callback body
for types 4/7/8/9, the ``@original`` edit (or first follow-up) after a defer (5/6).
"""

# Waiting on the bot is what these methods do; their ``timeout`` bounds that wait.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from typing import Any

from bot.emulator import interactions
from bot.emulator.channels import public
from bot.emulator.state import (
    JSON,
    Channel,
    Interaction,
    User,
    make_user,
    new_token,
    snowflake,
)
from bot.emulator.validation import EPHEMERAL
from bot.emulator.world import NoReply, World

__all__ = ["Emulator", "NoReply", "Reply"]


@dataclass
class Reply:
    """The bot's final reply to one interaction.

    ``type`` is the accepted callback type (4 message, 5 deferred, 6 deferred update, 7 update,
    8 autocomplete, 9 modal); ``message`` a snapshot of the reply message (dict as Discord sends
    it, with ``id`` so it can be clicked); ``choices`` the autocomplete result; ``elapsed`` the
    seconds from dispatch to the final reply; ``bodies`` the raw callback body then every
    ``@original`` edit body.
    """

    interaction: Interaction
    type: int | None
    message: JSON | None
    choices: list[JSON]
    elapsed: float
    bodies: list[JSON]
    emulator: Emulator = field(repr=False)

    @property
    def ephemeral(self) -> bool:
        """Whether only the invoker sees the reply (flag 64)."""
        if self.message is not None:
            return bool(int(self.message.get("flags") or 0) & EPHEMERAL)
        data = (self.bodies[0].get("data") or {}) if self.bodies else {}
        return bool(int(data.get("flags") or 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        """The reply's text ("" if none)."""
        return str((self.message or {}).get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        """The reply's embeds as dicts."""
        return list((self.message or {}).get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        """The reply's components (action rows) as dicts."""
        return list((self.message or {}).get("components") or [])

    @property
    def attachments(self) -> list[JSON]:
        """Uploaded files of the reply: ``filename``, ``size``, ``url``..."""
        return list((self.message or {}).get("attachments") or [])

    @property
    def custom_ids(self) -> list[str]:
        """Every ``custom_id`` in the reply's components, in order."""
        out: list[str] = []
        stack = list(reversed(self.components))
        while stack:
            component = stack.pop()
            if "custom_id" in component:
                out.append(component["custom_id"])
            stack.extend(reversed(component.get("components") or []))
        return out

    @property
    def allowed_mentions(self) -> JSON | None:
        """``allowed_mentions`` of the body that produced the final content (None if absent)."""
        for body in reversed(self.bodies):
            data = body.get("data") if "type" in body and "data" in body else body
            if isinstance(data, dict) and "allowed_mentions" in data:
                return data["allowed_mentions"]  # type: ignore[no-any-return]
        return None

    @property
    def followups(self) -> list[JSON]:
        """Follow-up messages sent so far (current versions)."""
        messages = self.emulator.state.messages
        return [messages[mid] for mid in self.interaction.followup_ids if mid in messages]

    async def wait_followup(self, index: int = 0, timeout: float = 5.0) -> JSON:
        """The ``index``-th follow-up message, waiting up to ``timeout`` s for it."""
        try:
            await self.emulator.state.wait_for(
                lambda: len(self.interaction.followup_ids) > index, timeout
            )
        except TimeoutError:
            raise NoReply(f"no follow-up #{index} within {timeout} s", self.interaction) from None
        return self.emulator.state.messages[self.interaction.followup_ids[index]]


class Emulator(World):
    """The emulator plus a user's hands: invoke commands, autocomplete, click components; and
    (from :class:`~bot.emulator.world.World`) the guild's channels, roles and the bot's posts.

    ``default_user`` (a plain member, locale en-US) acts when no ``user`` is given; commands run
    in the first added guild unless ``guild_id`` or ``dm=True`` is given.
    """

    def __init__(self, *, default_user: User | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default_user = default_user or make_user("tester")
        self.last_reply: Reply | None = None

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """The commands last synced globally (or for ``guild_id``), as the bot PUT them plus ids."""
        if guild_id is None:
            return list(self.state.global_commands)
        return list(self.state.guild_commands.get(guild_id, []))

    async def wait_until_synced(self, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        """Wait for the ``count``-th successful command PUT; returns the global commands."""
        await self.state.wait_for(lambda: self.state.sync_count >= count, timeout)
        return self.commands()

    async def wait_until_connected(self, guild_id: int | None = None, timeout: float = 5.0) -> None:
        """Wait until a client identified on the shard that owns ``guild_id`` (None: shard 0)."""
        try:
            await self.state.wait_for(
                lambda: self.gateway.session_for(guild_id) is not None, timeout
            )
        except TimeoutError:
            raise NoReply(f"no client connected to the gateway within {timeout} s") from None

    async def drop_gateway(self, code: int = 4000, shard_id: int | None = None) -> int:
        """Close the client's socket(s) with ``code`` (4000: it will RESUME); returns how many."""
        return await self.gateway.drop(code, shard_id)

    async def wait_resumed(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs in total have been answered."""
        await self.state.wait_for(lambda: self.gateway.resume_count >= count, timeout)

    # -- acting -------------------------------------------------------------------------------

    def _place(self, guild_id: int | None, dm: bool, user: User) -> tuple[int | None, Channel]:
        if dm:
            return None, self.state.dm_channel(user)
        guild = self.state.guilds[guild_id] if guild_id is not None else self.default_guild
        return guild.id, guild.default_channel

    async def dispatch(
        self,
        itype: int,
        data: JSON,
        *,
        user: User,
        guild_id: int | None,
        channel: Channel,
        guild_locale: str | None = None,
        message: JSON | None = None,
        timeout: float = 5.0,
    ) -> Interaction:
        """Send one INTERACTION_CREATE (built by :mod:`bot.emulator.interactions`) on the right
        shard and return its record without waiting for a reply."""
        await self.wait_until_connected(guild_id, timeout)
        await self.flush_events()  # channels and roles made before this reach the bot first
        iid, token = snowflake(), new_token()
        payload = interactions.interaction_payload(
            self.state, itype=itype, data=data, user=user, guild_id=guild_id, channel=channel,
            guild_locale=guild_locale, message=message, interaction_id=iid, token=token,
        )  # fmt: skip
        rec = Interaction(
            id=iid, token=token, type=itype, payload=payload, user=user, guild_id=guild_id,
            channel_id=channel.id, dispatched_at=self.now(),
        )  # fmt: skip
        self.register(rec)
        await self.gateway.dispatch_to_guild(guild_id, "INTERACTION_CREATE", payload)
        return rec

    async def wait_reply(self, rec: Interaction, timeout: float = 5.0) -> Reply:
        """Wait for ``rec``'s final reply; raises :class:`NoReply` after ``timeout`` s."""
        try:
            await self.state.wait_for(lambda: rec.final_at is not None, timeout)
        except TimeoutError:
            recent = "; ".join(str(v) for v in self.violations[-5:])
            raise NoReply(
                f"no final reply within {timeout} s (callback type {rec.callback_type}, "
                f"rejected: {rec.rejected or 'nothing'}; recent violations: {recent or 'none'})",
                rec,
            ) from None
        assert rec.final_at is not None
        message = self.state.messages.get(rec.original_message_id or 0)
        body = rec.callback_body or {}
        choices = (body.get("data") or {}).get("choices") or [] if rec.callback_type == 8 else []
        reply = Reply(
            interaction=rec, type=rec.callback_type, message=copy.deepcopy(message),
            choices=list(choices), elapsed=rec.final_at - rec.dispatched_at,
            bodies=[body, *rec.edits], emulator=self,
        )  # fmt: skip
        self.last_reply = reply
        return reply

    def _command(self, name: str, guild_id: int | None) -> JSON | None:
        return self.state.find_command(name, guild_id)

    async def _command_data(
        self,
        command: str,
        options: dict[str, Any],
        focused: str | None,
        guild_id: int | None,
        user: User,
        timeout: float,
    ) -> JSON:
        name, *path = command.split()
        try:
            await self.state.wait_for(lambda: self._command(name, guild_id) is not None, timeout)
        except TimeoutError:
            synced = [c["name"] for c in self.state.global_commands]
            raise LookupError(f"/{name} was not synced (global commands: {synced})") from None
        synced_command = self._command(name, guild_id)
        assert synced_command is not None
        data = interactions.command_data(
            synced_command, path, options, focused=focused, guild_id=guild_id
        )
        interactions.add_resolved(self.state, synced_command, data, guild_id=guild_id, user=user)
        return data

    async def begin(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> Interaction:
        """Dispatch a slash command without waiting; pass the record to :meth:`wait_reply`.

        Same arguments and errors as :meth:`invoke` (for commands still running while others
        are sent, e.g. a slow /reload).
        """
        user = user or self.default_user
        gid, channel = self._place(guild_id, dm, user)
        data = await self._command_data(command, dict(options or {}), None, gid, user, timeout)
        return await self.dispatch(
            2, data, user=user, guild_id=gid, channel=channel, guild_locale=guild_locale,
            timeout=timeout,
        )  # fmt: skip

    async def invoke(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        """Run a slash command as ``user`` and return the final reply.

        ``command`` is the command's default name with its subcommand group/subcommand, e.g.
        ``"language set"``; ``options`` maps option names to values (for channel and role
        options an id or a :class:`~bot.emulator.state.Channel`/:class:`~bot.emulator.state.Role`,
        sent with ``data.resolved`` as Discord does). In a guild (default: the first) unless
        ``dm``; ``guild_locale`` overrides the guild's ``preferred_locale``. Raises
        ``LookupError`` if the bot never synced the command, ``ValueError`` for options Discord's
        client would refuse (unknown channel or role, a channel type the option excludes),
        :class:`NoReply` if the bot does not answer in time.
        """
        rec = await self.begin(
            command, options, user=user, guild_id=guild_id, dm=dm, guild_locale=guild_locale,
            timeout=timeout,
        )  # fmt: skip
        return await self.wait_reply(rec, timeout)

    async def autocomplete(
        self,
        command: str,
        options: dict[str, Any],
        focused: str,
        *,
        user: User | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Ask for autocomplete choices while ``user`` types ``options[focused]``.

        Returns the choices (``{"name", "value"}`` dicts); the full :class:`Reply` (with
        ``elapsed``) is ``emu.last_reply``.
        """
        user = user or self.default_user
        gid, channel = self._place(guild_id, dm, user)
        data = await self._command_data(command, dict(options), focused, gid, user, timeout)
        rec = await self.dispatch(
            4,
            data,
            user=user,
            guild_id=gid,
            channel=channel,
            guild_locale=guild_locale,
            timeout=timeout,
        )
        return (await self.wait_reply(rec, timeout)).choices

    async def click(
        self,
        message: JSON | Reply,
        custom_id: str,
        *,
        values: list[str] | None = None,
        user: User | None = None,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        """Click a button (or pick ``values`` in a select) on a message the bot sent.

        ``message`` is a reply's ``message`` dict (or the :class:`Reply`); its current stored
        version is used. Raises ``ValueError`` if there is no such (enabled) component.
        """
        if isinstance(message, Reply):
            if message.message is None:
                raise ValueError("that reply has no message to click on")
            message = message.message
        stored = self.state.messages.get(int(message["id"]))
        if stored is None:
            raise ValueError(f"message {message['id']} no longer exists")
        user = user or self.default_user
        data = interactions.component_data(stored, custom_id, values)
        channel = self.state.channel(int(stored["channel_id"]))
        assert channel is not None
        rec = await self.dispatch(
            3, data, user=user, guild_id=channel.guild_id, channel=channel,
            guild_locale=guild_locale, message=copy.deepcopy(public(stored)), timeout=timeout,
        )  # fmt: skip
        return await self.wait_reply(rec, timeout)

    async def settle(self, delay: float = 0.02) -> None:
        """Give the client a moment to process what was sent (for negative checks)."""
        await asyncio.sleep(delay)
