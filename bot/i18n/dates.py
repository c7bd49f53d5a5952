"""Dates in a content language, formatted by Babel (CLDR)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date


@lru_cache(maxsize=256)
def _babel_locale(tag: str) -> Locale:
    for candidate in (tag, tag.split("-")[0], "en"):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en")


def format_date(date: dt.date, language: str, *, format: str = "long") -> str:
    """``date`` as CLDR writes it in ``language`` (a BCP 47 tag): ``29 januari 2025`` for sv.

    ``format`` is a CLDR width (``short``, ``medium``, ``long``, ``full``). A tag Babel does
    not know falls back to its base language, then English. Never raises.
    """
    return babel_format_date(date, format=format, locale=_babel_locale(language))
