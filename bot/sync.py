"""Syncing slash commands to Discord only when they changed.

Discord rate-limits command registration and discord.py's maintainers advise against syncing
on every start (https://discordpy.readthedocs.io/en/stable/interactions/api.html#discord.app_commands.CommandTree.sync).
:func:`sync_if_changed` builds the payload ``CommandTree.sync`` would send (with every
translation), hashes it, and syncs only when the hash differs from the one stored for that
application and scope (global, or one guild). ``force`` syncs anyway (``postbot sync``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.service import PostService

log = logging.getLogger(__name__)


async def command_payload(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> list[dict[str, Any]]:
    """The JSON ``tree.sync(guild=guild)`` would send, translations included."""
    translator = tree.translator
    commands = tree.get_commands(guild=guild)
    if translator is not None:
        return [await command.get_translated_payload(tree, translator) for command in commands]
    return [command.to_dict(tree) for command in commands]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    """A stable SHA-256 of a command payload (key order does not matter)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    service: PostService,
    application_id: int,
    *,
    guild: discord.abc.Snowflake | None = None,
    force: bool = False,
) -> bool:
    """Sync ``tree`` for ``guild`` (global when ``None``) unless the same payload was synced
    last time for this application and scope; returns whether it synced. Raises what
    ``CommandTree.sync`` raises; then nothing is recorded, so the next start tries again."""
    scope = f"{application_id}:" + (f"guild:{guild.id}" if guild is not None else "global")
    digest = payload_hash(await command_payload(tree, guild))
    if not force and await service.synced_hash(scope) == digest:
        log.info("commands unchanged since the last sync (%s): not syncing", scope)
        return False
    synced = await tree.sync(guild=guild)
    await service.save_synced_hash(scope, digest)
    log.info("synced %d commands (%s)", len(synced), scope)
    return True
