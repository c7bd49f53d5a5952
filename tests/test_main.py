"""``python -m bot run`` as a process: a bad setting is one line on standard error, exit code 2.

Each test runs the real command in a temporary working directory holding a ``.env`` and a
``content`` folder, with no postbot setting in the environment (so the ``.env`` decides) and no
DISCORD_TOKEN (so a valid configuration stops before connecting anywhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SETTINGS = (
    "DISCORD_TOKEN",
    "CONTENT_DIR",
    "DATABASE_PATH",
    "SITE_URL",
    "POST_URL_TEMPLATE",
    "DEFAULT_LANGUAGE",
    "OWNER_IDS",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
)


def run_bot(folder: Path, env_file: str) -> subprocess.CompletedProcess[str]:
    (folder / ".env").write_text(env_file, encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "file.txt").write_text("a regular file, not a folder", encoding="utf-8")
    return tmp_path


def test_valid_settings_get_past_the_configuration(folder: Path) -> None:
    """The control: the same set-up with good values fails later, on the missing token."""
    result = run_bot(folder, "CONTENT_DIR=content\nDATABASE_PATH=data/postbot.sqlite3\n")
    assert result.returncode == 1, result.stderr
    assert "configuration error" not in result.stderr
    assert "DISCORD_TOKEN is not set" in result.stderr


@pytest.mark.parametrize(
    ("env_file", "setting", "detail"),
    [
        ("OWNER_IDS=abc\n", "OWNER_IDS", "'abc'"),
        ("LOG_LEVEL=LOUD\n", "LOG_LEVEL", "'LOUD'"),
        ("CONTENT_DIR=site/blog\n", "CONTENT_DIR", "'site/blog' does not exist"),
        ("CONTENT_DIR=file.txt\n", "CONTENT_DIR", "'file.txt' is not a folder"),
        (
            "DATABASE_PATH=file.txt/db.sqlite3\n",
            "DATABASE_PATH",
            "'file.txt/db.sqlite3' cannot be created",
        ),
        (
            "DATABASE_PATH=file.txt/data/db.sqlite3\n",
            "DATABASE_PATH",
            "'file.txt/data/db.sqlite3' cannot be created",
        ),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_code_2(
    folder: Path, env_file: str, setting: str, detail: str
) -> None:
    result = run_bot(folder, env_file)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"postbot: configuration error: {setting} ")
    assert detail in line
    assert result.stdout == ""
    assert not (folder / "data").exists()
