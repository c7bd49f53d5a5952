"""Discord's rules for application-command definitions (``PUT .../commands``), as pure functions.

Source: https://discord.com/developers/docs/interactions/application-commands (the application
command object, its naming rules and limits) and, for locales,
https://discord.com/developers/docs/reference#locales. Names match
``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and are lowercase for slash commands;
descriptions 1-100; 25 options and 25 choices; 8000 characters per command with the longest
localization of every string counted; 100 global commands; required options before optional
ones; localization keys are Discord locales only. Python's ``re`` has no ``\\p{..}``,
so the name rule is written with ``unicodedata`` categories and the two script ranges.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from bot.emulator.violations import JSON, Violation

DISCORD_LOCALES = frozenset(
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt",
        "hu", "nl", "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el",
        "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
    }
)  # fmt: skip
"""The only valid keys of name/description localizations (and values of ``locale``)."""

NAME_MAX = 32
DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHOICES_MAX = 25
COMMAND_TOTAL_MAX = 8000
GLOBAL_COMMANDS_MAX = 100
SUBCOMMAND, GROUP = 1, 2

_DEVANAGARI = [(0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x11B00, 0x11B5F)]
_THAI = [(0x0E00, 0x0E7F)]


def _name_char_ok(ch: str) -> bool:
    if ch in "-_'":
        return True
    if unicodedata.category(ch)[0] in ("L", "N"):
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in (*_DEVANAGARI, *_THAI))


def name_problem(name: Any, *, chat_input: bool = True) -> str | None:
    """Why ``name`` is not a valid command/option name, or None if it is.

    Slash-command and option names follow the regex above and must be lowercase (a character
    that has a lowercase form must be in it). Context-menu names (``chat_input=False``) are
    1-32 characters of any kind.
    """
    if not isinstance(name, str) or not 1 <= len(name) <= NAME_MAX:
        return f"Must be between 1 and {NAME_MAX} in length."
    if not chat_input:
        return None
    bad = [ch for ch in name if not _name_char_ok(ch)]
    if bad:
        return f"Invalid characters {''.join(dict.fromkeys(bad))!r}: only letters, numbers, - _ '."
    if name != name.lower():
        return "Must be lowercase."
    return None


def _localizations(value: Any, path: tuple[str | int, ...], check: Any) -> list[Violation]:
    out: list[Violation] = []
    if value is None:
        return out
    if not isinstance(value, dict):
        return [Violation(path, "Must be an object.", "MODEL_TYPE_CONVERT")]
    for locale, text in value.items():
        if locale not in DISCORD_LOCALES:
            out.append(
                Violation(
                    (*path, locale),
                    f"Invalid locale {locale!r}: not a Discord locale.",
                    "ENUM_TYPE_COERCE",
                )
            )
            continue
        problem = check(text)
        if problem:
            out.append(Violation((*path, locale), problem, "APPLICATION_COMMAND_INVALID_NAME"))
    return out


def _description_problem(text: Any) -> str | None:
    if not isinstance(text, str) or not 1 <= len(text) <= DESCRIPTION_MAX:
        return f"Must be between 1 and {DESCRIPTION_MAX} in length."
    return None


def _longest(default: Any, localizations: Any) -> int:
    lengths = [len(default) if isinstance(default, str) else 0]
    if isinstance(localizations, dict):
        lengths += [len(v) for v in localizations.values() if isinstance(v, str)]
    return max(lengths)


def command_size(command: JSON) -> int:
    """Characters counted towards the 8000 limit: names, descriptions, choice names and string
    values of the command and all its options, each at its longest localization."""
    total = _longest(command.get("name"), command.get("name_localizations"))
    total += _longest(command.get("description"), command.get("description_localizations"))
    for option in command.get("options") or []:
        total += command_size(option)
    for choice in command.get("choices") or []:
        total += _longest(choice.get("name"), choice.get("name_localizations"))
        if isinstance(choice.get("value"), str):
            total += len(choice["value"])
    return total


def _validate_option_list(options: Any, path: tuple[str | int, ...], depth: int) -> list[Violation]:
    if options is None:
        return []
    if not isinstance(options, list):
        return [Violation(path, "Must be an array.", "BASE_TYPE_ARRAY")]
    out = _option_list_rules(options, path)
    seen_optional = False
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            out.append(Violation((*path, i), "Must be an object.", "MODEL_TYPE_CONVERT"))
            continue
        otype = option.get("type")
        if otype in (SUBCOMMAND, GROUP):
            out += _nesting_problems(otype, (*path, i, "type"), depth)
        elif option.get("required"):
            if seen_optional:
                out.append(
                    Violation(
                        (*path, i, "required"),
                        "Required options must be placed before non-required options.",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    )
                )
        else:
            seen_optional = True
        out += _validate_named(option, (*path, i), chat_input=True)
        out += _validate_option_choices(option, (*path, i))
        if otype in (SUBCOMMAND, GROUP):
            out += _validate_option_list(option.get("options"), (*path, i, "options"), depth + 1)
    return out


def _option_list_rules(options: list[Any], path: tuple[str | int, ...]) -> list[Violation]:
    """At most 25 options, subcommands not mixed with other options, unique names."""
    out: list[Violation] = []
    if len(options) > OPTIONS_MAX:
        out.append(
            Violation(path, f"Must be {OPTIONS_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        )
    kinds = {o.get("type") in (SUBCOMMAND, GROUP) for o in options if isinstance(o, dict)}
    if len(kinds) > 1:
        out.append(
            Violation(
                path,
                "Subcommands cannot be mixed with other options.",
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            )
        )
    names = [o.get("name") for o in options if isinstance(o, dict)]
    if len(names) != len(set(names)):
        out.append(
            Violation(
                path, "Option names must be unique.", "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME"
            )
        )
    return out


def _nesting_problems(otype: Any, path: tuple[str | int, ...], depth: int) -> list[Violation]:
    """Groups only at the top level; subcommands at most inside one group."""
    if otype == GROUP and depth > 0:
        return [
            Violation(path, "Groups cannot be nested.", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID")
        ]
    if otype == SUBCOMMAND and depth > 1:
        return [Violation(path, "Too deep.", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID")]
    return []


def _validate_option_choices(option: JSON, path: tuple[str | int, ...]) -> list[Violation]:
    """At most 25 choices, not with autocomplete; names 1-100, string values at most 100."""
    choices = option.get("choices")
    if choices is None:
        return []
    out: list[Violation] = []
    if len(choices) > CHOICES_MAX:
        out.append(
            Violation(
                (*path, "choices"),
                f"Must be {CHOICES_MAX} or fewer in length.",
                "BASE_TYPE_MAX_LENGTH",
            )
        )
    if option.get("autocomplete") and choices:
        out.append(
            Violation(
                (*path, "autocomplete"),
                "Autocomplete cannot be set with choices.",
                "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
            )
        )
    for c, choice in enumerate(choices):
        cpath = (*path, "choices", c)
        if not isinstance(choice.get("name"), str) or not 1 <= len(choice["name"]) <= 100:
            out.append(
                Violation(
                    (*cpath, "name"), "Must be between 1 and 100 in length.", "BASE_TYPE_BAD_LENGTH"
                )
            )
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            out.append(
                Violation(
                    (*cpath, "value"), "Must be 100 or fewer in length.", "BASE_TYPE_MAX_LENGTH"
                )
            )
        out += _localizations(
            choice.get("name_localizations"), (*cpath, "name_localizations"), _description_problem
        )
    return out


def _validate_named(
    item: JSON, path: tuple[str | int, ...], *, chat_input: bool
) -> list[Violation]:
    out: list[Violation] = []
    problem = name_problem(item.get("name"), chat_input=chat_input)
    if problem:
        out.append(Violation((*path, "name"), problem, "APPLICATION_COMMAND_INVALID_NAME"))
    out += _localizations(
        item.get("name_localizations"),
        (*path, "name_localizations"),
        lambda text: name_problem(text, chat_input=chat_input),
    )
    if chat_input:
        problem = _description_problem(item.get("description"))
        if problem:
            out.append(Violation((*path, "description"), problem, "BASE_TYPE_BAD_LENGTH"))
        out += _localizations(
            item.get("description_localizations"),
            (*path, "description_localizations"),
            _description_problem,
        )
    return out


INTEGRATION_TYPES = frozenset({0, 1})
"""``integration_types``: 0 guild install, 1 user install
(https://discord.com/developers/docs/resources/application#application-object-application-integration-types)."""
CONTEXTS = frozenset({0, 1, 2})
"""``contexts``: 0 guild, 1 the bot's DM, 2 private channels
(https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-context-types)."""


def _enum_list(command: JSON, key: str, allowed: frozenset[int]) -> list[Violation]:
    """``integration_types``/``contexts``: null, or a non-empty list of distinct ``allowed``
    values (https://discord.com/developers/docs/interactions/application-commands#interaction-contexts)."""
    value = command.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        return [Violation((key,), "Must be an array.", "BASE_TYPE_ARRAY")]
    if not value:
        return [Violation((key,), "Must be 1 or more in length.", "BASE_TYPE_MIN_LENGTH")]
    out = [
        Violation((key, i), f"Value must be one of {sorted(allowed)}.", "ENUM_TYPE_COERCE")
        for i, item in enumerate(value)
        if isinstance(item, bool) or item not in allowed
    ]
    if len(set(map(repr, value))) != len(value):
        out.append(Violation((key,), "Values must be unique.", "BASE_TYPE_DUPLICATE"))
    return out


def validate_command(command: Any) -> list[Violation]:
    """One command definition (slash command type 1, or user/message context menu 2/3), with
    the installations (``integration_types``) and contexts (``contexts``) it is offered in."""
    if not isinstance(command, dict):
        return [Violation((), "Must be an object.", "MODEL_TYPE_CONVERT")]
    chat_input = command.get("type", 1) == 1
    out = _validate_named(command, (), chat_input=chat_input)
    out += _enum_list(command, "integration_types", INTEGRATION_TYPES)
    out += _enum_list(command, "contexts", CONTEXTS)
    if chat_input:
        out += _validate_option_list(command.get("options"), ("options",), 0)
        size = command_size(command)
        if size > COMMAND_TOTAL_MAX:
            out.append(
                Violation(
                    (),
                    f"Command is {size} characters; at most {COMMAND_TOTAL_MAX}"
                    " with the longest localizations.",
                    "APPLICATION_COMMAND_TOO_LARGE",
                )
            )
    return out


def validate_commands(commands: Any) -> list[Violation]:
    """A bulk overwrite: at most 100 commands, unique (name, type), each valid."""
    if not isinstance(commands, list):
        return [Violation((), "Must be an array.", "BASE_TYPE_ARRAY")]
    out: list[Violation] = []
    if len(commands) > GLOBAL_COMMANDS_MAX:
        out.append(
            Violation(
                (), f"Must be {GLOBAL_COMMANDS_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH"
            )
        )
    seen: set[tuple[Any, Any]] = set()
    for i, command in enumerate(commands):
        out += [v.under(i) for v in validate_command(command)]
        if isinstance(command, dict):
            key = (command.get("name"), command.get("type", 1))
            if key in seen:
                out.append(
                    Violation(
                        (i, "name"),
                        "Application command names must be unique.",
                        "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    )
                )
            seen.add(key)
    return out
