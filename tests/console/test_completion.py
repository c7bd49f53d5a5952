"""Tab completion of command, subcommand and option names, through the terminal's completer.

:meth:`Terminal.complete` is what readline calls on Tab: it reads the line typed so far from
readline's buffer and asks the session (the real bot on the emulator, for the localized names
it synced) what can replace the word being typed. In-process tests hand it a line buffer as
readline would have it; the last test presses Tab in ``python -m bot console`` on a pseudo
terminal, with the real readline.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console

import bot.console.terminal
from bot.config import Settings
from bot.console.app import DEFAULT_USER_ID, PROMPT, USER_NAME
from bot.console.host import BotHost
from bot.console.session import Session
from bot.console.terminal import Terminal
from bot.emulator import make_user
from bot.i18n.catalog import Catalogs

ROOT = Path(__file__).resolve().parents[2]
KDD = "kdd-workshop-2024"


class LineBuffer:
    """readline's state when Tab is pressed at the end of ``line``."""

    def __init__(self, line: str) -> None:
        self.line = line

    def get_line_buffer(self) -> str:
        return self.line

    def get_endidx(self) -> int:
        return len(self.line)


@pytest.fixture(scope="module")
def terminal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Terminal]]:
    """A console terminal for a user whose Discord client has the given locale: the real bot on
    the emulator, one per locale for this module's tests."""
    started: dict[str, Terminal] = {}
    hosts: list[BotHost] = []

    def open_terminal(locale: str) -> Terminal:
        if locale not in started:
            folder = tmp_path_factory.mktemp(f"console-{locale}")
            shutil.copytree(ROOT / "content", folder / "content")
            settings = Settings(
                content_dir=folder / "content", database_path=folder / "data" / "bot.sqlite3"
            )
            user = make_user(USER_NAME, id=DEFAULT_USER_ID, locale=locale)
            host = BotHost(settings, user, locale)
            hosts.append(host)
            host.start()
            texts = Catalogs.load().for_locale(locale)
            session = Session(host, texts, Console(file=io.StringIO()))
            started[locale] = Terminal(session, PROMPT)
        return started[locale]

    yield open_terminal
    for host in reversed(hosts):  # each restores the pointing it found: last in, first out
        host.stop()
    found = [str(v) for host in hosts for v in [*host.violations, *host.emu.take_violations()]]
    assert not found, f"the console sessions recorded violations: {found}"


def tab(terminal: Terminal, line: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The words readline gets from the completer for Tab at the end of ``line``."""
    monkeypatch.setattr(bot.console.terminal, "readline", LineBuffer(line))
    text = line.rsplit(" ", 1)[-1]  # the console's only completer delimiter is a space
    words: list[str] = []
    while (word := terminal.complete(text, len(words))) is not None:
        words.append(word)
    return words


def test_command_names(
    terminal: Callable[[str], Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    en = terminal("en-US")
    assert tab(en, "/po", monkeypatch) == ["/post", "/posts"]
    assert tab(en, "/PO", monkeypatch) == ["/post", "/posts"]  # case is ignored
    assert tab(en, "/rel", monkeypatch) == ["/reload"]
    assert tab(en, "/zz", monkeypatch) == []
    every = tab(en, "/", monkeypatch)
    assert {"/post", "/posts", "/latest", "/search", "/language", "/reload"} <= set(every)
    # A command name is not a value: the terminal labels it with its description.
    assert [(s.word, s.is_value, bool(s.label)) for s in en._found] == [
        (word, False, True) for word in every
    ]


def test_subcommand_names(
    terminal: Callable[[str], Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    en = terminal("en-US")
    assert tab(en, "/language s", monkeypatch) == ["set", "show", "server"]
    assert tab(en, "/language re", monkeypatch) == ["reset"]
    assert tab(en, "/language ", monkeypatch) == ["set", "show", "reset", "server"]


def test_option_names(terminal: Callable[[str], Terminal], monkeypatch: pytest.MonkeyPatch) -> None:
    en = terminal("en-US")
    # Options are typed by position or as ``name:value``; the word being typed may be either.
    assert "language:" in tab(en, f"/post {KDD} la", monkeypatch)
    assert "language:" in tab(en, "/search kdd la", monkeypatch)
    # Only the options still open are offered: post: was given by position.
    assert "post:" not in tab(en, f"/post {KDD} po", monkeypatch)
    assert tab(en, "/post po", monkeypatch)[0] == "post:"


def test_localized_names(
    terminal: Callable[[str], Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    es = terminal("es-ES")
    assert tab(es, "/art", monkeypatch) == ["/artículo", "/artículos"]
    assert tab(es, "/idioma e", monkeypatch) == ["elegir"]
    assert tab(es, "/idioma ", monkeypatch) == ["elegir", "ver", "restablecer", "servidor"]
    # English names still complete; the localized one is offered when both match.
    assert tab(es, "/idioma s", monkeypatch) == ["set", "show", "servidor"]
    assert tab(es, "/po", monkeypatch) == ["/post", "/posts"]
    assert "idioma:" in tab(es, f"/artículo {KDD} id", monkeypatch)
    assert "language:" in tab(es, f"/post {KDD} la", monkeypatch)  # the English name typed


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo terminal")
def test_tab_key_in_a_terminal(tmp_path: Path) -> None:
    """``python -m bot console`` on a pseudo terminal: Tab completes ``/lan`` to ``/language``
    with GNU readline (or libedit) and the bot's synced names."""
    import pty

    shutil.copytree(ROOT / "content", tmp_path / "content")
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(
        CONTENT_DIR=str(tmp_path / "content"),
        DATABASE_PATH=str(tmp_path / "data" / "bot.sqlite3"),
        PYTHONPATH=str(ROOT),
        TERM="dumb",
        COLUMNS="120",
    )
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--locale", "en-US"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        cwd=tmp_path,
        close_fds=True,
    )
    os.close(child)
    seen = b""

    def read_until(wanted: bytes, start: int = 0, timeout: float = 30.0) -> bytes:
        """What the console wrote from offset ``start`` once it shows ``wanted`` there."""
        nonlocal seen
        deadline = time.monotonic() + timeout
        while wanted not in seen[start:] and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:  # the child closed the terminal
                    break
        return seen[start:]

    try:
        assert PROMPT.encode() in read_until(PROMPT.encode()), seen.decode(errors="replace")
        mark = len(seen)
        os.write(main, b"/lan\t")
        assert b"/language" in read_until(b"/language", mark), seen.decode(errors="replace")
        mark = len(seen)
        # Python's readline adds no space after a completion: the user types it.
        os.write(main, b" s\t\t")  # "/language s": set, show and server, with descriptions
        # The listing (readline sorts it) ends with the prompt and the line again.
        listing = read_until(f"\n{PROMPT}/language s".encode(), mark)
        assert b"set" in listing and b"show" in listing and b"server" in listing, listing
        os.write(main, b"\x15exit\r")  # Ctrl-U clears the line
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
