"""Reply latency and event-loop stalls, through the local Discord emulator.

Everything here runs in one process and one event loop, as the bot does: the emulator (an
aiohttp app on 127.0.0.1), the real bot built by :func:`bot.app.open_bot` over a loaded store,
and the floor, a bare ``discord.ext.commands.Bot`` whose one command replies with a fixed
embed. Latency is :attr:`bot.emulator.Reply.elapsed`: from the emulator dispatching
INTERACTION_CREATE to the bot's final reply arriving, so the emulator's own work is in both the
bot's figures and the floor's.
"""

# Waiting on the bot is what this does; ``timeout`` bounds those waits.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import gc
import logging
import math
import random
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bench.corpus import Corpus, words
from bench.phases import SITE_URL, peak_rss_mb, rewrite
from bot.app import open_bot
from bot.config import Settings
from bot.emulator import (
    DISCORD_LOCALES,
    Emulator,
    NoReply,
    Reply,
    User,
    make_user,
    point_discord_at,
)
from bot.emulator.connect import running
from bot.emulator.state import JSON

FIXED_EMBED = discord.Embed(
    title="KDD 2024: Talk with Amazon",
    url="https://www.cambioml.com/en/blog/kdd-workshop-2024",
    description=(
        "At the KDD 2024 conference, Rachel Hu, co-founder and CEO of CambioML, presented a"
        " comprehensive tutorial on optimizing Large Language Models for domain-specific"
        " applications, together with co-presenters from Amazon and Epsilla."
    ),
)
FIXED_EMBED.set_image(url="https://www.cambioml.com/images/solutions/kdd-2024-cover.jpeg")
FIXED_EMBED.add_field(name="Date", value="January 29, 2025", inline=True)
FIXED_EMBED.add_field(name="Keywords", value="KDD 2024, LLM, RAG, fine-tuning", inline=True)


# -- numbers ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Latencies:
    """Seconds per request, and requests that got no (or an error) reply."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0

    def summary(self) -> dict[str, Any]:
        ms = [s * 1000 for s in self.seconds]
        return {
            "count": len(ms),
            "errors": self.errors,
            "empty": self.empty,
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "max_ms": max(ms) if ms else math.nan,
            "mean_ms": sum(ms) / len(ms) if ms else math.nan,
        }


class GcPauses:
    """Garbage-collector pauses (any thread) while installed: they stop the event loop too."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started: dict[int, float] = {}

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        thread = threading.get_ident()
        if phase == "start":
            self._started[thread] = time.perf_counter()
        elif thread in self._started:
            self.pauses.append((info["generation"], time.perf_counter() - self._started[thread]))

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> dict[str, Any]:
        full = [seconds * 1000 for generation, seconds in self.pauses if generation == 2]
        return {
            "collections": len(self.pauses),
            "full_collections": len(full),
            "max_ms": max((s * 1000 for _, s in self.pauses), default=0.0),
            "full_max_ms": max(full, default=0.0),
        }


class Heartbeat:
    """Sleeps 1 ms in a loop and records how late each wake-up was: the event loop's stalls."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.lags: list[float] = []

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.lags.append(time.perf_counter() - started - self.interval)

    def summary(self) -> dict[str, Any]:
        ms = [lag * 1000 for lag in self.lags]
        return {
            "beats": len(ms),
            "max_ms": max(ms) if ms else math.nan,
            "p99_ms": percentile(ms, 99),
            "over_50ms": sum(lag > 50 for lag in ms),
            "over_100ms": sum(lag > 100 for lag in ms),
        }


# -- the floor -------------------------------------------------------------------------------


def view_from_components(components: Sequence[JSON]) -> discord.ui.View:
    """A view with the same buttons and selects as a message's components (as Discord sends
    them), so the floor can send a body as large as a real reply's."""
    view = discord.ui.View(timeout=None)
    for row, action_row in enumerate(components):
        for item in action_row.get("components") or []:
            if item.get("type") == 2:
                view.add_item(
                    discord.ui.Button(
                        style=discord.ButtonStyle(item.get("style", 1)),
                        label=item.get("label"),
                        url=item.get("url"),
                        custom_id=item.get("custom_id"),
                        row=row,
                    )
                )
            elif item.get("type") == 3:
                options = [
                    discord.SelectOption(
                        label=o["label"],
                        value=o["value"],
                        description=o.get("description"),
                        default=bool(o.get("default")),
                    )
                    for o in item.get("options") or []
                ]
                select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
                    custom_id=item["custom_id"],
                    placeholder=item.get("placeholder"),
                    options=options,
                    row=row,
                )
                view.add_item(select)
    return view


class BareBot(commands.Bot):
    """discord.py alone: ``/fixed`` replies with a fixed embed; ``/same`` with a copy of the
    embeds and components of a real ``/post`` reply (built anew each time, as the bot does)."""

    def __init__(self, embeds: Sequence[JSON] = (), components: Sequence[JSON] = ()) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            guild_ready_timeout=0.05,
        )

        @self.tree.command(name="fixed", description="Reply with a fixed embed")
        async def fixed(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(
                embed=FIXED_EMBED, allowed_mentions=discord.AllowedMentions.none()
            )

        @self.tree.command(name="same", description="Reply with a /post reply's body")
        async def same(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(
                embeds=[discord.Embed.from_dict(embed) for embed in embeds],
                view=view_from_components(components),
                allowed_mentions=discord.AllowedMentions.none(),
            )

        self._commands: list[app_commands.Command[Any, Any, Any]] = [fixed, same]

    async def setup_hook(self) -> None:
        await self.tree.sync()


# -- requests --------------------------------------------------------------------------------


@dataclass
class Workload:
    """Seeded random requests over the corpus: users with Discord locales, keys, prefixes."""

    corpus: Corpus
    rng: random.Random
    users: list[User]

    @classmethod
    def make(cls, corpus: Corpus, seed: int, users: int = 64) -> Workload:
        rng = random.Random(f"{seed}:workload")
        locales = sorted(DISCORD_LOCALES)
        people = [make_user(f"user{n}", locale=rng.choice(locales)) for n in range(users)]
        return cls(corpus, rng, people)

    def user(self) -> User:
        return self.rng.choice(self.users)

    def new_user(self) -> User:
        """A user never seen before (``/search`` has a per-user cooldown)."""
        locale = self.rng.choice(sorted(DISCORD_LOCALES))
        return make_user(f"searcher{self.rng.randrange(10**9)}", locale=locale)

    def language_of(self, user: User) -> str:
        tag = user.locale.split("-")[0]
        return tag if tag in self.corpus.languages else "en"

    def key(self) -> str:
        return self.rng.choice(self.corpus.keys)

    def prefix(self, user: User) -> str:
        titles = self.corpus.titles[self.language_of(user)]
        title = self.rng.choice(titles)
        return title[: self.rng.randint(1, min(len(title), 8))]

    def query(self, user: User) -> str:
        pool = words(self.language_of(user))
        return " ".join(self.rng.sample(pool, self.rng.randint(1, 2)))


Request = Callable[[Emulator, Workload], Awaitable[tuple[float, bool, bool]]]
"""One request: returns (elapsed seconds, error, empty result)."""


def forget(emu: Emulator, reply: Reply) -> None:
    """Drop a finished interaction's records from the emulator.

    The emulator keeps every interaction, body and message for tests to inspect; over
    thousands of requests that is the harness's memory and garbage-collector load, not the
    bot's, so the benchmark lets go of each one once its latency is taken.
    """
    rec = reply.interaction
    emu.state.interactions.pop(rec.id, None)
    for message_id in (rec.original_message_id, *rec.followup_ids):
        if message_id is not None:
            emu.state.messages.pop(message_id, None)
    tokens = getattr(emu, "_tokens", None)
    if isinstance(tokens, dict):
        tokens.pop(rec.token, None)
    emu.last_reply = None


async def post_request(
    emu: Emulator, work: Workload, timeout: float = 30.0
) -> tuple[float, bool, bool]:
    reply = await emu.invoke("post", {"post": work.key()}, user=work.user(), timeout=timeout)
    forget(emu, reply)
    return reply.elapsed, reply.ephemeral or not reply.embeds, False


async def autocomplete_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    user = work.user()
    choices = await emu.autocomplete("post", {"post": work.prefix(user)}, "post", user=user)
    reply = emu.last_reply
    assert reply is not None
    forget(emu, reply)
    return reply.elapsed, False, not choices


def search_request(option: str) -> Request:
    async def request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
        user = work.new_user()
        reply = await emu.invoke("search", {option: work.query(user)}, user=user, timeout=30.0)
        forget(emu, reply)
        return reply.elapsed, reply.ephemeral or not reply.embeds, False

    return request


async def fixed_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    reply = await emu.invoke("fixed", user=work.user())
    forget(emu, reply)
    return reply.elapsed, not reply.embeds, False


async def same_body_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    reply = await emu.invoke("same", user=work.user())
    forget(emu, reply)
    return reply.elapsed, not reply.embeds, False


async def warm_languages(emu: Emulator, work: Workload) -> Latencies:
    """One ``/post`` per content language and one per user (every Discord locale in use):
    the first reply in a language loads its date formats, names and catalogs, a one-time
    cost a running bot has paid long before. Returned so the report can show it."""
    out = Latencies()
    for language in work.corpus.languages:
        reply = await emu.invoke(
            "post", {"post": work.key(), "language": language}, user=work.user(), timeout=30.0
        )
        forget(emu, reply)
        out.seconds.append(reply.elapsed)
    for user in work.users:
        reply = await emu.invoke("post", {"post": work.key()}, user=user, timeout=30.0)
        forget(emu, reply)
        out.seconds.append(reply.elapsed)
    return out


async def measure(
    emu: Emulator, work: Workload, request: Request, count: int, warmup: int
) -> Latencies:
    """``warmup`` untimed requests, then ``count`` timed ones, one at a time."""
    for _ in range(warmup):
        await request(emu, work)
    out = Latencies()
    for _ in range(count):
        try:
            elapsed, error, empty = await request(emu, work)
        except NoReply:
            out.errors += 1
            continue
        out.seconds.append(elapsed)
        out.errors += error
        out.empty += empty
    return out


async def loop_until(
    emu: Emulator,
    work: Workload,
    request: Request,
    stop: asyncio.Event,
    out: Latencies,
    limit: int | None = None,
) -> None:
    """Send requests one at a time until ``stop`` is set (or set it after ``limit``)."""
    while not stop.is_set():
        if limit is not None and len(out.seconds) + out.errors >= limit:
            stop.set()
            break
        try:
            elapsed, error, _ = await request(emu, work)
        except NoReply:
            out.errors += 1
            continue
        out.seconds.append(elapsed)
        out.errors += error


def search_option(emu: Emulator) -> str | None:
    """The first string option of a synced ``/search`` command; ``None`` if there is none."""
    for command in emu.commands():
        if command.get("name") == "search":
            for option in command.get("options") or []:
                if option.get("type") == 3:
                    return str(option["name"])
    return None


# -- the phase -------------------------------------------------------------------------------


async def serve(
    corpus: Corpus,
    database: Path,
    *,
    requests: int,
    warmup: int,
    seed: int,
    stall_changed: int | None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Measure the floor, the bot's latencies, and stalls while a reload runs."""
    logging.getLogger("discord").setLevel(logging.WARNING)
    result: dict[str, Any] = {}
    work = Workload.make(corpus, seed)
    # No OpenAPI schema check here: it costs 0.2-1.5 ms a body and the tests do it; the
    # hand-written limits (and so emulator_violations) still apply.
    emu = Emulator(response_deadline=30.0, openapi=False)
    emu.add_guild(name="Bench", preferred_locale="en-US")
    async with emu:
        with point_discord_at(emu):
            settings = Settings(
                content_dir=corpus.root, database_path=database, site_url=SITE_URL,
                content_watch=False, content_rescan_seconds=0,
            )  # fmt: skip
            async with (
                open_bot(
                    settings, reload_on_start=False, guild_ready_timeout=0.05, force_sync=True
                ) as bot,
                running(bot, timeout=30.0),
            ):
                progress("warm-up: one /post per content language and per user")
                result["first_replies"] = (await warm_languages(emu, work)).summary()
                sample = await emu.invoke("post", {"post": work.key()}, user=work.user())
                forget(emu, sample)
                progress("reply latency: /post")
                result["post"] = (
                    await measure(emu, work, post_request, requests, warmup)
                ).summary()
                progress("reply latency: /post autocomplete")
                result["autocomplete"] = (
                    await measure(emu, work, autocomplete_request, requests, warmup)
                ).summary()
                option = search_option(emu)
                if option is None:
                    progress("reply latency: /search (n/a: the bot has no /search)")
                    result["search"] = None
                else:
                    progress("reply latency: /search")
                    result["search"] = (
                        await measure(emu, work, search_request(option), requests, warmup)
                    ).summary()
                result["serving_rss_mb"] = peak_rss_mb()

            progress("floor reply: bare discord.py command (fixed embed; and a /post's body)")
            async with running(BareBot(sample.embeds, sample.components), timeout=30.0):
                result["floor_reply"] = (
                    await measure(emu, work, fixed_request, requests, warmup)
                ).summary()
                result["floor_reply_same_body"] = (
                    await measure(emu, work, same_body_request, requests, warmup)
                ).summary()

            async with (
                open_bot(
                    settings, reload_on_start=False, guild_ready_timeout=0.05, force_sync=True
                ) as bot,
                running(bot, timeout=30.0),
            ):
                progress("event loop: baseline while serving /post, no reload")
                result["baseline"] = await _stall(emu, work, None, requests)
                progress("event loop: during a reload with many changed files")
                result["stall"] = await _stall(
                    emu, work, (bot.reloader.reload, corpus, stall_changed), requests
                )
                result["serving_rss_mb_after_reload"] = peak_rss_mb()
            result["violations"] = [str(v) for v in emu.take_violations()]
    return result


async def _stall(
    emu: Emulator,
    work: Workload,
    reload: tuple[Callable[[], Awaitable[Any]], Corpus, int | None] | None,
    requests: int,
) -> dict[str, Any]:
    """Heartbeat plus a /post loop, around a reload (or ``requests`` requests when None)."""
    out: dict[str, Any] = {}
    if reload is not None:
        _, corpus, count = reload
        paths = [corpus.path(i, lang) for lang in corpus.languages for i in range(len(corpus.keys))]
        paths = paths[: count if count is not None else len(paths)]
        started = time.perf_counter()
        await asyncio.to_thread(_rewrite_all, paths, str(time.time_ns()))
        out["changed_files"] = len(paths)
        out["edit_seconds"] = time.perf_counter() - started
    stop = asyncio.Event()
    beat = Heartbeat()
    posts = Latencies()
    beating = asyncio.create_task(beat.run(stop))
    limit = requests if reload is None else None
    with GcPauses() as pauses:
        serving = asyncio.create_task(loop_until(emu, work, post_request, stop, posts, limit))
        started = time.perf_counter()
        if reload is None:
            await serving
        else:
            report = await reload[0]()
            out["reload_parsed"] = report.parsed
            out["reload_updated"] = len(report.updated)
            out["reload_problems"] = len(report.problems)
        out["seconds"] = time.perf_counter() - started
        stop.set()
        await asyncio.gather(beating, serving)
    out["gc"] = pauses.summary()
    out["heartbeat"] = beat.summary()
    out["post"] = posts.summary()
    return out


def _rewrite_all(paths: Sequence[Path], revision: str) -> None:
    for path in paths:
        rewrite(path, revision)
