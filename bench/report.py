"""The results of a run: its metrics, the targets they are held to, and the Markdown report.

:func:`document` turns the raw figures of :func:`bench.run.run` into ``results.json``'s
document: ``metrics`` (every key of :data:`METRIC_KEYS`, ``null`` when not measured),
``targets`` (the table's rows, :data:`ROWS`), ``corpus_sizes`` (the generated files' size
percentiles against the real site's) and ``raw``. :func:`markdown` prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import Corpus

#: Every key of ``results.json``'s ``metrics`` (values may be ``null`` when not measured).
METRIC_KEYS = (
    "files", "corpus_mb",
    "corpus_p10_kib", "corpus_p50_kib", "corpus_p90_kib", "corpus_p99_kib", "corpus_max_kib",
    "corpus_mean_kib",
    "floor_parse_seconds", "floor_parse_files_per_s",
    "cold_load_cpus", "cold_load_seconds", "cold_load_files_per_s", "cold_load_ratio_wall",
    "cold_load_one_core_seconds", "cold_load_one_core_files_per_s", "cold_load_one_core_ratio",
    "cold_load_main_rss_mb", "cold_load_workers_rss_mb", "cold_load_one_core_main_rss_mb",
    "reload_unchanged_seconds", "reload_unchanged_parsed",
    "reload_one_changed_seconds", "reload_one_changed_parsed",
    "stall_reload_max_ms", "stall_reload_p99_ms", "stall_reload_seconds",
    "stall_reload_changed_files", "stall_reload_post_p99_ms", "stall_reload_post_count",
    "stall_reload_gc_max_ms", "stall_baseline_max_ms", "first_replies_max_ms",
    "post_p50_ms", "post_p95_ms", "post_p99_ms",
    "autocomplete_p50_ms", "autocomplete_p95_ms", "autocomplete_p99_ms",
    "search_p50_ms", "search_p95_ms", "search_p99_ms",
    "floor_reply_p50_ms", "floor_reply_p95_ms", "floor_reply_p99_ms",
    "floor_reply_same_body_p50_ms", "floor_reply_same_body_p95_ms",
    "floor_reply_same_body_p99_ms",
    "floor_autocomplete_p50_ms", "floor_autocomplete_p95_ms", "floor_autocomplete_p99_ms",
    "floor_autocomplete_choices",
    "post_p50_ratio", "post_p99_ratio", "post_p50_ratio_same_body", "post_p99_ratio_same_body",
    "autocomplete_p50_ratio", "autocomplete_p99_ratio", "search_p99_ratio",
    "serving_rss_mb", "reply_errors", "emulator_violations", "gateway_warnings",
)  # fmt: skip


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
    Target("floor_parse_seconds", "floor: pure parsing time, 1 core", "s"),
    Target("cold_load_cpus", "cold load (default pool): CPUs it ran on", ""),
    Target("cold_load_seconds", "cold load, default pool on 2 cores", "s"),
    Target("cold_load_files_per_s", "cold load, default pool on 2 cores", "files/s"),
    Target("cold_load_ratio_wall", "cold load on 2 cores / 1-core floor, wall time", "x", 1.25),
    Target("cold_load_one_core_seconds", "cold load, workers=1 pinned to 1 core", "s"),
    Target("cold_load_one_core_ratio", "cold load / floor, both on 1 core", "x"),
    Target("cold_load_main_rss_mb", "peak RSS, loading process", "MiB", 300),
    Target("cold_load_workers_rss_mb", "peak RSS, largest pool worker", "MiB", 300),
    Target("reload_unchanged_seconds", "reload, nothing changed", "s", 1.0),
    Target("reload_unchanged_parsed", "reload, nothing changed: files parsed", "", 0, False),
    Target("reload_one_changed_seconds", "reload, one file changed", "s", 1.0),
    Target("reload_one_changed_parsed", "reload, one file changed: files parsed", "", 1, False),
    Target("stall_reload_max_ms", "longest event-loop stall during a reload", "ms", 50),
    Target(
        "gateway_warnings", "discord.py gateway warnings (can't keep up, blocked)", "", 0, False
    ),
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
    Target("floor_autocomplete_p50_ms", "floor: bare autocomplete, fixed choices, p50", "ms"),
    Target("floor_autocomplete_p99_ms", "floor: bare autocomplete, fixed choices, p99", "ms"),
    Target("post_p50_ms", "/post p50", "ms"),
    Target("post_p95_ms", "/post p95", "ms"),
    Target("post_p99_ms", "/post p99", "ms"),
    Target("post_p50_ratio_same_body", "/post p50 / same-body floor p50", "x", 1.5),
    Target("post_p99_ratio_same_body", "/post p99 / same-body floor p99", "x", 2.0),
    Target("post_p50_ratio", "/post p50 / bare command p50", "x"),
    Target("post_p99_ratio", "/post p99 / bare command p99", "x"),
    Target("autocomplete_p50_ms", "/post autocomplete p50", "ms"),
    Target("autocomplete_p95_ms", "/post autocomplete p95", "ms"),
    Target("autocomplete_p99_ms", "/post autocomplete p99", "ms"),
    Target("autocomplete_p50_ratio", "autocomplete p50 / bare autocomplete p50", "x", 1.5),
    Target("autocomplete_p99_ratio", "autocomplete p99 / bare autocomplete p99", "x", 2.0),
    Target("search_p50_ms", "/search p50", "ms"),
    Target("search_p99_ms", "/search p99", "ms", 20),
    Target("search_p99_ratio", "/search p99 / bare command p99", "x"),
    Target(
        "serving_rss_mb",
        "peak RSS of the bot run as its own process, through a full /reload",
        "MiB",
        150,
    ),
    Target("reply_errors", "replies missing or errors", "", 0, False),
    Target("emulator_violations", "bodies Discord would reject", "", 0, False),
)


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


# -- metrics ---------------------------------------------------------------------------------


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


def _load_metrics(raw: dict[str, Any]) -> dict[str, Any]:
    floor_s = _get(raw, "floor", "seconds")
    m: dict[str, Any] = {
        "floor_parse_seconds": floor_s,
        "floor_parse_files_per_s": _get(raw, "floor", "files_per_s"),
        "cold_load_cpus": len(_get(raw, "load", "cpus") or []) or None,
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
    }
    m["cold_load_ratio_wall"] = _ratio(m["cold_load_seconds"], floor_s)
    m["cold_load_one_core_ratio"] = _ratio(m["cold_load_one_core_seconds"], floor_s)
    sizes = _get(raw, "corpus_sizes", "all") or {}
    for stat in ("p10", "p50", "p90", "p99", "max", "mean"):
        m[f"corpus_{stat}_kib"] = sizes.get(stat)
    return m


def _serve_metrics(serve: dict[str, Any]) -> dict[str, Any]:
    m: dict[str, Any] = {
        "stall_reload_max_ms": _get(serve, "stall", "heartbeat", "max_ms"),
        "stall_reload_p99_ms": _get(serve, "stall", "heartbeat", "p99_ms"),
        "stall_reload_seconds": _get(serve, "stall", "seconds"),
        "stall_reload_changed_files": _get(serve, "stall", "changed_files"),
        "stall_reload_post_p99_ms": _get(serve, "stall", "post", "p99_ms"),
        "stall_reload_post_count": _get(serve, "stall", "post", "count"),
        "stall_reload_gc_max_ms": _get(serve, "stall", "gc", "max_ms"),
        "stall_baseline_max_ms": _get(serve, "baseline", "heartbeat", "max_ms"),
        "first_replies_max_ms": _get(serve, "first_replies", "max_ms"),
        "floor_autocomplete_choices": _get(serve, "floor_autocomplete", "choices"),
        "serving_rss_mb": serve.get("serving_rss_mb_after_reload"),
        "emulator_violations": len(serve.get("violations") or []),
        "gateway_warnings": len(serve.get("gateway_warnings") or []),
    }
    errors = 0
    timed = ("post", "autocomplete", "search", "floor_reply", "floor_reply_same_body")
    for name in (*timed, "floor_autocomplete"):
        for p in ("p50", "p95", "p99"):
            m[f"{name}_{p}_ms"] = _get(serve, name, f"{p}_ms")
        errors += _get(serve, name, "errors") or 0
    for name in ("baseline", "stall"):
        errors += _get(serve, name, "post", "errors") or 0
    m["reply_errors"] = errors
    for p in ("p50", "p99"):
        m[f"post_{p}_ratio"] = _ratio(m[f"post_{p}_ms"], m[f"floor_reply_{p}_ms"])
        same = m[f"floor_reply_same_body_{p}_ms"]
        m[f"post_{p}_ratio_same_body"] = _ratio(m[f"post_{p}_ms"], same)
        bare = m[f"floor_autocomplete_{p}_ms"]
        m[f"autocomplete_{p}_ratio"] = _ratio(m[f"autocomplete_{p}_ms"], bare)
    m["search_p99_ratio"] = _ratio(m["search_p99_ms"], m["floor_reply_p99_ms"])
    return m


def metrics(corpus: Corpus, raw: dict[str, Any]) -> dict[str, Any]:
    """Every key of :data:`METRIC_KEYS` from the raw figures (``None`` when not measured)."""
    m: dict[str, Any] = {"files": corpus.files, "corpus_mb": raw.get("corpus_mb")}
    m.update(_load_metrics(raw))
    m.update(_serve_metrics(raw.get("serve") or {}))
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
            "cold_load_cpus": _get(raw, "load", "cpus"),
        },
        "metrics": m,
        "targets": targets(m),
        "corpus_sizes": raw.get("corpus_sizes"),
        "raw": json.loads(json.dumps(raw, default=str).replace("NaN", "null")),
    }


# -- the report ------------------------------------------------------------------------------


def _show(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def size_table(sizes: dict[str, Any] | None) -> list[str]:
    """The corpus's file sizes (KiB) per script and in all, under the real site's."""
    if not sizes or not sizes.get("all"):
        return []
    stats = ("p10", "p50", "p90", "p99", "max", "mean")
    lines = [
        "File sizes, KiB (1,024 bytes):",
        "",
        "| files | n | " + " | ".join(stats) + " |",
        "|---|---:|" + "---:|" * len(stats),
        "| real site (target) | | "
        + " | ".join(f"{sizes['target'][s]:g}" if s in sizes["target"] else "" for s in stats)
        + " |",
    ]
    rows = [("all", sizes["all"]), *sizes["scripts"].items()]
    for name, row in rows:
        cells = " | ".join(f"{row[s]:.1f}" for s in stats)
        lines.append(f"| {name} | {row['files']:,} | {cells} |")
    means = [
        f"{code} {sizes['languages'][code]:.1f} (real site: about {real:g})"
        for code, real in sizes.get("target_language_means", {}).items()
        if code in sizes["languages"]
    ]
    if means:
        lines += ["", "Mean per language: " + ", ".join(means) + "."]
    return [*lines, ""]


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
        *size_table(doc.get("corpus_sizes")),
        "| metric | value | target | met? |",
        "|---|---:|---|---|",
    ]
    for row in doc["targets"]:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        target = f"{row['target']} {row['unit']}".strip() if row["target"] else ""
        lines.append(f"| {row['label']} | {_show(row['value'], row['unit'])} | {target} | {met} |")
    return "\n".join(lines) + "\n"
