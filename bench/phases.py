"""Benchmark phases that run in a fresh child process, so their memory figures are their own.

``python -m bench.phases corpus CONTENT POSTS LANGUAGES [--seed N]``: generate the corpus
(:func:`bench.corpus.load_or_generate`). ``python -m bench.phases floor CONTENT [--cpu N]``:
the parsing floor (python-frontmatter + markdown-it-py alone, one process). ``python -m
bench.phases load CONTENT DB [--workers N] [--cpu N] [--then-reloads]``: a cold load with the
real :class:`~bot.reloader.Reloader`, then (optionally) a reload with nothing changed and
reloads after one file changed. Each prints one JSON object on its last stdout line. ``--cpu``
pins the process (and so its pool workers) to those CPUs (``0``, ``0,1``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

SITE_URL = "https://www.cambioml.com"


# -- memory ----------------------------------------------------------------------------------


def _status_kb(pid: int, field: str) -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmHWM`` is the peak RSS), if readable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory of a process (``VmHWM``), MiB; 0.0 when unknown."""
    kb = _status_kb(pid or os.getpid(), "VmHWM")
    return (kb or 0) / 1024


def descendants(pid: int | None = None) -> list[tuple[int, int]]:
    """Every live descendant of ``pid`` (default: this process) with its parent, from
    ``/proc``."""
    parent_of: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        parent_of[int(name)] = int(fields[1])
    root = pid or os.getpid()
    found: list[tuple[int, int]] = []
    frontier = [root]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parent_of.items() if parent == current]
        found.extend((child, current) for child in children)
        frontier.extend(children)
    return found


def children_peak_rss_mb() -> dict[str, float]:
    """Peak RSS of each live descendant, MiB, keyed ``"<role> <pid>"``: the multiprocessing
    ``forkserver`` and ``resource_tracker`` helpers, and the pool's ``worker`` processes
    (the forkserver's children)."""
    out: dict[str, float] = {}
    me = os.getpid()
    for pid, parent in descendants(me):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        helpers = ("resource_tracker", "forkserver")
        role = next((name for name in helpers if name in command), "child")
        role = "worker" if parent != me else role
        out[f"{role} {pid}"] = round(peak_rss_mb(pid), 1)
    return out


def workers_peak_rss_mb(children: dict[str, float]) -> float:
    """The largest peak RSS among pool workers (0.0 when there were none)."""
    return max((rss for name, rss in children.items() if name.startswith("worker")), default=0.0)


def pin(cpus: str | None) -> None:
    """Run this process (and what it starts afterwards) on these CPUs (``"0"``, ``"0,1"``)."""
    if cpus:
        os.sched_setaffinity(0, {int(cpu) for cpu in cpus.split(",")})


# -- phases ----------------------------------------------------------------------------------


def markdown_files(content: Path) -> list[Path]:
    """The corpus' post files, sorted (what both the floor and the loader read)."""
    return sorted(content.glob("*/*.md"))


def floor_parse(content: Path) -> dict[str, Any]:
    """Read, ``frontmatter.loads`` and ``MarkdownIt("commonmark").parse`` every file."""
    import frontmatter
    from markdown_it import MarkdownIt

    files = markdown_files(content)
    parser = MarkdownIt("commonmark")
    tokens = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for path in files:
        data = path.read_bytes()
        post = frontmatter.loads(data.decode("utf-8"))
        tokens += len(parser.parse(post.content))
    seconds = time.perf_counter() - started
    return {
        "files": len(files),
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "files_per_s": len(files) / seconds,
        "tokens": tokens,
        "rss_mb": peak_rss_mb(),
    }


async def _load(
    content: Path, database: Path, workers: int | None, then_reloads: bool, edits: int
) -> dict[str, Any]:
    from bot.reloader import Reloader

    reloader = Reloader(content, database, SITE_URL, workers=workers)
    result: dict[str, Any] = {}
    try:
        started = time.perf_counter()
        cold = await reloader.reload()
        seconds = time.perf_counter() - started
        result["cold"] = {
            "seconds": seconds,
            "report_seconds": cold.seconds,
            "parsed": cold.parsed,
            "added": len(cold.added),
            "problems": len(cold.problems),
            "files_per_s": cold.parsed / seconds if seconds else 0.0,
        }
        result["children_rss_mb"] = children_peak_rss_mb()
        result["workers_max_rss_mb"] = workers_peak_rss_mb(result["children_rss_mb"])
        result["main_rss_mb_after_cold"] = peak_rss_mb()
        if then_reloads:
            unchanged = []
            for _ in range(3):
                started = time.perf_counter()
                report = await reloader.reload()
                unchanged.append((time.perf_counter() - started, report.parsed))
            result["unchanged"] = {
                "seconds": statistics.median(s for s, _ in unchanged),
                "max_seconds": max(s for s, _ in unchanged),
                "parsed": max(p for _, p in unchanged),
                "runs": len(unchanged),
            }
            files = markdown_files(content)
            languages = sorted({path.parent.name for path in files})
            keys = sorted({path.stem for path in files if path.parent.name == languages[0]})
            changed = []
            revision = str(time.time_ns())
            for n in range(edits):
                language = languages[n % len(languages)]
                key = keys[(n * 7919) % len(keys)]
                rewrite(content / language / f"{key}.md", f"{revision}-{n}")
                started = time.perf_counter()
                report = await reloader.reload()
                changed.append((time.perf_counter() - started, report.parsed, len(report.updated)))
            result["one_changed"] = {
                "seconds": statistics.median(s for s, _, _ in changed),
                "max_seconds": max(s for s, _, _ in changed),
                "parsed": max(p for _, p, _ in changed),
                "updated": max(u for _, _, u in changed),
                "runs": len(changed),
            }
    finally:
        await reloader.close()
    result["main_rss_mb"] = peak_rss_mb()
    return result


def make_corpus(content: Path, posts: int, languages: int, seed: int) -> dict[str, Any]:
    """Generate the corpus (or find it, with ``--keep``) here, so its word pools and text
    (about 30 MiB) are not in the serving process's memory."""
    from bench.corpus import load_or_generate

    started = time.perf_counter()
    corpus = load_or_generate(content, posts, languages, seed=seed)
    return {
        "files": corpus.files,
        "seconds": time.perf_counter() - started,
        "rss_mb": peak_rss_mb(),
    }


def rewrite(path: Path, revision: str) -> None:
    """Edit one post in place: replace (or add) its last ``_Revision ..._`` line."""
    text = path.read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    if lines and lines[-1].startswith("_Revision "):
        lines.pop()
    lines.append(f"_Revision {revision}._")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases")
    sub = parser.add_subparsers(dest="phase", required=True)
    floor = sub.add_parser("floor")
    floor.add_argument("content", type=Path)
    floor.add_argument("--cpu", help="CPUs to run on, e.g. 0 or 0,1")
    load = sub.add_parser("load")
    load.add_argument("content", type=Path)
    load.add_argument("database", type=Path)
    load.add_argument("--workers", type=int)
    load.add_argument("--cpu", help="CPUs to run on, e.g. 0 or 0,1")
    load.add_argument("--then-reloads", action="store_true")
    load.add_argument("--edits", type=int, default=3)
    corpus = sub.add_parser("corpus")
    corpus.add_argument("content", type=Path)
    corpus.add_argument("posts", type=int)
    corpus.add_argument("languages", type=int)
    corpus.add_argument("--seed", type=int, default=1)
    corpus.add_argument("--cpu", help="CPUs to run on, e.g. 0 or 0,1")
    bot = sub.add_parser("bot", help="the bot as its own process (bench.botproc)")
    bot.add_argument("url")
    bot.add_argument("content", type=Path)
    bot.add_argument("database", type=Path)
    args = parser.parse_args(argv)
    if args.phase == "bot":
        from bench.botproc import child_main

        return child_main(args.url, args.content, args.database)
    pin(args.cpu)
    if args.phase == "floor":
        result = floor_parse(args.content)
    elif args.phase == "corpus":
        result = make_corpus(args.content, args.posts, args.languages, args.seed)
    else:
        result = asyncio.run(
            _load(args.content, args.database, args.workers, args.then_reloads, args.edits)
        )
    result["cpus"] = sorted(os.sched_getaffinity(0))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
