"""``python -m bot check``: the table of posts by language, the problems, the exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from bot import check
from tests.factories import post_file

ROOT = Path(__file__).resolve().parent.parent


def test_sample_content_has_no_problems() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "150", "CONTENT_DIR": "content"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "kdd-workshop-2024" in result.stdout
    assert "No problems" in result.stdout


def test_problems_are_listed_and_exit_1(tmp_path: Path) -> None:
    post_file(tmp_path, "es/good.md", "Bueno")
    post_file(tmp_path, "es/bad-date.md", "Malo", date="2025-13-01")
    (tmp_path / "images").mkdir()
    post_file(tmp_path, "images/notes.md", "Notes")
    console = Console(record=True, width=200)
    assert check.main(tmp_path, "https://example.org", console) == 1
    output = console.export_text()
    assert "1 posts in 1 languages" in output and "good" in output
    assert "es/bad-date.md:3: date '2025-13-01' is not a valid date" in output
    assert "images/notes.md: folder 'images' is not a language" in output


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    console = Console(record=True, width=200)
    assert check.main(tmp_path / "nope", "https://example.org", console) == 2
    assert "does not exist" in console.export_text()
