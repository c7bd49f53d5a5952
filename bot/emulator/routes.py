"""REST handlers of the emulator: identity, gateway discovery, commands, interaction callbacks,
interaction webhooks (``@original``, follow-ups); channel routes are in
:mod:`bot.emulator.channels`.

Errors are Discord's: 404 10062 "Unknown interaction" (unknown id/token, or first response after
``response_deadline``), 400 40060 "Interaction has already been acknowledged", 401 50027
"Invalid Webhook Token" (after ``token_lifetime``), 404 10008 "Unknown Message", 404 10015
"Unknown Webhook", 400 50035 for invalid bodies.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.emulator import payloads
from bot.emulator.channels import ChannelRest, public
from bot.emulator.http import (
    API_PREFIXES,
    Body,
    RestServer,
    attachment_objects,
    discord_error,
    json_response,
    read_body,
)
from bot.emulator.interactions import interaction_metadata
from bot.emulator.payloads import LOADING, apply_edit
from bot.emulator.state import JSON, Interaction, snowflake
from bot.emulator.validation import EPHEMERAL


def add_rest_routes(server: RestServer, app: web.Application) -> None:
    """Register every REST route under ``/api/v10`` (and ``/api/v9``) plus a 404 catch-all."""
    rest = _Rest(server)
    table: list[tuple[str, str, Any]] = [
        ("GET", "/users/@me", rest.me),
        ("GET", "/oauth2/applications/@me", rest.application),
        ("GET", "/applications/@me", rest.application),
        ("GET", "/gateway", rest.gateway),
        ("GET", "/gateway/bot", rest.gateway_bot),
        ("GET", "/applications/{app_id}/commands", rest.get_commands),
        ("PUT", "/applications/{app_id}/commands", rest.put_commands),
        ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", rest.get_commands),
        ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", rest.put_commands),
        ("POST", "/interactions/{interaction_id}/{token}/callback", rest.callback),
        ("POST", "/webhooks/{app_id}/{token}", rest.followup),
        ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", rest.webhook_message),
        ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", rest.webhook_message),
        ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", rest.webhook_message),
        *ChannelRest(server).routes(),
    ]
    for prefix in API_PREFIXES:
        for method, path, handler in table:
            app.router.add_route(method, prefix + path, handler)
    app.router.add_route("*", "/{tail:.*}", rest.unknown)


class _Rest:
    def __init__(self, server: RestServer) -> None:
        self.server = server
        self.state = server.state

    def _attachments(self, body: Body) -> list[JSON]:
        return attachment_objects(self.server.base_url, body)

    # -- identity -----------------------------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        wanted = self.server.bot_token
        if not authorization.startswith("Bot ") or (
            wanted is not None and authorization != f"Bot {wanted}"
        ):
            return discord_error(401, 0, "401: Unauthorized")
        return json_response(payloads.bot_user_object(self.state))

    async def application(self, request: web.Request) -> web.Response:
        return json_response(payloads.application_object(self.state))

    async def gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": f"ws://{self.server.host}:{self.server.port}/gateway"})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        return json_response({
            "url": f"ws://{self.server.host}:{self.server.port}/gateway",
            "shards": self.server.shards,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1,
            },
        })  # fmt: skip

    async def unknown(self, request: web.Request) -> web.Response:
        self.server.unhandled.append(f"{request.method} {request.path}")
        return discord_error(404, 0, "404: Not Found")

    # -- commands -----------------------------------------------------------------------------

    def _app_ok(self, request: web.Request) -> bool:
        return request.match_info["app_id"] == str(self.state.application_id)

    async def get_commands(self, request: web.Request) -> web.Response:
        if not self._app_ok(request):
            return discord_error(404, 10002, "Unknown Application")
        gid = request.match_info.get("guild_id")
        commands = (
            self.state.guild_commands.get(int(gid), []) if gid else self.state.global_commands
        )
        return json_response(commands)

    async def put_commands(self, request: web.Request) -> web.Response:
        if not self._app_ok(request):
            return discord_error(404, 10002, "Unknown Application")
        body = await read_body(request)
        if (rejected := self.server.check_commands(request, body)) is not None:
            return rejected
        gid_text = request.match_info.get("guild_id")
        gid = int(gid_text) if gid_text else None
        old = (
            self.state.guild_commands.get(gid, [])
            if gid is not None
            else self.state.global_commands
        )
        ids = {(c["name"], c.get("type", 1)): c["id"] for c in old}
        stored = []
        for command in body.json:
            entry: JSON = {
                "type": 1,
                "description": "",
                "default_member_permissions": None,
                "nsfw": False,
            }
            entry.update(command)
            # Discord answers the default installation (the guild's) when none is given
            entry["integration_types"] = command.get("integration_types") or [0]
            entry["id"] = ids.get((command["name"], command.get("type", 1))) or str(snowflake())
            entry["application_id"] = str(self.state.application_id)
            entry["version"] = str(snowflake())
            if gid is not None:
                entry["guild_id"] = str(gid)
            stored.append(entry)
        if gid is None:
            self.state.global_commands = stored
        else:
            self.state.guild_commands[gid] = stored
        self.state.sync_count += 1
        await self.state.notify()
        return json_response(stored)

    # -- interactions -------------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        server = self.server
        rec = self.state.interactions.get(int(request.match_info["interaction_id"]))
        body = await read_body(request)
        if rec is None or rec.token != request.match_info["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        now = server.now()
        if rec.acknowledged:
            rec.rejected.append("second initial response: 40060")
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        if now - rec.dispatched_at > server.response_deadline:
            rec.rejected.append(f"initial response after {now - rec.dispatched_at:.3f} s: 10062")
            await self.state.notify()
            return discord_error(404, 10062, "Unknown interaction")
        if (rejected := server.check_callback(request, body, rec.type)) is not None:
            rec.rejected.append("invalid callback body (400 50035)")
            await self.state.notify()
            return rejected
        ctype: int = body.json["type"]
        data: JSON = body.json.get("data") or {}
        rec.callback_type, rec.callback_body, rec.callback_at = ctype, body.json, now
        info: JSON = {"id": str(rec.id), "type": rec.type}
        resource: JSON = {"type": ctype}
        if ctype in (4, 5):
            flags = int(data.get("flags") or 0) | (LOADING if ctype == 5 else 0)
            message_body = {**data, "flags": flags} if ctype == 4 else {"flags": flags}
            message = self._reply_message(rec, message_body, self._attachments(body))
            rec.original_message_id = int(message["id"])
            info.update(
                response_message_id=message["id"],
                response_message_loading=ctype == 5,
                response_message_ephemeral=bool(flags & EPHEMERAL),
            )
            resource["message"] = message
        elif ctype in (6, 7):
            message = self.state.messages[int(rec.payload["message"]["id"])]
            rec.original_message_id = int(message["id"])
            info.update(response_message_id=message["id"], response_message_loading=False,
                        response_message_ephemeral=bool(message["flags"] & EPHEMERAL))  # fmt: skip
            if ctype == 7:
                apply_edit(message, data, self._attachments(body))
                resource["message"] = public(message)
        if ctype not in (5, 6):
            rec.final_at = now
        await self.state.notify()
        return json_response({"interaction": info, "resource": resource})

    def _reply_message(self, rec: Interaction, body: JSON, attachments: list[JSON]) -> JSON:
        owners = rec.payload.get("authorizing_integration_owners") or {}
        metadata = interaction_metadata(rec.id, rec.type, rec.user, owners)
        message = payloads.message_object(
            self.state, body, channel_id=rec.channel_id, guild_id=rec.guild_id,
            interaction=metadata, message_type=20 if rec.type == 2 else 0, attachments=attachments,
        )  # fmt: skip
        self.state.messages[int(message["id"])] = message
        return message

    def _webhook(self, request: web.Request) -> tuple[Interaction | None, web.Response | None]:
        rec = self.server.interaction_by_token(request.match_info["token"])
        if rec is None or not self._app_ok(request):
            return None, discord_error(404, 10015, "Unknown Webhook")
        if self.server.now() - rec.dispatched_at > self.server.token_lifetime:
            return None, discord_error(401, 50027, "Invalid Webhook Token")
        if not rec.acknowledged:
            return None, discord_error(404, 10015, "Unknown Webhook")
        return rec, None

    async def followup(self, request: web.Request) -> web.Response:
        body = await read_body(request)
        rec, error = self._webhook(request)
        if rec is None:
            return error or discord_error(404, 10015, "Unknown Webhook")
        if (rejected := self.server.check_message(request, body, edit=False)) is not None:
            return rejected
        data: JSON = body.json or {}
        original = self.state.messages.get(rec.original_message_id or 0)
        if rec.callback_type == 5 and original is not None and original["flags"] & LOADING:
            # Discord: the first follow-up after a deferred reply replaces the "thinking" message.
            apply_edit(
                original, {k: v for k, v in data.items() if k != "flags"}, self._attachments(body)
            )
            message = original
            rec.edits.append(data)
            rec.final_at = rec.final_at or self.server.now()
        else:
            message = self._reply_message(rec, data, self._attachments(body))
        rec.followups.append(data)
        rec.followup_ids.append(int(message["id"]))
        await self.state.notify()
        if request.query.get("wait", "false").lower() not in ("true", "1"):
            return web.Response(status=204)
        return json_response(message)

    async def webhook_message(self, request: web.Request) -> web.StreamResponse:
        body = await read_body(request)
        rec, error = self._webhook(request)
        if rec is None:
            return error or discord_error(404, 10015, "Unknown Webhook")
        raw_id = request.match_info["message_id"]
        mid = rec.original_message_id if raw_id == "@original" else int(raw_id)
        allowed = {rec.original_message_id, *rec.followup_ids}
        message = self.state.messages.get(mid or 0)
        if message is None or mid not in allowed:
            return discord_error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return json_response(message)
        if request.method == "DELETE":
            del self.state.messages[int(message["id"])]
            if mid == rec.original_message_id:
                rec.deleted = True
            await self.state.notify()
            return web.Response(status=204)
        if (rejected := self.server.check_message(request, body, edit=True)) is not None:
            return rejected
        apply_edit(message, body.json or {}, self._attachments(body))
        if mid == rec.original_message_id:
            rec.edits.append(body.json or {})
            if rec.final_at is None:
                rec.final_at = self.server.now()
        await self.state.notify()
        return json_response(message)
