"""REST handlers of channels and their messages, with Discord's permission checks for the bot.

- ``GET /channels/{id}``: https://discord.com/developers/docs/resources/channel#get-channel
- ``POST /channels/{id}/messages``:
  https://discord.com/developers/docs/resources/message#create-message
- ``GET|PATCH|DELETE /channels/{id}/messages/{message_id}``:
  https://discord.com/developers/docs/resources/message#get-channel-message

Errors are Discord's (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json):
404 10003 "Unknown Channel" (never existed or deleted), 403 50001 "Missing Access" (the bot
may not View Channel, or Read Message History to fetch a message), 403 50013 "Missing
Permissions" (no Send Messages, or Attach Files for uploads), 404 10008 "Unknown Message".
Without Embed Links a message is accepted and its embeds are dropped, as Discord does.

Stored channel messages also keep the request's ``allowed_mentions`` (None when absent), for
tests; responses leave it out, as Discord's message objects have no such key.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from bot.emulator import payloads
from bot.emulator.http import (
    Body,
    RestServer,
    attachment_objects,
    discord_error,
    json_response,
    read_body,
)
from bot.emulator.permissions import (
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    bot_permissions,
)
from bot.emulator.state import JSON, Channel, EmulatorState

ROLE_MENTION = re.compile(r"<@&(\d+)>")
PRIVATE_KEYS = frozenset({"allowed_mentions"})
"""Keys kept on stored messages for tests, never sent to the bot."""


def public(message: JSON) -> JSON:
    """A stored message as Discord returns it (without the keys kept only for tests)."""
    return {k: v for k, v in message.items() if k not in PRIVATE_KEYS}


def mentions(state: EmulatorState, channel: Channel, body: JSON, permissions: int) -> JSON:
    """``mention_everyone`` and ``mention_roles`` of a new message: what its content pings,
    as ``allowed_mentions`` permits (all of it when absent), see
    https://discord.com/developers/docs/resources/message#allowed-mentions-object. A role is
    pinged if it is mentionable or the bot may Mention Everyone."""
    content = str(body.get("content") or "")
    allowed = body.get("allowed_mentions")
    if isinstance(allowed, dict):
        parse = set(allowed.get("parse") or [])
        listed = {str(r) for r in allowed.get("roles") or []}
    else:
        parse, listed = {"everyone", "roles", "users"}, set()
    may_all = bool(permissions & MENTION_EVERYONE)
    guild = state.guilds.get(channel.guild_id) if channel.guild_id is not None else None
    roles: list[str] = []
    for rid in ROLE_MENTION.findall(content):
        role = guild.role(int(rid)) if guild is not None else None
        if role is None or rid in roles or not ("roles" in parse or rid in listed):
            continue
        if role.mentionable or may_all:
            roles.append(rid)
    everyone = "everyone" in parse and may_all and ("@everyone" in content or "@here" in content)
    return {"mention_everyone": everyone, "mention_roles": roles}


class ChannelRest:
    """The channel handlers; :meth:`routes` lists them for the route table."""

    def __init__(self, server: RestServer) -> None:
        self.server = server
        self.state = server.state

    def routes(self) -> list[tuple[str, str, Any]]:
        """(method, path after ``/api/v10``, handler) of every channel route."""
        return [
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.channel_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.channel_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.channel_message),
        ]

    def _channel(self, request: web.Request) -> tuple[Channel | None, web.Response | None]:
        """The channel of the path if the bot may see it, else the error to answer."""
        channel = self.state.channel(int(request.match_info["channel_id"]))
        if channel is None:
            return None, discord_error(404, 10003, "Unknown Channel")
        if not bot_permissions(self.state, channel) & VIEW_CHANNEL:
            return None, discord_error(403, 50001, "Missing Access")
        return channel, None

    async def get_channel(self, request: web.Request) -> web.Response:
        channel, error = self._channel(request)
        if channel is None:
            return error or discord_error(404, 10003, "Unknown Channel")
        return json_response(payloads.channel_object(channel))

    async def create_message(self, request: web.Request) -> web.Response:
        body = await read_body(request)
        if self.state.channel(int(request.match_info["channel_id"])) is None:
            return discord_error(404, 10003, "Unknown Channel")
        if (rejected := self.server.check_message(request, body, edit=False)) is not None:
            return rejected
        channel, error = self._channel(request)
        if channel is None:
            return error or discord_error(404, 10003, "Unknown Channel")
        permissions = bot_permissions(self.state, channel)
        if not permissions & SEND_MESSAGES or (body.files and not permissions & ATTACH_FILES):
            return discord_error(403, 50013, "Missing Permissions")
        data: JSON = dict(body.json or {})
        if not permissions & EMBED_LINKS:
            data.pop("embeds", None)
        message = payloads.message_object(
            self.state, data, channel_id=channel.id, guild_id=channel.guild_id,
            attachments=attachment_objects(self.server.base_url, body),
        )  # fmt: skip
        message.update(mentions(self.state, channel, data, permissions))
        message["allowed_mentions"] = data.get("allowed_mentions")
        self.state.messages[int(message["id"])] = message
        await self.state.notify()
        return json_response(public(message))

    async def channel_message(self, request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        channel, error = self._channel(request)
        if channel is None:
            return error or discord_error(404, 10003, "Unknown Channel")
        permissions = bot_permissions(self.state, channel)
        if request.method == "GET" and not permissions & READ_MESSAGE_HISTORY:
            return discord_error(403, 50001, "Missing Access")
        message = self.state.messages.get(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != str(channel.id):
            return discord_error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return json_response(public(message))
        if request.method == "DELETE":
            del self.state.messages[int(message["id"])]
            await self.state.notify()
            return web.Response(status=204)
        return await self._edit(request, body, message, permissions)

    async def _edit(
        self, request: web.Request, body: Body, message: JSON, permissions: int
    ) -> web.Response:
        if (rejected := self.server.check_message(request, body, edit=True)) is not None:
            return rejected
        data: JSON = dict(body.json or {})
        if not permissions & EMBED_LINKS and "embeds" in data:
            data["embeds"] = []
        payloads.apply_edit(message, data, attachment_objects(self.server.base_url, body))
        if "allowed_mentions" in data and "allowed_mentions" in message:
            message["allowed_mentions"] = data["allowed_mentions"]
        await self.state.notify()
        return json_response(public(message))
