"""UI strings: gettext ``.po`` catalogs read with Babel at start-up, looked up by symbolic key.

Layout: ``bot/locales/<locale>/LC_MESSAGES/messages.po``, one file per UI locale, the folder
named as gettext names locales (``en``, ``es``, ``pt_BR``). There is no compile step: adding
a UI language is adding one file. Message ids are stable keys (``error.post-not-found``); the
English catalog holds the English text and is the fallback for every other one. Placeholders
are Python brace fields (``{title}``) filled with :meth:`str.format`; plural entries
(``msgid_plural``) pick a form with the catalog's own ``Plural-Forms`` header. Babel parses
that header (:attr:`babel.messages.catalog.Catalog.plural_expr`) but ``babel.plural`` only
evaluates CLDR rules, so the C expression is compiled with the standard library's
:func:`gettext.c2py`, which accepts only the gettext expression grammar.

:meth:`Catalogs.text` and :meth:`Catalogs.plural` are THE way every user-facing string is made.
"""

from __future__ import annotations

import datetime as dt
import gettext
import logging
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from bot.i18n import cldr
from bot.i18n.bidi import has_rtl, isolate
from bot.i18n.dates import format_date
from bot.i18n.names import language_name
from bot.i18n.negotiate import closest_language

__all__ = [
    "DEFAULT_DIRECTORY",
    "FALLBACK_LOCALE",
    "Catalogs",
    "Messages",
    "parent_locale",
    "placeholders",
]

log = logging.getLogger(__name__)

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "locales"
"""``bot/locales``: where :meth:`Catalogs.load` looks by default."""

FALLBACK_LOCALE = "en"
"""The catalog every other falls back to, entry by entry; it must hold every key."""

_FILE = Path("LC_MESSAGES") / "messages.po"
_UI_CACHE_SIZE = 1024


def placeholders(text: str) -> frozenset[str]:
    """Return the names of the brace fields in ``text`` (``"{a} {b!r}"`` -> ``{"a", "b"}``).

    Raises :class:`ValueError` for a malformed template (unbalanced braces) and for fields that
    are not plain names (``{}``, ``{0}``, ``{a.b}``, ``{a[0]}``): a translation must not reach
    into attributes of the values it formats.
    """
    names: set[str] = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(f"placeholder {{{field}}} is not a plain name")
        names.add(field)
    return frozenset(names)


def parent_locale(locale: str, available: Iterable[str]) -> str | None:
    """The catalog a regional catalog falls back to before English: its base language's
    (``es_419`` -> ``es``, ``en_GB`` -> ``en``) when ``available`` has it, else ``None``.
    ``zh_TW`` has no ``zh`` catalog, so it never falls back to Simplified Chinese."""
    base = locale.split("_")[0]
    return base if base != locale and base in set(available) else None


def _is_rtl(locale: str) -> bool:
    """Whether CLDR writes ``locale`` right to left (Arabic, Hebrew, Persian, Urdu)."""
    found = cldr.locale(locale)
    return found is not None and found.text_direction == "rtl"


@dataclass(frozen=True, slots=True)
class _Catalog:
    locale: str
    singular: Mapping[str, str]
    plural: Mapping[str, tuple[str, ...]]
    num_plurals: int
    plural_index: Callable[[int], int]


def _read(locale: str, path: Path, problems: list[str]) -> _Catalog:
    with path.open("rb") as file:
        catalog = read_po(file, locale=None, ignore_obsolete=True)
    try:
        plural_index = gettext.c2py(catalog.plural_expr)
    except (ValueError, RecursionError) as error:  # c2py raises ValueError on bad syntax
        problems.append(f"{locale}: bad Plural-Forms {catalog.plural_expr!r}: {error}")
        plural_index = gettext.c2py("(n != 1)")
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue  # the header, or a translation marked as needing review
        key = message.id if isinstance(message.id, str) else message.id[0]
        raw = message.string
        forms: tuple[object, ...] = (raw,) if isinstance(raw, str) else tuple(raw or ())
        texts = tuple(form if isinstance(form, str) else "" for form in forms)
        try:
            for text in texts:
                placeholders(text)
        except ValueError as error:
            problems.append(f"{locale}: {key}: {error}")
            continue
        if isinstance(message.id, str):
            if texts[0]:
                singular[key] = texts[0]
        elif len(texts) != catalog.num_plurals or not all(texts):
            if any(texts):
                problems.append(
                    f"{locale}: {key}: {len(texts)} plural forms, some empty or the catalog "
                    f"has {catalog.num_plurals}"
                )
        else:
            plural[key] = texts
    return _Catalog(locale, singular, plural, catalog.num_plurals, plural_index)


class Catalogs:
    """All UI catalogs, loaded once at start-up; immutable afterwards.

    Lookups take a catalog locale (``"pt_BR"``) or any BCP 47 tag or Discord locale
    (``"pt-BR"``, ``"es-419"``), mapped with :meth:`ui_locale`. A missing or empty entry, a
    fuzzy one, or one whose formatting fails falls back to the English entry, never to the raw
    key; a key English lacks raises :class:`KeyError` (a programming error the tests catch).
    """

    def __init__(self, catalogs: Mapping[str, _Catalog], problems: tuple[str, ...] = ()) -> None:
        if FALLBACK_LOCALE not in catalogs:
            raise ValueError(f"no {FALLBACK_LOCALE!r} catalog: it is every catalog's fallback")
        self._catalogs = dict(sorted(catalogs.items()))
        self._bcp47 = {locale.replace("_", "-"): locale for locale in self._catalogs}
        self._chains = {
            locale: self._chain(locale) for locale in self._catalogs
        }  # own catalog, then the regional parent; English is always last
        self._rtl = {locale: _is_rtl(locale) for locale in self._catalogs}
        self._ui_cache: dict[str, str] = {}
        self.problems = problems
        """Entries skipped at load time (bad placeholders, wrong plural form count), as text."""

    def _chain(self, locale: str) -> tuple[_Catalog, ...]:
        if locale == FALLBACK_LOCALE:
            return (self._catalogs[locale],)
        parent = parent_locale(locale, self._catalogs)
        names = [locale] if parent is None else [locale, parent]
        return tuple(self._catalogs[name] for name in names if name != FALLBACK_LOCALE)

    @staticmethod
    def available(directory: Path | None = None) -> list[str]:
        """The catalog locales in ``directory`` (default ``bot/locales``), without reading them."""
        root = DEFAULT_DIRECTORY if directory is None else directory
        return sorted(path.parent.parent.name for path in root.glob(f"*/{_FILE.as_posix()}"))

    @classmethod
    def load(cls, directory: Path | None = None) -> Catalogs:
        """Read every ``<directory>/<locale>/LC_MESSAGES/messages.po`` (default ``bot/locales``).

        Raises :class:`FileNotFoundError` when the directory is missing, :class:`ValueError`
        when it has no ``en`` catalog, :class:`UnicodeDecodeError` for a file that is not in
        its declared charset. Babel skips unparsable lines; entries with bad placeholders or
        the wrong number of plural forms are skipped too, listed in :attr:`problems` and
        logged.
        """
        root = DEFAULT_DIRECTORY if directory is None else directory
        if not root.is_dir():
            raise FileNotFoundError(f"no catalog directory {root}")
        problems: list[str] = []
        catalogs: dict[str, _Catalog] = {}
        for locale in cls.available(root):
            catalogs[locale] = _read(locale, root / locale / _FILE, problems)
        for problem in problems:
            log.warning("catalog entry skipped: %s", problem)
        return cls(catalogs, tuple(problems))

    @property
    def locales(self) -> tuple[str, ...]:
        """The catalog locales, sorted: ``("en", "es", "nl", "pt_BR", "ro", "sv")``."""
        return tuple(self._catalogs)

    def own_keys(self, locale: str = FALLBACK_LOCALE) -> frozenset[str]:
        """The keys with an own, usable entry in the catalog ``locale`` (English by default)."""
        catalog = self._catalogs[self.ui_locale(locale)]
        return frozenset(catalog.singular) | frozenset(catalog.plural)

    def is_plural(self, key: str) -> bool:
        """Whether ``key`` is a plural entry in English. Raises :class:`KeyError` if unknown."""
        english = self._catalogs[FALLBACK_LOCALE]
        if key in english.plural:
            return True
        if key in english.singular:
            return False
        raise KeyError(key)

    def num_plurals(self, locale: str) -> int:
        """The number of plural forms of the catalog for ``locale`` (from its Plural-Forms)."""
        return self._catalogs[self.ui_locale(locale)].num_plurals

    def ui_locale(self, tag: str) -> str:
        """Map a catalog locale, BCP 47 tag or Discord locale to the best catalog locale.

        ``es-419`` -> ``es``, ``pt`` and ``pt-BR`` -> ``pt_BR``, ``sv-SE`` -> ``sv``,
        ``pt_BR`` -> ``pt_BR``; a language without a catalog (or not a language) -> ``en``.
        Uses :func:`~bot.i18n.negotiate.closest_language`. Never raises.
        """
        cached = self._ui_cache.get(tag)
        if cached is None:
            match = closest_language(tag, self._bcp47)
            cached = FALLBACK_LOCALE if match is None else self._bcp47[match]
            if len(self._ui_cache) < _UI_CACHE_SIZE:  # tags can come from user input
                self._ui_cache[tag] = cached
        return cached

    def match(self, tag: str) -> str | None:
        """The catalog locale that serves ``tag`` (as :meth:`ui_locale`), or ``None`` when
        no catalog is of that language (then :meth:`ui_locale` would give English)."""
        locale = self.ui_locale(tag)
        if locale != FALLBACK_LOCALE:
            return locale
        return locale if closest_language(tag, [FALLBACK_LOCALE]) else None

    def is_rtl(self, locale: str) -> bool:
        """Whether the catalog ``locale``'s language is written right to left (CLDR)."""
        return self._rtl[self.ui_locale(locale)]

    def own_text(self, locale: str, key: str) -> str | None:
        """The raw, unformatted entry of ``key`` in ``locale``'s own catalog or its regional
        parent (``es_419`` -> ``es``), else ``None``.

        No English fallback: this is what the command Translator needs (Discord shows the
        default text itself when a localization is missing). Plural entries give ``None``.
        """
        for catalog in self._chains[self.ui_locale(locale)]:
            text = catalog.singular.get(key)
            if text is not None:
                return text
        return None

    def text(self, locale: str, key: str, /, **params: object) -> str:
        """Return the UI string ``key`` for ``locale``, formatted with ``params``.

        Falls back to English for a missing entry or one that fails to format (logged).
        Raises :class:`KeyError` when English lacks ``key`` or has it only as a plural
        entry, and whatever :meth:`str.format` raises when the English entry itself cannot be
        formatted with ``params`` (a missing parameter is a programming error).
        """
        for catalog in self._chains[self.ui_locale(locale)]:
            template = catalog.singular.get(key)
            if template is not None:
                try:
                    return template.format(**params)
                except (KeyError, IndexError, ValueError) as error:
                    log.warning(
                        "%s: %s does not format (%r); using English", catalog.locale, key, error
                    )
        english = self._catalogs[FALLBACK_LOCALE].singular
        if key not in english:
            raise KeyError(f"no English UI string {key!r}")
        return english[key].format(**params)

    def plural(self, locale: str, key: str, count: int, /, **params: object) -> str:
        """Return the plural UI string ``key`` for ``count``, formatted with it and ``params``.

        The form is chosen by the catalog's Plural-Forms expression (Romanian has three:
        1; 0 and 2-19; 20 and more). Fallback and errors as in :meth:`text`; :class:`KeyError`
        also when English has ``key`` only as a singular entry.
        """
        values: dict[str, object] = {**params, "count": count}
        for catalog in self._chains[self.ui_locale(locale)]:
            forms = catalog.plural.get(key)
            if forms is not None:
                try:
                    return forms[catalog.plural_index(count)].format(**values)
                except (KeyError, IndexError, ValueError) as error:
                    log.warning(
                        "%s: %s does not format (%r); using English", catalog.locale, key, error
                    )
        english = self._catalogs[FALLBACK_LOCALE]
        if key not in english.plural:
            raise KeyError(f"no English plural UI string {key!r}")
        forms = english.plural[key]
        return forms[english.plural_index(count)].format(**values)

    def for_locale(self, tag: str) -> Messages:
        """A :class:`Messages` bound to the catalog locale that best serves ``tag``."""
        return Messages(self, self.ui_locale(tag))


@dataclass(frozen=True, slots=True)
class Messages:
    """The UI strings of one locale (a reply's *frame*), so render code takes one object.

    ``catalogs.for_locale("sv-SE").text("posts.title")`` -> ``"Blogginlägg"``. In a
    right-to-left frame (Arabic) every string parameter is wrapped in Unicode isolates
    (:func:`bot.i18n.bidi.isolate`), and in any frame a parameter holding right-to-left text
    is, so a Latin slug inside an Arabic sentence (or an Arabic title inside an English one)
    keeps its place on screen (Unicode's bidirectional algorithm, UAX #9).
    """

    catalogs: Catalogs
    locale: str
    """The catalog locale (``"pt_BR"``), as returned by :meth:`Catalogs.ui_locale`."""

    @property
    def tag(self) -> str:
        """The frame's BCP 47 tag (``"pt-BR"``), for Babel's dates and language names."""
        return self.locale.replace("_", "-")

    @property
    def rtl(self) -> bool:
        """Whether the frame is written right to left."""
        return self.catalogs.is_rtl(self.locale)

    def _isolated(self, params: dict[str, object]) -> dict[str, object]:
        return {
            name: isolate(value)
            if isinstance(value, str) and (self.rtl or has_rtl(value))
            else value
            for name, value in params.items()
        }

    def text(self, key: str, /, **params: object) -> str:
        """:meth:`Catalogs.text` for this locale, string parameters isolated where needed."""
        return self.catalogs.text(self.locale, key, **self._isolated(params))

    def plural(self, key: str, count: int, /, **params: object) -> str:
        """:meth:`Catalogs.plural` for this locale, string parameters isolated where needed."""
        return self.catalogs.plural(self.locale, key, count, **self._isolated(params))

    def inline(self, text: str) -> str:
        """``text`` (a post's title, a path) isolated when it sits in a line of this frame
        whose direction differs from its own; unchanged otherwise."""
        return isolate(text) if self.rtl or has_rtl(text) else text

    def language_name(self, tag: str, *, for_menu: bool = False) -> str:
        """The name of language ``tag`` in this UI language (``"sueco"`` for sv in es)."""
        return language_name(tag, in_language=self.tag, for_menu=for_menu)

    def date(self, date: dt.date, *, format: str = "long") -> str:
        """``date`` as CLDR writes it in this UI language (``29 de enero de 2025`` in es)."""
        return format_date(date, self.tag, format=format)
