"""Catalog upkeep for translators: start a new catalog, report how complete each one is.

``python -m bot i18n`` prints :func:`coverage` for every shipped catalog;
``python -m bot i18n init de`` writes a new ``bot/locales/de/LC_MESSAGES/messages.po`` with
every English key, its translator comment, an empty translation and the ``Plural-Forms``
header Babel derives from CLDR's plural rules (:attr:`babel.messages.catalog.Catalog.plural_forms`),
so nobody writes a plural expression by hand. A regional catalog (``es_419``, ``en_GB``) is
started empty: it holds only what differs from its base language's catalog, which it falls
back to entry by entry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalog import DEFAULT_DIRECTORY, FALLBACK_LOCALE, Catalogs, parent_locale

__all__ = ["Coverage", "coverage", "init_catalog"]

_FILE = Path("LC_MESSAGES") / "messages.po"
_HEADER_COMMENT = """\
# {name} UI strings of postbot.
# Message ids are stable keys; the English catalog (en) holds the English text and is the
# fallback for missing entries. Placeholders are Python brace fields: keep them unchanged.
# Read at start-up by bot/i18n/catalog.py (no compile step). Command and option names must
# pass Discord's name rule (lowercase, no spaces, at most 32 characters); descriptions and
# choice names at most 100 characters. tests/i18n checks both.
#"""


def init_catalog(locale: str, directory: Path = DEFAULT_DIRECTORY) -> Path:
    """Write a new catalog for ``locale`` (gettext spelling: ``de``, ``pt_BR``, ``zh_TW``).

    A catalog whose base language already has one (``es_419`` beside ``es``) is written with
    the header only. Raises :class:`FileExistsError` when the file exists and
    :class:`ValueError` when Babel (CLDR) does not know ``locale``.
    """
    path = directory / locale / _FILE
    if path.exists():
        raise FileExistsError(path)
    try:
        cldr = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise ValueError(f"CLDR has no locale {locale!r}") from error
    with (directory / FALLBACK_LOCALE / _FILE).open("rb") as file:
        english = read_po(file)
    catalog = Catalog(
        locale=locale,
        project="postbot",
        version="0.1.0",
        language_team=cldr.get_display_name("en") or locale,
        header_comment=_HEADER_COMMENT.format(name=cldr.get_display_name("en")),
        fuzzy=False,
    )
    if parent_locale(locale, Catalogs.available(directory)) is None:
        for message in english:
            if not message.id:
                continue
            empty: str | tuple[str, ...] = (
                ("",) * catalog.num_plurals if isinstance(message.id, tuple) else ""
            )
            catalog.add(message.id, empty, auto_comments=message.auto_comments)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the English catalog one catalog translates itself (``own``) and, for a
    regional catalog, through its base language (``inherited``); ``missing`` are the keys
    neither has, shown in English."""

    locale: str
    own: int
    inherited: int
    total: int
    missing: tuple[str, ...]


def coverage(catalogs: Catalogs) -> list[Coverage]:
    """One :class:`Coverage` per catalog, in locale order."""
    english = catalogs.own_keys(FALLBACK_LOCALE)
    rows = []
    for locale in catalogs.locales:
        own = catalogs.own_keys(locale) & english
        parent = parent_locale(locale, catalogs.locales)
        inherited = (catalogs.own_keys(parent) & english) - own if parent else frozenset()
        missing = tuple(sorted(english - own - inherited))
        rows.append(Coverage(locale, len(own), len(inherited), len(english), missing))
    return rows
