"""Typed lines -> slash-command invocations, checked against the commands the bot synced.

Pure: works on the synced command payloads (``emu.commands()``), no I/O. Syntax, as typed in
Discord's message box::

    /name [group] [sub] [option:value | value]...

Options are given by name (``language:sv``) or by position, in the order the command declares
them (``/post kdd-workshop-2024`` is ``/post post:kdd-workshop-2024``). Values with spaces are
quoted (``post:"KDD 2024"``), as in a POSIX shell (:mod:`shlex`). Names match the default
(English) name or the name localized for the user's locale, case-insensitively.

A word ``name:value`` whose name is no option of the command is an error (a typo), unless it
looks like a URL (``https://...``); ``post:"Note: x"`` passes such a value anyway.

Errors are :class:`ParseError` with a catalog key (``console.*``) and its parameters, so the
caller words them in the user's language.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

SUBCOMMAND, GROUP = 1, 2
STRING, INTEGER, BOOLEAN, NUMBER = 3, 4, 5, 10
_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})

__all__ = [
    "CompletionContext",
    "Invocation",
    "ParseError",
    "completion_context",
    "find_command",
    "local_name",
    "parse_line",
    "usage",
]


class ParseError(ValueError):
    """A line that Discord's client would not send; ``key`` and ``params`` word it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Invocation:
    """A parsed command: ``path`` is the default name with subcommands (``"language set"``),
    ``options`` maps default option names to typed values, as :meth:`Emulator.invoke` takes."""

    path: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CompletionContext:
    """What the word under the cursor is.

    ``kind`` is ``"command"`` (``prefix`` is the partial name after ``/``), ``"subcommand"``
    (``schema`` holds the subcommands to choose from) or ``"value"`` (the word is a value for
    ``option``, or a positional word when ``option`` is None and ``open_options`` lists the
    options it could name). ``path`` and ``given`` are what is already typed; ``named`` is
    True when the word has an ``option:`` prefix.
    """

    kind: str
    prefix: str
    command: JSON | None = None
    path: str = ""
    schema: tuple[JSON, ...] = ()
    given: dict[str, Any] = field(default_factory=dict)
    option: JSON | None = None
    open_options: tuple[JSON, ...] = ()
    named: bool = False
    head: str = ""
    """The ``option:`` text as typed before a named value ("" for a positional word)."""


def local_name(item: JSON, locale: str) -> str:
    """The name of a command/option as a user with ``locale`` sees it in Discord."""
    return str((item.get("name_localizations") or {}).get(locale) or item["name"])


def _matches(item: JSON, word: str, locale: str) -> bool:
    word = word.casefold()
    return word in (item["name"].casefold(), local_name(item, locale).casefold())


def find_command(commands: list[JSON], name: str, locale: str) -> JSON | None:
    """The chat-input command called ``name`` (default or localized name), else None."""
    for command in commands:
        if command.get("type", 1) == 1 and _matches(command, name, locale):
            return command
    return None


def _names(items: list[JSON] | tuple[JSON, ...], locale: str) -> str:
    return ", ".join(local_name(item, locale) for item in items)


def usage(command: JSON, locale: str) -> list[tuple[str, str, str]]:
    """One ``(usage, english, description)`` per leaf of ``command``: e.g. ``("/språk välj
    <språk>", "/language set", "...")`` for sv-SE; required options in ``<>``, optional ones
    in ``[]``; names and description localized for ``locale``."""
    out: list[tuple[str, str, str]] = []

    def walk(item: JSON, prefix: str, english: str) -> None:
        children = item.get("options") or []
        subs = [child for child in children if child["type"] in (SUBCOMMAND, GROUP)]
        if subs:
            for sub in subs:
                walk(sub, f"{prefix} {local_name(sub, locale)}", f"{english} {sub['name']}")
            return
        words = [prefix]
        for option in children:
            name = local_name(option, locale)
            words.append(f"<{name}>" if option.get("required") else f"[{name}]")
        description = (item.get("description_localizations") or {}).get(locale)
        out.append((" ".join(words), english, str(description or item.get("description") or "")))

    walk(command, "/" + local_name(command, locale), "/" + command["name"])
    return out


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        raise ParseError("console.bad-quotes") from None


def _descend(
    command: JSON, words: list[str], locale: str
) -> tuple[list[str], list[JSON], list[str], str]:
    """Consume subcommand words; returns (default path names, leaf options, rest words, the
    path as the user sees it)."""
    path = [command["name"]]
    shown = [local_name(command, locale)]
    schema: list[JSON] = command.get("options") or []
    rest = list(words)
    while any(option["type"] in (SUBCOMMAND, GROUP) for option in schema):
        subs = [option for option in schema if option["type"] in (SUBCOMMAND, GROUP)]
        if not rest:
            raise ParseError(
                "console.needs-subcommand", command=" ".join(shown), choices=_names(subs, locale)
            )
        word = rest.pop(0)
        sub = next((option for option in subs if _matches(option, word, locale)), None)
        if sub is None:
            raise ParseError(
                "console.unknown-subcommand",
                command=" ".join(shown),
                name=word,
                choices=_names(subs, locale),
            )
        path.append(sub["name"])
        shown.append(local_name(sub, locale))
        schema = sub.get("options") or []
    return path, schema, rest, " ".join(shown)


def _split_named(word: str, schema: list[JSON], locale: str) -> tuple[JSON, str] | None:
    name, colon, value = word.partition(":")
    if not colon:
        return None
    option = next((option for option in schema if _matches(option, name, locale)), None)
    return None if option is None else (option, value)


def convert(option: JSON, value: str, locale: str) -> Any:
    """``value`` typed as the option's type; a choice may be given by its (localized) name.

    Raises :class:`ParseError` (``console.bad-value``) for a value of the wrong type or not
    among the choices.
    """
    choices: list[JSON] = option.get("choices") or []
    for choice in choices:
        if value.casefold() in (
            str(choice["value"]).casefold(),
            local_name(choice, locale).casefold(),
        ):
            return choice["value"]
    name = local_name(option, locale)
    if choices:
        raise ParseError(
            "console.bad-value", name=name, value=value, expected=_names(choices, locale)
        )
    otype = option["type"]
    try:
        if otype == INTEGER:
            return int(value)
        if otype == NUMBER:
            return float(value)
    except ValueError:
        raise ParseError("console.bad-value", name=name, value=value, expected="123") from None
    if otype == BOOLEAN:
        if value.casefold() in _TRUE:
            return True
        if value.casefold() in _FALSE:
            return False
        raise ParseError("console.bad-value", name=name, value=value, expected="true, false")
    return value


_OPTION_NAME = re.compile(r"[^\W\d][\w'-]{0,31}")


def _assign(
    words: list[str], schema: list[JSON], locale: str, command: str
) -> tuple[dict[str, str], list[JSON]]:
    """Map words to options (named first, positional in order); returns raw values and the
    options still open."""
    raw: dict[str, str] = {}
    positional: list[str] = []
    for word in words:
        named = _split_named(word, schema, locale)
        if named is None:
            name, colon, value = word.partition(":")
            if colon and _OPTION_NAME.fullmatch(name) and not value.startswith("//"):
                raise ParseError(
                    "console.unknown-option",
                    command=command,
                    name=name,
                    options=_names(schema, locale) or "-",
                )
            positional.append(word)
            continue
        option, value = named
        if option["name"] in raw:
            raise ParseError("console.duplicate-option", name=local_name(option, locale))
        raw[option["name"]] = value
    open_options = [option for option in schema if option["name"] not in raw]
    for word in positional:
        if not open_options:
            raise ParseError(
                "console.too-many-values",
                command=command,
                value=word,
                options=_names(schema, locale) or "-",
            )
        raw[open_options.pop(0)["name"]] = word
    return raw, open_options


def parse_line(line: str, commands: list[JSON], locale: str = "en-US") -> Invocation:
    """Parse ``/name [sub] [option:value | value]...`` against the synced ``commands``.

    Raises :class:`ParseError` for a line Discord's client would not send: unknown command,
    subcommand or option, a missing required option, too many values, a bad value, an
    unclosed quote.
    """
    words = _split(line.strip())
    if not words or not words[0].startswith("/") or words[0] == "/":
        raise ParseError("console.not-a-command")
    name = words[0][1:]
    command = find_command(commands, name, locale)
    if command is None:
        listing = ", ".join("/" + local_name(c, locale) for c in commands if c.get("type", 1) == 1)
        raise ParseError("console.unknown-command", name=name, commands=listing)
    path, schema, rest, shown = _descend(command, words[1:], locale)
    raw, open_options = _assign(rest, schema, locale, shown)
    missing = [option for option in open_options if option.get("required")]
    if missing:
        raise ParseError("console.missing-options", command=shown, options=_names(missing, locale))
    by_name = {option["name"]: option for option in schema}
    options = {name: convert(by_name[name], value, locale) for name, value in raw.items()}
    return Invocation(" ".join(path), options)


def completion_context(
    line: str, commands: list[JSON], locale: str = "en-US"
) -> CompletionContext | None:
    """Describe the word being typed at the end of ``line`` (text before the cursor).

    Returns None when nothing can be completed there (not a command line, unknown command).
    Earlier words are taken as typed; raises :class:`ParseError` only for errors in them.
    """
    stripped = line.lstrip()
    if not stripped.startswith("/"):
        return None
    words, current = _typed_words(stripped)
    if not words:
        return CompletionContext("command", current[1:])
    command = find_command(commands, words[0][1:], locale)
    if command is None:
        return None
    walked = _walk_subcommands(command, words[1:], locale)
    if walked is None:
        return None
    path, schema = walked
    subs = [option for option in schema if option["type"] in (SUBCOMMAND, GROUP)]
    if subs:
        return CompletionContext("subcommand", current, command, " ".join(path), tuple(subs))
    rest = words[len(path) :]
    shown = " ".join([local_name(command, locale), *path[1:]])
    raw, open_options = _assign(rest, schema, locale, shown)
    named = _split_named(current, schema, locale)
    if named is not None:
        option, prefix = named
        return CompletionContext(
            "value",
            prefix,
            command,
            " ".join(path),
            tuple(schema),
            raw,
            option,
            named=True,
            head=current.partition(":")[0] + ":",
        )
    return CompletionContext(
        "value",
        current,
        command,
        " ".join(path),
        tuple(schema),
        raw,
        open_options[0] if open_options else None,
        tuple(open_options),
    )


def _typed_words(stripped: str) -> tuple[list[str], str]:
    """The finished words of a command line and the word being typed ("" after a space)."""
    try:
        words = shlex.split(stripped)
    except ValueError:  # the word being typed opens a quote
        words = shlex.split(stripped + '"')
    if not stripped.endswith(" ") or stripped.endswith("\\ "):
        current = words.pop() if words else ""
        return words, current
    return words, ""


def _walk_subcommands(
    command: JSON, words: list[str], locale: str
) -> tuple[list[str], list[JSON]] | None:
    """Follow typed subcommand (group) words: the default-name path and the options there;
    None when a word names no subcommand."""
    schema: list[JSON] = command.get("options") or []
    path = [command["name"]]
    for word in words:
        subs = [option for option in schema if option["type"] in (SUBCOMMAND, GROUP)]
        if not subs:
            break
        sub = next((option for option in subs if _matches(option, word, locale)), None)
        if sub is None:
            return None
        path.append(sub["name"])
        schema = sub.get("options") or []
    return path, schema
