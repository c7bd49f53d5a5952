"""Reply latency and event-loop stalls, through the local Discord emulator.

Latencies run in one process and one event loop: the emulator (an aiohttp app on 127.0.0.1),
the real bot built by :func:`bot.app.open_bot` over a loaded store, and the floors
(:mod:`bench.floors`). Memory and event-loop stalls are then measured on the bot as its own
process (:mod:`bench.botproc`), served by the same emulator, so neither the emulator nor the
request loop is in them. Latency is :attr:`bot.emulator.Reply.elapsed`: from the
emulator dispatching INTERACTION_CREATE to the bot's final reply arriving, so the emulator's
own work is in both the bot's figures and the floors'. Inputs: :mod:`bench.workload`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.botproc import BotProcess, bot_process
from bench.corpus import Corpus
from bench.floors import measure_floors
from bench.phases import SITE_URL, peak_rss_mb, rewrite
from bench.stats import GatewayWarnings, Latencies
from bench.workload import Request, Workload, complete, forget, invoke, loop_until, measure
from bot.app import open_bot
from bot.config import Settings
from bot.emulator import Emulator, Reply, make_user, point_discord_at
from bot.emulator.connect import running
from bot.emulator.state import JSON

Progress = Callable[[str], None]


async def post_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    return await invoke(emu, "post", {"post": work.key()}, work.user())


async def autocomplete_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    user = work.user()
    return await complete(emu, "post", "post", work.prefix(user), user)


def search_request(option: str) -> Request:
    async def request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
        user = work.new_user()
        return await invoke(emu, "search", {option: work.query(user)}, user)

    return request


def search_option(emu: Emulator) -> str | None:
    """The first string option of a synced ``/search`` command; ``None`` if there is none."""
    for command in emu.commands():
        if command.get("name") == "search":
            for option in command.get("options") or []:
                if option.get("type") == 3:
                    return str(option["name"])
    return None


async def warm_languages(emu: Emulator, work: Workload) -> Latencies:
    """One ``/post`` per content language and one per user (every Discord locale in use):
    the first reply in a language loads its date formats, names and catalogs, a one-time
    cost a running bot has paid long before. Returned so the report can show it."""
    out = Latencies()
    for language in work.corpus.languages:
        options = {"post": work.key(), "language": language}
        out.seconds.append((await invoke(emu, "post", options, work.user()))[0])
    for user in work.users:
        out.seconds.append((await invoke(emu, "post", {"post": work.key()}, user))[0])
    return out


async def _samples(emu: Emulator, work: Workload) -> tuple[Reply, list[JSON]]:
    """A real ``/post`` reply, and the bot's autocomplete choices for the first letter of an
    English title (the most it gives): what the floors send."""
    post = await emu.invoke("post", {"post": work.key()}, user=work.user(), timeout=30.0)
    forget(emu, post)
    english = make_user("sampler", locale="en-US")
    letter = work.corpus.titles[work.corpus.languages[0]][0][:1]
    choices = await emu.autocomplete("post", {"post": letter}, "post", user=english, timeout=30.0)
    if emu.last_reply is not None:
        forget(emu, emu.last_reply)
    return post, choices


async def _bot_latencies(
    emu: Emulator, work: Workload, requests: int, warmup: int, progress: Progress
) -> dict[str, Any]:
    """Warm-up, then ``/post``, its autocomplete and ``/search`` (``None`` without one)."""
    result: dict[str, Any] = {}
    progress("warm-up: one /post per content language and per user")
    result["first_replies"] = (await warm_languages(emu, work)).summary()
    progress("reply latency: /post")
    result["post"] = (await measure(emu, work, post_request, requests, warmup)).summary()
    progress("reply latency: /post autocomplete")
    result["autocomplete"] = (
        await measure(emu, work, autocomplete_request, requests, warmup)
    ).summary()
    option = search_option(emu)
    result["search"] = None
    if option is None:
        progress("reply latency: /search (n/a: the bot has no /search)")
    else:
        progress("reply latency: /search")
        request = search_request(option)
        result["search"] = (await measure(emu, work, request, requests, warmup)).summary()
    result["serving_rss_mb"] = peak_rss_mb()
    return result


async def serve(
    corpus: Corpus,
    database: Path,
    *,
    requests: int,
    warmup: int,
    seed: int,
    stall_changed: int | None,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Measure the bot's latencies, the floors, and stalls while a reload runs."""
    logging.getLogger("discord").setLevel(logging.WARNING)
    warnings = GatewayWarnings()
    logging.getLogger("discord.gateway").addHandler(warnings)
    result: dict[str, Any] = {"gateway_warnings": warnings.messages}
    work = Workload.make(corpus, seed)
    # No OpenAPI schema check here: it costs 0.2-1.5 ms a body and the tests do it; the
    # hand-written limits (and so emulator_violations) still apply.
    emu = Emulator(response_deadline=30.0, openapi=False)
    emu.add_guild(name="Bench", preferred_locale="en-US")
    settings = Settings(
        content_dir=corpus.root, database_path=database, site_url=SITE_URL,
        content_watch=False, content_rescan_seconds=0,
    )  # fmt: skip
    bot_options: dict[str, Any] = {
        "reload_on_start": False, "guild_ready_timeout": 0.05, "force_sync": True,
    }  # fmt: skip
    async with emu:
        with point_discord_at(emu):
            async with open_bot(settings, **bot_options) as bot, running(bot, timeout=30.0):
                result.update(await _bot_latencies(emu, work, requests, warmup, progress))
                post, choices = await _samples(emu, work)
            progress("floors: bare discord.py command, same body, fixed autocomplete choices")
            result.update(await measure_floors(emu, work, post, choices, requests, warmup))
            progress("the bot as its own process: memory and event loop, then a full /reload")
            own = await _in_own_process(emu, work, corpus, database, stall_changed, requests)
            warnings.messages.extend(own.pop("child_gateway_warnings"))
            result.update(own)
            result["violations"] = [str(v) for v in emu.take_violations()]
    return result


async def _edit_all(corpus: Corpus, count: int | None) -> dict[str, Any]:
    """Edit ``count`` files (default: all) so the next reload parses them."""
    paths = [corpus.path(i, lang) for lang in corpus.languages for i in range(len(corpus.keys))]
    paths = paths[: count if count is not None else len(paths)]
    started = time.perf_counter()
    await asyncio.to_thread(_rewrite_all, paths, str(time.time_ns()))
    return {"changed_files": len(paths), "edit_seconds": time.perf_counter() - started}


async def _in_own_process(
    emu: Emulator,
    work: Workload,
    corpus: Corpus,
    database: Path,
    changed: int | None,
    requests: int,
) -> dict[str, Any]:
    """Start the bot as its own process (:mod:`bench.botproc`), serve ``/post`` without a
    reload, then through a ``/reload`` after ``changed`` files (default: all) were edited;
    the child's peak RSS is read last."""
    out: dict[str, Any] = {}
    _forget_synced_commands(database)
    async with bot_process(emu.base_url, corpus.root, database) as child:
        await emu.wait_until_connected(timeout=120.0)
        for _ in range(3):  # the first reply in each language, paid before measuring
            await loop_until(emu, work, post_request, asyncio.Event(), Latencies(), 40)
        out["baseline"] = await _stall(emu, work, child, None, requests)
        out["stall"] = await _stall(emu, work, child, (corpus, changed), requests)
        out["serving_rss_mb_after_reload"] = child.peak_rss_mb()
    out["child_gateway_warnings"] = [
        *out["baseline"].pop("gateway_warnings", []),
        *out["stall"].pop("gateway_warnings", []),
    ]
    return out


def _forget_synced_commands(database: Path) -> None:
    """The floors replaced the bot's commands on the emulator's application: drop the bot's
    record of what it synced, so the child syncs its commands again as it starts."""
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM store_meta WHERE name LIKE 'commands:%'")


async def _stall(
    emu: Emulator,
    work: Workload,
    child: BotProcess,
    reload: tuple[Corpus, int | None] | None,
    requests: int,
) -> dict[str, Any]:
    """The child's heartbeat and GC pauses around a ``/post`` loop: ``requests`` requests
    (``reload`` None), or until a ``/reload`` after editing files returns its report."""
    out: dict[str, Any] = {}
    if reload is not None:
        out.update(await _edit_all(*reload))
    stop = asyncio.Event()
    posts = Latencies()
    await child.mark()
    limit = requests if reload is None else None
    serving = asyncio.create_task(loop_until(emu, work, post_request, stop, posts, limit))
    started = time.perf_counter()
    if reload is None:
        await serving
    else:
        admin = make_user("bench-admin", locale="en-US", manage_guild=True)
        reply = await emu.invoke("reload", user=admin, timeout=1800.0)
        forget(emu, reply)
        out["reload_report"] = _report_text(reply)
    out["seconds"] = time.perf_counter() - started
    stop.set()
    await serving
    recorded = await child.report()
    out.update(recorded)
    out["post"] = posts.summary()
    return out


def _report_text(reply: Reply) -> str:
    """The ``/reload`` reply's first embed as text (its title and description)."""
    embed = reply.embeds[0] if reply.embeds else {}
    return f"{embed.get('title', '')}: {embed.get('description', '')}"[:300]


def _rewrite_all(paths: Sequence[Path], revision: str) -> None:
    for path in paths:
        rewrite(path, revision)
