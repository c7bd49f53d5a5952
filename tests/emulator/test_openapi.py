"""Bodies are also checked against Discord's OpenAPI description (bot/emulator/openapi/)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from bot.emulator import Emulator, make_user
from bot.emulator.openapi_check import (
    OPERATIONS,
    SPEC_URI,
    load_spec,
    operation_for,
    validate_body,
    validator,
)
from bot.emulator.state import Interaction, new_token, snowflake
from bot.emulator.validation import validate_callback, validate_message
from tests.emulator.test_server import call

JSON = dict[str, Any]
NONE: JSON = {"parse": []}
CALLBACK = "/interactions/1/tok/callback"


def message(**extra: Any) -> JSON:
    return {"content": "hi", "allowed_mentions": NONE, **extra}


def test_routes_map_to_the_specs_operations() -> None:
    assert operation_for("POST", CALLBACK) == (
        "/interactions/{interaction_id}/{interaction_token}/callback"
    )
    assert operation_for("PATCH", "/webhooks/1/t/messages/@original") == (
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    )
    assert operation_for("PATCH", "/webhooks/1/t/messages/22") == (
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
    )
    assert operation_for("PUT", "/applications/1/guilds/2/commands") is not None
    assert operation_for("GET", "/channels/1/messages/2") is None
    assert operation_for("POST", "/channels/1/messages/2") is None
    spec = load_spec()
    for method, path in OPERATIONS:  # every operation exists and has a JSON body
        assert "application/json" in spec["paths"][path][method.lower()]["requestBody"]["content"]


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        (message(tts="yes"), ("tts",)),
        (message(flags="64"), ("flags",)),
        (message(embeds=[{"title": "t", "fields": [{"name": "n", "value": "v", "inline": 1}]}]),
         ("embeds", 0, "fields", 0, "inline")),
        (message(allowed_mentions={"parse": [], "replied_user": "no"}),
         ("allowed_mentions", "replied_user")),
    ],
)  # fmt: skip
def test_wrong_types_the_hand_written_rules_let_through(bad: JSON, path: tuple[Any, ...]) -> None:
    assert validate_message(bad) == []
    assert validate_callback({"type": 4, "data": bad}, 2) == []
    found = validate_body("POST", CALLBACK, {"type": 4, "data": bad})
    assert [v.path for v in found] == [("data", *path)]
    assert "OpenAPI" in found[0].message
    assert [v.path for v in validate_body("POST", "/channels/1/messages", bad)] == [path]
    if path != ("tts",):  # webhook edits have no tts: the spec lets unknown keys through
        for method, route in (("POST", "/webhooks/1/t"), ("PATCH", "/webhooks/1/t/messages/2")):
            assert [v.path for v in validate_body(method, route, bad)] == [path]


def test_the_branch_of_the_callback_type_is_the_one_reported() -> None:
    found = validate_body("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": 1}]}})
    assert {v.path for v in found} == {
        ("data", "choices", 0, "name"),
        ("data", "choices", 0, "value"),
    }
    found = validate_body("POST", CALLBACK, {"type": 3})
    assert [(v.path, v.code) for v in found] == [(("type",), "BASE_TYPE_CHOICES")]
    assert validate_body("POST", CALLBACK, {"type": 5, "data": {"flags": 64}}) == []
    assert validate_body("POST", CALLBACK, {"type": 6}) == []


def test_valid_bodies_pass() -> None:
    embed = {"title": "t", "color": 1, "image": {"url": "attachment://a.png"}}
    rows = [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Go", "custom_id": "b"}]}]
    body = message(embeds=[embed], components=rows, attachments=[{"id": 0, "filename": "a.png"}])
    assert validate_body("POST", CALLBACK, {"type": 4, "data": body}) == []
    assert validate_body("POST", CALLBACK, {"type": 7, "data": body}) == []
    commands = [
        {"name": "post", "description": "d", "type": 1, "default_member_permissions": "32",
         "options": [{"type": 3, "name": "post", "description": "p", "required": True}]},
        {"name": "reload", "description": "r", "default_member_permissions": 32},
    ]  # fmt: skip
    assert validate_body("PUT", "/applications/1/commands", commands) == []


def test_documented_forms_the_preview_spec_forgot() -> None:
    # Attachment ids of new files are the files[n] index, a number in Discord's own example.
    assert validate_body("POST", "/channels/1/messages", message(attachments=[{"id": 0}])) == []
    bad = validate_body("POST", "/channels/1/messages", message(attachments=[{"id": -1}]))
    assert [v.path for v in bad] == [("attachments", 0, "id")]
    # default_member_permissions is a ?string in the docs; a string that is no number is not.
    bad = validate_body(
        "PUT", "/applications/1/commands", [{"name": "a", "description": "b",
                                            "default_member_permissions": "admin"}]
    )  # fmt: skip
    assert [v.path for v in bad] == [(0, "default_member_permissions")]


def test_validators_are_built_once() -> None:
    method, path = OPERATIONS[0]
    assert validator(method, path) is validator(method.lower(), path)


@pytest.mark.parametrize(
    "body",
    [
        {"type": 4, "data": message()},
        {"type": 4, "data": message(components=[{"type": 1, "components": [{"type": 99}]}])},
        {"type": 4, "data": message(components=[{"type": 1, "components": [{"type": 2}]}])},
        {"type": 4, "data": message(components=[{"type": 1}])},
        {"type": 4, "data": message(components=[{"components": []}])},
        {"type": 4, "data": message(components=["row"])},
        {"type": 9, "data": {"custom_id": "m", "title": "t", "components": []}},
        {"type": "4"},
        {},
        [],
    ],
)
def test_tagged_unions_give_the_specs_own_verdict(body: Any) -> None:
    """Unions picked by their ``type`` tag accept exactly what the spec as published accepts."""
    raw = load_spec(dispatch=False)
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(raw))
    pointer = "/paths/~1interactions~1{interaction_id}~1{interaction_token}~1callback/post"
    schema = {"$ref": f"{SPEC_URI}#{pointer}/requestBody/content/application~1json/schema"}
    published = Draft202012Validator(schema, registry=registry).is_valid(body)
    assert published == (validate_body("POST", CALLBACK, body) == [])


# -- through the server ------------------------------------------------------------------------


def pending(emu: Emulator) -> Interaction:
    """A slash-command interaction waiting for its first response (no client needed)."""
    channel = emu.default_guild.default_channel
    rec = Interaction(
        id=snowflake(), token=new_token(), type=2, payload={}, user=make_user("u"),
        guild_id=emu.default_guild.id, channel_id=channel.id, dispatched_at=emu.now(),
    )  # fmt: skip
    emu.register(rec)
    return rec


async def test_schema_mismatch_is_answered_400_50035_and_recorded(emulator: Emulator) -> None:
    rec = pending(emulator)
    path = f"/interactions/{rec.id}/{rec.token}/callback"
    body = {"type": 4, "data": message(tts="yes")}
    assert validate_callback(body, 2) == []
    status, _, answer = await call(emulator, "POST", path, body=body)
    assert (status, answer["code"], answer["message"]) == (400, 50035, "Invalid Form Body")
    assert answer["errors"]["data"]["tts"]["_errors"][0]["code"] == "BASE_TYPE_INVALID"
    found = emulator.take_violations()
    assert [(v.route, v.violation.path) for v in found] == [(f"POST {path}", ("data", "tts"))]
    assert not rec.acknowledged
    status, _, answer = await call(emulator, "POST", path, body={"type": 4, "data": message()})
    assert status == 200 and answer["resource"]["message"]["content"] == "hi"


async def test_multipart_bodies_check_their_payload_json(emulator: Emulator) -> None:
    channel = emulator.default_guild.default_channel.id
    for tts, expected in (("yes", 400), (True, 200)):
        form = aiohttp.FormData(quote_fields=False)
        form.add_field("payload_json", json.dumps(message(tts=tts)))
        form.add_field("files[0]", b"1", filename="a.txt", content_type="text/plain")
        status, _, _ = await call(emulator, "POST", f"/channels/{channel}/messages", data=form)
        assert status == expected
    assert [v.violation.path for v in emulator.take_violations()] == [("tts",)]


async def test_one_violation_per_path_when_both_rule_sets_flag_it(emulator: Emulator) -> None:
    channel = emulator.default_guild.default_channel.id
    body = message(embeds=[{"title": "x" * 300}])
    status, _, answer = await call(emulator, "POST", f"/channels/{channel}/messages", body=body)
    assert status == 400 and list(answer["errors"]["embeds"]["0"]) == ["title"]
    found = emulator.take_violations()
    assert len(found) == 1 and "OpenAPI" not in found[0].violation.message


async def test_openapi_validation_can_be_switched_off() -> None:
    async with Emulator(openapi=False) as emu:
        emu.add_guild()
        channel = emu.default_guild.default_channel.id
        body = message(tts="yes")
        status, _, _ = await call(emu, "POST", f"/channels/{channel}/messages", body=body)
        assert status == 200 and emu.take_violations() == []
        body = message(content="x" * 2001)  # the hand-written limits still apply
        status, _, _ = await call(emu, "POST", f"/channels/{channel}/messages", body=body)
        assert status == 400 and len(emu.take_violations()) == 1
