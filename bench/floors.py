"""The reply floors: discord.py alone, on the same emulator, in the same process as the bot.

A bare ``discord.ext.commands.Bot`` (:class:`BareBot`) with three commands, timed like the bot:

- ``/fixed`` replies with a fixed embed: the bare command;
- ``/same`` replies with a copy of the embeds and components of a real ``/post`` reply (built
  anew each time, as the bot does): the floor the ``/post`` targets compare with;
- ``/pick``'s option autocompletes to fixed choices, a copy of the bot's ``/post``
  autocomplete reply to a one-letter prefix (the most choices it gives): the floor the
  autocomplete targets compare with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bench.workload import Workload, complete, invoke, measure
from bot.emulator import Emulator, Reply
from bot.emulator.connect import running
from bot.emulator.state import JSON

FIXED_EMBED = discord.Embed(
    title="KDD 2024: Talk with Amazon",
    url="https://www.cambioml.com/en/blog/kdd-workshop-2024",
    description=(
        "At the KDD 2024 conference, Rachel Hu, co-founder and CEO of CambioML, presented a"
        " comprehensive tutorial on optimizing Large Language Models for domain-specific"
        " applications, together with co-presenters from Amazon and Epsilla."
    ),
)
FIXED_EMBED.set_image(url="https://www.cambioml.com/images/solutions/kdd-2024-cover.jpeg")
FIXED_EMBED.add_field(name="Date", value="January 29, 2025", inline=True)
FIXED_EMBED.add_field(name="Keywords", value="KDD 2024, LLM, RAG, fine-tuning", inline=True)


def _button(item: JSON, row: int) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(
        style=discord.ButtonStyle(item.get("style", 1)),
        label=item.get("label"),
        url=item.get("url"),
        custom_id=item.get("custom_id"),
        row=row,
    )


def _select(item: JSON, row: int) -> discord.ui.Select[discord.ui.View]:
    options = [
        discord.SelectOption(
            label=o["label"],
            value=o["value"],
            description=o.get("description"),
            default=bool(o.get("default")),
        )
        for o in item.get("options") or []
    ]
    return discord.ui.Select(
        custom_id=item["custom_id"], placeholder=item.get("placeholder"), options=options, row=row
    )


def view_from_components(components: Sequence[JSON]) -> discord.ui.View:
    """A view with the same buttons and selects as a message's components (as Discord sends
    them), so the floor can send a body as large as a real reply's."""
    view = discord.ui.View(timeout=None)
    for row, action_row in enumerate(components):
        for item in action_row.get("components") or []:
            if item.get("type") == 2:
                view.add_item(_button(item, row))
            elif item.get("type") == 3:
                view.add_item(_select(item, row))
    return view


class BareBot(commands.Bot):
    """discord.py alone: ``/fixed``, ``/same`` and ``/pick`` (see the module's doc)."""

    def __init__(
        self,
        embeds: Sequence[JSON] = (),
        components: Sequence[JSON] = (),
        choices: Sequence[JSON] = (),
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            guild_ready_timeout=0.05,
        )
        quiet = discord.AllowedMentions.none()

        @self.tree.command(name="fixed", description="Reply with a fixed embed")
        async def fixed(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(embed=FIXED_EMBED, allowed_mentions=quiet)

        @self.tree.command(name="same", description="Reply with a /post reply's body")
        async def same(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(
                embeds=[discord.Embed.from_dict(embed) for embed in embeds],
                view=view_from_components(components),
                allowed_mentions=quiet,
            )

        @self.tree.command(name="pick", description="Autocomplete to fixed choices")
        @app_commands.describe(item="Anything")
        async def pick(interaction: discord.Interaction[Any], item: str) -> None:
            await interaction.response.send_message(item, allowed_mentions=quiet)

        @pick.autocomplete("item")
        async def pick_choices(
            interaction: discord.Interaction[Any], current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=c["name"], value=str(c["value"])) for c in choices]

        self._commands: list[app_commands.Command[Any, Any, Any]] = [fixed, same, pick]

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def fixed_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    return await invoke(emu, "fixed", {}, work.user())


async def same_body_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    return await invoke(emu, "same", {}, work.user())


async def autocomplete_request(emu: Emulator, work: Workload) -> tuple[float, bool, bool]:
    user = work.user()
    return await complete(emu, "pick", "item", work.prefix(user), user)


async def measure_floors(
    emu: Emulator,
    work: Workload,
    post: Reply,
    choices: Sequence[JSON],
    requests: int,
    warmup: int,
) -> dict[str, Any]:
    """``floor_reply`` (``/fixed``), ``floor_reply_same_body`` (``/same``, the body of
    ``post``) and ``floor_autocomplete`` (``/pick``, returning ``choices``)."""
    out: dict[str, Any] = {}
    async with running(BareBot(post.embeds, post.components, choices), timeout=30.0):
        out["floor_reply"] = (await measure(emu, work, fixed_request, requests, warmup)).summary()
        out["floor_reply_same_body"] = (
            await measure(emu, work, same_body_request, requests, warmup)
        ).summary()
        autocomplete = await measure(emu, work, autocomplete_request, requests, warmup)
        out["floor_autocomplete"] = {**autocomplete.summary(), "choices": len(choices)}
    return out
