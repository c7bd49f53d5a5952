"""A small local Discord for tests, the offline console and benchmarks.

A real discord.py client logs in to an aiohttp app on 127.0.0.1 (see :mod:`.connect`): nothing
is mocked, so what discord.py actually sends is what gets checked.

Covers
    Gateway: HELLO, heartbeat ACK, IDENTIFY -> READY + one GUILD_CREATE per guild (with
    ``preferred_locale``, channels with permission overwrites, the @everyone role, the bot's
    managed role and member, so ``channel.permissions_for(guild.me)`` is real), CHANNEL_CREATE,
    CHANNEL_UPDATE, CHANNEL_DELETE and GUILD_ROLE_CREATE for changes made while a client is
    connected (:mod:`.world`), sharding (``shard`` in
    IDENTIFY, guilds and their interactions on shard ``(guild_id >> 22) % n``, DMs on 0),
    RESUME with replay of missed dispatches after a close (``drop_gateway``), member chunk
    requests. REST: ``users/@me``, ``oauth2/applications/@me``, ``gateway``, ``gateway/bot``,
    global and guild command PUT/GET, interaction callbacks (``with_response``), webhook
    ``@original`` and follow-up GET/PATCH/DELETE, follow-up POST, ``GET /channels/{id}`` and
    channel messages with the bot's permissions enforced (:mod:`.channels`: 10003, 50001,
    50013, embeds dropped without Embed Links; computed by :mod:`.permissions`); JSON and
    multipart (``payload_json`` + files) bodies; injected 429s with ``retry_after``.
    Driver (:class:`Emulator`): slash commands with subcommands and typed options, autocomplete,
    button and select clicks, as any user (permissions, locale) in a guild (guild_locale), the
    bot's DM or a private channel (group DM, DM between users) through the guild's or the
    user's own installation (``install="user", context=2``: ``context`` and
    ``authorizing_integration_owners`` and ``app_permissions`` as Discord sends them, and
    :class:`~bot.emulator.installs.Unavailable` where a command's ``integration_types`` or
    ``contexts`` leave the place out; :mod:`.installs`), returning the final reply (also
    after defer-then-edit) with its latency; channel and
    role options with ``resolved`` data; channels, roles and the bot's overwrites made and
    changed by the test; the messages the bot posted in a channel.
    Validation (:mod:`.validation`, :mod:`.commands`): content, embeds, components, allowed
    mentions, autocomplete choices, image URLs, command names/descriptions/localizations/size,
    ``integration_types`` and ``contexts``;
    400 code 50035 with an ``errors`` object as Discord answers, 404 10062 for a first response
    after ``response_deadline``, 400 40060 for a second one; the ``emulator`` fixture fails the
    test on any violation. Every body is also checked against Discord's own OpenAPI
    description (:mod:`.openapi_check`, vendored in ``openapi/``; ``openapi=False`` turns that
    off): types, enums, required keys, lengths.

Does not cover
    Permissions of users (``default_member_permissions`` is stored, never applied; the
    ``permissions`` a test gives a user are sent as is, after channel overwrites), role edits
    and deletion, role or channel hierarchy rules, rate limits other than injected ones, gateway
    compression and ETF, presences, members beyond the bot, threads, reactions, modals beyond
    accepting the callback, components-v2 layout rules, user option ``resolved`` data,
    attachment size limits, voice, and guilds leaving while connected (only ``add_guild``).
"""

from bot.emulator.commands import DISCORD_LOCALES, validate_command, validate_commands
from bot.emulator.connect import Pointing, is_pointed, point_discord_at, running
from bot.emulator.driver import Emulator, NoReply, Reply
from bot.emulator.installs import Place, Unavailable
from bot.emulator.permissions import (
    ATTACH_FILES,
    BOT_PERMISSIONS,
    EMBED_LINKS,
    MENTION_EVERYONE,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from bot.emulator.server import EmulatorServer, RecordedViolation
from bot.emulator.state import (
    ADMINISTRATOR,
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    Channel,
    Guild,
    Interaction,
    Overwrite,
    Role,
    User,
    make_user,
)
from bot.emulator.validation import Violation, validate_callback, validate_choices, validate_message

__all__ = [
    "ADMINISTRATOR",
    "ATTACH_FILES",
    "BOT_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "DISCORD_LOCALES",
    "EMBED_LINKS",
    "MANAGE_GUILD",
    "MENTION_EVERYONE",
    "READ_MESSAGE_HISTORY",
    "SEND_MESSAGES",
    "VIEW_CHANNEL",
    "Channel",
    "Emulator",
    "EmulatorServer",
    "Guild",
    "Interaction",
    "NoReply",
    "Overwrite",
    "Place",
    "Pointing",
    "RecordedViolation",
    "Reply",
    "Role",
    "Unavailable",
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
