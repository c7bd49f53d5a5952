"""A body Discord would reject fails the test that sent it, seen from outside: pytest runs an
inner test file (``pytester``) whose bare discord.py bot answers with an over-long embed title.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]

INI = f"""
[pytest]
addopts = --import-mode=importlib -p no:cacheprovider
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
pythonpath = {ROOT}
filterwarnings = ignore::DeprecationWarning:discord.*
"""

INNER = '''
import discord
from discord.ext import commands

from bot.emulator import Emulator
from tests.emulator_plugin import emulator, running

__all__ = ["emulator"]


class Bot(commands.Bot):
    def __init__(self, title: str) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )

        @self.tree.command()
        async def card(interaction: discord.Interaction) -> None:
            """An embed card; falls back to text when Discord refuses it."""
            embed = discord.Embed(title=title)
            try:
                await interaction.response.send_message(
                    embed=embed, allowed_mentions=discord.AllowedMentions.none()
                )
            except discord.HTTPException:
                await interaction.response.send_message("fallback", ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_title_of_TITLE_LENGTH_characters(emulator: Emulator) -> None:
    async with running(Bot("x" * TITLE_LENGTH)):
        reply = await emulator.invoke("card", {})
    assert reply.content or reply.embeds  # the bot answered either way
'''


def run_inner(pytester: pytest.Pytester, title_length: int) -> pytest.RunResult:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_inner=INNER.replace("TITLE_LENGTH", str(title_length)),
    )
    return pytester.runpytest_subprocess("-q")


def test_an_over_long_embed_title_fails_the_test_that_sent_it(pytester: pytest.Pytester) -> None:
    result = run_inner(pytester, 257)  # Discord's limit is 256
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*the bot sent bodies that Discord rejects*",
            "*/callback: data.embeds.0.title: Must be 256 or fewer in length.*",
        ]
    )


def test_a_title_within_the_limit_passes(pytester: pytest.Pytester) -> None:
    run_inner(pytester, 256).assert_outcomes(passed=1)
