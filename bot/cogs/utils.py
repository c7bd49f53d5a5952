"""What several cogs share: language choices for autocomplete and per-key cooldowns."""

from __future__ import annotations

from discord import app_commands

from bot.errors import UserError
from bot.i18n.names import language_name
from bot.service import PostService
from bot.text import fold

AUTOCOMPLETE_MAX = 25
CHOICE_NAME_MAX = 100


def choice_name(text: str) -> str:
    text = " ".join(text.split()) or "?"
    return text if len(text) <= CHOICE_NAME_MAX else text[: CHOICE_NAME_MAX - 1] + "…"


async def language_choices(service: PostService, current: str) -> list[app_commands.Choice[str]]:
    """Content languages matching ``current`` by tag, own name or English name, each shown
    by its own name ("Español", "日本語"). At most 25 (Discord's autocomplete limit)."""
    needle = fold(current.strip())
    choices = []
    for tag in await service.store.content_languages():
        own = language_name(tag, for_menu=True)
        english = language_name(tag, in_language="en")
        if needle and not any(needle in fold(text) for text in (tag, own, english)):
            continue
        choices.append(app_commands.Choice(name=choice_name(f"{own} ({tag})"), value=tag))
    return choices[:AUTOCOMPLETE_MAX]


class Cooldowns:
    """One :class:`discord.app_commands.Cooldown` per key (a user, a guild): ``rate`` uses
    per ``per`` seconds. :meth:`check` raises ``UserError("error.cooldown")`` when spent."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def check(self, key: int) -> None:
        if self.per <= 0:
            return
        bucket = self._buckets.setdefault(key, app_commands.Cooldown(self.rate, self.per))
        retry_after = bucket.update_rate_limit()
        if retry_after:
            raise UserError("error.cooldown", seconds=max(1, round(retry_after)))
