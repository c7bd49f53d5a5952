"""What the service hands to rendering: plain values, free of Discord objects and of SQL.

:class:`Invoker` goes in (the facts of the invoking user, as discord.py's
``Interaction.user``, ``guild_id``, ``locale`` and ``guild_locale`` give them); the reply types
come out, each carrying its *frame*: the :class:`~bot.i18n.catalog.Messages` of the reader's
interface language, in which every label, button, notice and date of the reply is written.
The post's own text (title, summary, keywords, link labels) stays in the translation shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.content.model import Translation
from bot.i18n.catalog import Messages
from bot.i18n.negotiate import Step


@dataclass(frozen=True, slots=True)
class Invoker:
    """The invoking user of an interaction: user id, guild id (``None`` in DMs), the Discord
    client locale and the guild's locale (Discord locale strings such as ``sv-SE``)."""

    user_id: int
    guild_id: int | None = None
    locale: str | None = None
    guild_locale: str | None = None


@dataclass(frozen=True, slots=True)
class PostReply:
    """Everything a post reply shows: the translation shown, its URL, every language the
    post exists in, the language wanted (``None`` when no notice is due) and the frame."""

    translation: Translation
    url: str
    available: tuple[str, ...]
    messages: Messages
    wanted: str | None = None

    @property
    def fell_back(self) -> bool:
        """True when the wanted language is missing and another translation is shown."""
        return self.wanted is not None and self.wanted != self.translation.language


@dataclass(frozen=True, slots=True)
class ListedPost:
    """One line of a post list: title in the chosen translation, its URL and date."""

    key: str
    title: str
    url: str
    language: str
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class PostsPage:
    """Page ``page`` (1-based) of ``pages`` of the post list, newest first."""

    posts: tuple[ListedPost, ...]
    page: int
    pages: int
    messages: Messages


Snippet = tuple[tuple[str, bool], ...]
"""A search snippet as raw text runs: ``(text, highlighted)``; rendering escapes and marks."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One search hit: the post, the language of the translation that matched, its title,
    a snippet of its body and the translation's public URL."""

    key: str
    language: str
    title: str
    snippet: Snippet
    url: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    """The results of one search, best first, with the query as typed."""

    query: str
    results: tuple[SearchResult, ...]
    messages: Messages


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """What ``/language show`` explains: the saved choices, the Discord locale, the content
    language that wins and the step that chose it, and the frame."""

    user_language: str | None
    guild_language: str | None
    in_guild: bool
    locale: str | None
    effective: str
    step: Step
    messages: Messages


@dataclass(frozen=True, slots=True)
class AnnounceStatus:
    """What ``/announce show`` tells: the channel, the language announcements use, the role
    pinged, the last problem (a catalog key and its parameters) and the posts given up on;
    ``configured`` is False when the server has not set announcements up."""

    configured: bool
    messages: Messages
    channel_id: int = 0
    language: str = ""
    role_id: int | None = None
    problem: tuple[str, dict[str, str]] | None = None
    failed: tuple[str, ...] = ()
