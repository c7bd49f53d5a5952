"""Localized slash-command names and descriptions, from the UI catalogs.

``tree.set_translator(CatalogTranslator(catalogs))`` before ``tree.sync()``: discord.py then
asks for every command, group, option and choice string in every Discord locale and sends the
answers as ``name_localizations`` / ``description_localizations``. Keys are derived from where
the string sits (:func:`key_for`) unless its ``locale_str`` carries ``key=...``.
"""

from __future__ import annotations

import enum
import logging
import unicodedata
from typing import Any

from discord import Locale
from discord.app_commands import (
    Command,
    ContextMenu,
    Group,
    Parameter,
    TranslationContextLocation,
    TranslationContextTypes,
    Translator,
    locale_str,
)
from discord.app_commands.models import Choice

from bot.i18n.catalog import FALLBACK_LOCALE, Catalogs
from bot.limits import COMMAND_DESCRIPTION, COMMAND_NAME

__all__ = [
    "DESCRIPTION_MAX",
    "NAME_MAX",
    "CatalogTranslator",
    "Kind",
    "catalog_locale",
    "is_valid_name",
    "key_for",
]

log = logging.getLogger(__name__)

NAME_MAX = COMMAND_NAME
DESCRIPTION_MAX = COMMAND_DESCRIPTION
"""Discord's limits (:mod:`bot.limits`): names 1-32 characters, descriptions and choice names
1-100."""


class Kind(enum.Enum):
    """What a localized string is, which decides the rule it must pass."""

    NAME = "name"
    """Command, group or option name: Discord's name rule (:func:`is_valid_name`)."""
    DESCRIPTION = "description"
    """Command, group or option description: 1-100 characters."""
    CHOICE = "choice"
    """Choice name: 1-100 characters."""
    OTHER = "other"
    """Anything else (``interaction.translate``): no rule."""


_KIND = {
    TranslationContextLocation.command_name: Kind.NAME,
    TranslationContextLocation.group_name: Kind.NAME,
    TranslationContextLocation.parameter_name: Kind.NAME,
    TranslationContextLocation.command_description: Kind.DESCRIPTION,
    TranslationContextLocation.group_description: Kind.DESCRIPTION,
    TranslationContextLocation.parameter_description: Kind.DESCRIPTION,
    TranslationContextLocation.choice_name: Kind.CHOICE,
    TranslationContextLocation.other: Kind.OTHER,
}


def _in_script(char: str, script: str) -> bool:
    # Python's re has no \p{sc=...}; these are the Unicode Scripts.txt ranges (Unicode 15).
    code = ord(char)
    if script == "Deva":
        return (
            0x0900 <= code <= 0x0950
            or 0x0955 <= code <= 0x0963
            or 0x0966 <= code <= 0x097F
            or 0xA8E0 <= code <= 0xA8FF
            or 0x11B00 <= code <= 0x11B09
        )
    return 0x0E01 <= code <= 0x0E3A or 0x0E40 <= code <= 0x0E5B  # Thai


def is_valid_name(name: str) -> bool:
    """Whether ``name`` passes Discord's rule for command, group and option names.

    The rule (discord-api-docs, application-commands, "Application Command Naming") is
    ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$``, lower-case where the letter has a
    lower case; localized names follow the same rule.
    """
    if not 1 <= len(name) <= NAME_MAX or name != name.lower():
        return False
    for char in name:
        if char in "-_'" or unicodedata.category(char)[0] in "LN":
            continue
        if _in_script(char, "Deva") or _in_script(char, "Thai"):
            continue
        return False
    return True


def catalog_locale(catalogs: Catalogs, locale: Locale | str) -> str | None:
    """The catalog locale serving Discord ``locale``, or ``None`` when there is none.

    ``es-ES`` and ``es-419`` -> ``es``, ``pt-BR`` -> ``pt_BR``, ``sv-SE`` -> ``sv``,
    ``nl`` -> ``nl``, ``ro`` -> ``ro``. English locales (``en-US``, ``en-GB``) and locales
    without a catalog (``de``) -> ``None``: English is the default every command is declared
    in, and Discord shows the default where a localization is missing.
    """
    tag = locale.value if isinstance(locale, Locale) else locale
    found = catalogs.ui_locale(tag)
    return None if found == FALLBACK_LOCALE else found


_SUFFIX = {
    TranslationContextLocation.command_name: "name",
    TranslationContextLocation.group_name: "name",
    TranslationContextLocation.parameter_name: "name",
    TranslationContextLocation.command_description: "description",
    TranslationContextLocation.group_description: "description",
    TranslationContextLocation.parameter_description: "description",
    TranslationContextLocation.choice_name: "name",  # unused: a choice has one string
}


def _command_path(command: Command[Any, ..., Any] | Group) -> str:
    return "command." + command.qualified_name.replace(" ", ".")


def key_for(string: locale_str, context: TranslationContextTypes) -> str | None:
    """The catalog key of a command string: ``string.extras["key"]`` if given, else derived.

    Derived keys: ``command.<qualified name, dots for spaces>.name`` and ``.description`` for
    commands and groups (``command.language.set.name``);
    ``command.<qualified name>.option.<parameter>.name`` and ``.description`` for options,
    named by the Python parameter, not its display name (``command.post.option.post.name``);
    ``choice.<value>`` for choice names; ``menu.<name>.name`` for context menus. ``None`` for
    other strings without an explicit key.
    """
    explicit = string.extras.get("key")
    if isinstance(explicit, str) and explicit:
        return explicit
    location = context.location
    data: object = context.data
    suffix = _SUFFIX.get(location)
    if suffix is None:
        return None
    if isinstance(data, Command | Group):
        return f"{_command_path(data)}.{suffix}"
    if isinstance(data, ContextMenu):
        return f"menu.{data.name}.{suffix}"
    if isinstance(data, Parameter):
        return f"{_command_path(data.command)}.option.{data.name}.{suffix}"
    if isinstance(data, Choice):
        return f"choice.{data.value}"
    return None


class CatalogTranslator(Translator):
    """A discord.py :class:`~discord.app_commands.Translator` backed by :class:`Catalogs`.

    Returns the catalog's own entry (never an English fallback) for the catalog locale that
    serves the Discord locale, or ``None``: for English locales, locales without a catalog,
    keys the catalog lacks, names that break Discord's name rule and descriptions or choice
    names longer than 100 characters (both logged as warnings, since Discord would reject the
    whole sync with a 400).
    """

    def __init__(self, catalogs: Catalogs) -> None:
        self.catalogs = catalogs

    async def translate(
        self, string: locale_str, locale: Locale, context: TranslationContextTypes
    ) -> str | None:
        """discord.py's hook; see :meth:`translate_sync`."""
        return self.translate_sync(string, locale, context)

    def translate_sync(
        self, string: locale_str, locale: Locale | str, context: TranslationContextTypes
    ) -> str | None:
        """:meth:`translate` without an event loop: :func:`key_for`, then :meth:`localize`."""
        key = key_for(string, context)
        if key is None:
            return None
        return self.localize(key, locale, _KIND[context.location])

    def localize(self, key: str, locale: Locale | str, kind: Kind) -> str | None:
        """The localization of catalog ``key`` for Discord ``locale``, checked for ``kind``.

        ``None`` when there is no catalog for ``locale`` (or it is English), the catalog has
        no own entry, or the entry breaks the rule of ``kind``. Never raises.
        """
        target = catalog_locale(self.catalogs, locale)
        if target is None:
            return None
        text = self.catalogs.own_text(target, key)
        if text is None:
            return None
        if kind is Kind.NAME and not is_valid_name(text):
            log.warning("%s: %s = %r breaks Discord's name rule; not sent", target, key, text)
            return None
        if kind in (Kind.DESCRIPTION, Kind.CHOICE) and len(text) > DESCRIPTION_MAX:
            log.warning(
                "%s: %s is %d characters, Discord allows %d; not sent",
                target,
                key,
                len(text),
                DESCRIPTION_MAX,
            )
            return None
        return text
