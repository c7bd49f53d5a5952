"""The pointing helper sets and restores discord.py's internals; sharded bots connect."""

from __future__ import annotations

import time

import discord
import discord.gateway
import discord.http
import yarl
from discord.ext import commands

from bot.emulator import Emulator, is_pointed, point_discord_at
from bot.emulator.gateway import shard_for
from bot.emulator.state import DISCORD_EPOCH_MS
from tests.emulator_plugin import running

DISCORD_BASE = "https://discord.com/api/v10"


def test_defaults_are_discord() -> None:
    assert discord.http.Route.BASE == DISCORD_BASE
    assert yarl.URL("wss://gateway.discord.gg/") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    assert not is_pointed()


def test_point_sets_and_restores() -> None:
    hook = discord.Client.__dict__["before_identify_hook"]
    with point_discord_at("http://127.0.0.1:5555") as pointing:
        assert discord.http.Route.BASE == "http://127.0.0.1:5555/api/v10"
        assert (
            discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:5555/api/v10/users/@me"
        )
        gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        assert gateway == yarl.URL("ws://127.0.0.1:5555/gateway")
        assert discord.Client.__dict__["before_identify_hook"] is not hook
        assert is_pointed()
        assert pointing.api_url.endswith("/api/v10")
    assert discord.http.Route.BASE == DISCORD_BASE
    assert yarl.URL("wss://gateway.discord.gg/") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    assert discord.Client.__dict__["before_identify_hook"] is hook


def test_nested_pointings_restore_in_order() -> None:
    outer = point_discord_at("http://127.0.0.1:1", fast_identify=False)
    inner = point_discord_at("http://127.0.0.1:2")
    assert discord.http.Route.BASE == "http://127.0.0.1:2/api/v10"
    inner.restore()
    assert discord.http.Route.BASE == "http://127.0.0.1:1/api/v10"
    outer.restore()
    outer.restore()  # idempotent
    assert discord.http.Route.BASE == DISCORD_BASE


async def test_pointing_at_a_started_emulator() -> None:
    async with Emulator() as emu:
        with point_discord_at(emu):
            assert f"http://127.0.0.1:{emu.port}/api/v10" == discord.http.Route.BASE
    assert not is_pointed()


def guild_id_on_shard(shard: int, shards: int) -> int:
    """A realistic snowflake whose guild lands on ``shard``."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    ms -= (ms - shard) % shards
    return ms << 22


class ShardedBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )

        @self.tree.command()
        async def where(interaction: discord.Interaction) -> None:
            """Which guild."""
            guild = interaction.guild
            await interaction.response.send_message(f"{guild and guild.name}")

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_auto_sharded_bot_gets_each_guild_on_its_shard() -> None:
    async with Emulator(shards=2) as emu:
        g0 = emu.add_guild(guild_id_on_shard(0, 2), "zero")
        g1 = emu.add_guild(guild_id_on_shard(1, 2), "one")
        assert (shard_for(g0.id, 2), shard_for(g1.id, 2)) == (0, 1)
        with point_discord_at(emu):
            bot = ShardedBot()
            async with running(bot):
                assert bot.shard_count == 2
                assert {g.id: g.shard_id for g in bot.guilds} == {g0.id: 0, g1.id: 1}
                sessions = {s.shard_id: s for s in emu.gateway.sessions.values()}
                assert set(sessions) == {0, 1}
                for guild, shard in ((g0, 0), (g1, 1)):
                    reply = await emu.invoke("where", guild_id=guild.id)
                    assert reply.content == guild.name
                    texts = [text for _, text in sessions[shard].events]
                    assert any(str(reply.interaction.id) in text for text in texts)
                    other = [text for _, text in sessions[1 - shard].events]
                    assert not any(str(reply.interaction.id) in text for text in other)
                    assert any(f'"id": "{guild.id}"' in text for text in texts)
        assert emu.take_violations() == []
        assert ("GET", "/gateway/bot") in emu.requests
