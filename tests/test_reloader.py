"""Reloading real Markdown files into a real SQLite store."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from bot.content.loader import ContentDirError
from bot.reloader import Reloader
from bot.store import Store
from tests.factories import post_file

SITE = "https://www.cambioml.com"
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    post_file(root, "es/alpha.md", "Alfa", "2025-01-01")
    post_file(root, "sv/alpha.md", "Alfa på svenska", "2025-01-01")
    post_file(root, "es/beta.md", "Beta", "2025-02-01")
    return root


@pytest.fixture
async def reloader(content: Path, tmp_path: Path) -> AsyncIterator[Reloader]:
    loader = Reloader(content, tmp_path / "db.sqlite3", SITE)
    yield loader
    await loader.close()


@pytest.fixture
async def store(reloader: Reloader, tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "db.sqlite3") as opened:
        yield opened


async def test_sample_content_loads_without_problems(tmp_path: Path) -> None:
    loader = Reloader(SAMPLE, tmp_path / "db.sqlite3", SITE)
    try:
        report = await loader.reload()
    finally:
        await loader.close()
    assert report.problems == []
    async with await Store.open(tmp_path / "db.sqlite3") as store:
        assert {"es", "pt", "ro", "sv", "nl"} <= set(await store.languages_of("kdd-workshop-2024"))
        spanish = await store.translation("kdd-workshop-2024", "es")
    assert spanish is not None
    assert spanish.title == "KDD 2024: Charla con Amazon"
    assert spanish.image == "https://www.cambioml.com/images/solutions/kdd-2024-cover.jpeg"
    assert spanish.summary.startswith("En la conferencia KDD 2024, Rachel Hu")


async def test_reload_is_incremental(reloader: Reloader, content: Path) -> None:
    first = await reloader.reload()
    assert (first.parsed, len(first.added)) == (3, 3)

    again = await reloader.reload()
    assert (again.parsed, again.unchanged, again.changed) == (0, 3, False)

    touched = content / "es/beta.md"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    after_touch = await reloader.reload()
    assert (after_touch.parsed, after_touch.unchanged, after_touch.changed) == (0, 3, False)

    post_file(content, "es/beta.md", "Beta editada", "2025-02-01")
    edited = await reloader.reload()
    assert (edited.parsed, edited.updated) == (1, [("beta", "es")])


async def test_add_edit_remove_and_break_in_one_reload(
    reloader: Reloader, content: Path, store: Store
) -> None:
    await reloader.reload()
    post_file(content, "es/gamma.md", "Gamma", "2025-03-01")
    post_file(content, "es/beta.md", "Beta editada", "2025-02-01")
    (content / "sv/alpha.md").unlink()
    (content / "es/alpha.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")

    report = await reloader.reload()
    assert report.added == [("gamma", "es")]
    assert report.updated == [("beta", "es")]
    assert report.removed == [("alpha", "sv")]
    assert [p.path for p in report.problems] == ["es/alpha.md"]
    assert report.problems[0].line is not None
    assert report.kept == {"es/alpha.md": ("alpha", "es")}
    kept = await store.translation("alpha", "es")
    assert kept is not None and kept.title == "Alfa"
    assert await store.latest_key() == "gamma"

    # the broken file is reported again by the next reload, and fixing it updates the post
    assert [p.path for p in (await reloader.reload()).problems] == ["es/alpha.md"]
    post_file(content, "es/alpha.md", "Alfa arreglada", "2025-01-01")
    fixed = await reloader.reload()
    assert (fixed.problems, fixed.updated) == ([], [("alpha", "es")])


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "not UTF-8": (b"---\ntitle: 'Caf\xe9'\n---\nbody\n", "UTF-8"),
    "broken YAML": (b"---\ntitle: 'x\ndate: [\n---\nbody\n", "YAML"),
    "no title": (b"---\ndate: '2025-01-01'\n---\nbody\n", "title"),
    "bad date": (b"---\ntitle: 'x'\ndate: '2025-13-45'\n---\nbody\n", "2025-13-45"),
    "empty": (b"", "empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
async def test_each_bad_file_is_reported_and_the_rest_loads(
    case: str, reloader: Reloader, content: Path, store: Store
) -> None:
    data, words = BAD_FILES[case]
    (content / "es/bad.md").write_bytes(data)
    report = await reloader.reload()
    (problem,) = report.problems
    assert problem.path == "es/bad.md"
    assert words.lower() in problem.reason.lower()
    assert sorted(report.added) == [("alpha", "es"), ("alpha", "sv"), ("beta", "es")]
    assert await store.find_post("bad") is None


async def test_unknown_language_folder_and_duplicates(
    reloader: Reloader, content: Path, store: Store
) -> None:
    post_file(content, "drafts/idea.md", "Idea")
    post_file(content, "es/copy-of-alpha.md", "Copia", extra="translationKey: alpha\n")
    (content / "README.md").write_text("# Our blog\n", encoding="utf-8")
    (content / "images").mkdir()
    (content / "images/cover.jpeg").write_bytes(b"\xff\xd8\xff")
    report = await reloader.reload()
    reasons = {problem.path: problem.reason for problem in report.problems}
    assert set(reasons) == {"drafts/idea.md", "es/copy-of-alpha.md"}
    assert "drafts" in reasons["drafts/idea.md"]
    assert "duplicate" in reasons["es/copy-of-alpha.md"]
    assert await store.languages_of("alpha") == ["es", "sv"]


async def test_missing_content_folder_is_an_error_and_changes_nothing(
    reloader: Reloader, content: Path, store: Store
) -> None:
    await reloader.reload()
    shutil.rmtree(content)
    with pytest.raises(ContentDirError, match="does not exist"):
        await reloader.reload()
    assert await store.languages_of("alpha") == ["es", "sv"]


async def test_concurrent_reloads_share_one_run(reloader: Reloader) -> None:
    first, second = await asyncio.gather(reloader.reload(), reloader.reload())
    assert first is second
    assert len(first.added) == 3


async def test_process_pool_path(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for n in range(40):
        post_file(root, f"sv/post-{n:02}.md", f"Inlägg {n}", f"2024-01-{n % 28 + 1:02}")
    loader = Reloader(
        root, tmp_path / "db.sqlite3", SITE, workers=2, pool_threshold=0, batch_size=8
    )
    try:
        report = await loader.reload()
    finally:
        await loader.close()
    assert (report.parsed, len(report.added), report.problems) == (40, 40, [])


CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from bot.reloader import Reloader

    def applying(done):
        print("APPLYING", done, flush=True)
        time.sleep(60)

    async def main():
        # no process pool: its forkserver would outlive the kill and hold our stdout pipe
        loader = Reloader(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3],
                          pool_threshold=10**9)
        await loader.reload(on_apply_batch=applying)

    asyncio.run(main())
    """
)


async def test_a_reload_killed_mid_transaction_leaves_previous_content(
    reloader: Reloader, content: Path, tmp_path: Path
) -> None:
    await reloader.reload()
    await reloader.close()
    for n in range(30):
        post_file(content, f"es/new-{n}.md", f"Nuevo {n}")
    post_file(content, "es/beta.md", "Beta cambiada", "2025-02-01")

    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(content), str(tmp_path / "db.sqlite3"), SITE,
        stdout=asyncio.subprocess.PIPE, cwd=str(ROOT),
    )  # fmt: skip
    assert child.stdout is not None
    line = await asyncio.wait_for(child.stdout.readline(), timeout=60)
    assert line.startswith(b"APPLYING")
    child.send_signal(signal.SIGKILL)
    await child.wait()

    async with await Store.open(tmp_path / "db.sqlite3") as store:
        assert await store.count_posts() == 2
        beta = await store.translation("beta", "es")
        assert beta is not None and beta.title == "Beta"
    check = sqlite3.connect(tmp_path / "db.sqlite3")
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    survivor = Reloader(content, tmp_path / "db.sqlite3", SITE)
    try:
        report = await survivor.reload()
    finally:
        await survivor.close()
    assert len(report.added) == 30 and report.updated == [("beta", "es")]


async def test_swapping_keys_between_files_converges(
    reloader: Reloader, content: Path, store: Store
) -> None:
    post_file(content, "es/one.md", "Uno", extra="translationKey: x\n")
    post_file(content, "es/two.md", "Dos", extra="translationKey: y\n")
    await reloader.reload()
    post_file(content, "es/one.md", "Uno", extra="translationKey: y\n")
    post_file(content, "es/two.md", "Dos", extra="translationKey: x\n")
    report = await reloader.reload()
    assert report.problems == []
    x = await store.translation("x", "es")
    y = await store.translation("y", "es")
    assert (x and x.title, y and y.title) == ("Dos", "Uno")


async def test_a_new_site_url_parses_everything_again(content: Path, tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    for site in ("https://old.example", "https://new.example", "https://new.example"):
        loader = Reloader(content, database, site)
        try:
            report = await loader.reload()
        finally:
            await loader.close()
    assert report.parsed == 0  # the third run: same site, nothing to do
    post_file(content, "es/linked.md", "Con enlace", body="See [the page](/page).")
    loader = Reloader(content, database, "https://newer.example")
    try:
        report = await loader.reload()
    finally:
        await loader.close()
    assert report.parsed == 4
    async with await Store.open(database) as store:
        linked = await store.translation("linked", "es")
    assert linked is not None and linked.links[0].url == "https://newer.example/page"


def test_a_file_deleted_after_the_scan_is_gone(content: Path) -> None:
    from bot.pipeline import Job, load_batch

    (outcome,) = load_batch(str(content), [Job("es/vanished.md", 1, 10, None)], SITE)
    assert outcome.kind == "gone"


async def test_a_dead_worker_fails_one_reload_and_the_next_recovers(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for n in range(8):
        post_file(root, f"sv/post-{n}.md", f"Inlägg {n}")
    loader = Reloader(root, tmp_path / "db.sqlite3", SITE, workers=1, pool_threshold=0)
    try:
        await loader.reload()
        assert loader._pool is not None
        for process in list(loader._pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join()
        post_file(root, "sv/post-0.md", "Ändrat")
        with pytest.raises(BrokenProcessPool):
            await loader.reload()
        report = await loader.reload()
        assert report.updated == [("post-0", "sv")]
    finally:
        await loader.close()


async def test_progress_is_logged_while_many_files_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "many"
    for n in range(100):
        post_file(root, f"sv/post-{n:03}.md", f"Inlägg {n}")
    caplog.set_level(logging.INFO, logger="bot.reloader")
    loader = Reloader(root, tmp_path / "db.sqlite3", SITE, batch_size=10, progress_interval=0.0)
    try:
        await loader.reload()
        lines = [r.getMessage() for r in caplog.records if r.name == "bot.reloader"]
        assert lines[0] == "loaded 10 of 100 files"
        assert lines[-1] == "loaded 100 of 100 files"
        assert len(lines) == 10
        caplog.clear()
        post_file(root, "sv/post-000.md", "Ändrat")
        await loader.reload()  # one file: one batch
        assert [r.getMessage() for r in caplog.records] == ["loaded 1 of 1 files"]
    finally:
        await loader.close()

    caplog.clear()
    quiet = Reloader(root, tmp_path / "other.sqlite3", SITE, batch_size=10)
    try:
        await quiet.reload()  # far quicker than the default 5 seconds: nothing logged
    finally:
        await quiet.close()
    assert not [r for r in caplog.records if r.getMessage().startswith("loaded")]


BOT_WITH_WORKERS = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from bot.reloader import Reloader

    async def main():
        loader = Reloader(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3],
                          workers=2, pool_threshold=0, batch_size=4)
        reload = asyncio.ensure_future(loader.reload())
        while loader._pool is None:
            await asyncio.sleep(0.01)
        print("WORKERS", *loader._pool._processes, flush=True)
        await reload
        await asyncio.sleep(120)

    asyncio.run(main())
    """
)


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, dead but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_parse_workers_end_when_the_bot_is_killed(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for n in range(300):
        post_file(root, f"sv/post-{n:03}.md", f"Inlägg {n}")
    bot = subprocess.Popen(
        [sys.executable, "-c", BOT_WITH_WORKERS, str(root), str(tmp_path / "db.sqlite3"), SITE],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert bot.stdout is not None
        line = bot.stdout.readline()
        assert line.startswith("WORKERS"), line
        workers = [int(pid) for pid in line.split()[1:]]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
        forkserver = _parent(workers[0])
        assert forkserver not in (bot.pid, 1)
        bot.send_signal(signal.SIGKILL)
        bot.wait(timeout=10)
        started = time.monotonic()
        left = [*workers, forkserver]
        while any(_running(pid) for pid in left) and time.monotonic() - started < 5:
            time.sleep(0.05)
        # the workers end, and then the forkserver, which they kept alive, ends too
        assert [pid for pid in left if _running(pid)] == []
    finally:
        bot.kill()
        bot.wait()
        if bot.stdout is not None:
            bot.stdout.close()


async def test_parse_workers_and_the_writer_run_at_a_lower_priority(tmp_path: Path) -> None:
    """A reload's work yields the CPU to the event loop (nice values: setpriority(2))."""
    root = tmp_path / "content"
    post_file(root, "en/a.md", "A post")
    loader = Reloader(root, tmp_path / "db.sqlite3", SITE, workers=1, pool_threshold=0)
    try:
        await loader.reload()
        assert loader._pool is not None
        (worker,) = [p.pid for p in loader._pool._processes.values()]  # type: ignore[union-attr]
        assert worker is not None
        assert os.getpriority(os.PRIO_PROCESS, worker) == os.getpriority(os.PRIO_PROCESS, 0) + 5
        writer = await asyncio.get_running_loop().run_in_executor(
            loader._thread, threading.get_native_id
        )
        assert os.getpriority(os.PRIO_PROCESS, writer) == os.getpriority(os.PRIO_PROCESS, 0) + 5
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == os.getpriority(
            os.PRIO_PROCESS, 0
        )
    finally:
        await loader.close()
