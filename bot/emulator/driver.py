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
from typing import Any

from bot.emulator import installs, interactions
from bot.emulator.channels import public
from bot.emulator.installs import Unavailable
from bot.emulator.reply import Reply
from bot.emulator.state import (
    JSON,
    Channel,
    Interaction,
    User,
    make_user,
    new_token,
    snowflake,
)
from bot.emulator.world import NoReply, World

__all__ = ["Emulator", "NoReply", "Reply", "Unavailable"]


class Emulator(World):
    """The emulator plus a user's hands: invoke commands, autocomplete, click components; and
    (from :class:`~bot.emulator.world.World`) the guild's channels, roles and the bot's posts.

    ``default_user`` (a plain member, locale en-US) acts when no ``user`` is given; commands run
    in the first added guild, through its installation of the app, unless ``guild_id``,
    ``dm=True``, ``install="user"``, ``context`` or ``channel`` say otherwise (:meth:`place`).
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

    def place(
        self,
        user: User | None = None,
        *,
        guild_id: int | None = None,
        dm: bool = False,
        install: str | None = None,
        context: int | None = None,
        channel: Channel | None = None,
    ) -> installs.Place:
        """Where ``user`` would act and through which installation of the app
        (:func:`bot.emulator.installs.resolve`): by default the first guild's ``#general``
        through the guild's install; ``dm=True`` (or ``context=1``) the bot's DM;
        ``install="user", context=2`` the user's group DM with two friends, where the bot is not
        a member (``channel=emu.state.private_channel(user, group=False)``: a DM between two
        users). ``channel`` picks any channel (the context follows from it).
        """
        needs_guild = channel is None and not dm and context in (None, installs.GUILD)
        guild = self._guild(guild_id) if needs_guild else None
        place = installs.resolve(
            self.state, user or self.default_user, guild=guild, dm=dm, install=install,
            context=context, channel=channel,
        )  # fmt: skip
        if guild_id is not None and place.guild_id != guild_id:
            raise ValueError(f"guild_id {guild_id} does not match the place: {place}")
        return place

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
        context: int | None = None,
        owners: JSON | None = None,
        timeout: float = 5.0,
    ) -> Interaction:
        """Send one INTERACTION_CREATE (built by :mod:`bot.emulator.interactions`) on the right
        shard and return its record without waiting for a reply. ``context`` and ``owners``
        (``authorizing_integration_owners``) default to the channel's context through the
        guild's install (a user's in a private channel)."""
        await self.wait_until_connected(guild_id, timeout)
        await self.flush_events()  # channels and roles made before this reach the bot first
        iid, token = snowflake(), new_token()
        payload = interactions.interaction_payload(
            self.state, itype=itype, data=data, user=user, guild_id=guild_id, channel=channel,
            guild_locale=guild_locale, message=message, interaction_id=iid, token=token,
            context=context, owners=owners,
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
        """The command ``name`` as seen from ``guild_id``; else a guild command of that name
        elsewhere (which :func:`~bot.emulator.installs.check_available` then refuses)."""
        found = self.state.find_command(name, guild_id)
        if found is not None:
            return found
        scoped = (c for cs in self.state.guild_commands.values() for c in cs)
        return next((c for c in scoped if c["name"] == name and c.get("type", 1) == 1), None)

    async def _command_data(
        self,
        command: str,
        options: dict[str, Any],
        focused: str | None,
        place: installs.Place,
        user: User,
        timeout: float,
    ) -> tuple[JSON, JSON]:
        """The ``data`` of the interaction and its ``authorizing_integration_owners``."""
        name, *path = command.split()
        try:
            await self.state.wait_for(
                lambda: self._command(name, place.guild_id) is not None, timeout
            )
        except TimeoutError:
            synced = [c["name"] for c in self.state.global_commands]
            raise LookupError(f"/{name} was not synced (global commands: {synced})") from None
        synced_command = self._command(name, place.guild_id)
        assert synced_command is not None
        installs.check_available(synced_command, place)
        gid = place.guild_id
        data = interactions.command_data(
            synced_command, path, options, focused=focused, guild_id=gid
        )
        interactions.add_resolved(self.state, synced_command, data, guild_id=gid, user=user)
        return data, installs.owners(place, user, synced_command)

    async def begin(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        install: str | None = None,
        context: int | None = None,
        channel: Channel | None = None,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> Interaction:
        """Dispatch a slash command without waiting; pass the record to :meth:`wait_reply`.

        Same arguments and errors as :meth:`invoke` (for commands still running while others
        are sent, e.g. a slow /reload).
        """
        user = user or self.default_user
        where = self.place(
            user, guild_id=guild_id, dm=dm, install=install, context=context, channel=channel
        )
        data, owners = await self._command_data(
            command, dict(options or {}), None, where, user, timeout
        )
        return await self.dispatch(
            2, data, user=user, guild_id=where.guild_id, channel=where.channel,
            guild_locale=guild_locale, context=where.context, owners=owners, timeout=timeout,
        )  # fmt: skip

    async def invoke(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        install: str | None = None,
        context: int | None = None,
        channel: Channel | None = None,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        """Run a slash command as ``user`` and return the final reply.

        ``command`` is the command's default name with its subcommand group/subcommand, e.g.
        ``"language set"``; ``options`` maps option names to values (for channel and role
        options an id or a :class:`~bot.emulator.state.Channel`/:class:`~bot.emulator.state.Role`,
        sent with ``data.resolved`` as Discord does). Where, and through which installation, is
        :meth:`place`'s choice: a guild (default: the first) through its install unless ``dm``;
        ``install="user"`` acts through the user's own install, ``context`` (0 guild, 1 the
        bot's DM, 2 a private channel) or ``channel`` picks the place. ``guild_locale``
        overrides the guild's ``preferred_locale``. Raises ``LookupError`` if the bot never
        synced the command, :class:`~bot.emulator.installs.Unavailable` (a ``ValueError``) if
        the command's ``integration_types``/``contexts`` leave that place out, ``ValueError``
        for options Discord's client would refuse (unknown channel or role, a channel type the
        option excludes), :class:`NoReply` if the bot does not answer in time.
        """
        rec = await self.begin(
            command, options, user=user, guild_id=guild_id, dm=dm, install=install,
            context=context, channel=channel, guild_locale=guild_locale, timeout=timeout,
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
        install: str | None = None,
        context: int | None = None,
        channel: Channel | None = None,
        guild_locale: str | None = None,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Ask for autocomplete choices while ``user`` types ``options[focused]`` (where
        :meth:`invoke` would run the command).

        Returns the choices (``{"name", "value"}`` dicts); the full :class:`Reply` (with
        ``elapsed``) is ``emu.last_reply``.
        """
        user = user or self.default_user
        where = self.place(
            user, guild_id=guild_id, dm=dm, install=install, context=context, channel=channel
        )
        data, owners = await self._command_data(
            command, dict(options), focused, where, user, timeout
        )
        rec = await self.dispatch(
            4, data, user=user, guild_id=where.guild_id, channel=where.channel,
            guild_locale=guild_locale, context=where.context, owners=owners, timeout=timeout,
        )  # fmt: skip
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
        version is used. The click happens in the message's channel, authorized by the
        installation that authorized the message's interaction (the guild's for a channel
        message). Raises ``ValueError`` if there is no such (enabled) component.
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
        owners = (stored.get("interaction_metadata") or {}).get("authorizing_integration_owners")
        rec = await self.dispatch(
            3, data, user=user, guild_id=channel.guild_id, channel=channel,
            guild_locale=guild_locale, message=copy.deepcopy(public(stored)),
            context=installs.context_of(self.state, channel), owners=owners, timeout=timeout,
        )  # fmt: skip
        return await self.wait_reply(rec, timeout)

    async def settle(self, delay: float = 0.02) -> None:
        """Give the client a moment to process what was sent (for negative checks)."""
        await asyncio.sleep(delay)
