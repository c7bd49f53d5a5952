"""Following the content folder: queued reloads after a change, file events, rescans."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.reloader import Reloader
from bot.watch import ContentWatcher
from tests.factories import post_file

SITE = "https://www.cambioml.com"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    post_file(root, "es/alpha.md", "Alfa", "2025-01-01")
    return root


@pytest.fixture
async def reloader(content: Path, tmp_path: Path) -> AsyncIterator[Reloader]:
    loader = Reloader(content, tmp_path / "db.sqlite3", SITE)
    await loader.reload()
    yield loader
    await loader.close()


async def until(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def test_a_change_during_a_reload_queues_exactly_one_more(
    reloader: Reloader, content: Path
) -> None:
    post_file(content, "es/beta.md", "Beta", "2025-02-01")
    entered, release = threading.Event(), threading.Event()

    def hold(done: int) -> None:  # runs on the writer's thread, inside the transaction
        entered.set()
        release.wait(10)

    first = asyncio.ensure_future(reloader.reload(on_apply_batch=hold))
    await asyncio.to_thread(entered.wait, 10)
    joined = asyncio.ensure_future(reloader.reload())  # /reload joins the running one
    post_file(content, "es/gamma.md", "Gamma", "2025-03-01")  # after the running scan
    after = [asyncio.ensure_future(reloader.reload(after_change=True)) for _ in range(3)]
    late = asyncio.ensure_future(reloader.reload())  # /reload now joins the queued one
    await asyncio.sleep(0.1)
    release.set()
    report, again, *queued, last = await asyncio.gather(first, joined, *after, late)
    assert again is report and ("beta", "es") in report.added
    assert ("gamma", "es") not in report.added  # its scan came before the change
    assert all(other is queued[0] for other in (*queued, last))  # one more reload, not three
    assert queued[0] is not report and queued[0].added == [("gamma", "es")]


async def test_a_new_file_is_served_after_a_file_event(reloader: Reloader, content: Path) -> None:
    watcher = ContentWatcher(reloader, content, rescan_seconds=0, debounce_ms=100)
    watcher.start()
    try:
        await asyncio.sleep(0.3)  # the watch is set up
        reloader.last_report = None
        post_file(content, "sv/new.md", "Ny", "2025-04-01")
        await until(lambda: reloader.last_report is not None and reloader.last_report.added)
        assert reloader.last_report is not None
        assert reloader.last_report.added == [("new", "sv")]
        before = watcher.reloads
        for n in range(40):  # a checkout writing many files: batched into one or two reloads
            post_file(content, f"sv/many-{n}.md", f"Många {n}", "2025-04-02")
        await asyncio.sleep(0.8)
        await until(lambda: not reloader.running)
        assert 1 <= watcher.reloads - before <= 2
    finally:
        await watcher.close()


def _keys(reloader: Reloader) -> list[tuple[str, str]]:
    report = reloader.last_report
    return [] if report is None else report.added


async def test_rescans_cover_folders_without_events(reloader: Reloader, content: Path) -> None:
    watcher = ContentWatcher(reloader, content, watch=False, rescan_seconds=0.2)
    watcher.start()
    try:
        post_file(content, "es/rescanned.md", "Reescaneado", "2025-05-01")
        await until(lambda: ("rescanned", "es") in _keys(reloader))
    finally:
        await watcher.close()
