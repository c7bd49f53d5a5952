"""Typed lines against a synced-commands payload (plain values, no bot)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.console.parse import (
    Invocation,
    ParseError,
    completion_context,
    convert,
    find_command,
    parse_line,
    usage,
)

SV = {"sv-SE": "inlägg"}
COMMANDS: list[dict[str, Any]] = [
    {
        "name": "post",
        "type": 1,
        "description": "Show a post",
        "name_localizations": SV,
        "description_localizations": {"sv-SE": "Visa ett inlägg"},
        "options": [
            {"type": 3, "name": "post", "description": "Slug", "required": True,
             "autocomplete": True, "name_localizations": SV},
            {"type": 3, "name": "language", "description": "Tag", "required": False,
             "autocomplete": True, "name_localizations": {"sv-SE": "språk"}},
        ],
    },
    {"name": "posts", "type": 1, "description": "List posts", "options": []},
    {
        "name": "language",
        "type": 1,
        "description": "Language",
        "name_localizations": {"sv-SE": "språk"},
        "options": [
            {"type": 1, "name": "set", "description": "Set it",
             "name_localizations": {"sv-SE": "välj"},
             "options": [{"type": 3, "name": "language", "description": "Tag", "required": True}]},
            {"type": 1, "name": "show", "description": "Show it", "options": []},
        ],
    },
    {
        "name": "tune",
        "type": 1,
        "description": "Typed options",
        "options": [
            {"type": 4, "name": "count", "description": "n", "required": False},
            {"type": 5, "name": "loud", "description": "b", "required": False},
            {"type": 3, "name": "mode", "description": "m", "required": False,
             "choices": [{"name": "Fast", "value": "f", "name_localizations": {"sv-SE": "Snabb"}},
                         {"name": "Slow", "value": "s"}]},
        ],
    },
    {"name": "User info", "type": 2, "description": ""},
]  # fmt: skip


def parse(line: str, locale: str = "en-US") -> Invocation:
    return parse_line(line, COMMANDS, locale)


def error(line: str, locale: str = "en-US") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(line, locale)
    return caught.value


def test_positional_and_named() -> None:
    assert parse("/post kdd-workshop-2024") == Invocation("post", {"post": "kdd-workshop-2024"})
    assert parse("/post post:kdd") == Invocation("post", {"post": "kdd"})
    assert parse("/post kdd sv") == Invocation("post", {"post": "kdd", "language": "sv"})
    assert parse("/post language:sv kdd") == Invocation("post", {"post": "kdd", "language": "sv"})
    assert parse("  /posts  ") == Invocation("posts", {})


def test_quotes_and_colons_in_values() -> None:
    assert parse('/post "KDD 2024: Talk"').options == {"post": "KDD 2024: Talk"}
    assert parse('/post post:"KDD 2024" language:sv').options == {
        "post": "KDD 2024",
        "language": "sv",
    }
    assert parse("/post 'a b'").options == {"post": "a b"}
    assert parse("/post https://x.test/a").options == {"post": "https://x.test/a"}
    assert error('/post "unclosed').key == "console.bad-quotes"


def test_subcommands() -> None:
    assert parse("/language set sv") == Invocation("language set", {"language": "sv"})
    assert parse("/language show") == Invocation("language show", {})
    assert parse("/LANGUAGE Set language:sv").path == "language set"
    needs = error("/language")
    assert needs.key == "console.needs-subcommand" and needs.params["choices"] == "set, show"
    unknown = error("/language frob")
    assert unknown.key == "console.unknown-subcommand" and unknown.params["name"] == "frob"


def test_localized_names_for_the_users_locale() -> None:
    assert parse("/inlägg kdd språk:sv", "sv-SE") == parse("/post kdd language:sv")
    assert parse("/språk välj sv", "sv-SE") == Invocation("language set", {"language": "sv"})
    assert parse("/post kdd", "sv-SE").path == "post"  # English names work too
    assert error("/språk", "sv-SE").params["command"] == "språk"


def test_unknown_names_list_what_exists() -> None:
    unknown = error("/nope")
    assert unknown.key == "console.unknown-command"
    assert unknown.params == {"name": "nope", "commands": "/post, /posts, /language, /tune"}
    extra = error("/post a b c")
    assert extra.key == "console.too-many-values" and extra.params["value"] == "c"
    assert extra.params["options"] == "post, language"
    typo = error("/post kdd colour:red")
    assert typo.key == "console.unknown-option"
    assert typo.params == {"command": "post", "name": "colour", "options": "post, language"}
    assert parse("/post post:Note:x").options == {"post": "Note:x"}
    assert error("/posts x").key == "console.too-many-values"


def test_missing_duplicate_and_not_a_command() -> None:
    missing = error("/post")
    assert missing.key == "console.missing-options" and missing.params["options"] == "post"
    assert error("/post language:sv").params["options"] == "post"
    assert error("/post post:a post:b").key == "console.duplicate-option"
    for line in ("post kdd", "", "/", "hello"):
        assert error(line).key == "console.not-a-command"
    assert error("/User info").key == "console.unknown-command"  # not a slash command


def test_typed_values() -> None:
    assert parse("/tune count:3 loud:yes mode:fast").options == {
        "count": 3,
        "loud": True,
        "mode": "f",
    }
    assert parse("/tune mode:Snabb", "sv-SE").options == {"mode": "f"}
    assert parse("/tune 2 off s").options == {"count": 2, "loud": False, "mode": "s"}
    assert error("/tune count:many").key == "console.bad-value"
    assert error("/tune loud:perhaps").params["expected"] == "true, false"
    assert error("/tune mode:medium").params["expected"] == "Fast, Slow"
    option = {"type": 10, "name": "x", "description": "x"}
    assert convert(option, "2.5", "en-US") == 2.5


def test_find_command() -> None:
    assert find_command(COMMANDS, "INLÄGG", "sv-SE") is COMMANDS[0]
    assert find_command(COMMANDS, "inlägg", "en-US") is None


def test_usage_lines() -> None:
    assert usage(COMMANDS[0], "en-US") == [("/post <post> [language]", "/post", "Show a post")]
    assert usage(COMMANDS[0], "sv-SE")[0][::2] == ("/inlägg <inlägg> [språk]", "Visa ett inlägg")
    assert [line for line, _, _ in usage(COMMANDS[2], "sv-SE")] == [
        "/språk välj <language>",
        "/språk show",
    ]
    assert usage(COMMANDS[2], "en-US")[0][1] == "/language set"


def test_completion_context() -> None:
    command = completion_context("/po", COMMANDS)
    assert command is not None and (command.kind, command.prefix) == ("command", "po")
    value = completion_context("/post kd", COMMANDS)
    assert value is not None and value.kind == "value" and value.prefix == "kd"
    assert value.option is not None and value.option["name"] == "post" and not value.named
    second = completion_context("/post kdd ", COMMANDS)
    assert second is not None and second.option is not None
    assert second.option["name"] == "language" and second.given == {"post": "kdd"}
    named = completion_context("/post kdd språk:s", COMMANDS, "sv-SE")
    assert named is not None and named.named and named.head == "språk:" and named.prefix == "s"
    assert named.option is not None and named.option["name"] == "language"
    quoted = completion_context('/post "KDD 20', COMMANDS)
    assert quoted is not None and quoted.prefix == "KDD 20"
    sub = completion_context("/language s", COMMANDS)
    assert sub is not None and sub.kind == "subcommand" and sub.prefix == "s"
    assert [item["name"] for item in sub.schema] == ["set", "show"]
    leaf = completion_context("/language set ", COMMANDS)
    assert leaf is not None and leaf.path == "language set" and leaf.option is not None
    full = completion_context("/post a b ", COMMANDS)
    assert full is not None and full.option is None and full.open_options == ()
    assert completion_context("hello", COMMANDS) is None
    assert completion_context("/nope x", COMMANDS) is None
    assert completion_context("/language nope x", COMMANDS) is None
