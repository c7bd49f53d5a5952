"""A small local Discord for tests, the offline console and benchmarks.

A real discord.py client logs in to an aiohttp app on 127.0.0.1 (see :mod:`.connect`): nothing
is mocked, so what discord.py actually sends is what gets checked.

Covers
    Gateway: HELLO, heartbeat ACK, IDENTIFY -> READY + one GUILD_CREATE per guild (with
    ``preferred_locale``, channels, @everyone role, the bot's member), sharding (``shard`` in
    IDENTIFY, guilds and their interactions on shard ``(guild_id >> 22) % n``, DMs on 0),
    RESUME with replay of missed dispatches after a close (``drop_gateway``), member chunk
    requests. REST: ``users/@me``, ``oauth2/applications/@me``, ``gateway``, ``gateway/bot``,
    global and guild command PUT/GET, interaction callbacks (``with_response``), webhook
    ``@original`` and follow-up GET/PATCH/DELETE, follow-up POST, channel messages; JSON and
    multipart (``payload_json`` + files) bodies; injected 429s with ``retry_after``.
    Driver (:class:`Emulator`): slash commands with subcommands and typed options, autocomplete,
    button and select clicks, as any user (permissions, locale) in a guild (guild_locale) or a
    DM, returning the final reply (also after defer-then-edit) with its latency.
    Validation (:mod:`.validation`, :mod:`.commands`): content, embeds, components, allowed
    mentions, autocomplete choices, image URLs, command names/descriptions/localizations/size;
    400 code 50035 with an ``errors`` object as Discord answers, 404 10062 for a first response
    after ``response_deadline``, 400 40060 for a second one; the ``emulator`` fixture fails the
    test on any violation. Every body is also checked against Discord's own OpenAPI
    description (:mod:`.openapi_check`, vendored in ``openapi/``; ``openapi=False`` turns that
    off): types, enums, required keys, lengths.

Does not cover
    Permissions enforcement (``default_member_permissions`` is stored, never applied; the
    ``permissions`` a test gives a user are sent as is), rate limits other than injected ones,
    gateway compression and ETF, presences, members beyond the bot, roles other than @everyone,
    threads, reactions, modals beyond accepting the callback, components-v2 layout rules,
    user/role/channel option ``resolved`` data, attachment size limits, voice, and guilds
    joining or leaving while connected (only ``add_guild``).
"""

from bot.emulator.commands import DISCORD_LOCALES, validate_command, validate_commands
from bot.emulator.connect import Pointing, is_pointed, point_discord_at, running
from bot.emulator.driver import Emulator, NoReply, Reply
from bot.emulator.server import EmulatorServer, RecordedViolation
from bot.emulator.state import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    Guild,
    Interaction,
    User,
    make_user,
)
from bot.emulator.validation import Violation, validate_callback, validate_choices, validate_message

__all__ = [
    "ADMINISTRATOR",
    "DEFAULT_MEMBER_PERMISSIONS",
    "DISCORD_LOCALES",
    "MANAGE_GUILD",
    "Emulator",
    "EmulatorServer",
    "Guild",
    "Interaction",
    "NoReply",
    "Pointing",
    "RecordedViolation",
    "Reply",
    "User",
    "Violation",
    "is_pointed",
    "make_user",
    "point_discord_at",
    "running",
    "validate_callback",
    "validate_choices",
    "validate_command",
    "validate_commands",
    "validate_message",
]
