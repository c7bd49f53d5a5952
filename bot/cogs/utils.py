"""What several cogs share besides options: per-key cooldowns."""

from __future__ import annotations

from discord import app_commands

from bot.errors import UserError


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
