"""Trimmed CLDR locales: the same dates and names as Babel's full records, without them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date

from bot.i18n import cldr

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2025, 1, 29)


@pytest.mark.parametrize("tag", ["ar", "ja", "zh-TW", "pt-BR", "es-419", "no", "hi", "en-GB"])
def test_trimmed_locales_format_as_the_full_ones(tag: str) -> None:
    trimmed = cldr.locale(tag)
    full = Locale.parse(tag, sep="-")
    assert trimmed is not None
    for width in ("short", "medium", "long", "full"):
        assert format_date(DAY, width, locale=trimmed) == format_date(DAY, width, locale=full)
    for other in ("en", "pt-BR", "zh-Hant", "sr-Latn", "de-CH"):
        name = Locale.parse(other, sep="-")
        assert name.get_display_name(trimmed) == name.get_display_name(full)
    assert trimmed.text_direction == full.text_direction
    assert cldr.locale("not-a-language") is None


def test_preloading_keeps_the_full_records_out_of_this_process() -> None:
    script = (
        "from babel import localedata\n"
        "from bot.i18n import cldr\n"
        "if __name__ == '__main__':\n"
        "    cldr.preload(['ar', 'ja', 'pt_BR'])\n"
        "    print(cldr.locale('ar').text_direction, cldr.locale('pt-BR').territory)\n"
        "    print(sorted(name for name in localedata._cache if name in ('ar', 'ja', 'pt_BR')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["rtl BR", "[]"]
