"""The emulated gateway: one websocket per shard, HELLO/heartbeat/IDENTIFY/RESUME, dispatches.

Frames are plain JSON text (discord.py asks for ``compress=zlib-stream`` but only decompresses
binary frames). Each IDENTIFY opens a :class:`Session`; its dispatches are numbered and kept, so a
RESUME (op 6) after a close replays what the client missed and ends with a RESUMED dispatch.
Guilds go to shard ``(guild_id >> 22) % num_shards``; DMs to shard 0, as on Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.emulator import payloads
from bot.emulator.state import JSON, EmulatorState

_log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41250
ACK_DELAY = 0.02
"""Seconds before a HEARTBEAT_ACK: a network round trip to Discord's gateway, roughly."""
EVENTS_KEPT = 2000
"""Dispatches kept per session for RESUME replay."""


def shard_for(guild_id: int | None, num_shards: int) -> int:
    """The shard that receives a guild's events (``(guild_id >> 22) % num_shards``); DMs: 0."""
    return 0 if guild_id is None else (guild_id >> 22) % num_shards


@dataclass
class Session:
    """A gateway session (one shard of one client): survives socket closes until invalidated."""

    session_id: str
    shard_id: int
    shard_count: int
    seq: int = 0
    events: list[tuple[int, str]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    ended: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Websocket handler plus the registry of sessions.

    ``resume_url`` is a callable so the URL can name the port chosen at start-up.
    Counters: ``identify_count``, ``resume_count``; ``paths`` lists the path of every connection.
    """

    def __init__(self, state: EmulatorState, resume_url: Callable[[], str]) -> None:
        self.state = state
        self._resume_url = resume_url
        self.sessions: dict[str, Session] = {}
        self.identify_count = 0
        self.resume_count = 0
        self.paths: list[str] = []
        self._sockets: set[web.WebSocketResponse] = set()
        self._acks: set[asyncio.Task[None]] = set()

    # -- routing ------------------------------------------------------------------------------

    def session_for(self, guild_id: int | None) -> Session | None:
        """The newest live session of the shard that owns ``guild_id`` (None: DMs)."""
        for session in reversed(list(self.sessions.values())):
            if session.ended:
                continue
            if shard_for(guild_id, session.shard_count) == session.shard_id:
                return session
        return None

    async def dispatch(self, session: Session, event: str, data: JSON) -> None:
        """Send (or, while the socket is down, keep for RESUME) one dispatch on ``session``."""
        async with session.lock:
            session.seq += 1
            text = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data})
            session.events.append((session.seq, text))
            del session.events[:-EVENTS_KEPT]
            await self._send_text(session.ws, text)

    async def dispatch_to_guild(self, guild_id: int | None, event: str, data: JSON) -> bool:
        """Dispatch on the shard owning ``guild_id``; False if no client is connected for it."""
        session = self.session_for(guild_id)
        if session is None:
            return False
        await self.dispatch(session, event, data)
        return True

    async def drop(self, code: int = 4000, shard_id: int | None = None) -> int:
        """Close live sockets (of one shard, or all) with ``code``; returns how many.

        4000 ("unknown error") is resumable: discord.py reconnects to ``resume_gateway_url``
        and sends RESUME.
        """
        closed = 0
        for session in list(self.sessions.values()):
            ws = session.ws
            if ws is None or ws.closed or session.ended:
                continue
            if shard_id is not None and session.shard_id != shard_id:
                continue
            session.ws = None
            await ws.close(code=code, message=b"emulator dropped the connection")
            closed += 1
        return closed

    async def close_all(self) -> None:
        """Close every socket (server shutdown) with 1001 going away."""
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=1001)

    # -- websocket ----------------------------------------------------------------------------

    def _ack_later(self, ws: web.WebSocketResponse) -> None:
        """HEARTBEAT_ACK after :data:`ACK_DELAY`, as over a network. An immediate ack, on the
        same event loop as the client, arrives before discord.py's keep-alive thread has
        noted when it sent the heartbeat, and discord.py then logs "Can't keep up ... 41.3s
        behind": the heartbeat interval, measured from the previous heartbeat."""

        async def ack() -> None:
            await asyncio.sleep(ACK_DELAY)
            if not ws.closed:
                await self._send_text(ws, json.dumps({"op": 11, "s": None, "t": None, "d": None}))

        task = asyncio.get_running_loop().create_task(ack())
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler of ``/gateway`` and ``/resume``."""
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        self.paths.append(request.path)
        session: Session | None = None
        try:
            await self._send_text(ws, json.dumps({
                "op": 10, "s": None, "t": None,
                "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS, "_trace": ["emulator"]},
            }))  # fmt: skip
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame: JSON = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                if op == 1:
                    self._ack_later(ws)
                elif op == 2:
                    session = await self._identify(ws, data)
                elif op == 6:
                    session = await self._resume(ws, data)
                elif op == 8 and session is not None:
                    await self._members_chunk(session, data)
        finally:
            self._sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
                if ws.close_code == 1000:
                    session.ended = True  # the client logged off
            await self.state.notify()
        return ws

    async def _send_text(self, ws: web.WebSocketResponse | None, text: str) -> None:
        if ws is None or ws.closed:
            return
        try:
            await ws.send_str(text)
        except (ConnectionError, RuntimeError) as exc:  # closed under us: kept for RESUME
            _log.debug("gateway send failed: %s", exc)

    async def _identify(self, ws: web.WebSocketResponse, data: Any) -> Session:
        shard_id, shard_count = (data or {}).get("shard") or (0, 1)
        session = Session(secrets.token_hex(16), int(shard_id), int(shard_count), ws=ws)
        self.sessions[session.session_id] = session
        self.identify_count += 1
        guild_ids = [
            g for g in self.state.guilds if shard_for(g, session.shard_count) == session.shard_id
        ]
        ready = payloads.ready_payload(
            self.state,
            session_id=session.session_id,
            resume_url=self._resume_url(),
            shard=(session.shard_id, session.shard_count),
            guild_ids=guild_ids,
        )
        await self.dispatch(session, "READY", ready)
        for gid in guild_ids:
            await self.dispatch(
                session, "GUILD_CREATE", payloads.guild_object(self.state, self.state.guilds[gid])
            )
        await self.state.notify()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: Any) -> Session | None:
        data = data or {}
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or session.ended:
            await self._send_text(ws, json.dumps({"op": 9, "s": None, "t": None, "d": False}))
            return None
        async with session.lock:
            session.ws = ws
            last_seen = int(data.get("seq") or 0)
            for seq, text in session.events:
                if seq > last_seen:
                    await self._send_text(ws, text)
            session.seq += 1
            await self._send_text(
                ws,
                json.dumps(
                    {"op": 0, "t": "RESUMED", "s": session.seq, "d": {"_trace": ["emulator"]}}
                ),
            )
        self.resume_count += 1
        await self.state.notify()
        return session

    async def _members_chunk(self, session: Session, data: Any) -> None:
        data = data or {}
        gid = int(data.get("guild_id") or 0)
        guild = self.state.guilds.get(gid)
        members = [payloads.bot_member(self.state, guild)] if guild is not None else []
        await self.dispatch(session, "GUILD_MEMBERS_CHUNK", {
            "guild_id": str(gid), "members": members, "chunk_index": 0, "chunk_count": 1,
            "not_found": [], "nonce": data.get("nonce"),
        })  # fmt: skip
