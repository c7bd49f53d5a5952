"""Installation and interaction contexts: what the emulator sends for a guild or a user
install, where commands are offered, and the rules on ``integration_types``/``contexts``."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from discord.ext import commands

from bot.emulator import (
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    Emulator,
    Unavailable,
    make_user,
    validate_command,
)
from bot.emulator.installs import (
    BOT_DM_APP_PERMISSIONS,
    Place,
    check_available,
    command_contexts,
    owners,
)
from bot.emulator.state import Channel

JSON = dict[str, Any]


def command(**extra: Any) -> JSON:
    return {"name": "post", "description": "Show a post.", "type": 1, **extra}


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        (command(integration_types=[0, 2]), command(integration_types=[0, 1])),
        (command(integration_types=[]), command(integration_types=None)),
        (command(integration_types=[1, 1]), command(integration_types=[1])),
        (command(integration_types="0"), command(integration_types=[0])),
        (command(contexts=[0, 3]), command(contexts=[0, 1, 2])),
        (command(contexts=[True]), command(contexts=[1])),
        (command(contexts=[]), command(contexts=None)),
    ],
)
def test_integration_types_and_contexts_rules(bad: JSON, good: JSON) -> None:
    assert validate_command(bad)
    assert validate_command(good) == []


def test_availability_follows_the_command() -> None:
    channel = Channel(id=1, name="general", guild_id=9)
    group = Channel(id=2, name="group", type=3)
    in_guild = Place(channel=channel, context=0, install=0)
    private = Place(channel=group, context=2, install=1)
    everywhere = command(integration_types=[0, 1], contexts=[0, 1, 2])
    check_available(everywhere, in_guild)
    check_available(everywhere, private)
    with pytest.raises(Unavailable, match="integration_types"):
        check_available(command(integration_types=[0], contexts=[0, 1, 2]), private)
    with pytest.raises(Unavailable, match="contexts"):
        check_available(command(integration_types=[0, 1], contexts=[0]), private)
    assert command_contexts(command()) == {0, 1}  # Discord's default: servers and the bot's DM
    assert command_contexts(command(dm_permission=False)) == {0}
    guild_command = command(guild_id="9")
    check_available(guild_command, in_guild)
    with pytest.raises(Unavailable, match="guild 9 only"):
        check_available(guild_command, private)
    user = make_user("u")
    assert owners(private, user, everywhere) == {"1": str(user.id)}
    assert owners(in_guild, user, everywhere) == {"0": "9"}
    both = Place(channel=channel, context=0, install=1)
    assert owners(both, user, everywhere) == {"0": "9", "1": str(user.id)}
    assert owners(both, user, command(integration_types=[1])) == {"1": str(user.id)}


async def test_user_install_in_a_group_dm(emulator: Emulator, seen: list[object]) -> None:
    user = make_user("ana")
    reply = await emulator.invoke("where", {"probe": True}, user=user, install="user", context=2)
    assert reply.content == "guild=False user=True channel=group embed_links=True"
    payload = reply.interaction.payload
    assert payload["context"] == 2 and payload["authorizing_integration_owners"] == {
        "1": str(user.id)
    }
    channel = payload["channel"]
    assert channel["type"] == 3 and channel["owner_id"] == str(user.id)
    assert len(channel["recipients"]) == 3 and "guild_id" not in payload
    assert int(payload["app_permissions"]) == ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE
    for _ in range(200):  # the probe runs after the reply
        if seen:
            break
        await asyncio.sleep(0.01)
    assert seen == [50001]  # the bot is no member: Missing Access


async def test_user_install_in_a_dm_between_users(emulator: Emulator, bot: commands.Bot) -> None:
    user = make_user("ana")
    dm = emulator.state.private_channel(user, group=False)
    reply = await emulator.invoke("where", user=user, install="user", channel=dm)
    assert reply.content == "guild=False user=True channel=private embed_links=True"
    assert reply.interaction.payload["context"] == 2
    assert reply.interaction.payload["channel"]["type"] == 1


async def test_defaults_are_a_guild_install(emulator: Emulator, bot: commands.Bot) -> None:
    in_guild = await emulator.invoke("where")
    assert in_guild.content == "guild=True user=False channel=text embed_links=True"
    payload = in_guild.interaction.payload
    assert payload["authorizing_integration_owners"] == {"0": str(emulator.default_guild.id)}
    in_dm = await emulator.invoke("where", dm=True)
    assert in_dm.content == "guild=False user=False channel=private embed_links=True"
    payload = in_dm.interaction.payload
    assert payload["context"] == 1 and payload["authorizing_integration_owners"] == {"0": "0"}
    assert int(payload["app_permissions"]) == BOT_DM_APP_PERMISSIONS
    mine = await emulator.invoke("where", install="user")  # the member's own install, in a server
    assert mine.content == "guild=True user=True channel=text embed_links=True"


async def test_commands_are_refused_where_they_are_not_offered(
    emulator: Emulator, bot: commands.Bot
) -> None:
    hello = next(c for c in emulator.commands() if c["name"] == "hello")
    assert hello["integration_types"] == [0] and hello.get("contexts") is None
    with pytest.raises(Unavailable, match="integration_types"):
        await emulator.invoke("hello", {"name": "x"}, install="user", context=2)
    with pytest.raises(Unavailable, match="user install"):
        await emulator.invoke("where", context=2)  # a private channel needs a user install
    with pytest.raises(Unavailable, match="guild"):
        await emulator.invoke("local", dm=True)
    with pytest.raises(ValueError, match="does not match"):
        await emulator.invoke("where", dm=True, context=2)
    with pytest.raises(ValueError, match="install must be"):
        await emulator.invoke("where", install="team")
