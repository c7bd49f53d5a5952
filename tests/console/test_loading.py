"""The console's first load: a progress bar fed by the reloader's progress records and its
``on_apply_batch`` callback, drawn only on a terminal, and a start that waits as long as the
load keeps moving."""

from __future__ import annotations

import io
import logging
import shutil
import time
from pathlib import Path

import pytest
from rich.console import Console

from bot.config import Settings
from bot.console.app import DEFAULT_USER_ID, USER_NAME, serve
from bot.console.host import BotHost
from bot.emulator import make_user
from bot.load_progress import LoadProgress

ROOT = Path(__file__).resolve().parents[2]
reloader_log = logging.getLogger("bot.reloader")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return Settings(
        content_dir=tmp_path / "content", database_path=tmp_path / "data" / "bot.sqlite3"
    )


def test_bar_follows_the_reload_records_and_the_apply_batches() -> None:
    drawn = io.StringIO()
    level = reloader_log.level
    with LoadProgress(Console(file=drawn, force_terminal=True), "reading files") as progress:
        assert progress.state == ("reading files", 0, None)
        reloader_log.info("loaded %d of %d files", 64, 200)
        assert progress.state == ("reading files", 64, 200)
        reloader_log.info("loaded %d files", 128)  # another shape: ignored
        reloader_log.info("something else %s", "entirely")
        assert progress.state == ("reading files", 64, 200)
        progress.applied(150)
        assert progress.state == ("writing the store", 150, 200)
    assert reloader_log.level == level and not reloader_log.handlers
    assert "150/200" in drawn.getvalue()  # the last frame (the bar redraws 10 times a second)


def test_no_bar_without_a_terminal_but_the_load_is_followed() -> None:
    drawn = io.StringIO()
    with LoadProgress(Console(file=drawn), "reading files") as progress:
        before = progress.last_moved
        time.sleep(0.01)
        reloader_log.info("loaded %d of %d files", 10, 20)
        assert progress.last_moved > before
    assert drawn.getvalue() == ""


def test_start_waits_while_the_load_moves(settings: Settings) -> None:
    user = make_user(USER_NAME, id=DEFAULT_USER_ID, locale="en-US")
    stuck = BotHost(settings, user, "en-US")
    try:
        with pytest.raises(TimeoutError):
            stuck.start(timeout=0.01)  # no bot is ready in 10 ms
    finally:
        stuck.stop()
    moving = BotHost(settings, user, "en-US")
    try:
        moving.start(timeout=0.01, moved=time.monotonic)  # "it just moved", every time
        assert moving.bot is not None and moving.bot.is_ready()
    finally:
        moving.stop()


def test_console_on_a_terminal_shows_the_loading_bar(settings: Settings) -> None:
    drawn = io.StringIO()
    console = Console(file=drawn, force_terminal=True, width=80)
    code = serve(
        settings, locale="en-US", user_id=None, admin=False, command="/help",
        console=console, stdin=io.StringIO(),
    )  # fmt: skip
    assert code == 0
    assert "Starting the bot and loading the content…" in drawn.getvalue()
    assert "/post" in drawn.getvalue()
