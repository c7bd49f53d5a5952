"""Announcement bookkeeping shared by the ledger (:mod:`bot.store.announcements`) and the
sender (:mod:`bot.announce`): where a server's announcements go, and a post claimed for one.

Plain values beside the services, like :mod:`bot.reload_report`, so the sender needs no
import of the store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnnounceSettings:
    """Where a server's announcements go: channel, language tag (``None``: the server's
    default by the usual order), role to ping (``None``: nobody), the last problem as a
    catalog key and its parameters, and the posts given up on."""

    guild_id: int
    channel_id: int
    language: str | None
    role_id: int | None
    problem: tuple[str, dict[str, str]] | None = None
    failed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A post claimed for announcement: its key and which attempt this is (1 or 2)."""

    key: str
    attempt: int
