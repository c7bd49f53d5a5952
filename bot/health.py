"""Health and metrics over HTTP, for a supervisor and a dashboard (off unless HEALTH_PORT).

``GET /healthz`` answers 200 ``ok`` when the gateway is connected and the store answers, else
503 with the reason. ``GET /metrics`` serves the Prometheus text format
(https://prometheus.io/docs/instrumenting/exposition_formats/) from a registry of this bot's
own (:class:`Metrics`), so several bots in one process (tests) do not share counters. The
server binds to 127.0.0.1 unless HEALTH_HOST says otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from bot.reload_report import ReloadReport

log = logging.getLogger(__name__)

STORE_TIMEOUT = 2.0
"""Seconds the store may take to answer a health check."""


class Metrics:
    """The bot's counters, histograms and gauges, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.commands = Counter(
            "postbot_commands", "Slash commands answered, by name and outcome "
            "(ok, user_error, error).", ["command", "outcome"], registry=r,
        )  # fmt: skip
        self.latency = Histogram(
            "postbot_reply_seconds", "Seconds from receiving an interaction to answering it.",
            ["command"], registry=r,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
        )  # fmt: skip
        self.reloads = Counter(
            "postbot_reloads", "Content reloads, by outcome (ok, error).", ["outcome"], registry=r
        )
        self.reload_seconds = Histogram(
            "postbot_reload_seconds", "Seconds a successful reload took.", registry=r,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
        )  # fmt: skip
        self.posts = Gauge("postbot_posts", "Posts loaded (visible now).", registry=r)
        self.translations = Gauge(
            "postbot_translations", "Translations loaded (visible now).", registry=r
        )
        self.problems = Gauge(
            "postbot_files_with_problems", "Content files with problems at the last reload.",
            registry=r,
        )  # fmt: skip
        self.announcements = Counter(
            "postbot_announcements_sent", "Announcement messages sent.", registry=r
        )

    def command_done(self, command: str, outcome: str, started: float | None) -> None:
        """Count one answered command; ``started`` is its ``time.perf_counter()`` start."""
        self.commands.labels(command or "?", outcome).inc()
        if started is not None:
            self.latency.labels(command or "?").observe(time.perf_counter() - started)

    def reloaded(self, report: ReloadReport) -> None:
        self.reloads.labels("ok").inc()
        if report.seconds:
            self.reload_seconds.observe(report.seconds)
        self.problems.set(len(report.problems))

    def render(self) -> bytes:
        return generate_latest(self.registry)


def gateway_problem(client: discord.Client) -> str | None:
    """Why the gateway is not serving, or ``None`` when every shard is connected."""
    if client.is_closed():
        return "the client is closed"
    if not client.is_ready():
        return "the gateway is not ready yet"
    shards = getattr(client, "shards", None)
    if isinstance(shards, dict):
        down = sorted(shard_id for shard_id, shard in shards.items() if shard.is_closed())
        if down:
            return f"shards {down} are disconnected"
    return None


class HealthServer:
    """``/healthz`` and ``/metrics`` on ``host:port`` (aiohttp)."""

    def __init__(
        self,
        client: discord.Client,
        metrics: Metrics,
        store_check: Callable[[], Awaitable[Any]],
        *,
        host: str = "127.0.0.1",
        port: int = 8080,
    ) -> None:
        self.client = client
        self.metrics = metrics
        self.store_check = store_check
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def healthz(self, request: web.Request) -> web.Response:
        problem = gateway_problem(self.client)
        if problem is None:
            try:
                await asyncio.wait_for(self.store_check(), STORE_TIMEOUT)
            except Exception as error:  # the store is what failed: say so, never crash
                problem = f"the store does not answer: {type(error).__name__}"
        if problem is not None:
            return web.Response(status=503, text=f"unhealthy: {problem}\n")
        return web.Response(text="ok\n")

    async def metrics_page(self, request: web.Request) -> web.Response:
        response = web.Response(body=self.metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # an ephemeral port (tests): learn which
            server = getattr(site, "_server", None)
            sockets = getattr(server, "sockets", None) or []
            if sockets:
                self.port = int(sockets[0].getsockname()[1])
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.host, self.port)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
