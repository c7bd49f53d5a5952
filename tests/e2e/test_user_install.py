"""The app added to a member's own account: reading commands in any server, DM or group DM;
admin commands stay with the servers that added the app."""

from __future__ import annotations

import dataclasses

import pytest

from bot.app import open_bot
from bot.config import Settings
from bot.emulator import (
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    Emulator,
    Unavailable,
    make_user,
)
from bot.emulator.interactions import command_data
from tests.e2e.conftest import OWNER_ID, App
from tests.emulator_plugin import running

KDD = "kdd-workshop-2024"
READING = ("post", "posts", "latest", "search", "language")
SERVER_ONLY = ("reload", "announce")


def text(reply: object) -> str:
    return str(reply.embeds[0]["description"])  # type: ignore[attr-defined]


async def test_post_in_a_group_dm_without_the_bot(app: App) -> None:
    user = make_user("ines", locale="es-ES")
    reply = await app.emu.invoke("post", {"post": KDD}, user=user, install="user", context=2)
    assert reply.embeds[0]["title"] == "KDD 2024: Charla con Amazon"
    assert not reply.ephemeral  # as in a server: everyone in the group DM sees the post
    payload = reply.interaction.payload
    assert payload["context"] == 2
    assert payload["authorizing_integration_owners"] == {"1": str(user.id)}
    assert payload["channel"]["type"] == 3 and "guild_id" not in payload
    assert "member" not in payload and payload["user"]["id"] == str(user.id)
    assert int(payload["app_permissions"]) == ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE
    assert reply.message is not None
    metadata = reply.message["interaction_metadata"]
    assert metadata["authorizing_integration_owners"] == {"1": str(user.id)}
    # the language menu works there too, for the invoker (edit) and for a friend (own copy)
    switched = await app.emu.click(reply, f"post:lang:{KDD}", values=["sv"], user=user)
    assert switched.type == 7 and switched.embeds[0]["title"] == "KDD 2024: Samtal med Amazon"
    friend = make_user("friend", locale="en-US")
    copy = await app.emu.click(reply, f"post:lang:{KDD}", values=["en"], user=friend)
    assert copy.ephemeral and copy.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
    assert copy.interaction.payload["authorizing_integration_owners"] == {"1": str(user.id)}


async def test_reading_commands_in_a_dm_between_two_users(app: App) -> None:
    user = make_user("ana", locale="en-US")
    channel = app.emu.state.private_channel(user, group=False)
    latest = await app.emu.invoke("latest", user=user, install="user", channel=channel)
    assert latest.embeds and latest.interaction.payload["channel"]["type"] == 1
    assert latest.interaction.payload["context"] == 2
    found = await app.emu.invoke(
        "search", {"query": "amazon"}, user=user, install="user", channel=channel
    )
    assert found.embeds
    listing = await app.emu.invoke("posts", user=user, install="user", context=2)
    assert listing.embeds
    saved = await app.emu.invoke(
        "language set", {"language": "sv"}, user=user, install="user", context=2
    )
    assert saved.ephemeral and await app.bot.store.user_language(user.id) == "sv"


async def test_language_server_is_refused_outside_a_server_that_added_the_app(app: App) -> None:
    owner = make_user("owner", id=OWNER_ID, locale="es-ES")
    refused = await app.emu.invoke(
        "language server", {"language": "es"}, user=owner, install="user", context=2
    )
    assert refused.ephemeral and text(refused) == "Esto solo funciona en un servidor."
    # a member's own install used in a server that did not add the app: only the user's key
    # (every emulated server has the bot, so the interaction is built by hand)
    guild = app.emu.default_guild
    command = app.emu.state.find_command("language", None)
    assert command is not None
    data = command_data(command, ["server"], {"language": "es"})
    rec = await app.emu.dispatch(
        2, data, user=owner, guild_id=guild.id, channel=guild.default_channel, context=0,
        owners={"1": str(owner.id)},
    )  # fmt: skip
    user_install = await app.emu.wait_reply(rec)
    assert user_install.ephemeral and text(user_install) == "Esto solo funciona en un servidor."
    assert await app.bot.store.guild_language(guild.id) is None
    done = await app.emu.invoke("language server", {"language": "es"}, user=owner)
    assert done.ephemeral and await app.bot.store.guild_language(guild.id) == "es"


async def test_synced_commands_declare_installs_and_contexts(app: App) -> None:
    commands = {command["name"]: command for command in app.emu.commands()}
    for name in READING:
        assert commands[name]["integration_types"] == [0, 1], name
        assert commands[name]["contexts"] == [0, 1, 2], name
    for name in SERVER_ONLY:
        assert commands[name]["integration_types"] == [0], name
        assert commands[name]["contexts"] == [0], name
    for option in commands["language"]["options"]:  # Discord reads them on top level only
        assert "integration_types" not in option and "contexts" not in option


async def test_server_commands_are_not_offered_elsewhere(app: App) -> None:
    owner = make_user("owner", id=OWNER_ID)
    with pytest.raises(Unavailable, match=r"integration_types \[0\]"):
        await app.emu.invoke("reload", user=owner, install="user", context=2)
    with pytest.raises(Unavailable, match=r"integration_types \[0\]"):
        await app.emu.invoke("announce show", user=owner, install="user")  # even in a server
    with pytest.raises(Unavailable, match=r"contexts \[0\]"):
        await app.emu.invoke("reload", user=owner, dm=True)
    with pytest.raises(Unavailable, match=r"contexts \[0\]"):
        await app.emu.invoke("announce show", user=owner, dm=True)
    with pytest.raises(Unavailable, match="user install"):
        await app.emu.invoke("post", {"post": KDD}, context=2)  # a guild install cannot be there


async def test_dev_guild_commands_stay_in_their_server(
    emulator: Emulator, settings: Settings
) -> None:
    guild = emulator.default_guild
    dev = dataclasses.replace(settings, dev_guild_id=guild.id, content_watch=False)
    async with open_bot(dev, reload_on_start=False, guild_ready_timeout=0.05) as bot:
        await bot.reloader.reload()
        async with running(bot):
            assert not emulator.commands()  # nothing global
            scoped = {command["name"] for command in emulator.commands(guild.id)}
            assert set(READING) | set(SERVER_ONLY) <= scoped
            reply = await emulator.invoke("post", {"post": KDD})
            assert reply.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
            with pytest.raises(Unavailable, match=f"guild {guild.id} only"):
                await emulator.invoke("post", {"post": KDD}, install="user", context=2)
            with pytest.raises(Unavailable, match="guild's install"):
                await emulator.invoke("post", {"post": KDD}, install="user")
