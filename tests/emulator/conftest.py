"""A bare discord.py bot (no postbot code) exercising what the emulator must carry."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from bot.emulator import Emulator
from tests.emulator_plugin import emulator, running

__all__ = ["emulator"]

LANGUAGES = ["sv", "de", "en", "fr", "es", "pt"]


class Translator(app_commands.Translator):
    """Names ``hello`` as ``hej`` in Swedish, so syncs carry ``name_localizations``."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.swedish and string.message == "hello":
            return "hej"
        return None


class Buttons(discord.ui.View):
    """A button that edits its message (type 7) and a select that replies (type 4)."""

    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="OK", custom_id="btn:ok")
    async def ok(
        self, interaction: discord.Interaction, button: discord.ui.Button[Buttons]
    ) -> None:
        await interaction.response.edit_message(
            content=f"clicked by {interaction.user.id}", view=self
        )

    @discord.ui.select(
        custom_id="sel:lang",
        placeholder="Language",
        options=[discord.SelectOption(label=code, value=code) for code in LANGUAGES],
    )
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[Buttons]
    ) -> None:
        await interaction.response.send_message(
            f"picked {','.join(select.values)}", allowed_mentions=discord.AllowedMentions.none()
        )


class TestBot(commands.Bot):
    """Records what happened in ``seen`` (error codes, flags) for the tests to look at."""

    def __init__(self, guild_id: int, *, shard_count: int | None = None) -> None:
        super().__init__(
            command_prefix="!",
            intents=discord.Intents.default(),
            guild_ready_timeout=0.05,
            allowed_mentions=None,
        )
        self.guild_id = guild_id
        self.seen: list[object] = []
        add_commands(self.tree, self.seen, guild_id)

    async def setup_hook(self) -> None:
        await self.tree.set_translator(Translator())
        await self.tree.sync()
        await self.tree.sync(guild=discord.Object(self.guild_id))


def add_commands(
    tree: app_commands.CommandTree[commands.Bot], seen: list[object], guild_id: int
) -> None:
    """The commands of the bare test bot."""

    @tree.command(name=app_commands.locale_str("hello"))
    async def hello(interaction: discord.Interaction, name: str) -> None:
        """Say hello."""
        where = "dm" if interaction.guild is None else f"guild {interaction.guild_locale}"
        await interaction.response.send_message(
            f"hi {name} ({interaction.locale}, {where})",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    config = app_commands.Group(name="config", description="Settings.")
    language = app_commands.Group(name="language", description="Language settings.", parent=config)

    @language.command(name="set")
    async def language_set(
        interaction: discord.Interaction, language: str, loud: bool = False
    ) -> None:
        """Set the language."""
        await interaction.response.send_message(
            f"language={language} loud={loud}", ephemeral=not loud
        )

    @language_set.autocomplete("language")
    async def language_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=f"{code} ({interaction.locale})", value=code)
            for code in LANGUAGES
            if code.startswith(current)
        ]

    tree.add_command(config)

    @tree.command()
    async def slow(interaction: discord.Interaction) -> None:
        """Defer, work, then edit."""
        await interaction.response.defer(ephemeral=True)
        await asyncio.sleep(0.05)
        await interaction.edit_original_response(content="done")

    @tree.command()
    async def followups(interaction: discord.Interaction) -> None:
        """Defer (thinking), then two follow-ups."""
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("one")
        await interaction.followup.send("two", ephemeral=True)

    add_reply_commands(tree, seen, guild_id)
    add_install_commands(tree, seen)


def add_reply_commands(
    tree: app_commands.CommandTree[commands.Bot], seen: list[object], guild_id: int
) -> None:
    """The bare test bot's commands for components, errors, mentions, files and rights."""

    @tree.command()
    async def buttons(interaction: discord.Interaction) -> None:
        """A message with a button and a select."""
        await interaction.response.send_message("choose", view=Buttons())

    @tree.command()
    async def late(interaction: discord.Interaction) -> None:
        """Answers too late."""
        await asyncio.sleep(0.3)
        try:
            await interaction.response.send_message("too late")
        except discord.NotFound as exc:
            seen.append(exc.code)

    @tree.command()
    async def bad(interaction: discord.Interaction) -> None:
        """Sends a title Discord rejects, then falls back."""
        try:
            await interaction.response.send_message(embed=discord.Embed(title="x" * 300))
        except discord.HTTPException as exc:
            seen.append(exc.code)
            await interaction.response.send_message("fallback", ephemeral=True)

    @tree.command()
    async def ping(interaction: discord.Interaction) -> None:
        """Content that would ping @everyone, sent without allowed_mentions."""
        await interaction.response.send_message("@everyone look")

    @tree.command()
    async def upload(interaction: discord.Interaction) -> None:
        """A file, shown as the embed's image."""
        embed = discord.Embed(title="file").set_image(url="attachment://a.png")
        await interaction.response.send_message(
            embed=embed, file=discord.File(io.BytesIO(b"abc"), "a.png")
        )

    @tree.command()
    async def perms(interaction: discord.Interaction) -> None:
        """The invoker's rights."""
        p = interaction.permissions
        await interaction.response.send_message(
            f"manage_guild={p.manage_guild} administrator={p.administrator}", ephemeral=True
        )

    @tree.command(guild=discord.Object(guild_id))
    async def local(interaction: discord.Interaction) -> None:
        """A guild command."""
        await interaction.response.send_message(
            f"local {interaction.command and interaction.command.name}"
        )


@pytest.fixture
def make_bot(emulator: Emulator) -> Callable[[], TestBot]:
    """Build (not start) a bare test bot for the emulator's default guild."""
    return lambda: TestBot(emulator.default_guild.id)


@pytest_asyncio.fixture
async def bot(make_bot: Callable[[], TestBot]) -> AsyncIterator[TestBot]:
    """The bare test bot, logged in to the emulator and ready."""
    async with running(make_bot()) as client:
        yield client


@pytest.fixture
def seen(bot: TestBot) -> list[object]:
    """What the test bot recorded (error codes of failed responses)."""
    return bot.seen


def add_install_commands(tree: app_commands.CommandTree[commands.Bot], seen: list[object]) -> None:
    """A command for a member's own install as well as a server's, usable everywhere."""

    @tree.command()
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def where(interaction: discord.Interaction, probe: bool = False) -> None:
        """Where it runs and who authorized it; ``probe`` also posts in the channel."""
        channel = interaction.channel
        kind = channel.type.name if channel is not None else "?"
        await interaction.response.send_message(
            f"guild={interaction.is_guild_integration()} user={interaction.is_user_integration()}"
            f" channel={kind} embed_links={interaction.app_permissions.embed_links}",
            allowed_mentions=discord.AllowedMentions.none(),
        )
        if probe and isinstance(channel, discord.abc.Messageable):
            try:
                await channel.send("probe", allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException as exc:
                seen.append(exc.code)
