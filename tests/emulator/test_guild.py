"""Guild structure on the emulator with a real discord.py client: roles, the bot's member and
permissions, channels made/changed/deleted while connected, ``channel.send`` with Discord's
permission errors, and channel/role options with resolved data."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from bot.emulator import (
    BOT_PERMISSIONS,
    DEFAULT_MEMBER_PERMISSIONS,
    EMBED_LINKS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Emulator,
    NoReply,
)
from tests.emulator_plugin import running

NONE = discord.AllowedMentions.none()


class GuildBot(commands.Bot):
    """A bare bot with ``/announce set channel [role]`` and ``/where channel``."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )
        announce = app_commands.Group(name="announce", description="Announcements.")

        @announce.command(name="set")
        async def announce_set(
            interaction: discord.Interaction,
            channel: discord.TextChannel,
            role: discord.Role | None = None,
        ) -> None:
            """Post a test announcement in ``channel``, pinging ``role``."""
            ping = role.mention if role is not None else "nobody"
            mentions = discord.AllowedMentions(roles=[role] if role else False, everyone=False)
            await channel.send(f"news for {ping}", allowed_mentions=mentions)
            default = role.is_default() if role else None
            await interaction.response.send_message(
                f"{channel.name} {type(channel).__name__} {role and role.name} {default}",
                ephemeral=True,
                allowed_mentions=NONE,
            )

        @self.tree.command()
        async def where(
            interaction: discord.Interaction, channel: app_commands.AppCommandChannel
        ) -> None:
            """The channel as resolved, with the invoker's rights in it."""
            await interaction.response.send_message(
                f"{channel.name} send={channel.permissions.send_messages}", ephemeral=True
            )

        self.tree.add_command(announce)

    async def setup_hook(self) -> None:
        await self.tree.sync()


@pytest_asyncio.fixture
async def bot(emulator: Emulator) -> AsyncIterator[GuildBot]:
    async with running(GuildBot()) as client:
        yield client


def text_channel(bot: commands.Bot, channel_id: int) -> discord.TextChannel:
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def cached(bot: commands.Bot, channel_id: int) -> discord.TextChannel:
    """The channel once the client has processed its CHANNEL_CREATE."""
    if bot.get_channel(channel_id) is None:  # the listener is in place before any await
        await bot.wait_for("guild_channel_create", check=lambda c: c.id == channel_id, timeout=2)
    return text_channel(bot, channel_id)


async def test_guild_has_roles_and_the_bot_member(emulator: Emulator, bot: GuildBot) -> None:
    guild = bot.get_guild(emulator.default_guild.id)
    assert guild is not None and guild.me is not None
    assert guild.default_role.id == guild.id
    assert guild.default_role.permissions.value == DEFAULT_MEMBER_PERMISSIONS
    bot_role = guild.self_role
    assert bot_role is not None and bot_role.is_bot_managed() and bot_role in guild.me.roles
    assert guild.owner_id != guild.me.id  # an owner would have every permission
    rights = text_channel(bot, emulator.default_guild.default_channel.id).permissions_for(guild.me)
    assert rights.value == BOT_PERMISSIONS & ~discord.Permissions.voice().value
    assert not rights.administrator
    assert rights.view_channel and rights.send_messages and rights.embed_links
    assert rights.read_message_history


async def test_channels_made_before_login_carry_overwrites(emulator: Emulator) -> None:
    locked = emulator.add_channel("locked", bot_deny=VIEW_CHANNEL)
    async with running(GuildBot()) as bot:
        channel = text_channel(bot, locked.id)
        assert channel.overwrites_for(channel.guild.me).view_channel is False
        assert not channel.permissions_for(channel.guild.me).view_channel


async def test_channel_and_role_changes_reach_the_client(emulator: Emulator, bot: GuildBot) -> None:
    channel = emulator.add_channel("news", topic="posts")
    made = await cached(bot, channel.id)
    assert (made.id, made.name, made.topic) == (channel.id, "news", "posts")
    emulator.set_bot_permissions(channel, deny=EMBED_LINKS)
    _, after = await bot.wait_for("guild_channel_update", timeout=2)
    rights = after.permissions_for(after.guild.me)
    assert rights.send_messages and not rights.embed_links
    role = emulator.add_role("readers", mentionable=True)
    created = await bot.wait_for("guild_role_create", timeout=2)
    assert (created.id, created.name, created.mentionable) == (role.id, "readers", True)
    emulator.delete_channel(channel.id)
    gone = await bot.wait_for("guild_channel_delete", timeout=2)
    assert gone.id == channel.id and bot.get_channel(channel.id) is None


async def test_channel_send_is_stored_and_validated(emulator: Emulator, bot: GuildBot) -> None:
    target = emulator.add_channel("news")
    fetched = await bot.fetch_channel(target.id)
    assert isinstance(fetched, discord.TextChannel) and fetched.name == "news"
    channel = await cached(bot, target.id)
    view = discord.ui.View().add_item(discord.ui.Button(label="Read", url="https://example.com"))
    sent = await channel.send(
        "hello", embed=discord.Embed(title="Post"), view=view, allowed_mentions=NONE
    )
    (stored,) = await emulator.wait_for_messages(target.id)
    assert stored["id"] == str(sent.id) and stored["content"] == "hello"
    assert stored["embeds"][0]["title"] == "Post" and sent.embeds[0].title == "Post"
    assert stored["components"][0]["components"][0]["url"] == "https://example.com"
    assert stored["allowed_mentions"] == {"parse": []}
    with pytest.raises(discord.HTTPException) as bad:
        await channel.send(embed=discord.Embed(title="x" * 300), allowed_mentions=NONE)
    assert (bad.value.status, bad.value.code) == (400, 50035)
    assert [v.violation.path for v in emulator.take_violations()] == [("embeds", 0, "title")]
    assert emulator.channel_messages(target) == [stored]


async def test_permission_errors_are_discords(emulator: Emulator, bot: GuildBot) -> None:
    hidden = emulator.add_channel("hidden", bot_deny=VIEW_CHANNEL)
    mute = emulator.add_channel("mute", bot_deny=SEND_MESSAGES)
    gone = emulator.add_channel("gone")
    deleted = await cached(bot, gone.id)
    for target, code in ((hidden, 50001), (mute, 50013)):
        with pytest.raises(discord.Forbidden) as raised:
            await text_channel(bot, target.id).send("x", allowed_mentions=NONE)
        assert raised.value.code == code
    emulator.delete_channel(gone)
    with pytest.raises(discord.NotFound) as missing:
        await deleted.send("x", allowed_mentions=NONE)
    assert missing.value.code == 10003
    with pytest.raises(discord.NotFound):
        await bot.fetch_channel(gone.id)
    with pytest.raises(discord.Forbidden):
        await bot.fetch_channel(hidden.id)
    assert emulator.channel_messages(hidden) == emulator.channel_messages(mute) == []


async def test_embeds_are_dropped_without_embed_links(emulator: Emulator, bot: GuildBot) -> None:
    plain = emulator.add_channel("plain", bot_deny=EMBED_LINKS)
    sent = await (await cached(bot, plain.id)).send(
        "text", embed=discord.Embed(title="lost"), allowed_mentions=NONE
    )
    assert sent.embeds == []
    (stored,) = emulator.channel_messages(plain)
    assert (stored["content"], stored["embeds"]) == ("text", [])
    emulator.set_bot_permissions(plain, allow=EMBED_LINKS)
    again = await text_channel(bot, plain.id).send(
        embed=discord.Embed(title="kept"), allowed_mentions=NONE
    )
    assert again.embeds[0].title == "kept"


async def test_channel_and_role_options_are_resolved(emulator: Emulator, bot: GuildBot) -> None:
    news = emulator.add_channel("news")
    role = emulator.add_role("readers")
    reply = await emulator.invoke("announce set", {"channel": news.id, "role": role.id})
    assert reply.content == "news TextChannel readers False"
    data = reply.interaction.payload["data"]
    options = data["options"][0]["options"]
    assert options == [
        {"name": "channel", "type": 7, "value": str(news.id)},
        {"name": "role", "type": 8, "value": str(role.id)},
    ]
    resolved_channel = data["resolved"]["channels"][str(news.id)]
    assert resolved_channel["name"] == "news" and resolved_channel["type"] == 0
    assert resolved_channel["guild_id"] == str(emulator.default_guild.id)
    assert int(resolved_channel["permissions"]) == DEFAULT_MEMBER_PERMISSIONS
    assert data["resolved"]["roles"][str(role.id)]["name"] == "readers"
    (posted,) = emulator.channel_messages(news)
    assert posted["content"] == f"news for <@&{role.id}>"
    assert posted["mention_roles"] == [str(role.id)]  # the bot may Mention Everyone
    assert posted["allowed_mentions"]["roles"] == [role.id]  # as discord.py sends it


async def test_options_take_objects_and_the_everyone_role(
    emulator: Emulator, bot: GuildBot
) -> None:
    news = emulator.add_channel("news")
    everyone = emulator.default_guild.everyone
    reply = await emulator.invoke("announce set", {"channel": news, "role": everyone})
    assert reply.content == "news TextChannel @everyone True"
    reply = await emulator.invoke("announce set", {"channel": news})
    assert reply.content == "news TextChannel None None"
    assert "roles" not in reply.interaction.payload["data"]["resolved"]
    assert len(await emulator.wait_for_messages(news, count=2)) == 2
    where = await emulator.invoke("where", {"channel": news})
    assert where.content == "news send=True"


async def test_options_discord_would_not_offer_raise(emulator: Emulator, bot: GuildBot) -> None:
    voice = emulator.add_channel("talk", type=2)
    with pytest.raises(ValueError, match="type 2"):
        await emulator.invoke("announce set", {"channel": voice})
    with pytest.raises(ValueError, match="no role"):
        await emulator.invoke(
            "announce set", {"channel": emulator.default_guild.default_channel, "role": 1}
        )
    with pytest.raises(ValueError, match="no channel"):
        await emulator.invoke("where", {"channel": 12345})
    with pytest.raises(ValueError, match="channel type 99"):
        emulator.add_channel("odd", type=99)


async def test_wait_for_messages_times_out(emulator: Emulator) -> None:
    quiet = emulator.add_channel("quiet")
    with pytest.raises(NoReply, match="0 message"):
        await emulator.wait_for_messages(quiet, timeout=0.05)
