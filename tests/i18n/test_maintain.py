"""Catalog upkeep: starting a catalog from English, and the coverage report."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from rich.console import Console

from bot.i18n.catalog import DEFAULT_DIRECTORY, Catalogs
from bot.i18n.maintain import coverage, init_catalog
from bot.i18n.report import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    for locale in ("en", "es"):
        shutil.copytree(DEFAULT_DIRECTORY / locale, tmp_path / locale)
    return tmp_path


def test_init_writes_every_key_with_babels_plural_forms(directory: Path) -> None:
    path = init_catalog("pl", directory)
    with path.open("rb") as file:
        catalog = read_po(file)
    assert catalog.plural_forms == Catalog(locale="pl").plural_forms
    english = Catalogs.load(directory).own_keys("en")
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} == english
    plural = next(m for m in catalog if isinstance(m.id, tuple))
    assert isinstance(plural.string, (tuple, list)) and len(plural.string) == 3
    with pytest.raises(FileExistsError):
        init_catalog("pl", directory)
    with pytest.raises(ValueError):
        init_catalog("xx_NOPE", directory)


def test_a_regional_catalog_starts_empty_and_inherits(directory: Path) -> None:
    init_catalog("es_419", directory)
    init_catalog("pl", directory)
    rows = {row.locale: row for row in coverage(Catalogs.load(directory))}
    assert rows["es_419"].own == 0
    assert rows["es_419"].inherited == rows["es"].own == rows["es"].total
    assert rows["es_419"].missing == ()
    assert rows["pl"].own == 0 and len(rows["pl"].missing) == rows["pl"].total


def test_report_of_the_shipped_catalogs() -> None:
    out = io.StringIO()
    code = main(None, None, Console(file=out, width=100))
    assert code == 0, out.getvalue()
    assert "zh_TW" in out.getvalue() and "misses" not in out.getvalue()


def test_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "i18n"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    total = str(len(Catalogs.load().own_keys("en")))
    assert "ar" in done.stdout and total in done.stdout
