"""``python -m bot check``: the summary that fits 80 columns, ``--all``, ``--json``, the
progress bar, the exit codes. Real files, loaded into a real temporary store."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from bot import check
from bot.check_report import LIMIT
from tests.factories import post_file

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org"
LANGUAGES = (
    *("ar", "cs", "de", "en", "es", "fi", "fr", "he", "hi", "id", "it"),
    *("ja", "ko", "nl", "pl", "pt-BR", "ru", "sv", "tr", "uk", "vi", "zh-Hant"),
)
BROKEN = {(3, "en"), (9, "zh-Hant"), (10, "pt-BR")}
"""(post number, language) of the files with a bad date."""
BAD_DATE = "date '2025-13-01' is not a valid date (expected a date such as '2025-01-29')"


def run_check(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "check", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "80", **env},
    )  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """22 languages; 40 posts, each in English and 4 or 5 others (208 files); 3 files with a
    bad date (so one post misses English)."""
    root = tmp_path_factory.mktemp("site")
    for number in range(40):
        for index, language in enumerate(LANGUAGES):
            if language == "en" or (number + index) % 5 == 0:
                date = "2025-13-01" if (number, language) in BROKEN else "2025-01-29"
                post_file(root, f"{language}/post-{number:02d}.md", f"Post {number}", date)
    return root


def language_rows(output: str) -> dict[str, list[str]]:
    """The "By language" table's rows: language -> [translations, without it, problems]."""
    rows = {}
    for line in output.split("By language", 1)[1].split("└", 1)[0].splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def wrapped(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


def test_22_languages_fit_80_columns(site: Path) -> None:
    console = Console(width=80, record=True, file=io.StringIO())
    assert check.main(site, SITE, console, status=Console(file=io.StringIO())) == 1
    output = console.export_text()
    assert max(len(line) for line in output.splitlines()) <= 80
    assert "40 posts in 22 languages, 208 files read, 3 problem(s)" in output
    rows = language_rows(output)
    assert list(rows) == list(LANGUAGES)  # one row per language, not one column
    assert rows["en"] == ["39", "1", "1"] and rows["zh-Hant"] == ["7", "33", "1"]
    assert rows["ar"] == ["8", "32", "0"]
    assert f"… and {40 - LIMIT} more" in output
    flat = wrapped(output)
    for path in ("en/post-03.md", "zh-Hant/post-09.md", "pt-BR/post-10.md"):
        assert f"{path}:3: {BAD_DATE}" in flat
    attention = [line.split("│") for line in output.splitlines() if line.startswith("│ post-")]
    assert len(attention) == LIMIT
    post_03 = next(cells for cells in attention if cells[1].strip() == "post-03")
    assert post_03[3].strip().startswith("all but") and post_03[4].strip() == "1"


def test_all_prints_every_post_by_language(site: Path) -> None:
    console = Console(width=80, record=True, file=io.StringIO())
    assert check.main(site, SITE, console, wide=True, status=Console(file=io.StringIO())) == 1
    lines = console.export_text().splitlines()
    assert " ".join(LANGUAGES) in next(line for line in lines if line.startswith("┃ post "))
    assert sum(line.startswith("│ post-") for line in lines) == 40
    assert "… and" not in "\n".join(lines)
    assert max(len(line) for line in lines) > 80  # wide, not squeezed into bare borders


def test_json_carries_posts_and_problems(site: Path) -> None:
    result = run_check("--json", str(site))
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)  # nothing but the document on standard output
    assert document["languages"] == sorted(LANGUAGES)
    assert len(document["posts"]) == 40
    assert {"language": "en", "translations": 39, "missing": 1, "problems": 1} in document[
        "per_language"
    ]
    assert {
        "path": "en/post-03.md", "line": 3, "code": "bad-date", "reason": BAD_DATE,
        "language": "en",
    } in document["problems"]  # fmt: skip
    assert len(document["problems"]) == 3


def test_json_for_a_missing_folder(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = check.main(
        tmp_path / "nope", SITE, Console(file=out), json_output=True, status=Console(file=err)
    )
    assert code == 2
    assert "does not exist" in json.loads(out.getvalue())["error"]
    assert "does not exist" in wrapped(err.getvalue())


def test_sample_content_has_no_problems() -> None:
    result = run_check(CONTENT_DIR="content")
    assert result.returncode == 0, result.stderr
    assert "kdd-workshop-2024" in result.stdout  # it misses some languages
    assert "No problems" in result.stdout
    assert result.stderr == ""  # no progress bar without a terminal


def test_clean_folder_exits_0(tmp_path: Path) -> None:
    post_file(tmp_path, "en/one.md", "One")
    post_file(tmp_path, "es/one.md", "Uno")
    console = Console(record=True, width=80, file=io.StringIO())
    assert check.main(tmp_path, SITE, console, status=Console(file=io.StringIO())) == 0
    output = console.export_text()
    assert "Every post is in every language" in output and "No problems in 2 files" in output


def test_problems_are_listed_and_exit_1(tmp_path: Path) -> None:
    post_file(tmp_path, "es/good.md", "Bueno")
    post_file(tmp_path, "es/bad-date.md", "Malo", date="2025-13-01")
    (tmp_path / "images").mkdir()
    post_file(tmp_path, "images/notes.md", "Notes")
    console = Console(record=True, width=200, file=io.StringIO())
    assert check.main(tmp_path, SITE, console, status=Console(file=io.StringIO())) == 1
    output = console.export_text()
    assert "1 posts in 1 languages" in output and "(no language)" in output
    assert f"es/bad-date.md:3: {BAD_DATE}" in output
    assert "images/notes.md: folder 'images' is not a language" in output


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    console = Console(record=True, width=200, file=io.StringIO())
    assert check.main(tmp_path / "nope", SITE, console) == 2
    assert "does not exist" in console.export_text()


def test_progress_bar_on_a_terminal(site: Path) -> None:
    bar = io.StringIO()
    status = Console(file=bar, force_terminal=True, width=80)
    level = logging.getLogger("bot.reloader").level
    console = Console(width=80, file=io.StringIO())
    assert check.main(site, SITE, console, status=status) == 1
    drawn = bar.getvalue()
    assert "reading files" in drawn and "writing the store" in drawn and "208/208" in drawn
    assert logging.getLogger("bot.reloader").level == level
