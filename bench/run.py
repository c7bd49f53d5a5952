"""Load, reload and reply latency at scale, side by side with the floors, in one run.

``python -m bench.run --posts 1000 --languages 20 --out bench/out [--requests 300] [--keep]``

1. generates a synthetic corpus (:mod:`bench.corpus`, child process) in a temporary folder
   (``--keep``: in ``<out>/work``, reused by the next run with the same size), and reports its
   file sizes against the real site's (:mod:`bench.sizes`);
2. ``floor_parse``: python-frontmatter + markdown-it-py alone over every file, one process
   pinned to one CPU (child process);
3. cold load with the real :class:`~bot.reloader.Reloader` into a fresh database (its default
   pool, on at most 2 CPUs, child process), then a reload with nothing changed and reloads
   after one file changed; peak RSS of the main process and of the pool's workers. The
   "cold load on 2 cores <= 1.25 x the one-core floor, wall time" target compares these two;
4. the same cold load with ``workers=1`` pinned to one CPU (``--no-one-core`` skips it);
5. in this process, on the local Discord emulator (:mod:`bench.serve`): the real bot over the
   loaded store, ``/post``, ``/post`` autocomplete and ``/search`` (n/a when the bot has none)
   latencies; the floors (:mod:`bench.floors`: a bare discord.py command with a fixed embed,
   one sending a real ``/post`` reply's body, a bare autocomplete returning fixed choices);
   the event loop's longest stall while serving ``/post``, without and during a reload of many
   changed files, and the peak RSS through it.

Prints Markdown tables (:mod:`bench.report`: file sizes; metric, value, target, met?) and the
machine, writes ``<out>/results.json`` (``--json``) and ``<out>/results.md``. Nothing here
asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.corpus import LANGUAGE_ORDER, corpus_sizes, load_or_generate
from bench.report import document, markdown

ROOT = Path(__file__).resolve().parent.parent

#: CPUs the default-pool cold load runs on (the target's "2 cores").
LOAD_CPUS = 2


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


def load_args(content: str, database: Path, edits: int) -> list[str]:
    """The default-pool cold load's arguments: on this machine's first :data:`LOAD_CPUS`
    CPUs (with as many workers) when it has more, else as the bot runs by default."""
    args = ["load", content, str(fresh(database)), "--then-reloads", "--edits", str(edits)]
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) > LOAD_CPUS:
        chosen = ",".join(str(cpu) for cpu in cpus[:LOAD_CPUS])
        args += ["--cpu", chosen, "--workers", str(LOAD_CPUS)]
    return args


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in order; returns the results document."""
    from bench.serve import serve

    started = time.perf_counter()
    raw: dict[str, Any] = {}
    cpu = str(min(os.sched_getaffinity(0)))
    with workspace(args.out, args.keep) as work:
        say(f"corpus: {args.posts} posts x {args.languages} languages in {work}")
        root = work / "content"
        size = (str(args.posts), str(args.languages), "--seed", str(args.seed))
        raw["corpus"] = child("corpus", str(root), *size)
        corpus = load_or_generate(root, args.posts, args.languages, seed=args.seed)
        raw["corpus_sizes"] = corpus_sizes(corpus)
        content = str(corpus.root)

        say(f"floor: pure parsing on CPU {cpu}")
        raw["floor"] = child("floor", content, "--cpu", cpu)
        say("cold load (default pool), reload with nothing changed, one file changed")
        database = work / "postbot.sqlite3"
        raw["load"] = child(*load_args(content, database, args.edits))
        if args.one_core:
            say(f"cold load, workers=1 pinned to CPU {cpu}")
            one_core_db = fresh(work / "one-core.sqlite3")
            raw["load_one_core"] = child(
                "load", content, str(one_core_db), "--workers", "1", "--cpu", cpu
            )
            fresh(one_core_db)
        say("emulator: /post, autocomplete, /search, the floors, event-loop stalls")
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
