"""Load, reload and reply latency at scale, side by side with the floors, in one run.

``python -m bench.run --posts 1000 --languages 20 --out bench/out [--requests 300] [--keep]``

1. generates a synthetic corpus (:mod:`bench.corpus`) in a temporary folder (``--keep``: in
   ``<out>/work``, reused by the next run with the same size);
2. ``floor_parse``: python-frontmatter + markdown-it-py alone over every file, one process
   pinned to one CPU (child process);
3. cold load with the real :class:`~bot.reloader.Reloader` into a fresh database (its default
   pool, child process), then a reload with nothing changed and reloads after one file changed;
   peak RSS of the main process and of the pool's workers;
4. the same cold load with ``workers=1`` pinned to one CPU (``--no-one-core`` skips it): the
   figure the "1.5 x pure parsing on one core" target compares;
5. in this process, on the local Discord emulator: the floor reply (a bare discord.py command
   with a fixed embed), then the real bot over the loaded store: ``/post``, ``/post``
   autocomplete and ``/search`` (n/a when the bot has none) latencies; the event loop's
   longest stall while serving ``/post``, without and during a reload of many changed files.

Prints a Markdown table (metric, value, target, met?) and the machine, writes
``<out>/results.json`` (``--json``) and ``<out>/results.md``. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import LANGUAGE_ORDER, Corpus, load_or_generate

ROOT = Path(__file__).resolve().parent.parent

#: Every key of ``results.json``'s ``metrics`` (values may be ``null`` when not measured).
METRIC_KEYS = (
    "files",
    "corpus_mb",
    "floor_parse_seconds",
    "floor_parse_files_per_s",
    "cold_load_seconds",
    "cold_load_files_per_s",
    "cold_load_ratio_wall",
    "cold_load_one_core_seconds",
    "cold_load_one_core_files_per_s",
    "cold_load_one_core_ratio",
    "cold_load_main_rss_mb",
    "cold_load_workers_rss_mb",
    "cold_load_one_core_main_rss_mb",
    "reload_unchanged_seconds",
    "reload_unchanged_parsed",
    "reload_one_changed_seconds",
    "reload_one_changed_parsed",
    "stall_reload_max_ms",
    "stall_reload_p99_ms",
    "stall_reload_seconds",
    "stall_reload_changed_files",
    "stall_reload_post_p99_ms",
    "stall_reload_post_count",
    "stall_reload_gc_max_ms",
    "stall_baseline_max_ms",
    "first_replies_max_ms",
    "post_p50_ms",
    "post_p95_ms",
    "post_p99_ms",
    "autocomplete_p50_ms",
    "autocomplete_p95_ms",
    "autocomplete_p99_ms",
    "search_p50_ms",
    "search_p95_ms",
    "search_p99_ms",
    "floor_reply_p50_ms",
    "floor_reply_p95_ms",
    "floor_reply_p99_ms",
    "floor_reply_same_body_p50_ms",
    "floor_reply_same_body_p99_ms",
    "post_p50_ratio",
    "post_p99_ratio",
    "autocomplete_p99_ratio",
    "search_p99_ratio",
    "post_p99_ratio_same_body",
    "serving_rss_mb",
    "reply_errors",
    "emulator_violations",
)


@dataclass(frozen=True)
class Target:
    """A row of the table: a metric, how to show it, and its target (``None``: info only)."""

    key: str
    label: str
    unit: str
    limit: float | None = None
    at_most: bool = True  # the target is "value <= limit" (else "value == limit")


ROWS = (
    Target("floor_parse_files_per_s", "floor: frontmatter + markdown-it-py, 1 core", "files/s"),
    Target("floor_parse_seconds", "floor: pure parsing time", "s"),
    Target("cold_load_seconds", "cold load (default pool)", "s"),
    Target("cold_load_files_per_s", "cold load (default pool)", "files/s"),
    Target("cold_load_ratio_wall", "cold load / floor, wall time (default pool)", "x"),
    Target("cold_load_one_core_seconds", "cold load, workers=1 pinned to 1 core", "s"),
    Target("cold_load_one_core_ratio", "cold load / floor, 1 core", "x", 1.5),
    Target("cold_load_main_rss_mb", "peak RSS, loading process", "MiB", 300),
    Target("cold_load_workers_rss_mb", "peak RSS, largest pool worker", "MiB", 300),
    Target("reload_unchanged_seconds", "reload, nothing changed", "s", 1.0),
    Target("reload_unchanged_parsed", "reload, nothing changed: files parsed", "", 0, False),
    Target("reload_one_changed_seconds", "reload, one file changed", "s", 1.0),
    Target("reload_one_changed_parsed", "reload, one file changed: files parsed", "", 1, False),
    Target("stall_reload_max_ms", "longest event-loop stall during a reload", "ms", 100),
    Target("stall_reload_p99_ms", "event-loop lag p99 during that reload", "ms"),
    Target("stall_reload_seconds", "that reload (all files changed, serving /post)", "s"),
    Target("stall_reload_post_p99_ms", "/post p99 during that reload", "ms"),
    Target("stall_reload_gc_max_ms", "longest garbage-collector pause during that reload", "ms"),
    Target("stall_baseline_max_ms", "longest event-loop stall serving /post, no reload", "ms"),
    Target("first_replies_max_ms", "slowest first /post in a language (warm-up)", "ms"),
    Target("floor_reply_p50_ms", "floor: bare discord.py command p50", "ms"),
    Target("floor_reply_p99_ms", "floor: bare discord.py command p99", "ms"),
    Target("floor_reply_same_body_p50_ms", "floor: bare command sending a /post's body, p50", "ms"),
    Target("floor_reply_same_body_p99_ms", "floor: bare command sending a /post's body, p99", "ms"),
    Target("post_p50_ms", "/post p50", "ms"),
    Target("post_p95_ms", "/post p95", "ms"),
    Target("post_p99_ms", "/post p99", "ms"),
    Target("post_p50_ratio", "/post p50 / floor p50", "x"),
    Target("post_p99_ratio", "/post p99 / floor p99", "x", 2.0),
    Target("post_p99_ratio_same_body", "/post p99 / same-body floor p99", "x"),
    Target("autocomplete_p50_ms", "/post autocomplete p50", "ms"),
    Target("autocomplete_p95_ms", "/post autocomplete p95", "ms"),
    Target("autocomplete_p99_ms", "/post autocomplete p99", "ms"),
    Target("autocomplete_p99_ratio", "autocomplete p99 / floor p99", "x", 2.0),
    Target("search_p50_ms", "/search p50", "ms"),
    Target("search_p99_ms", "/search p99", "ms"),
    Target("search_p99_ratio", "/search p99 / floor p99", "x"),
    Target("serving_rss_mb", "peak RSS, bot process serving the store", "MiB", 300),
    Target("reply_errors", "replies missing or errors", "", 0, False),
    Target("emulator_violations", "bodies Discord would reject", "", 0, False),
)


# -- the machine -----------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS, Python and the libraries that matter here."""
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gib = math.nan
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = int(line.split()[1]) / 1024 / 1024
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": round(memory_gib, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "discord.py": _version("discord.py"),
        "markdown-it-py": _version("markdown-it-py"),
        "python-frontmatter": _version("python-frontmatter"),
        "aiosqlite": _version("aiosqlite"),
    }


# -- running the phases ----------------------------------------------------------------------


def child(*args: str) -> dict[str, Any]:
    """Run ``python -m bench.phases ARGS`` and return the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.phases", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.phases {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def fresh(path: Path) -> Path:
    """``path`` with any earlier database files (and WAL/SHM) removed."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@contextlib.contextmanager
def workspace(out: Path, keep: bool) -> Iterator[Path]:
    if keep:
        folder = out / "work"
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    folder = Path(tempfile.mkdtemp(prefix="postbot-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in order; returns the results document."""
    from bench.serve import serve

    started = time.perf_counter()
    raw: dict[str, Any] = {}
    cpu = min(os.sched_getaffinity(0))
    with workspace(args.out, args.keep) as work:
        say(f"corpus: {args.posts} posts x {args.languages} languages in {work}")
        t = time.perf_counter()
        corpus = load_or_generate(work / "content", args.posts, args.languages, seed=args.seed)
        raw["corpus_seconds"] = time.perf_counter() - t
        content = str(corpus.root)

        say(f"floor: pure parsing on CPU {cpu}")
        raw["floor"] = child("floor", content, "--cpu", str(cpu))
        say("cold load (default pool), reload with nothing changed, one file changed")
        database = fresh(work / "postbot.sqlite3")
        raw["load"] = child(
            "load", content, str(database), "--then-reloads", "--edits", str(args.edits)
        )
        if args.one_core:
            say(f"cold load, workers=1 pinned to CPU {cpu}")
            one_core_db = fresh(work / "one-core.sqlite3")
            raw["load_one_core"] = child(
                "load", content, str(one_core_db), "--workers", "1", "--cpu", str(cpu)
            )
            fresh(one_core_db)
        say("emulator: floor reply, /post, autocomplete, /search, event-loop stalls")
        raw["serve"] = asyncio.run(
            serve(
                corpus,
                database,
                requests=args.requests,
                warmup=args.warmup,
                seed=args.seed,
                stall_changed=args.stall_changed,
                progress=say,
            )
        )
        raw["corpus_mb"] = sum(p.stat().st_size for p in corpus.root.glob("*/*.md")) / 2**20
    raw["total_seconds"] = time.perf_counter() - started
    return document(args, corpus, raw)


# -- the results -----------------------------------------------------------------------------


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _ratio(a: Any, b: Any) -> float | None:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or not b:
        return None
    return a / b


def metrics(corpus: Corpus, raw: dict[str, Any]) -> dict[str, Any]:
    floor_s = _get(raw, "floor", "seconds")
    serve = raw.get("serve") or {}
    m: dict[str, Any] = {
        "files": corpus.files,
        "corpus_mb": raw.get("corpus_mb"),
        "floor_parse_seconds": floor_s,
        "floor_parse_files_per_s": _get(raw, "floor", "files_per_s"),
        "cold_load_seconds": _get(raw, "load", "cold", "seconds"),
        "cold_load_files_per_s": _get(raw, "load", "cold", "files_per_s"),
        "cold_load_one_core_seconds": _get(raw, "load_one_core", "cold", "seconds"),
        "cold_load_one_core_files_per_s": _get(raw, "load_one_core", "cold", "files_per_s"),
        "cold_load_main_rss_mb": _get(raw, "load", "main_rss_mb"),
        "cold_load_workers_rss_mb": _get(raw, "load", "workers_max_rss_mb"),
        "cold_load_one_core_main_rss_mb": _get(raw, "load_one_core", "main_rss_mb"),
        "reload_unchanged_seconds": _get(raw, "load", "unchanged", "seconds"),
        "reload_unchanged_parsed": _get(raw, "load", "unchanged", "parsed"),
        "reload_one_changed_seconds": _get(raw, "load", "one_changed", "seconds"),
        "reload_one_changed_parsed": _get(raw, "load", "one_changed", "parsed"),
        "stall_reload_max_ms": _get(serve, "stall", "heartbeat", "max_ms"),
        "stall_reload_p99_ms": _get(serve, "stall", "heartbeat", "p99_ms"),
        "stall_reload_seconds": _get(serve, "stall", "seconds"),
        "stall_reload_changed_files": _get(serve, "stall", "changed_files"),
        "stall_reload_post_p99_ms": _get(serve, "stall", "post", "p99_ms"),
        "stall_reload_post_count": _get(serve, "stall", "post", "count"),
        "stall_reload_gc_max_ms": _get(serve, "stall", "gc", "max_ms"),
        "stall_baseline_max_ms": _get(serve, "baseline", "heartbeat", "max_ms"),
        "first_replies_max_ms": _get(serve, "first_replies", "max_ms"),
        "serving_rss_mb": serve.get("serving_rss_mb_after_reload"),
        "emulator_violations": len(serve.get("violations") or []),
    }
    m["cold_load_ratio_wall"] = _ratio(m["cold_load_seconds"], floor_s)
    m["cold_load_one_core_ratio"] = _ratio(m["cold_load_one_core_seconds"], floor_s)
    errors = 0
    for name in ("post", "autocomplete", "search", "floor_reply", "floor_reply_same_body"):
        for p in ("p50", "p95", "p99"):
            m[f"{name}_{p}_ms"] = _get(serve, name, f"{p}_ms")
        errors += _get(serve, name, "errors") or 0
    for name in ("baseline", "stall"):
        errors += _get(serve, name, "post", "errors") or 0
    m["reply_errors"] = errors
    m["post_p99_ratio_same_body"] = _ratio(m["post_p99_ms"], m["floor_reply_same_body_p99_ms"])
    m["post_p50_ratio"] = _ratio(m["post_p50_ms"], m["floor_reply_p50_ms"])
    for name in ("post", "autocomplete", "search"):
        m[f"{name}_p99_ratio"] = _ratio(m[f"{name}_p99_ms"], m["floor_reply_p99_ms"])
    return {key: _clean(m.get(key)) for key in METRIC_KEYS}


def _clean(value: Any) -> Any:
    """NaN -> None (JSON has no NaN); floats rounded for reading."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def targets(m: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in ROWS:
        value = m.get(row.key)
        met: bool | None = None
        if row.limit is not None and value is not None:
            met = value <= row.limit if row.at_most else value == row.limit
        target = None
        if row.limit is not None:
            target = f"≤ {row.limit:g}" if row.at_most else f"= {row.limit:g}"
        rows.append(
            {"metric": row.key, "label": row.label, "unit": row.unit, "value": value,
             "target": target, "met": met}
        )  # fmt: skip
    return rows


def document(args: argparse.Namespace, corpus: Corpus, raw: dict[str, Any]) -> dict[str, Any]:
    m = metrics(corpus, raw)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "params": {
            "posts": args.posts,
            "languages": corpus.languages,
            "files": corpus.files,
            "requests": args.requests,
            "warmup": args.warmup,
            "seed": args.seed,
            "stall_changed": raw.get("serve", {}).get("stall", {}).get("changed_files"),
        },
        "metrics": m,
        "targets": targets(m),
        "raw": json.loads(json.dumps(raw, default=str).replace("NaN", "null")),
    }


def _show(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def markdown(doc: dict[str, Any]) -> str:
    mach, params = doc["machine"], doc["params"]
    lines = [
        f"{params['files']:,} files ({params['posts']:,} posts x {len(params['languages'])}"
        f" languages: {' '.join(params['languages'])}), {params['requests']} requests per"
        f" command after {params['warmup']} warm-up, {doc['date']}.",
        "",
        f"Machine: {mach['cpu']}, {mach['cores']} cores ({mach['cores_usable']} usable),"
        f" {mach['memory_gib']} GiB, {mach['os']}; Python {mach['python']}, SQLite"
        f" {mach['sqlite']}, discord.py {mach['discord.py']}, markdown-it-py"
        f" {mach['markdown-it-py']}, python-frontmatter {mach['python-frontmatter']}.",
        "",
        "| metric | value | target | met? |",
        "|---|---:|---|---|",
    ]
    for row in doc["targets"]:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        target = f"{row['target']} {row['unit']}".strip() if row["target"] else ""
        lines.append(f"| {row['label']} | {_show(row['value'], row['unit'])} | {target} | {met} |")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Load, reload and reply latency at scale, with the floors, in one run.",
    )
    parser.add_argument("--posts", type=int, default=1000, help="posts (default 1000)")
    parser.add_argument(
        "--languages",
        type=int,
        default=20,
        help=f"languages, 1..{len(LANGUAGE_ORDER)} (default 20): {' '.join(LANGUAGE_ORDER)}",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--json", type=Path, help="results file (default <out>/results.json)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per command")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edits", type=int, default=3, help="one-file-changed reloads to time")
    parser.add_argument(
        "--stall-changed",
        type=int,
        help="files changed for the event-loop stall reload (default: all)",
    )
    parser.add_argument("--keep", action="store_true", help="keep and reuse <out>/work")
    parser.add_argument(
        "--no-one-core", dest="one_core", action="store_false", help="skip the workers=1 load"
    )
    args = parser.parse_args(argv)
    if args.posts < 1 or args.requests < 1:
        parser.error("--posts and --requests must be positive")
    if not 1 <= args.languages <= len(LANGUAGE_ORDER):
        parser.error(f"--languages must be 1..{len(LANGUAGE_ORDER)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    doc = run(args)
    table = markdown(doc)
    json_path = args.json or args.out / "results.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(table, encoding="utf-8")
    print(table)
    say(f"wrote {json_path} and {args.out / 'results.md'} in {doc['raw']['total_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
