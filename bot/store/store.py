"""The read side of the store and the per-user / per-guild settings, on aiosqlite.

Content is written only by :class:`~bot.store.writer.ContentWriter` during a reload; this
connection reads the last committed content (WAL gives it a consistent snapshot while a reload
runs). User preferences and guild settings are small writes made here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import aiosqlite

from bot.content.model import Image, Link, Translation
from bot.search import Hit, best_keys, search
from bot.store.announcements import AnnouncementLedger
from bot.store.connection import BUSY_TIMEOUT_MS, PRAGMAS, connect
from bot.store.migrations import migrate
from bot.store.preferences import Preferences
from bot.text import fold, like_pattern

WRITE_BUSY_TIMEOUT_MS = 120_000
"""How long a preference write waits for a reload's transaction (a cold load of a large
site holds the write lock for seconds); commands defer their reply when a write is slow."""

_TRANSLATION_COLUMNS = (
    "t.id, p.key, t.language, t.slug, t.path, t.title, t.date, t.summary, t.image,"
    " t.images, t.headings, t.content_hash"
)
_LINKS = (
    "(SELECT json_group_array(json_array(text, url)) FROM"
    "  (SELECT text, url FROM links WHERE translation_id = t.id ORDER BY position))"
)
_KEYWORDS = (
    "(SELECT json_group_array(keyword) FROM"
    "  (SELECT keyword FROM keywords WHERE translation_id = t.id ORDER BY position))"
)
_DETAILS = f"{_LINKS}, {_KEYWORDS}"
"""A translation's links and keywords, as JSON arrays, beside :data:`_TRANSLATION_COLUMNS`."""
_BASE = "substr({0}, 1, instr({0} || '-', '-') - 1)"
_LIKELY = (
    f"({_BASE.format('t.language')} IN (SELECT value FROM json_each(?4))"
    f" OR {_BASE.format('t.language')} = {_BASE.format('saved.user_language')}"
    f" OR {_BASE.format('t.language')} = {_BASE.format('saved.guild_language')})"
)
"""Whether translation ``t`` is in one of the languages a ``/post`` reply will likely show:
the base language (``pt`` of ``pt-BR``) of the ones given (``?4``, a JSON array) or saved."""


@dataclass(frozen=True, slots=True)
class PostListing:
    """A post in a list: its key, date, and per language its title and URL slug
    (``titles={"es": "...", ...}``, ``slugs={"es": "kdd-workshop-2024", ...}``)."""

    key: str
    date: dt.date | None
    titles: dict[str, str] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """What every command needs first: the user's and the guild's saved languages (``None``
    when unset) and the languages the content has (sorted tags)."""

    user_language: str | None
    guild_language: str | None
    content_languages: list[str]


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """An autocomplete hit: the post key and its title in the language searched."""

    key: str
    title: str


class Store(Preferences):
    """Queries the bot's commands need, each answered from indexes in about a millisecond.

    Open with ``await Store.open(path)`` (runs migrations first) and close with
    :meth:`close`, or use ``async with``. Raises ``sqlite3.Error`` on database failures and
    :class:`~bot.store.migrations.SchemaTooNewError` for a file from a newer release.
    """

    def __init__(
        self, connection: aiosqlite.Connection, path: Path, writes: aiosqlite.Connection
    ) -> None:
        self._db = connection
        self._writes = writes
        self.path = path
        self.announcements = AnnouncementLedger(path)
        """Announcement settings and records (see :mod:`bot.store.announcements`)."""
        self._languages: tuple[int, list[str]] | None = None

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        path = Path(path)
        migration_connection = connect(path)
        try:
            migrate(migration_connection)
        finally:
            migration_connection.close()
        connections = []
        for busy_timeout in (BUSY_TIMEOUT_MS, WRITE_BUSY_TIMEOUT_MS):
            connection = await aiosqlite.connect(path, isolation_level=None)
            for pragma in PRAGMAS:
                await connection.execute(pragma)
            await connection.execute(f"PRAGMA busy_timeout = {busy_timeout}")
            connections.append(connection)
        return cls(connections[0], path, connections[1])

    async def close(self) -> None:
        await self.announcements.close()
        await self._db.close()
        await self._writes.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # -- content -----------------------------------------------------------------------

    async def translation(self, key: str, language: str) -> Translation | None:
        """The translation of post ``key`` in ``language`` (exact tag), with links and keywords."""
        row = await self._first(
            f"SELECT {_TRANSLATION_COLUMNS}, {_DETAILS}"
            " FROM translations t JOIN posts p ON p.id = t.post_id"
            " WHERE p.key = ? AND t.language = ? AND NOT t.hidden",
            (key, language),
        )
        return None if row is None else _translation(tuple(row))

    async def post_bundle(
        self, user_id: int, guild_id: int | None, name: str, likely: Sequence[str | None] = ()
    ) -> tuple[Context, str | None, dict[str, Callable[[], Translation | None]]]:
        """In one statement, what a ``/post`` reply needs: the user's and guild's saved
        languages, the key of the post ``name`` names (its key, or a translation's URL slug;
        ``None`` when nothing has that name) and its visible translations, by language tag
        (sorted), each built only when called (a post has 20 translations, a reply shows one).

        Links and keywords are read only for the translations whose base language is one of
        ``likely`` or of the saved ones (they cost most of the statement: 0.5 of 0.7 ms for 20
        translations); the others build as ``None``, and :meth:`translation` reads one of them
        whole when a reply falls back to it."""
        bases = json.dumps(sorted({_base(tag) for tag in likely if tag}))
        rows = list(
            await self._db.execute_fetchall(
                "WITH target AS (SELECT coalesce("
                " (SELECT id FROM posts WHERE key = ?3 AND NOT hidden),"
                " (SELECT post_id FROM translations WHERE slug = ?3 AND NOT hidden"
                "  ORDER BY language LIMIT 1)) AS id),"
                " saved AS (SELECT (SELECT language FROM user_preferences WHERE user_id = ?1)"
                "  AS user_language,"
                "  (SELECT language FROM guild_settings WHERE guild_id = ?2) AS guild_language)"
                " SELECT saved.user_language, saved.guild_language,"
                f" (SELECT data_version FROM pragma_data_version), {_TRANSLATION_COLUMNS},"
                f" CASE WHEN {_LIKELY} THEN {_LINKS} END, CASE WHEN {_LIKELY} THEN {_KEYWORDS} END"
                " FROM target CROSS JOIN saved"
                " LEFT JOIN translations t ON t.post_id = target.id AND NOT t.hidden"
                " LEFT JOIN posts p ON p.id = t.post_id ORDER BY t.language",
                (user_id, guild_id, name.strip(), bases),
            )
        )
        first = rows[0]
        context = Context(first[0], first[1], await self._content_languages(int(first[2])))
        key = None if first[4] is None else str(first[4])
        return (
            context,
            key,
            {
                str(row[5]): functools.partial(_translation_or_none, tuple(row)[3:])
                for row in rows
                if row[3] is not None
            },
        )

    async def find_post(self, text: str) -> tuple[str, list[str]] | None:
        """The post ``text`` names (its key, or a translation's URL slug) and its languages
        (sorted tags), in one query; ``None`` when nothing has that key or slug."""
        text = text.strip()
        row = await self._first(
            "SELECT p.key, group_concat(t.language, ' ') FROM posts p"
            " JOIN translations t ON t.post_id = p.id WHERE p.id = coalesce("
            " (SELECT id FROM posts WHERE key = ? AND NOT hidden),"
            " (SELECT post_id FROM translations WHERE slug = ? AND NOT hidden"
            "  ORDER BY language LIMIT 1)) AND NOT t.hidden"
            " GROUP BY p.id",
            (text, text),
        )
        if row is None:
            return None
        return str(row[0]), sorted(str(row[1]).split())

    async def languages_of(self, key: str) -> list[str]:
        """The languages post ``key`` exists in, sorted by tag (empty for an unknown key)."""
        rows = await self._db.execute_fetchall(
            "SELECT t.language FROM translations t JOIN posts p ON p.id = t.post_id"
            " WHERE p.key = ? AND NOT t.hidden ORDER BY t.language",
            (key,),
        )
        return [row[0] for row in rows]

    async def context(self, user_id: int, guild_id: int | None) -> Context:
        """The user's and guild's saved languages and the content languages, in one query.

        Content languages are cached until another connection (a reload) commits: SQLite's
        ``data_version`` changes exactly then.
        """
        row = await self._first(
            "SELECT (SELECT language FROM user_preferences WHERE user_id = ?),"
            " (SELECT language FROM guild_settings WHERE guild_id = ?),"
            " (SELECT data_version FROM pragma_data_version)",
            (user_id, guild_id),
        )
        assert row is not None
        return Context(row[0], row[1], await self._content_languages(int(row[2])))

    async def content_languages(self) -> list[str]:
        """Every language some post exists in, sorted by tag (cached as in :meth:`context`)."""
        rows = await self._db.execute_fetchall("SELECT data_version FROM pragma_data_version")
        return await self._content_languages(int(next(iter(rows))[0]))

    async def _content_languages(self, version: int) -> list[str]:
        if self._languages is None or self._languages[0] != version:
            rows = await self._db.execute_fetchall(
                "SELECT DISTINCT language FROM translations WHERE NOT hidden ORDER BY language"
            )
            self._languages = (version, [row[0] for row in rows])
        return list(self._languages[1])

    async def count_posts(self) -> int:
        rows = await self._db.execute_fetchall("SELECT COUNT(*) FROM posts WHERE NOT hidden")
        return int(next(iter(rows))[0])

    async def latest_key(self) -> str | None:
        """The key of the newest post (by date, then key), ``None`` when the store is empty."""
        rows = list(
            await self._db.execute_fetchall(
                "SELECT key FROM posts WHERE NOT hidden"
                " ORDER BY date IS NULL, date DESC, key LIMIT 1"
            )
        )
        return str(rows[0][0]) if rows else None

    async def posts_page(self, offset: int, limit: int) -> list[PostListing]:
        """Posts newest first (undated last), ``limit`` from ``offset``, with all their titles."""
        posts = list(
            await self._db.execute_fetchall(
                "SELECT id, key, date FROM posts WHERE NOT hidden"
                " ORDER BY date IS NULL, date DESC, key LIMIT ? OFFSET ?",
                (limit, offset),
            )
        )
        if not posts:
            return []
        marks = ",".join("?" * len(posts))
        titles = await self._db.execute_fetchall(
            f"SELECT post_id, language, title, slug FROM translations"
            f" WHERE post_id IN ({marks}) AND NOT hidden ORDER BY language",
            [row[0] for row in posts],
        )
        listings = {post_id: PostListing(key, _date(date)) for post_id, key, date in posts}
        for post_id, language, title, slug in titles:
            listings[post_id].titles[language] = title
            listings[post_id].slugs[language] = slug
        return list(listings.values())

    async def match_titles(self, language: str, text: str, limit: int = 25) -> list[TitleMatch]:
        """Posts in ``language`` whose title (or key) contains ``text``, accent- and
        case-insensitively; prefix matches first, then by position, then newest.

        An empty ``text`` lists the newest posts. ``limit`` defaults to Discord's 25
        autocomplete choices.
        """
        needle = fold(text.strip())
        rows = await self._db.execute_fetchall(
            "SELECT p.key, t.title FROM translations t JOIN posts p ON p.id = t.post_id"
            " WHERE t.language = ? AND NOT t.hidden"
            " AND (t.title_folded LIKE ? ESCAPE '\\' OR p.key LIKE ? ESCAPE '\\')"
            " ORDER BY instr(t.title_folded, ?) = 0, instr(t.title_folded, ?),"
            " t.date IS NULL, t.date DESC, p.key LIMIT ?",
            (language, like_pattern(needle), like_pattern(needle), needle, needle, limit),
        )
        return [TitleMatch(key, title) for key, title in rows]

    @property
    def known_languages(self) -> list[str]:
        """The content languages as last read (no query; may lag a reload by one command)."""
        return list(self._languages[1]) if self._languages is not None else []

    async def title_choices(
        self,
        user_id: int,
        guild_id: int | None,
        steps: Sequence[str | None],
        text: str,
        limit: int = 25,
    ) -> list[TitleMatch] | None:
        """:meth:`match_titles` in one statement with the language chosen inside it: the
        first of ``steps[0]`` (the option), the user's saved language, the guild's, then
        ``steps[1:]`` (client locale, guild locale, default: already matched to the content
        languages). ``None`` when the content languages changed since :attr:`known_languages`
        (the caller decides again with the new ones)."""
        option, *rest = [*steps, None, None, None][:4]
        needle = fold(text.strip())
        rows = list(
            await self._db.execute_fetchall(
                "WITH lang AS (SELECT coalesce(?3,"
                " (SELECT language FROM user_preferences WHERE user_id = ?1),"
                " (SELECT language FROM guild_settings WHERE guild_id = ?2), ?4, ?5, ?6) AS tag,"
                " (SELECT data_version FROM pragma_data_version) AS version)"
                " SELECT version, NULL, NULL FROM lang"
                # titles that start with the text: a range of the autocomplete index ...
                " UNION ALL SELECT * FROM (SELECT NULL, p.key, t.title FROM lang"
                " JOIN translations t ON t.language = lang.tag AND NOT t.hidden"
                " AND t.title_folded >= ?8 AND t.title_folded < ?8 || char(1114111)"
                " JOIN posts p ON p.id = t.post_id"
                " ORDER BY t.date IS NULL, t.date DESC, p.key LIMIT ?9)"
                # ... then, only while fewer than ?9 did, titles or keys that contain it
                " UNION ALL SELECT * FROM (SELECT NULL, p.key, t.title FROM lang"
                " JOIN translations t ON t.language = lang.tag AND NOT t.hidden"
                " AND (t.title_folded LIKE ?7 ESCAPE '\\' OR t.post_id IN"
                "  (SELECT id FROM posts WHERE key LIKE ?7 ESCAPE '\\'))"
                " AND NOT (t.title_folded >= ?8 AND t.title_folded < ?8 || char(1114111))"
                " JOIN posts p ON p.id = t.post_id"
                " ORDER BY instr(t.title_folded, ?8) = 0, instr(t.title_folded, ?8),"
                " t.date IS NULL, t.date DESC, p.key LIMIT ?9)"
                " LIMIT ?9 + 1",
                (user_id, guild_id, option, *rest, like_pattern(needle), needle, limit),
            )
        )
        if self._languages is None or self._languages[0] != int(rows[0][0]):
            await self._content_languages(int(rows[0][0]))
            return None
        return [TitleMatch(key, title) for _, key, title in rows[1:]]

    async def search(
        self, query: str, *, language: str | None, prefer: str | None, limit: int = 10
    ) -> list[Hit]:
        """Full-text search (see :func:`bot.search.search`): one hit per post, best first."""
        return await search(self._db, query, language=language, prefer=prefer, limit=limit)

    async def best_keys(
        self, query: str, *, prefer: str | None, limit: int = 25
    ) -> list[TitleMatch]:
        """The best search hits as autocomplete entries (see :func:`bot.search.best_keys`)."""
        pairs = await best_keys(self._db, query, prefer=prefer, limit=limit)
        return [TitleMatch(key, title) for key, title in pairs]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _base(tag: str) -> str:
    """The base language of a BCP 47 tag, as :data:`_BASE` computes it in SQL."""
    return tag.split("-", 1)[0]


def _translation_or_none(row: tuple[object, ...]) -> Translation | None:
    """:func:`_translation`, or ``None`` when the row's links and keywords were not read."""
    return None if row[-2] is None else _translation(row)


def _translation(row: tuple[object, ...]) -> Translation:
    (_, key, language, slug, path, title, date, summary, image, images, headings,
     content_hash, links, keywords) = row  # fmt: skip
    return Translation(
        key=str(key), language=str(language), slug=str(slug), path=str(path),
        title=str(title), date=_date(date if isinstance(date, str) else None),
        summary=str(summary), keywords=tuple(json.loads(str(keywords))),
        image=str(image) if image else None,
        links=tuple(Link(text, url) for text, url in json.loads(str(links))),
        images=tuple(Image(alt, url) for alt, url in json.loads(str(images))),
        headings=tuple(json.loads(str(headings))), content_hash=str(content_hash),
    )  # fmt: skip
