"""``python -m bot console``: start the bot on the emulator, then read lines until ``exit``.

With a terminal on standard input the prompt uses readline (history, Tab completion, Ctrl-C
clears the line, Ctrl-D leaves). Without one, lines are read from standard input until its
end and echoed after the prompt, so ``printf '/post kdd-workshop-2024\\n' | python -m bot
console`` works in scripts. ``command`` runs one line and returns.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.logging import RichHandler

from bot.config import Settings
from bot.console.host import BotHost
from bot.console.session import Session
from bot.console.terminal import Terminal
from bot.emulator import DISCORD_LOCALES, make_user
from bot.i18n.catalog import Catalogs
from bot.load_progress import LoadProgress

DEFAULT_USER_ID = 100_000_000_000_000_001
"""The console user's id unless ``--user-id``: fixed, so ``/language set`` sticks between runs."""
USER_NAME = "console"
EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit"})
PROMPT = "› "
_PREFERRED = {"en": "en-US", "es": "es-ES", "pt": "pt-BR", "sv": "sv-SE", "zh": "zh-CN"}


def discord_locale(tag: str) -> str:
    """The Discord locale closest to ``tag``: ``es`` -> ``es-ES``, ``SV-se`` -> ``sv-SE``,
    ``pt`` -> ``pt-BR``; en-US when none is close."""
    by_fold = {locale.casefold(): locale for locale in DISCORD_LOCALES}
    tag = tag.replace("_", "-").strip()
    if tag.casefold() in by_fold:
        return by_fold[tag.casefold()]
    language = tag.split("-")[0].casefold()
    if language in _PREFERRED:
        return _PREFERRED[language]
    same = sorted(locale for locale in DISCORD_LOCALES if locale.split("-")[0] == language)
    return same[0] if same else "en-US"


class _ConsoleLogFilter(logging.Filter):
    """Drops discord.py's "PyNaCl/davey is not installed" notices (the bot has no voice) and
    shortens tracebacks to their last line, so a problem is one readable line above the
    prompt (the console's handler is the only one while it runs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "voice will NOT be supported" in record.getMessage():
            return False
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


@contextlib.contextmanager
def _quiet_logging(console: Console) -> Iterator[None]:
    """Only warnings and errors, printed above the prompt on standard error."""
    root = logging.getLogger()
    handler = RichHandler(console=console, show_time=False, show_path=False, level=logging.WARNING)
    handler.addFilter(_ConsoleLogFilter())
    saved = root.level, list(root.handlers)
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(saved[0])
        root.handlers = saved[1]


@contextlib.contextmanager
def _plain_sigint() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt here (``asyncio.run`` would only cancel the task)."""
    try:
        saved = signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, saved)


def _lines(session: Session, stdin: TextIO, console: Console) -> Iterator[str]:
    """Lines from a terminal (readline prompt) or a pipe (echoed after the prompt)."""
    if stdin.isatty():
        yield from Terminal(session, PROMPT).lines()
        return
    for raw in stdin:
        line = raw.rstrip("\n")
        console.print(f"{PROMPT}{line}", markup=False, highlight=False, style="bold")
        yield line


def serve(
    settings: Settings,
    *,
    locale: str,
    user_id: int | None,
    admin: bool,
    command: str | None,
    console: Console,
    stdin: TextIO,
) -> int:
    """The blocking console; :func:`run_console` documents the arguments and exit codes."""
    given = locale
    locale = discord_locale(locale)
    texts = Catalogs.load().for_locale(locale)
    if locale != given:
        console.print(texts.text("console.locale-mapped", given=given, locale=locale), style="dim")
    user = make_user(USER_NAME, id=user_id or DEFAULT_USER_ID, locale=locale, manage_guild=admin)
    host = BotHost(settings, user, locale)
    errors = Console(stderr=True)
    with _quiet_logging(errors), _plain_sigint():
        try:
            # a bar once the first load reports progress (a spinner until then)
            with LoadProgress(console, texts.text("console.loading")) as progress:
                host.start(moved=lambda: progress.last_moved)
        except (Exception, KeyboardInterrupt) as error:
            host.stop()
            errors.print(texts.text("console.start-failed", error=str(error) or repr(error)))
            return 1
        session = Session(host, texts, console, hints=command is None)
        try:
            session.report_violations()  # such as a command sync Discord would refuse
            if command is not None:
                done = session.handle(command)
            else:
                key = "console.welcome-admin" if admin else "console.welcome"
                console.print(texts.text(key, locale=locale), style="dim")
                done = _read_lines(session, stdin, console)
        finally:
            host.stop()
        session.report_violations()  # what the bot sent while it shut down
        return 0 if done and not session.violations else 1


def _read_lines(session: Session, stdin: TextIO, console: Console) -> bool:
    """Run lines until ``exit``/``quit`` or the end of input (Ctrl-C clears the line)."""
    for line in _lines(session, stdin, console):
        if line.strip().casefold() in EXIT_WORDS:
            break
        try:
            session.handle(line)
        except KeyboardInterrupt:
            console.print(session.texts.text("console.interrupted"), style="dim")
    return True


async def run_console(
    settings: Settings,
    *,
    locale: str = "en-US",
    user_id: int | None = None,
    admin: bool = False,
    command: str | None = None,
    console: Console | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the offline console with the operator's CONTENT_DIR and DATABASE_PATH.

    ``locale`` is the user's Discord client locale (the nearest Discord locale is used, and
    the server's language is the same); ``user_id`` the user's id (default a fixed one);
    ``admin`` gives Manage Server; ``command`` runs that one line and returns 0, or 1 when it
    could not be parsed or the bot did not answer. Otherwise lines come from ``stdin`` until
    ``exit``/``quit``/end of input, and the result is 0. 1 if the bot could not start, and in
    every mode 1 when the bot sent a body Discord would reject (each is printed as it comes,
    and counted in :attr:`Session.violations <bot.console.session.Session.violations>`).

    The terminal needs the main thread (readline, Ctrl-C), so this coroutine blocks its event
    loop while the bot runs on its own loop in a thread (:class:`~bot.console.host.BotHost`).
    """
    return serve(
        settings,
        locale=locale,
        user_id=user_id,
        admin=admin,
        command=command,
        console=console or Console(),
        stdin=stdin or sys.stdin,
    )
