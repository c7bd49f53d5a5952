"""Which language to answer in: locale matching and the reply-language order (pure functions).

Discord locales carry regions (``es-419``, ``pt-BR``, ``sv-SE``, ``zh-TW``) while content
languages usually do not (``es``, ``pt``, ``sv``, ``zh``), as Hugo's multilingual sites name
them (https://gohugo.io/content-management/multilingual/). Matching uses langcodes' CLDR-based
:func:`langcodes.tag_distance`, restricted to tags of the *same* language: CLDR also pairs
different languages (``da`` -> ``no``, ``uk`` -> ``ru``, ``nn`` -> ``no``), and a user who gets a
neighbouring language unasked is worse served than by the next step of :func:`wanted_language`.
Babel's ``negotiate_locale`` is not used because it matches neither ``no`` with ``nb`` nor
``zh-TW`` with ``zh``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import langcodes

from bot.i18n.tags import normalize_tag

__all__ = [
    "DISCORD_LOCALES",
    "Step",
    "Wanted",
    "closest_language",
    "pick_translation",
    "wanted_language",
]

DISCORD_LOCALES: tuple[str, ...] = (
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
    "th", "zh-CN", "ja", "zh-TW", "ko",
)  # fmt: skip
"""The locales Discord knows, in the order of its documentation
(https://discord.com/developers/docs/reference#locales). The only valid keys of
name/description localizations and the only values of ``interaction.locale``."""

# Base subtags that name one language for matching purposes. Norwegian is ``no`` on Discord and
# on the site; other sources write Bokmål ``nb``. langcodes keeps them apart and Babel does not
# match them at all.
_SAME_LANGUAGE = {"nb": "no"}


def _base(tag: str) -> str:
    language = langcodes.Language.get(tag).language or ""
    return _SAME_LANGUAGE.get(language, language)


@lru_cache(maxsize=4096)
def _distance(desired: str, supported: str) -> int:
    if _base(desired) == "no" and _base(supported) == "no":
        # Compare no-XX with nb-XX as one language; only regions and scripts still count.
        desired = "nb" + desired[2:] if desired.startswith("no") else desired
        supported = "nb" + supported[2:] if supported.startswith("no") else supported
    return int(langcodes.tag_distance(desired, supported))


def closest_language(locale: str, available: Iterable[str]) -> str | None:
    """Return the member of ``available`` closest to ``locale``, or ``None`` if none is close.

    ``locale`` is a Discord locale or any BCP 47 tag; ``available`` holds content languages as
    the caller spells them (the returned string is one of them, unchanged). An exact match
    (after :func:`~bot.i18n.tags.normalize_tag`, so ``pt_br`` equals ``pt-BR``) wins; otherwise
    the nearest tag of the same language by CLDR distance, ties going to the shorter, more
    general tag, then alphabetically. Examples: ``es-419`` -> ``es``; ``pt-BR`` -> ``pt-BR`` if
    present, else ``pt``; ``pt`` -> ``pt-BR``; ``zh-TW`` -> ``zh-Hant`` if present, else
    ``zh``; ``no`` <-> ``nb``; ``ja`` with only ``ko`` -> ``None``. Invalid tags, in ``locale``
    or ``available``, never match. Never raises.
    """
    desired = normalize_tag(locale)
    if desired is None:
        return None
    candidates: list[tuple[str, str]] = []
    for original in available:
        normal = normalize_tag(original)
        if normal is None:
            continue
        if normal.lower() == desired.lower():
            return original
        candidates.append((normal, original))
    base = _base(desired)
    same = [(normal, original) for normal, original in candidates if _base(normal) == base]
    if not same:
        return None
    _, _, _, best = min(
        (_distance(desired, normal), len(normal), normal, original) for normal, original in same
    )
    return best


class Step(enum.Enum):
    """The step of the reply-language order that decided a :class:`Wanted` language."""

    OPTION = "option"
    """The command's ``language`` option."""
    USER = "user"
    """The user's saved preference (``/language set``)."""
    GUILD_DEFAULT = "guild_default"
    """The server default an admin chose (``/language server``)."""
    LOCALE = "locale"
    """The user's Discord client locale (``interaction.locale``)."""
    GUILD_LOCALE = "guild_locale"
    """The server's community locale (``interaction.guild_locale``)."""
    DEFAULT = "default"
    """The bot's configured default language."""
    ANY = "any"
    """Some content language, the first in sorted order."""


_EXPLICIT = frozenset({Step.OPTION, Step.USER, Step.GUILD_DEFAULT})


@dataclass(frozen=True, slots=True)
class Wanted:
    """The language a reply should be in, and the step of the order that chose it."""

    tag: str
    step: Step
    fallbacks: tuple[str, ...] = ()
    """The later steps' languages, in order, for a post missing in ``tag``."""

    @property
    def explicit(self) -> bool:
        """True when a person chose the language (option, saved preference, server default)."""
        return self.step in _EXPLICIT


def wanted_language(
    *,
    option: str | None,
    user_preference: str | None,
    guild_default: str | None,
    locale: str | None,
    guild_locale: str | None,
    default_language: str,
    content_languages: Sequence[str],
) -> Wanted:
    """Decide the reply language, first step that gives one wins.

    Order (an explicit choice beats an inferred one, as in Discord's own ``locale`` and
    ``guild_locale`` fields: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object):
    the command's ``language``
    option; the user's saved preference; the server default; the user's Discord locale; the
    server's locale; ``default_language``; any of ``content_languages`` (sorted, first).

    The three explicit steps keep a choice even when no content exists in it (the reply then
    says it fell back); they are matched to ``content_languages`` when close (``pt`` ->
    ``pt-BR``) and skipped only when the tag is not a language at all. The two locale steps
    fall through unless :func:`closest_language` finds a content language. The default is used
    as is when there is no content, else only when it matches content. Never raises.
    """
    for value, step in (
        (option, Step.OPTION),
        (user_preference, Step.USER),
        (guild_default, Step.GUILD_DEFAULT),
    ):
        if not value:
            continue
        tag = normalize_tag(value)
        if tag is None:
            continue
        return Wanted(closest_language(tag, content_languages) or tag, step)
    for value, step in ((locale, Step.LOCALE), (guild_locale, Step.GUILD_LOCALE)):
        if not value:
            continue
        match = closest_language(value, content_languages)
        if match is not None:
            return Wanted(match, step)
    if not content_languages:
        return Wanted(default_language, Step.DEFAULT)
    match = closest_language(default_language, content_languages)
    if match is not None:
        return Wanted(match, Step.DEFAULT)
    return Wanted(sorted(content_languages)[0], Step.ANY)


def pick_translation(
    wanted: str, available: Sequence[str], *, fallbacks: Sequence[str] = ()
) -> str:
    """Return the translation of a post to show, one of ``available`` as spelled there.

    ``wanted`` if present or close (wanted ``pt``, available ``pt-BR``); else the first of
    ``fallbacks`` (e.g. the locale match, then the default language) that is present or close;
    else the first of ``available`` in sorted order. Raises :class:`ValueError` when
    ``available`` is empty.
    """
    if not available:
        raise ValueError("a post has at least one translation; got none")
    for tag in (wanted, *fallbacks):
        match = closest_language(tag, available)
        if match is not None:
            return match
    return sorted(available)[0]
