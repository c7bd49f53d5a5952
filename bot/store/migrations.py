"""Numbered schema migrations, applied in order, each in its own transaction.

The applied versions are recorded in ``schema_migrations``. A database written by a newer
release (a version this code does not know) is refused with :class:`SchemaTooNewError` rather
than touched. Never edit a released migration: add a new one, so that files created by every
earlier release migrate forward without losing user preferences or guild settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer postbot; this release will not open it."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: ``version`` (1, 2, ...), a short ``name`` and its SQL script."""

    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "content and preferences",
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            date TEXT
        );
        CREATE INDEX posts_by_date ON posts (date DESC, key);

        CREATE TABLE translations (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            language TEXT NOT NULL,
            slug TEXT NOT NULL,
            path TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            title_folded TEXT NOT NULL,
            date TEXT,
            summary TEXT NOT NULL,
            image TEXT,
            images TEXT NOT NULL DEFAULT '[]',
            headings TEXT NOT NULL DEFAULT '[]',
            body_text TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            UNIQUE (post_id, language),
            UNIQUE (language, slug)
        );
        CREATE INDEX translations_by_language_title ON translations (language, title_folded);

        CREATE TABLE links (
            translation_id INTEGER NOT NULL REFERENCES translations (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            url TEXT NOT NULL,
            PRIMARY KEY (translation_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE keywords (
            translation_id INTEGER NOT NULL REFERENCES translations (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            keyword TEXT NOT NULL,
            PRIMARY KEY (translation_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE user_preferences (
            user_id INTEGER PRIMARY KEY,
            language TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            language TEXT,
            updated_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "source file states for incremental reloads",
        """
        CREATE TABLE source_files (
            path TEXT PRIMARY KEY,
            mtime_ns INTEGER NOT NULL,
            size INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'problem', 'skipped')),
            problem TEXT,
            line INTEGER
        );
        """,
    ),
    Migration(
        3,
        "full-text search index",
        # Written by bot.search.index (Python analysis: stems, CJK bigrams), so nothing is
        # backfilled here; bot.search.index.sync_index indexes the content already present.
        # Columns 0-3 hold the unstemmed text (snippet() highlights the body), 4-7 the analyzed
        # terms; rowid = translations.id. The tokenizer must match bot.search.analyze.TOKENIZER.
        """
        CREATE VIRTUAL TABLE search_index USING fts5 (
            title, keywords, headings, body,
            terms_title, terms_keywords, terms_headings, terms_body,
            tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
        );

        CREATE TABLE search_indexed (
            translation_id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL,
            analyzer INTEGER NOT NULL
        );

        CREATE TRIGGER translations_unindex AFTER DELETE ON translations BEGIN
            DELETE FROM search_index WHERE rowid = old.id;
            DELETE FROM search_indexed WHERE translation_id = old.id;
        END;
        """,
    ),
    Migration(
        4,
        "store metadata: what the stored content was parsed with",
        """
        CREATE TABLE store_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    ),
    Migration(
        5,
        "covering index for title autocomplete",
        """
        CREATE INDEX translations_for_autocomplete
            ON translations (language, title_folded, date, post_id, title);
        DROP INDEX translations_by_language_title;
        """,
    ),
    Migration(
        6,
        "publish and expiry dates: hidden translations and posts",
        # publish_at/expire_at: UTC, 'YYYY-MM-DDTHH:MM:SS' (sorts in time order). hidden is
        # kept by bot.store.writer.ContentWriter.refresh_visibility, after every reload and
        # whenever a publish or expiry time passes; every read filters on it.
        """
        ALTER TABLE translations ADD COLUMN publish_at TEXT;
        ALTER TABLE translations ADD COLUMN expire_at TEXT;
        ALTER TABLE translations ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE posts ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        DROP INDEX translations_for_autocomplete;
        CREATE INDEX translations_for_autocomplete
            ON translations (language, title_folded, hidden, date, post_id, title);
        """,
    ),
    Migration(
        7,
        "announcements: per-server settings and the posts each server was told of",
        # announcements.state: 'existing' (there when /announce set ran: never announced),
        # 'sending' (claimed, written before the message is sent), 'sent', 'retry' (the first
        # send failed; tried once more on the next reload), 'failed' (given up).
        """
        CREATE TABLE announce_settings (
            guild_id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            language TEXT,
            role_id INTEGER,
            last_problem TEXT,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE announcements (
            guild_id INTEGER NOT NULL,
            post_key TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('existing', 'sending', 'sent', 'retry', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (guild_id, post_key)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        8,
        "post bodies out of the translations rows",
        # A 16 KB body_text in the middle of every translations row made SQLite walk its
        # overflow pages to reach the columns after it (content_hash, and publish_at,
        # expire_at and hidden, which ALTER TABLE put last) on every read of a row: the
        # bodies move to a table of their own and translations.body_text stays empty
        # (https://www.sqlite.org/fileformat2.html#record_format).
        """
        CREATE TABLE translation_bodies (
            translation_id INTEGER PRIMARY KEY
                REFERENCES translations (id) ON DELETE CASCADE,
            body_text TEXT NOT NULL
        );
        INSERT INTO translation_bodies (translation_id, body_text)
            SELECT id, body_text FROM translations;
        UPDATE translations SET body_text = '';
        """,
    ),
    Migration(
        9,
        "a small full-text index of titles, keywords and headings",
        # A search for a common word found its title matches through search_index, whose
        # doclist for the word covers every body that holds it; a column filter still walks
        # all of it (https://sqlite.org/fts5.html#column_filters), and bm25() counts every
        # row of every phrase. Titles, keywords and headings get an index of their own,
        # written with search_index (bot.search.index).
        """
        CREATE VIRTUAL TABLE search_headlines USING fts5 (
            title, keywords, headings, terms_title, terms_keywords, terms_headings,
            tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
        );
        INSERT INTO search_headlines (rowid, title, keywords, headings, terms_title,
                terms_keywords, terms_headings)
            SELECT rowid, title, keywords, headings, terms_title, terms_keywords,
                terms_headings FROM search_index;
        DROP TRIGGER translations_unindex;
        CREATE TRIGGER translations_unindex AFTER DELETE ON translations BEGIN
            DELETE FROM search_index WHERE rowid = old.id;
            DELETE FROM search_headlines WHERE rowid = old.id;
            DELETE FROM search_indexed WHERE translation_id = old.id;
        END;
        """,
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""


def current_version(connection: sqlite3.Connection) -> int:
    """The highest applied migration, 0 for a new file."""
    connection.execute(_BOOKKEEPING)
    row = connection.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(
    connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Apply every migration newer than the file's version; return the versions applied.

    ``connection`` must be in autocommit mode (``isolation_level=None``). Each migration
    runs in one ``BEGIN IMMEDIATE`` transaction with its bookkeeping row, so a crash leaves
    the file at the previous version. Raises :class:`SchemaTooNewError` when the file is
    newer than ``migrations``.
    """
    known = migrations[-1].version if migrations else 0
    version = current_version(connection)
    if version > known:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this release supports "
            f"({known}); upgrade postbot or use another DATABASE_PATH"
        )
    applied = []
    for migration in migrations:
        if migration.version <= version:
            continue
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migration.sql):
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                (migration.version, migration.name),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        applied.append(migration.version)
    return applied


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would COMMIT)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
