"""Each of Discord's rules rejects a bad body and accepts a good one (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.commands import command_size, name_problem, validate_command, validate_commands
from bot.emulator.validation import (
    Violation,
    error_body,
    validate_callback,
    validate_choices,
    validate_message,
)

JSON = dict[str, Any]


def row(*components: JSON) -> JSON:
    return {"type": 1, "components": list(components)}


def button(custom_id: str = "b", **extra: Any) -> JSON:
    return {"type": 2, "style": 1, "label": "Go", "custom_id": custom_id, **extra}


def select(n: int = 3, **extra: Any) -> JSON:
    options = [{"label": f"o{i}", "value": f"v{i}"} for i in range(n)]
    return {"type": 3, "custom_id": "s", "options": options, **extra}


def embed(**extra: Any) -> JSON:
    return {"title": "t", "description": "d", **extra}


NONE: JSON = {"parse": []}

# (rule, bad body, good body) for message create bodies.
MESSAGE_CASES: list[tuple[str, JSON, JSON]] = [
    ("content 2000", {"content": "x" * 2001}, {"content": "x" * 2000}),
    ("empty message", {}, {"content": "x"}),
    ("embeds 10", {"embeds": [embed()] * 11}, {"embeds": [embed()] * 10}),
    ("title 256", {"embeds": [embed(title="x" * 257)]}, {"embeds": [embed(title="x" * 256)]}),
    (
        "description 4096",
        {"embeds": [embed(description="x" * 4097)]},
        {"embeds": [embed(description="x" * 4096)]},
    ),
    (
        "fields 25",
        {"embeds": [embed(fields=[{"name": "n", "value": "v"}] * 26)]},
        {"embeds": [embed(fields=[{"name": "n", "value": "v"}] * 25)]},
    ),
    (
        "field name 256",
        {"embeds": [embed(fields=[{"name": "n" * 257, "value": "v"}])]},
        {"embeds": [embed(fields=[{"name": "n" * 256, "value": "v"}])]},
    ),
    (
        "field value 1024",
        {"embeds": [embed(fields=[{"name": "n", "value": "v" * 1025}])]},
        {"embeds": [embed(fields=[{"name": "n", "value": "v" * 1024}])]},
    ),
    (
        "field value non-empty",
        {"embeds": [embed(fields=[{"name": "n", "value": ""}])]},
        {"embeds": [embed(fields=[{"name": "n", "value": "v"}])]},
    ),
    (
        "field name non-empty",
        {"embeds": [embed(fields=[{"name": "", "value": "v"}])]},
        {"embeds": [embed(fields=[{"name": "n", "value": "v"}])]},
    ),
    (
        "footer 2048",
        {"embeds": [embed(footer={"text": "f" * 2049})]},
        {"embeds": [embed(footer={"text": "f" * 2048})]},
    ),
    (
        "author 256",
        {"embeds": [embed(author={"name": "a" * 257})]},
        {"embeds": [embed(author={"name": "a" * 256})]},
    ),
    (
        "6000 in total",
        {"embeds": [embed(title=None, description="x" * 3001)] * 2},
        {"embeds": [embed(title=None, description="x" * 3000)] * 2},
    ),
    (
        "relative image url",
        {"embeds": [embed(image={"url": "/images/x.jpeg"})]},
        {"embeds": [embed(image={"url": "https://example.org/x.jpeg"})]},
    ),
    (
        "thumbnail scheme",
        {"embeds": [embed(thumbnail={"url": "ftp://example.org/x.png"})]},
        {"embeds": [embed(thumbnail={"url": "attachment://x.png"})]},
    ),
    (
        "author icon",
        {"embeds": [embed(author={"name": "a", "icon_url": "x.png"})]},
        {"embeds": [embed(author={"name": "a", "icon_url": "http://e.org/x.png"})]},
    ),
    (
        "footer icon",
        {"embeds": [embed(footer={"text": "f", "icon_url": "data:x"})]},
        {"embeds": [embed(footer={"text": "f", "icon_url": "attachment://f.png"})]},
    ),
    (
        "embed url",
        {"embeds": [embed(url="attachment://x")]},
        {"embeds": [embed(url="https://e.org")]},
    ),
    ("colour range", {"embeds": [embed(color=0x1000000)]}, {"embeds": [embed(color=0xFFFFFF)]}),
    (
        "allowed_mentions parse",
        {"content": "x", "allowed_mentions": {"parse": ["users", "here"]}},
        {"content": "x", "allowed_mentions": {"parse": ["users", "roles", "everyone"]}},
    ),
    (
        "parse and list exclusive",
        {"content": "x", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
        {"content": "x", "allowed_mentions": {"parse": [], "users": ["1"]}},
    ),
    (
        "would ping without allowed_mentions",
        {"content": "hey @here"},
        {"content": "hey @here", "allowed_mentions": NONE},
    ),
    (
        "role ping without allowed_mentions",
        {"content": "hey <@&123>"},
        {"content": "hey <@&123>", "allowed_mentions": NONE},
    ),
    (
        "5 action rows",
        {"components": [row(button())] * 6},
        {"components": [row(button(f"b{i}")) for i in range(5)]},
    ),
    (
        "5 buttons per row",
        {"components": [row(*[button(f"b{i}") for i in range(6)])]},
        {"components": [row(*[button(f"b{i}") for i in range(5)])]},
    ),
    (
        "select alone",
        {"components": [row(select(), button())]},
        {"components": [row(select()), row(button())]},
    ),
    ("25 select options", {"components": [row(select(26))]}, {"components": [row(select(25))]}),
    (
        "select option label 100",
        {"components": [row(select(options=[{"label": "l" * 101, "value": "v"}]))]},
        {"components": [row(select(options=[{"label": "l" * 100, "value": "v"}]))]},
    ),
    (
        "select option value 100",
        {"components": [row(select(options=[{"label": "l", "value": "v" * 101}]))]},
        {"components": [row(select(options=[{"label": "l", "value": "v" * 100}]))]},
    ),
    (
        "select option description 100",
        {
            "components": [
                row(select(options=[{"label": "l", "value": "v", "description": "d" * 101}]))
            ]
        },
        {
            "components": [
                row(select(options=[{"label": "l", "value": "v", "description": "d" * 100}]))
            ]
        },
    ),
    (
        "placeholder 150",
        {"components": [row(select(placeholder="p" * 151))]},
        {"components": [row(select(placeholder="p" * 150))]},
    ),
    (
        "custom_id 100",
        {"components": [row(button("c" * 101))]},
        {"components": [row(button("c" * 100))]},
    ),
    ("custom_id non-empty", {"components": [row(button(""))]}, {"components": [row(button("c"))]}),
    (
        "button label 80",
        {"components": [row(button(label="l" * 81))]},
        {"components": [row(button(label="l" * 80))]},
    ),
    (
        "link button needs url",
        {"components": [row({"type": 2, "style": 5, "label": "L"})]},
        {"components": [row({"type": 2, "style": 5, "label": "L", "url": "https://e.org"})]},
    ),
    (
        "link button has no custom_id",
        {
            "components": [
                row({"type": 2, "style": 5, "label": "L", "url": "https://e.org", "custom_id": "x"})
            ]
        },
        {"components": [row({"type": 2, "style": 5, "label": "L", "url": "https://e.org"})]},
    ),
    (
        "non-link button needs custom_id",
        {"components": [row({"type": 2, "style": 1, "label": "L"})]},
        {"components": [row({"type": 2, "style": 1, "label": "L", "custom_id": "x"})]},
    ),
    (
        "custom_ids unique",
        {"components": [row(button("same"), button("same"))]},
        {"components": [row(button("one"), button("two"))]},
    ),
    ("rows are action rows", {"components": [button()]}, {"components": [row(button())]}),
]


@pytest.mark.parametrize(("rule", "bad", "good"), MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_message_rule(rule: str, bad: JSON, good: JSON) -> None:
    assert validate_message(bad), f"{rule}: bad body accepted"
    assert validate_message(good) == [], f"{rule}: good body rejected"


def test_edit_may_be_empty_but_not_too_long() -> None:
    assert validate_message({}, edit=True) == []
    assert validate_message({"content": "x" * 2001}, edit=True)


def test_a_file_makes_a_message_non_empty() -> None:
    assert validate_message({"attachments": []}, files=1) == []


CHOICE = {"name": "n", "value": "v"}
CHOICE_CASES: list[tuple[str, Any, Any]] = [
    ("25 choices", [CHOICE] * 26, [CHOICE] * 25),
    ("name 100", [{"name": "n" * 101, "value": "v"}], [{"name": "n" * 100, "value": "v"}]),
    ("name non-empty", [{"name": "", "value": "v"}], [{"name": "n", "value": "v"}]),
    ("string value 100", [{"name": "n", "value": "v" * 101}], [{"name": "n", "value": "v" * 100}]),
    ("value type", [{"name": "n", "value": None}], [{"name": "n", "value": 3}]),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CHOICE_CASES, ids=[c[0] for c in CHOICE_CASES])
def test_autocomplete_rule(rule: str, bad: Any, good: Any) -> None:
    assert validate_choices(bad)
    assert validate_choices(good) == []


def test_callback_types_per_interaction_type() -> None:
    assert validate_callback({"type": 8, "data": {"choices": []}}, 4) == []
    assert validate_callback({"type": 4, "data": {"content": "x"}}, 4)  # autocomplete: 8 only
    assert validate_callback({"type": 7, "data": {"content": "x"}}, 2)  # no update for a command
    assert validate_callback({"type": 7, "data": {"content": "x"}}, 3) == []
    assert validate_callback({"type": 5, "data": {"flags": 64}}, 2) == []
    assert validate_callback({"type": 3}, 2)
    found = validate_callback({"type": 4, "data": {"embeds": [embed(title="x" * 300)]}}, 2)
    assert [str(v) for v in found] == ["data.embeds.0.title: Must be 256 or fewer in length."]


def test_error_body_is_discords_shape() -> None:
    body = error_body(
        [Violation(("data", "embeds", 0, "title"), "Too long.", "BASE_TYPE_MAX_LENGTH")]
    )
    assert body == {
        "code": 50035,
        "message": "Invalid Form Body",
        "errors": {
            "data": {
                "embeds": {
                    "0": {
                        "title": {
                            "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Too long."}]
                        }
                    }
                }
            }
        },
    }


def command(**extra: Any) -> JSON:
    return {"name": "post", "description": "Show a post.", "type": 1, **extra}


def option(name: str = "post", required: bool = False, **extra: Any) -> JSON:
    return {"name": name, "description": "Which.", "type": 3, "required": required, **extra}


def subcommand(name: str, option_description: str, localized: dict[str, str]) -> JSON:
    """A subcommand with 25 options, each description localized."""
    options = [
        option(f"o{j}", description=option_description, description_localizations=localized)
        for j in range(25)
    ]
    return {"name": name, "description": "d", "type": 1, "options": options}


COMMAND_CASES: list[tuple[str, JSON, JSON]] = [
    ("name lowercase", command(name="Post"), command(name="post")),
    ("name characters", command(name="my post"), command(name="my-post_it's")),
    ("name 32", command(name="p" * 33), command(name="p" * 32)),
    ("name non-empty", command(name=""), command(name="p")),
    ("unicode letters", command(name="пост!"), command(name="пост")),
    ("devanagari and thai", command(name="पोस्ट?"), command(name="पोस्ट")),
    ("description 100", command(description="d" * 101), command(description="d" * 100)),
    ("description non-empty", command(description=""), command(description="d")),
    (
        "25 options",
        command(options=[option(f"o{i}") for i in range(26)]),
        command(options=[option(f"o{i}") for i in range(25)]),
    ),
    (
        "25 choices",
        command(options=[option(choices=[{"name": f"c{i}", "value": f"{i}"} for i in range(26)])]),
        command(options=[option(choices=[{"name": f"c{i}", "value": f"{i}"} for i in range(25)])]),
    ),
    (
        "required before optional",
        command(options=[option("a"), option("b", required=True)]),
        command(options=[option("b", required=True), option("a")]),
    ),
    (
        "localization keys are Discord locales",
        command(name_localizations={"sv": "inlagg"}),
        command(name_localizations={"sv-SE": "inlägg"}),
    ),
    (
        "localized names follow the name rule",
        command(name_localizations={"de": "Beitrag"}),
        command(name_localizations={"de": "beitrag"}),
    ),
    (
        "localized descriptions 100",
        command(description_localizations={"fr": "d" * 101}),
        command(description_localizations={"fr": "d" * 100}),
    ),
    (
        "option names",
        command(options=[option("Bad Name")]),
        command(options=[option("good-name")]),
    ),
    (
        "8000 characters with the longest localization",
        command(options=[subcommand(f"s{i}", "x" * 60, {"ja": "x" * 100}) for i in range(4)]),
        command(options=[subcommand(f"s{i}", "x" * 60, {"ja": "x" * 60}) for i in range(4)]),
    ),
    (
        "subcommands not mixed with options",
        command(options=[{"name": "set", "description": "d", "type": 1}, option("x")]),
        command(
            options=[
                {"name": "set", "description": "d", "type": 1},
                {"name": "get", "description": "d", "type": 1},
            ]
        ),
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES])
def test_command_rule(rule: str, bad: JSON, good: JSON) -> None:
    assert validate_command(bad), f"{rule}: bad command accepted"
    assert validate_command(good) == [], f"{rule}: good command rejected"


def test_at_most_100_commands_with_unique_names() -> None:
    assert validate_commands([command(name=f"c{i}") for i in range(101)])
    assert validate_commands([command(name=f"c{i}") for i in range(100)]) == []
    assert validate_commands([command(), command()])


def test_context_menu_names_may_have_spaces_and_capitals() -> None:
    assert validate_command({"name": "Show Post", "type": 3, "description": ""}) == []
    assert name_problem("Show Post", chat_input=False) is None


def test_command_size_counts_longest_localization() -> None:
    assert command_size(command(name_localizations={"de": "beitragsanzeige"})) == len(
        "beitragsanzeige"
    ) + len("Show a post.")


def test_too_large_command_has_its_own_code() -> None:
    big = command(options=[subcommand(f"s{i}", "x", {"ja": "x" * 100}) for i in range(4)])
    assert [v.code for v in validate_command(big)] == ["APPLICATION_COMMAND_TOO_LARGE"]
