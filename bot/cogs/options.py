"""Options several commands share: the ``language`` option, a discord.py Transformer.

``/post``, ``/search``, ``/language set`` and ``/language server`` all take a language tag
with the same autocomplete (each content language by its own name: "Español (es)") and the
same parsing, so both live here once (discord.py's ``app_commands.Transformer``:
https://discordpy.readthedocs.io/en/stable/interactions/api.html#transformer).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.i18n.names import language_name
from bot.interactions import service_of
from bot.limits import AUTOCOMPLETE_CHOICES, CHOICE_NAME
from bot.service import PostService
from bot.text import fold


def choice_name(text: str) -> str:
    """``text`` on one line, cut to Discord's 100 characters for a choice's name."""
    text = " ".join(text.split()) or "?"
    return text if len(text) <= CHOICE_NAME else text[: CHOICE_NAME - 1] + "…"


async def language_choices(service: PostService, current: str) -> list[app_commands.Choice[str]]:
    """Content languages matching ``current`` by tag, own name or English name, each shown
    by its own name ("Español", "日本語"). At most 25 (Discord's autocomplete limit)."""
    needle = fold(current.strip())
    choices = []
    for tag in await service.content_languages():
        own = language_name(tag, for_menu=True)
        english = language_name(tag, in_language="en")
        if needle and not any(needle in fold(text) for text in (tag, own, english)):
            continue
        choices.append(app_commands.Choice(name=choice_name(f"{own} ({tag})"), value=tag))
    return choices[:AUTOCOMPLETE_CHOICES]


class LanguageTag(app_commands.Transformer):
    """A ``language`` option: typed text becomes a normal BCP 47 tag (``pt_br`` -> ``pt-BR``);
    text that names no language raises ``UserError("error.unknown-language")``, which the
    error handler shows in the reader's language."""

    async def transform(self, interaction: discord.Interaction[Any], value: Any) -> str | None:
        return PostService.parse_language(str(value))

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str
    ) -> list[app_commands.Choice[str]]:
        return await language_choices(service_of(interaction), value)


LanguageOption = app_commands.Transform[str, LanguageTag]
"""The annotation of a ``language`` parameter."""
