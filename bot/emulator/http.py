"""HTTP helpers shared by the emulator's server and its REST handlers: Discord's JSON and error
responses, request bodies (JSON or multipart with ``payload_json``), and the :class:`RestServer`
protocol, which is what :mod:`bot.emulator.routes` needs from :class:`~bot.emulator.server.
EmulatorServer` (so neither module imports the other).

Error bodies are Discord's: https://discord.com/developers/docs/reference#error-messages;
multipart bodies: https://discord.com/developers/docs/reference#uploading-files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import BodyPartReader, web

from bot.emulator.state import JSON, EmulatorState, Interaction, snowflake

API_PREFIXES = ("/api/v10", "/api/v9")


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with ``Content-Type: application/json`` exactly (discord.py reads anything else,
    such as aiohttp's ``; charset=utf-8``, as text)."""
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
    )


def discord_error(status: int, code: int, message: str) -> web.Response:
    """Discord's error body ``{"code": N, "message": "..."}``."""
    return json_response({"code": code, "message": message}, status)


def api_path(request: web.Request) -> str:
    """The request's path after ``/api/v10`` (or ``/api/v9``), e.g. ``/users/@me``."""
    path = request.path
    for prefix in API_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


@dataclass
class Body:
    """A request body: ``json`` (the JSON body or ``payload_json`` part) and uploaded files
    (``{"field", "filename", "size", "content_type"}``)."""

    json: Any
    files: list[JSON]


async def read_body(request: web.Request) -> Body:
    """The JSON body, or a multipart body's ``payload_json`` part plus its files."""
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        data: Any = None
        files: list[JSON] = []
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            name = part.name
            raw = await part.read()
            if name == "payload_json":
                data = json.loads(raw or b"null")
            else:
                files.append({
                    "field": name, "filename": part.filename or name,
                    "size": len(raw), "content_type": part.headers.get("Content-Type"),
                })  # fmt: skip
        return Body(data, files)
    raw_body = await request.read()
    return Body(json.loads(raw_body) if raw_body else None, [])


def attachment_objects(base_url: str, body: Body) -> list[JSON]:
    """Attachment objects for a body's uploaded files, served under ``base_url``, see
    https://discord.com/developers/docs/resources/message#attachment-object."""
    out = []
    for f in body.files:
        aid = snowflake()
        url = f"{base_url}/attachments/{aid}/{f['filename']}"
        out.append({
            "id": str(aid), "filename": f["filename"], "size": f["size"], "url": url,
            "proxy_url": url, "content_type": f["content_type"],
        })  # fmt: skip
    return out


class RestServer(Protocol):
    """What the REST handlers use of the server: its world, settings and body checks.

    Each ``check_*`` records the violations it finds and returns the 400 response to send, or
    None when the body may go through.
    """

    state: EmulatorState
    host: str
    port: int
    shards: int
    bot_token: str | None
    unhandled: list[str]
    response_deadline: float
    token_lifetime: float

    @property
    def base_url(self) -> str: ...

    def now(self) -> float: ...

    def interaction_by_token(self, token: str) -> Interaction | None: ...

    def check_message(
        self, request: web.Request, body: Body, *, edit: bool
    ) -> web.Response | None: ...

    def check_callback(
        self, request: web.Request, body: Body, interaction_type: int
    ) -> web.Response | None: ...

    def check_commands(self, request: web.Request, body: Body) -> web.Response | None: ...
