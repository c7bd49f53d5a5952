"""A bare discord.py bot on the emulator: connect, sync, interactions, replies, RESUME, 429s."""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.emulator import ADMINISTRATOR, Emulator, NoReply, make_user
from tests.emulator_plugin import running


async def test_sync_records_commands_with_ids_and_localizations(
    emulator: Emulator, bot: commands.Bot
) -> None:
    commands = {c["name"]: c for c in emulator.commands()}
    assert {"hello", "config", "slow", "buttons"} <= set(commands)
    assert commands["hello"]["name_localizations"] == {"sv-SE": "hej"}
    assert int(commands["hello"]["id"]) > 2**22
    config = commands["config"]["options"][0]
    assert (config["name"], config["type"]) == ("language", 2)
    assert [c["name"] for c in emulator.commands(emulator.default_guild.id)] == ["local"]


async def test_slash_command_in_guild_carries_locales(
    emulator: Emulator, bot: commands.Bot
) -> None:
    emulator.default_guild.preferred_locale = "de"
    reply = await emulator.invoke("hello", {"name": "ann"}, user=make_user(locale="sv-SE"))
    assert reply.type == 4
    assert reply.ephemeral
    assert reply.content == "hi ann (sv-SE, guild de)"
    assert reply.allowed_mentions == {"parse": []}
    assert 0 <= reply.elapsed < 1
    assert "member" in reply.interaction.payload and "user" not in reply.interaction.payload


async def test_permissions_reach_the_bot(emulator: Emulator, bot: commands.Bot) -> None:
    plain = await emulator.invoke("perms")
    assert plain.content == "manage_guild=False administrator=False"
    manager = await emulator.invoke("perms", user=make_user(manage_guild=True))
    assert manager.content == "manage_guild=True administrator=False"
    admin = await emulator.invoke("perms", user=make_user(permissions=ADMINISTRATOR))
    assert admin.content == "manage_guild=True administrator=True"  # admin implies all


async def test_guild_locale_can_be_overridden(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("hello", {"name": "ann"}, guild_locale="fr")
    assert reply.content.endswith("guild fr)")


async def test_slash_command_in_dm(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("hello", {"name": "bo"}, dm=True, user=make_user(locale="ja"))
    assert reply.content == "hi bo (ja, dm)"
    payload = reply.interaction.payload
    assert "user" in payload and "member" not in payload and "guild_id" not in payload
    assert "guild_locale" not in payload and payload["channel"]["type"] == 1


async def test_subcommand_group_with_typed_options(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("config language set", {"language": "sv", "loud": True})
    assert reply.content == "language=sv loud=True"
    assert not reply.ephemeral


async def test_guild_command_carries_guild_id(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("local")
    assert reply.content == "local local"
    assert reply.interaction.payload["data"]["guild_id"] == str(emulator.default_guild.id)


async def test_options_discord_would_refuse_raise(emulator: Emulator, bot: commands.Bot) -> None:
    with pytest.raises(ValueError, match="required"):
        await emulator.invoke("hello")
    with pytest.raises(ValueError, match="no option"):
        await emulator.invoke("hello", {"name": "x", "nope": 1})
    with pytest.raises(LookupError):
        await emulator.invoke("missing", timeout=0.1)


async def test_autocomplete(emulator: Emulator, bot: commands.Bot) -> None:
    choices = await emulator.autocomplete(
        "config language set", {"language": "s"}, focused="language", user=make_user(locale="de")
    )
    assert choices == [{"name": "sv (de)", "value": "sv"}]
    assert emulator.last_reply is not None and emulator.last_reply.type == 8


async def test_defer_then_edit(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("slow")
    assert reply.type == 5
    assert reply.content == "done"
    assert reply.ephemeral
    assert reply.elapsed >= 0.05
    assert len(reply.bodies) == 2


async def test_followups_replace_thinking_then_add(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("followups")
    assert reply.content == "one"
    second = await reply.wait_followup(1)
    assert second["content"] == "two"
    assert second["flags"] & 64


async def test_button_and_select_clicks(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("buttons")
    assert reply.custom_ids == ["btn:ok", "sel:lang"]
    clicker = make_user("clicker")
    clicked = await emulator.click(reply, "btn:ok", user=clicker)
    assert clicked.type == 7
    assert clicked.content == f"clicked by {clicker.id}"
    assert clicked.message is not None and clicked.message["id"] == reply.message["id"]  # type: ignore[index]
    picked = await emulator.click(clicked, "sel:lang", values=["de", "fr"][:1])
    assert picked.content == "picked de"
    with pytest.raises(ValueError):
        await emulator.click(reply, "sel:lang", values=["xx"])


async def test_file_upload_is_multipart(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("upload")
    assert [(a["filename"], a["size"]) for a in reply.attachments] == [("a.png", 3)]
    assert reply.embeds[0]["image"]["url"] == "attachment://a.png"


async def test_invalid_body_is_400_50035_and_recorded(
    emulator: Emulator, seen: list[object]
) -> None:
    reply = await emulator.invoke("bad")
    assert reply.content == "fallback"
    assert seen == [50035]
    found = [str(v) for v in emulator.take_violations()]
    assert len(found) == 1 and "data.embeds.0.title" in found[0]


async def test_ping_without_allowed_mentions_is_flagged(
    emulator: Emulator, bot: commands.Bot
) -> None:
    reply = await emulator.invoke("ping")
    assert reply.content == "@everyone look"  # Discord accepts it ...
    assert reply.allowed_mentions is None
    found = emulator.take_violations()  # ... our rule does not
    assert [v.violation.code for v in found] == ["ALLOWED_MENTIONS_MISSING"]


async def test_late_first_response_is_10062(emulator: Emulator, seen: list[object]) -> None:
    emulator.response_deadline = 0.2
    with pytest.raises(NoReply) as caught:
        await emulator.invoke("late", timeout=0.6)
    assert seen == [10062]
    assert caught.value.interaction is not None and caught.value.interaction.rejected


async def test_second_initial_response_is_40060(emulator: Emulator, bot: commands.Bot) -> None:
    reply = await emulator.invoke("hello", {"name": "x"})
    rec = reply.interaction
    url = f"{emulator.api_url}/interactions/{rec.id}/{rec.token}/callback"
    body = {"type": 4, "data": {"content": "again"}}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 400
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["code"] == 40060


async def test_gateway_close_then_resume_then_interaction(
    emulator: Emulator, bot: commands.Bot
) -> None:
    assert await emulator.drop_gateway() == 1
    reply = await emulator.invoke("hello", {"name": "again"})  # sent while down: replayed
    assert reply.content.startswith("hi again")
    await emulator.wait_resumed()
    assert emulator.gateway.identify_count == 1
    assert emulator.gateway.paths == ["/gateway", "/resume"]
    after = await emulator.invoke("hello", {"name": "later"})
    assert after.content.startswith("hi later")


async def test_429_with_retry_after_is_retried(
    emulator: Emulator, make_bot: Callable[[], commands.Bot]
) -> None:
    emulator.rate_limit("PUT", "/applications/*/commands", times=2, retry_after=0.02)
    emulator.rate_limit("POST", "/interactions/*/callback", times=1, retry_after=0.02)
    async with running(make_bot()):
        puts = [r for r in emulator.requests if r[0] == "PUT" and r[1].endswith("/commands")]
        assert len(puts) == 2 + 2  # global: 2 x 429 then 200; guild: 200
        reply = await emulator.invoke("hello", {"name": "z"})
        assert reply.content.startswith("hi z")
    callbacks = [r for r in emulator.requests if r[1].endswith("/callback")]
    assert len(callbacks) == 2


async def test_bare_client_with_command_tree(emulator: Emulator) -> None:
    client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)

    @tree.command()
    async def echo(interaction: discord.Interaction, text: str, times: int = 1) -> None:
        """Echo text."""
        await interaction.response.send_message(
            text * times, allowed_mentions=discord.AllowedMentions.none()
        )

    async with running(client):
        await tree.sync()
        synced = await emulator.wait_until_synced()
        assert [c["name"] for c in synced] == ["echo"]
        reply = await emulator.invoke("echo", {"text": "ab", "times": 2})
        assert reply.content == "abab"
        assert reply.interaction.payload["data"]["options"][1] == {
            "name": "times",
            "type": 4,
            "value": 2,
        }
