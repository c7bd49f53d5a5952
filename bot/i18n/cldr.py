"""The CLDR data of the bot's languages, read in a child process so that only what is used stays.

Babel loads a locale's whole CLDR record (names of every currency, unit and time zone, number
and calendar data: about 1 MiB each, https://cldr.unicode.org/) and keeps it for the life of
the process; with 33 interface languages that is over 35 MiB the allocator never returns. The
bot reads six parts of a record: language, script and territory names (language names), month
and day names and date patterns (dates), and the character order (right to left or not).

:func:`preload` reads the records of the languages the bot will speak in a short-lived child
process and keeps, in this one, a :class:`babel.Locale` per language holding only those parts
(plain dicts, CLDR aliases resolved). :func:`locale` serves them; a language that was not
preloaded is read here and trimmed the same way. Every Babel function the bot calls
(``format_date``, ``Locale.get_display_name``, ``Locale.text_direction``) works on them.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from babel import Locale, UnknownLocaleError, localedata

__all__ = ["KEPT", "locale", "preload"]

log = logging.getLogger(__name__)

KEPT = (
    "languages", "scripts", "territories", "variants",  # display names
    "months", "days", "quarters", "eras", "day_periods",  # dates
    "date_formats", "time_formats", "datetime_formats",
    "character_order",  # right to left
)  # fmt: skip
"""The parts of a CLDR record a trimmed locale keeps."""

Parts = tuple[str, str | None, str | None, str | None, str | None, dict[str, Any]]
_LOCALES: dict[str, Locale | None] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(value[key]) for key in value}  # value[key] resolves CLDR aliases
    return value


def _parts(identifier: str) -> Parts | None:
    """The identity and the kept parts of ``identifier``'s record (``pt-BR``, ``pt_BR``)."""
    try:
        full = Locale.parse(identifier.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    data = full._data
    kept = {key: _plain(data[key]) for key in KEPT if key in data}
    return (full.language, full.territory, full.script, full.variant, full.modifier, kept)


def _extract(identifiers: list[str]) -> dict[str, Parts | None]:
    """Run in the child: the parts of every identifier."""
    return {identifier: _parts(identifier) for identifier in identifiers}


def _build(parts: Parts | None) -> Locale | None:
    if parts is None:
        return None
    language, territory, script, variant, modifier, kept = parts
    trimmed = Locale(language, territory, script, variant, modifier)
    trimmed._Locale__data = localedata.LocaleDataDict(kept)  # type: ignore[attr-defined,arg-type]
    return trimmed


def _key(identifier: str) -> str:
    return identifier.replace("_", "-").lower()


def preload(identifiers: Iterable[str]) -> None:
    """Read the records of ``identifiers`` (BCP 47 tags or gettext locales) in a child
    process and keep their trimmed locales. Blocking (about half a second): call it at
    start-up, off the event loop. Falls back to reading them here if the child fails."""
    wanted = sorted({identifier for identifier in identifiers if _key(identifier) not in _LOCALES})
    if not wanted:
        return
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            found = pool.submit(_extract, wanted).result(timeout=120)
    except Exception:  # no child processes here: read them in this process instead
        log.warning("could not read CLDR data in a child process", exc_info=True)
        found = _extract(wanted)
    for identifier, parts in found.items():
        _LOCALES[_key(identifier)] = _build(parts)


def locale(identifier: str) -> Locale | None:
    """The trimmed Babel locale of ``identifier`` (``pt-BR`` or ``pt_BR``), ``None`` when CLDR
    has none. A language not preloaded is read in this process (and kept). Never raises."""
    key = _key(identifier)
    if key not in _LOCALES:
        if len(_LOCALES) >= 1024:  # tags can come from user input
            return _build(_parts(identifier))
        _LOCALES[key] = _build(_parts(identifier))
    return _LOCALES[key]
