"""The console end to end: the real bot on the emulator, driven by typed lines.

In-process tests call :func:`bot.console.app.serve` with a recording console and lines on a
fake standard input; the command-line tests run ``python -m bot console`` in a subprocess.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

import bot.emulator.server
from bot.config import Settings
from bot.console.app import discord_locale, serve
from bot.console.host import BotHost
from bot.emulator.validation import EMBED_LIMITS

ROOT = Path(__file__).resolve().parents[2]
KDD = "kdd-workshop-2024"
SV_TITLE = "KDD 2024: Samtal med Amazon"
ES_TITLE = "KDD 2024: Charla con Amazon"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return Settings(content_dir=content, database_path=tmp_path / "data" / "console.sqlite3")


def run(
    settings: Settings, lines: str, *, command: str | None = None, **kw: object
) -> tuple[int, str]:
    console = Console(record=True, width=120, file=io.StringIO())
    options: dict[str, object] = {"locale": "sv-SE", "user_id": None, "admin": False, **kw}
    code = serve(
        settings,
        command=command,
        console=console,
        stdin=io.StringIO(lines),
        **options,  # type: ignore[arg-type]
    )
    return code, console.export_text()


def test_scripted_session(settings: Settings) -> None:
    script = f"/post {KDD}\n2 es\n/post kd?\n/language set\n/nope\n9\n1\nhelp\nexit\n/never\n"
    code, out = run(settings, script)
    assert code == 0
    first, picked = out.split("› 2 es")
    assert SV_TITLE in first and "[2] Läs på ett annat språk…" in first
    picked, suggested = picked.split("› /post kd?")
    assert ES_TITLE in picked and "Datum: 29 januari 2025" in picked  # type 7, sv frame
    assert f"{SV_TITLE} → {KDD}" in suggested
    assert "/språk välj behöver: språk." in out
    assert "Det finns inget kommando /nope." in out
    assert "Det finns ingen knapp eller meny 9: välj 1 till 2." in out
    assert "En länkknapp: Discord öppnar https://www.cambioml.com/es/blog/kdd-workshop-2024" in out
    assert "/inlägg <inlägg> [språk] (/post)" in out
    assert "/never" not in out


def test_admin_reload_and_pager(settings: Settings) -> None:
    code, out = run(settings, "/reload\n/posts\n1\n", admin=True)
    assert code == 0
    assert "Endast du kan se detta" in out and "Innehållet har lästs in på nytt" in out
    assert "Sida 1 av 1" in out
    code, out = run(settings, "/reload\n")
    assert "Det kan bara serverns administratörer göra." in out


def test_one_command(settings: Settings) -> None:
    code, out = run(settings, "", command=f"/post post:{KDD}")
    assert code == 0 and SV_TITLE in out and "›" not in out
    code, out = run(settings, "", command="/post")
    assert code == 1 and "/inlägg behöver: inlägg." in out
    code, out = run(settings, "", command="/post kd?", locale="es")
    assert code == 0 and f"{ES_TITLE} → {KDD}" in out
    assert "es är inget Discord-språk" not in out  # the note is in the catalog's language
    assert "es no es un idioma de Discord; se usa es-ES." in out


def test_a_violation_is_shown_and_fails_the_command(
    settings: Settings, console_hosts: list[BotHost], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend titles are limited to 10 characters, and that Discord accepts the body anyway:
    # the bot's reply goes through, so only the violation can make the exit code 1.
    monkeypatch.setitem(EMBED_LIMITS, "title", 10)
    soft = bot.emulator.server.SOFT_CODES | {"BASE_TYPE_MAX_LENGTH"}
    monkeypatch.setattr(bot.emulator.server, "SOFT_CODES", soft)
    code, out = run(settings, "", command=f"/post post:{KDD}", locale="sv-SE")
    assert SV_TITLE in out  # the reply is shown...
    flat = " ".join(out.split())  # the console wraps long lines
    assert "Discord skulle avvisa det som boten skickade: POST /interactions/" in flat
    assert "data.embeds.0.title: Must be 10 or fewer in length." in flat
    assert code == 1  # ...and the violation alone fails the command
    [host] = console_hosts
    assert [v.violation.path for v in host.violations] == [("data", "embeds", 0, "title")]
    host.violations.clear()  # provoked on purpose: the fixture's verdict does not apply


def test_discord_locale() -> None:
    assert discord_locale("sv-SE") == "sv-SE"
    assert discord_locale("SV_se") == "sv-SE"
    assert discord_locale("es") == "es-ES"
    assert discord_locale("pt") == "pt-BR"
    assert discord_locale("de-AT") == "de"
    assert discord_locale("klingon") == "en-US"


# -- the command line --------------------------------------------------------------------------


def cli(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(
        CONTENT_DIR=str(settings.content_dir),
        DATABASE_PATH=str(settings.database_path),
        PYTHONPATH=str(ROOT),
        COLUMNS="120",
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.content_dir.parent,  # no .env of the repository
        timeout=60,
        check=False,
    )


def test_cli_one_command(settings: Settings) -> None:
    done = cli(settings, "--locale", "sv-SE", "--command", f"/post post:{KDD}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert SV_TITLE in done.stdout
    done = cli(settings, "--command", "/nope")
    assert done.returncode == 1 and "There is no command /nope." in done.stdout


def test_cli_reads_lines_without_a_terminal(settings: Settings) -> None:
    done = cli(settings, "--locale", "es-ES", stdin=f"/post {KDD}\n2 sv\nexit\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ES_TITLE in done.stdout and SV_TITLE in done.stdout
    assert done.stderr == ""
