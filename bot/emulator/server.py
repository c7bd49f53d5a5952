"""The emulator's aiohttp app: Discord's REST routes (``/api/v10``) and the gateway websocket.

Start it with ``await server.start()`` (binds 127.0.0.1 on a free port) or ``async with``.
Every body the bot sends is checked by :mod:`bot.emulator.validation` /
:mod:`bot.emulator.commands` and (unless ``openapi=False``) against Discord's OpenAPI schema
(:mod:`bot.emulator.openapi_check`); a violation is answered 400 code 50035 as Discord does and
kept in :attr:`EmulatorServer.violations` so the pytest fixture can fail the test that caused
it. The REST handlers are in :mod:`bot.emulator.routes`, the HTTP helpers they share with this
module in :mod:`bot.emulator.http`.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiohttp import web

from bot.emulator import payloads, routes
from bot.emulator.commands import validate_commands
from bot.emulator.gateway import Gateway
from bot.emulator.http import Body, api_path, discord_error, json_response, read_body
from bot.emulator.openapi_check import validate_body
from bot.emulator.payloads import LOADING
from bot.emulator.permissions import BOT_PERMISSIONS
from bot.emulator.state import (
    JSON,
    Channel,
    EmulatorState,
    Guild,
    Interaction,
    Role,
    snowflake,
)
from bot.emulator.validation import Violation, error_body, validate_callback, validate_message

__all__ = [
    "LOADING",
    "SOFT_CODES",
    "Body",
    "EmulatorServer",
    "RecordedViolation",
    "discord_error",
    "json_response",
]

_log = logging.getLogger(__name__)

SOFT_CODES = frozenset({"ALLOWED_MENTIONS_MISSING"})
"""Violations Discord itself accepts: recorded for the test fixture, answered 200."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class RecordedViolation:
    """A violation with the request that caused it, e.g. ``POST /interactions/1/x/callback``."""

    route: str
    violation: Violation

    def __str__(self) -> str:
        return f"{self.route}: {self.violation}"


@dataclass
class _RateLimit:
    method: str
    pattern: str
    remaining: int
    retry_after: float


class EmulatorServer:
    """A small Discord on 127.0.0.1 that a real discord.py client can log in to.

    ``response_deadline`` (s, default 3.0) is how long after dispatch an interaction's first
    response is accepted (later: 404 code 10062); ``token_lifetime`` (s, default 900) how long
    its token allows follow-ups and edits (later: 401 code 50027). ``shards`` is what
    ``GET /gateway/bot`` recommends. ``openapi`` (default True) also validates bodies against
    Discord's OpenAPI schema (0.2-1.5 ms a message body, about 9 ms a full command sync; the
    benchmark turns it off).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        application_id: int | None = None,
        bot_name: str = "postbot",
        response_deadline: float = 3.0,
        token_lifetime: float = 900.0,
        shards: int = 1,
        openapi: bool = True,
    ) -> None:
        self.host = host
        self.port = 0
        self.state = EmulatorState(bot_name=bot_name)
        if application_id is not None:
            self.state.application_id = application_id
        self.response_deadline = response_deadline
        self.token_lifetime = token_lifetime
        self.shards = shards
        self.openapi = openapi
        """Also check bodies against Discord's OpenAPI schema (:mod:`bot.emulator.openapi_check`);
        the hand-written limits are always checked."""
        self.violations: list[RecordedViolation] = []
        self.requests: list[tuple[str, str]] = []
        self.unhandled: list[str] = []
        self.last_allowed_mentions: JSON | None = None
        self.bot_token: str | None = None
        """When set, only this bot token logs in; any other gets 401 as Discord answers."""
        self.gateway = Gateway(self.state, lambda: f"ws://{self.host}:{self.port}/resume")
        self._tokens: dict[str, Interaction] = {}
        self._rate_limits: list[_RateLimit] = []
        self._events: list[asyncio.Task[bool]] = []
        self._runner: web.AppRunner | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (PORT chosen at start)."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be: ``http://127.0.0.1:PORT/api/v10``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be: ``ws://127.0.0.1:PORT/gateway``."""
        return f"ws://{self.host}:{self.port}/gateway"

    async def start(self) -> None:
        """Bind a free port on ``host`` and serve."""
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        """Close every websocket and stop serving."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- world --------------------------------------------------------------------------------

    def add_guild(
        self, id: int | None = None, name: str = "Test Server", *, preferred_locale: str = "en-US"
    ) -> Guild:
        """Add a server with one text channel ``#general``, the @everyone role and the bot's own
        managed role (:data:`~bot.emulator.permissions.BOT_PERMISSIONS`), owned by the
        application's owner; connected clients learn of it by a GUILD_CREATE on the owning
        shard (sent in order with other events, as this method is synchronous)."""
        gid = id if id is not None else snowflake()
        app_id = self.state.application_id
        guild = Guild(
            id=gid, name=name, preferred_locale=preferred_locale,
            owner_id=payloads.owner_id(self.state),
        )  # fmt: skip
        guild.channels.append(Channel(id=snowflake(), name="general", guild_id=gid))
        guild.roles.append(Role(
            id=snowflake(), name=self.state.bot_name, guild_id=gid, permissions=BOT_PERMISSIONS,
            managed=True, bot_id=app_id,
        ))  # fmt: skip
        self.state.guilds[gid] = guild
        data = payloads.guild_object(self.state, guild)
        del data["unavailable"]  # a join, not an outage ending: discord.py's guild_join
        self.emit(gid, "GUILD_CREATE", data)
        return guild

    def emit(self, guild_id: int | None, event: str, data: JSON) -> None:
        """Dispatch ``event`` on the shard owning ``guild_id`` if a client is connected there.

        Usable from synchronous code: the send is a task; events go out in the order emitted,
        and :meth:`flush_events` (awaited before every interaction) waits for them.
        """
        if self.gateway.session_for(guild_id) is None:
            return
        loop = asyncio.get_running_loop()
        self._events = [task for task in self._events if not task.done()]
        self._events.append(loop.create_task(self.gateway.dispatch_to_guild(guild_id, event, data)))

    async def flush_events(self) -> None:
        """Wait until every event :meth:`emit` scheduled has been sent."""
        pending, self._events = self._events, []
        if pending:
            await asyncio.gather(*pending)

    def rate_limit(
        self, method: str, path: str, *, times: int = 1, retry_after: float = 0.05
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the glob ``path`` (after
        ``/api/v10``, e.g. ``/applications/*/commands``) with 429, a ``Via`` header and
        ``{"retry_after": retry_after, "global": false}``; discord.py then waits and retries."""
        self._rate_limits.append(_RateLimit(method.upper(), path, times, retry_after))

    def take_violations(self) -> list[RecordedViolation]:
        """Return and forget the recorded violations (for tests that provoke them on purpose)."""
        taken, self.violations = self.violations, []
        return taken

    def _reject(
        self, request: web.Request, body: Body, found: list[Violation]
    ) -> web.Response | None:
        """Add the OpenAPI schema's violations (when ``openapi``) to the hand-written ``found``,
        record them all; a 400 response if any is a hard violation, else None."""
        path = api_path(request)
        if self.openapi:
            found = found + _not_flagged(found, validate_body(request.method, path, body.json))
        route = f"{request.method} {path}"
        self.violations += [RecordedViolation(route, v) for v in found]
        hard = [v for v in found if v.code not in SOFT_CODES]
        if not hard:
            return None
        _log.warning("emulator rejected %s: %s", route, "; ".join(map(str, hard)))
        if all(v.code == "MESSAGE_EMPTY" for v in hard):
            return discord_error(400, 50006, "Cannot send an empty message")
        return json_response(error_body(hard), 400)

    # -- plumbing -----------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = api_path(request)
        self.requests.append((request.method, path))
        for limit in self._rate_limits:
            if (
                limit.remaining > 0
                and limit.method == request.method
                and fnmatch.fnmatch(path, limit.pattern)
            ):
                limit.remaining -= 1
                response = json_response(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": limit.retry_after,
                        "global": False,
                    },
                    429,
                )
                response.headers["Via"] = "1.1 google"
                response.headers["Retry-After"] = str(max(1, round(limit.retry_after)))
                response.headers["X-RateLimit-Scope"] = "user"
                return response
        return await handler(request)

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        routes.add_rest_routes(self, app)

    async def read_body(self, request: web.Request) -> Body:
        """The JSON body, or a multipart body's ``payload_json`` part plus its files."""
        return await read_body(request)

    def interaction_by_token(self, token: str) -> Interaction | None:
        """The interaction a webhook token belongs to."""
        return self._tokens.get(token)

    def register(self, interaction: Interaction) -> None:
        """Make an interaction known by id and token."""
        self.state.interactions[interaction.id] = interaction
        self._tokens[interaction.token] = interaction

    def check_message(self, request: web.Request, body: Body, *, edit: bool) -> web.Response | None:
        """Validate a message body; record ``allowed_mentions``; a 400 response or None."""
        data = body.json if body.json is not None else {}
        if isinstance(data, dict) and "allowed_mentions" in data:
            self.last_allowed_mentions = data["allowed_mentions"]
        return self._reject(request, body, validate_message(data, edit=edit, files=len(body.files)))

    def check_callback(
        self, request: web.Request, body: Body, interaction_type: int
    ) -> web.Response | None:
        """Validate an interaction callback body; a 400 response or None."""
        data = body.json if isinstance(body.json, dict) else {}
        inner = data.get("data")
        if isinstance(inner, dict) and "allowed_mentions" in inner:
            self.last_allowed_mentions = inner["allowed_mentions"]
        return self._reject(
            request, body, validate_callback(body.json, interaction_type, files=len(body.files))
        )

    def check_commands(self, request: web.Request, body: Body) -> web.Response | None:
        """Validate a bulk command overwrite; a 400 response or None."""
        return self._reject(request, body, validate_commands(body.json))

    @staticmethod
    def now() -> float:
        """The emulator's clock (``time.perf_counter``, seconds)."""
        return time.perf_counter()


def _not_flagged(found: list[Violation], extra: list[Violation]) -> list[Violation]:
    """The violations of ``extra`` at no path a violation of ``found`` already flags (or lies
    under): one over-long title is one violation, not one per rule set."""
    flagged = {v.path for v in found if v.path}
    return [v for v in extra if not any(v.path[: len(p)] == p for p in flagged)]
