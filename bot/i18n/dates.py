"""Dates in a content language, formatted by Babel (CLDR)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date

from bot.i18n import cldr


@lru_cache(maxsize=256)
def _babel_locale(tag: str) -> Locale:
    for candidate in (tag, tag.split("-")[0], "en"):
        found = cldr.locale(candidate)
        if found is not None:
            return found
    return Locale("en")


def format_date(date: dt.date, language: str, *, format: str = "long") -> str:
    """``date`` as CLDR writes it in ``language`` (a BCP 47 tag): ``29 januari 2025`` for sv.

    ``format`` is a CLDR width (``short``, ``medium``, ``long``, ``full``). A tag Babel does
    not know falls back to its base language, then English. Never raises.
    """
    return babel_format_date(date, format=format, locale=_babel_locale(language))


def warm_locale_data(languages: Iterable[str], ui_locales: Iterable[str]) -> None:
    """Load (and cache) the CLDR data replies in ``languages`` need: the language's own name,
    its name in every UI locale, and a date. Blocking: run it on a thread at start-up."""
    from bot.i18n.names import language_name

    today = dt.date.today()
    ui = [locale.replace("_", "-") for locale in ui_locales]
    for tag in languages:
        format_date(today, tag)
        language_name(tag)
        language_name(tag, for_menu=True)
        for locale in ui:
            language_name(tag, in_language=locale)
            language_name(tag, in_language=locale, for_menu=True)
