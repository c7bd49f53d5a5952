"""The emulator's REST surface seen over plain HTTP, and the violation fixture's verdict."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from discord.ext import commands

from bot.emulator import (
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    READ_MESSAGE_HISTORY,
    Emulator,
)
from tests.emulator_plugin import assert_no_violations

AUTH = {"Authorization": "Bot emulator.token"}
NO_PINGS: dict[str, Any] = {"allowed_mentions": {"parse": []}}


async def call(
    emu: Emulator, method: str, path: str, *, body: Any = None, data: Any = None
) -> tuple[int, str, Any]:
    """One request to the emulator: (status, Content-Type, parsed JSON or None)."""
    async with (
        aiohttp.ClientSession(headers=AUTH) as session,
        session.request(method, emu.api_url + path, json=body, data=data) as response,
    ):
        text = await response.text()
        return (
            response.status,
            response.headers.get("Content-Type", ""),
            json.loads(text) if text else None,
        )


async def test_identity_routes_answer_exact_json(emulator: Emulator) -> None:
    status, ctype, me = await call(emulator, "GET", "/users/@me")
    assert (status, ctype) == (200, "application/json")
    assert me["id"] == str(emulator.state.application_id) and me["bot"] is True
    _, _, app = await call(emulator, "GET", "/oauth2/applications/@me")
    assert app["interactions_endpoint_url"] is None
    _, _, gateway = await call(emulator, "GET", "/gateway/bot")
    assert gateway["url"] == emulator.gateway_url and gateway["shards"] == 1
    assert set(gateway["session_start_limit"]) == {
        "total",
        "remaining",
        "reset_after",
        "max_concurrency",
    }


async def test_unknown_route_is_404_and_listed(emulator: Emulator) -> None:
    status, _, body = await call(emulator, "GET", "/guilds/1/members")
    assert status == 404 and body["code"] == 0
    assert emulator.unhandled == ["GET /api/v10/guilds/1/members"]


async def test_command_put_is_validated(emulator: Emulator) -> None:
    app = emulator.state.application_id
    status, _, body = await call(
        emulator, "PUT", f"/applications/{app}/commands", body=[{"name": "Bad", "description": ""}]
    )
    assert status == 400 and body["code"] == 50035
    assert set(body["errors"]["0"]) == {"name", "description"}
    assert len(emulator.take_violations()) == 2
    status, _, stored = await call(
        emulator, "PUT", f"/applications/{app}/commands", body=[{"name": "ok", "description": "d"}]
    )
    assert status == 200 and stored[0]["application_id"] == str(app)
    _, _, again = await call(
        emulator, "PUT", f"/applications/{app}/commands", body=[{"name": "ok", "description": "e"}]
    )
    assert again[0]["id"] == stored[0]["id"]  # an overwrite keeps the id of a same-named command


async def test_channel_messages_json_and_multipart(emulator: Emulator) -> None:
    channel = emulator.default_guild.default_channel.id
    form = aiohttp.FormData(quote_fields=False)
    form.add_field(
        "payload_json", json.dumps({"content": "with file", "allowed_mentions": {"parse": []}})
    )
    form.add_field("files[0]", b"12345", filename="n.txt", content_type="text/plain")
    status, _, message = await call(emulator, "POST", f"/channels/{channel}/messages", data=form)
    assert status == 200
    assert [(a["filename"], a["size"]) for a in message["attachments"]] == [("n.txt", 5)]
    path = f"/channels/{channel}/messages/{message['id']}"
    status, _, edited = await call(emulator, "PATCH", path, body={"content": "edited"})
    assert (status, edited["content"]) == (200, "edited") and edited["edited_timestamp"]
    assert (await call(emulator, "DELETE", path))[0] == 204
    assert (await call(emulator, "GET", path))[0] == 404
    status, _, body = await call(
        emulator, "POST", f"/channels/{channel}/messages", body={"content": "x" * 2001}
    )
    assert status == 400 and "content" in body["errors"]
    status, _, body = await call(emulator, "POST", f"/channels/{channel}/messages", body={})
    assert status == 400 and body["code"] == 50006
    assert len(emulator.take_violations()) == 2
    assert emulator.last_allowed_mentions == {"parse": []}


async def test_webhook_routes_and_token_lifetime(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("hello", {"name": "x"})
    rec = reply.interaction
    base = f"/webhooks/{emulator.state.application_id}/{rec.token}"
    status, _, original = await call(emulator, "GET", f"{base}/messages/@original")
    assert status == 200 and original["id"] == reply.message["id"]  # type: ignore[index]
    status, _, follow = await call(
        emulator,
        "POST",
        f"{base}?wait=true",
        body={"content": "more", "allowed_mentions": {"parse": []}},
    )
    assert status == 200 and rec.followup_ids == [int(follow["id"])]
    assert (await call(emulator, "GET", f"{base}/messages/1"))[0] == 404
    emulator.token_lifetime = 0.0
    status, _, body = await call(
        emulator, "PATCH", f"{base}/messages/@original", body={"content": "late"}
    )
    assert (status, body["code"]) == (401, 50027)
    status, _, body = await call(emulator, "POST", "/webhooks/1/not-a-token", body={"content": "x"})
    assert (status, body["code"]) == (404, 10015)


async def test_guild_added_while_connected_reaches_the_bot(
    emulator: Emulator, bot: commands.Bot
) -> None:
    guild = emulator.add_guild(name="Later", preferred_locale="pt-BR")
    joined = await bot.wait_for("guild_join", check=lambda g: g.id == guild.id, timeout=2)
    assert joined.preferred_locale.value == "pt-BR"
    reply = await emulator.invoke("hello", {"name": "y"}, guild_id=guild.id)
    assert reply.content.endswith("guild pt-BR)")


async def test_fixture_verdict_fails_on_violations() -> None:
    async with Emulator() as emu:
        emu.add_guild()
        channel = emu.default_guild.default_channel.id
        await call(emu, "POST", f"/channels/{channel}/messages", body={"content": "@everyone"})
        assert len(emu.violations) == 1
        with pytest.raises(pytest.fail.Exception, match="allowed_mentions"):
            assert_no_violations(emu)
        assert emu.violations == []
        assert_no_violations(emu)  # nothing left: passes


async def test_channel_routes_check_the_bots_permissions(emulator: Emulator) -> None:
    channel = emulator.add_channel("history", bot_deny=READ_MESSAGE_HISTORY)
    path = f"/channels/{channel.id}/messages"
    status, _, sent = await call(emulator, "POST", path, body={"content": "hi", **NO_PINGS})
    assert status == 200 and "allowed_mentions" not in sent  # kept for tests, never returned
    status, _, body = await call(emulator, "GET", f"{path}/{sent['id']}")
    assert (status, body["code"]) == (403, 50001)
    emulator.set_bot_permissions(channel, deny=EMBED_LINKS)
    edit = {"content": "edited", "embeds": [{"title": "dropped"}]}
    status, _, edited = await call(emulator, "PATCH", f"{path}/{sent['id']}", body=edit)
    assert (status, edited["content"], edited["embeds"]) == (200, "edited", [])
    emulator.set_bot_permissions(channel, deny=ATTACH_FILES)
    form = aiohttp.FormData(quote_fields=False)
    form.add_field("payload_json", json.dumps({"content": "file", **NO_PINGS}))
    form.add_field("files[0]", b"1", filename="a.txt", content_type="text/plain")
    status, _, body = await call(emulator, "POST", path, data=form)
    assert (status, body["code"]) == (403, 50013)
    emulator.delete_channel(channel)
    for method, route in (("GET", f"/channels/{channel.id}"), ("GET", f"{path}/{sent['id']}")):
        status, _, body = await call(emulator, method, route)
        assert (status, body["code"]) == (404, 10003)
    assert [m["content"] for m in emulator.channel_messages(channel)] == ["edited"]


async def test_role_mentions_follow_allowed_mentions_and_rights(emulator: Emulator) -> None:
    quiet, loud = emulator.add_role("quiet"), emulator.add_role("loud", mentionable=True)
    channel = emulator.add_channel("pings", bot_deny=MENTION_EVERYONE)
    content = f"<@&{quiet.id}> <@&{loud.id}> @everyone"
    path = f"/channels/{channel.id}/messages"
    allowed = {"allowed_mentions": {"parse": ["everyone"], "roles": [quiet.id, loud.id]}}
    _, _, sent = await call(emulator, "POST", path, body={"content": content, **allowed})
    assert sent["mention_roles"] == [str(loud.id)] and sent["mention_everyone"] is False
    emulator.set_bot_permissions(channel)  # back to the bot role's rights
    _, _, sent = await call(emulator, "POST", path, body={"content": content, **allowed})
    assert sent["mention_roles"] == [str(quiet.id), str(loud.id)] and sent["mention_everyone"]
    _, _, sent = await call(emulator, "POST", path, body={"content": content, **NO_PINGS})
    assert sent["mention_roles"] == [] and sent["mention_everyone"] is False
    assert [m["allowed_mentions"] for m in emulator.channel_messages(channel)] == [
        allowed["allowed_mentions"],
        allowed["allowed_mentions"],
        {"parse": []},
    ]
