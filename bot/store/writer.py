"""The store's write side for content: stage parsed files, then swap them in atomically.

A reload first *stages* outcomes in a TEMP table (:mod:`bot.store.staging`: connection-local, so
parsing a large site never holds the database's write lock and user preferences can be saved
meanwhile), then :meth:`ContentWriter.apply` replaces the changed content in one
``BEGIN IMMEDIATE`` transaction (https://www.sqlite.org/lang_transaction.html). If the process
dies at any point, the previous content is intact: the staging table vanishes with the
connection and a transaction that did not commit is rolled back
(https://www.sqlite.org/wal.html).

The writer is synchronous (plain ``sqlite3``): the reloader runs all of its calls on one
dedicated thread, so its Python work never runs on the event loop.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.content.model import Problem, Translation
from bot.reload_report import Outcome, ReloadReport
from bot.search import index_translation, sync_index
from bot.store import staging
from bot.store.connection import connect
from bot.store.migrations import migrate
from bot.store.staging import StagedRow, decode_problem, decode_translation
from bot.text import fold

APPLY_BATCH = 32


@dataclass(frozen=True, slots=True)
class FileState:
    """What the store remembers of a source file from the last reload."""

    mtime_ns: int
    size: int
    content_hash: str
    status: str


class ContentWriter:
    """Stages and applies content changes on its own connection to ``path``.

    Not thread-safe: call it from one thread. Raises ``sqlite3.Error`` on database failures;
    :meth:`apply` then leaves the previous content in place.
    """

    def __init__(self, path: Path | str) -> None:
        self._db = connect(path, check_same_thread=False)
        migrate(self._db)
        staging.create(self._db)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            sync_index(self._db)  # backfills a file migrated from before the search index
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def file_states(self) -> dict[str, FileState]:
        """Every source file seen by the last successful reload, by relative path."""
        rows = self._db.execute(
            "SELECT path, mtime_ns, size, content_hash, status FROM source_files"
        )
        return {row[0]: FileState(row[1], row[2], row[3], row[4]) for row in rows}

    def fingerprint(self) -> str | None:
        """What the stored content was parsed with (see :meth:`apply`), ``None`` if unknown."""
        row = self._db.execute(
            "SELECT value FROM store_meta WHERE name = 'content_fingerprint'"
        ).fetchone()
        return None if row is None else str(row[0])

    def reset_staging(self) -> None:
        staging.clear(self._db)

    def stage(self, outcomes: Iterable[Outcome]) -> None:
        """Add outcomes to the staging table (no lock on the main database)."""
        staging.add(self._db, outcomes)

    def apply(
        self,
        gone: Sequence[str],
        *,
        on_batch: Callable[[int], None] | None = None,
        fingerprint: str | None = None,
    ) -> ReloadReport:
        """Swap the staged outcomes in and drop ``gone`` paths, in one transaction.

        ``on_batch(n)`` is called after every batch of staged rows applied (for progress and
        for the killed-reload test). ``fingerprint`` (parser version and SITE_URL) is saved
        with the content, so a reload can tell that unchanged files must be parsed again.
        Returns what changed; ``parsed``/``unchanged`` are left for the caller to fill in.
        """
        report = ReloadReport()
        touched: set[int] = set()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            # files deleted before the scan (``gone``) or between the scan and the read
            for path in [*gone, *staging.paths(self._db, "gone")]:
                self._remove_path(path, report, touched)
                self._db.execute("DELETE FROM source_files WHERE path = ?", (path,))
            for path in self._changed_identity():
                self._remove_path(path, report, touched)
            done = 0
            for batch in staging.batches(self._db, APPLY_BATCH):
                for row in batch:
                    self._apply_row(row, report, touched)
                done += len(batch)
                if on_batch is not None:
                    on_batch(done)
            self._finish_posts(touched)
            if fingerprint is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO store_meta (name, value)"
                    " VALUES ('content_fingerprint', ?)",
                    (fingerprint,),
                )
            staging.clear(self._db)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return report

    def apply_now(
        self, outcomes: Iterable[Outcome], *, on_batch: Callable[[int], None] | None = None
    ) -> ReloadReport:
        """Stage ``outcomes`` and apply them at once, in their own transaction: how a first
        load fills an empty store while the rest is still being parsed (there is no earlier
        content to keep serving, so nothing waits for the whole reload)."""
        staging.clear(self._db)
        staging.add(self._db, outcomes)
        return self.apply([], on_batch=on_batch)

    def set_fingerprint(self, fingerprint: str) -> None:
        """Record what the stored content was parsed with (after a first load ends)."""
        self._db.execute(
            "INSERT OR REPLACE INTO store_meta (name, value) VALUES ('content_fingerprint', ?)",
            (fingerprint,),
        )

    def _changed_identity(self) -> list[str]:
        """Paths whose new version names another post key, language or URL slug.

        Their old rows go first, so that files swapping keys or slugs in one reload do not
        see each other's old rows as duplicates.
        """
        rows = self._db.execute(
            "SELECT s.path FROM temp.staged s JOIN translations t ON t.path = s.path"
            " JOIN posts p ON p.id = t.post_id WHERE s.kind = 'ok' AND ("
            " p.key != json_extract(s.payload, '$.key')"
            " OR t.language != json_extract(s.payload, '$.language')"
            " OR t.slug != json_extract(s.payload, '$.slug'))"
        )
        return [row[0] for row in rows]

    # -- one staged row ----------------------------------------------------------------

    def _apply_row(self, row: StagedRow, report: ReloadReport, touched: set[int]) -> None:
        path, mtime_ns, size, content_hash, kind, payload = row
        if kind == "gone":
            return
        if kind == "unchanged":
            self._db.execute(
                "UPDATE source_files SET mtime_ns = ?, size = ? WHERE path = ?",
                (mtime_ns, size, path),
            )
            return
        if kind == "skipped":
            self._remove_path(path, report, touched)
            self._record(path, mtime_ns, size, content_hash, "skipped", payload, None)
            return
        if kind == "problem":
            problem = decode_problem(path, payload)
            self._report_problem(problem, report)
            self._record(
                path, mtime_ns, size, content_hash, "problem", problem.reason, problem.line
            )
            return
        translation, document = decode_translation(payload)
        conflict = self._conflict(translation)
        if conflict is not None:
            self._report_problem(conflict, report)
            self._record(path, mtime_ns, size, content_hash, "problem", conflict.reason, None)
            return
        self._upsert(translation, report, touched, document)
        self._record(path, mtime_ns, size, content_hash, "ok", None, None)

    def _report_problem(self, problem: Problem, report: ReloadReport) -> None:
        report.problems.append(problem)
        kept = self._db.execute(
            "SELECT p.key, t.language FROM translations t JOIN posts p ON p.id = t.post_id"
            " WHERE t.path = ?",
            (problem.path,),
        ).fetchone()
        if kept is not None:
            report.kept[problem.path] = (kept[0], kept[1])

    def _record(
        self,
        path: str,
        mtime_ns: int,
        size: int,
        content_hash: str,
        status: str,
        problem: str | None,
        line: int | None,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO source_files"
            " (path, mtime_ns, size, content_hash, status, problem, line)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, mtime_ns, size, content_hash, status, problem, line),
        )

    def _conflict(self, translation: Translation) -> Problem | None:
        """Why ``translation`` clashes with a translation loaded from another file, if it does:
        the same post in the same language, or the same URL slug in the same language."""
        t = translation
        checks = (
            ("SELECT t.path FROM translations t JOIN posts p ON p.id = t.post_id"
             " WHERE p.key = ? AND t.language = ? AND t.path != ?",
             (t.key, t.language, t.path), "duplicate-post",
             f"duplicate: post {t.key!r} in language {t.language!r} is already loaded from",
             ("post", t.key)),
            ("SELECT path FROM translations WHERE slug = ? AND language = ? AND path != ?",
             (t.slug, t.language, t.path), "duplicate-slug",
             f"duplicate: URL slug {t.slug!r} in language {t.language!r} is already used by",
             ("slug", t.slug)),
        )  # fmt: skip
        for query, params, code, reason, named in checks:
            row = self._db.execute(query, params).fetchone()
            if row is not None:
                return Problem(
                    t.path, f"{reason} {row[0]}", code=code,
                    params=(named, ("language", t.language), ("other", row[0])),
                )  # fmt: skip
        return None

    def _upsert(
        self,
        t: Translation,
        report: ReloadReport,
        touched: set[int],
        document: Sequence[str] | None = None,
    ) -> None:
        self._db.execute("INSERT OR IGNORE INTO posts (key) VALUES (?)", (t.key,))
        post_id = self._db.execute("SELECT id FROM posts WHERE key = ?", (t.key,)).fetchone()[0]
        touched.add(post_id)
        existing = self._db.execute(
            "SELECT id, post_id, language, content_hash FROM translations WHERE path = ?",
            (t.path,),
        ).fetchone()
        if existing is not None and (existing[1], existing[2]) != (post_id, t.language):
            self._remove_path(t.path, report, touched)
            existing = None
        values = (
            post_id,
            t.language,
            t.slug,
            t.path,
            t.title,
            fold(t.title),
            t.date.isoformat() if t.date else None,
            t.summary,
            t.image,
            json.dumps([[i.alt, i.url] for i in t.images], ensure_ascii=False),
            json.dumps(list(t.headings), ensure_ascii=False),
            "",  # body_text: the body lives in translation_bodies (migration 8)
            t.content_hash,
            staging.utc_text(t.publish_at),
            staging.utc_text(t.expire_at),
        )
        if existing is None:
            cursor = self._db.execute(
                "INSERT INTO translations (post_id, language, slug, path, title, title_folded,"
                " date, summary, image, images, headings, body_text, content_hash,"
                " publish_at, expire_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            translation_id = int(cursor.lastrowid or 0)
            report.added.append((t.key, t.language))
        else:
            translation_id = existing[0]
            self._db.execute(
                "UPDATE translations SET post_id = ?, language = ?, slug = ?, path = ?,"
                " title = ?, title_folded = ?, date = ?, summary = ?, image = ?, images = ?,"
                " headings = ?, body_text = ?, content_hash = ?, publish_at = ?, expire_at = ?"
                " WHERE id = ?",
                (*values, translation_id),
            )
            if existing[3] != t.content_hash:
                report.updated.append((t.key, t.language))
        self._db.execute(
            "INSERT OR REPLACE INTO translation_bodies (translation_id, body_text) VALUES (?, ?)",
            (translation_id, t.text),
        )
        self._write_details(translation_id, t, document, replace=existing is not None)

    def _write_details(
        self,
        translation_id: int,
        t: Translation,
        document: Sequence[str] | None,
        *,
        replace: bool,
    ) -> None:
        """A translation's rows beside its own: links, keywords and its search index row."""
        if replace:
            self._db.execute("DELETE FROM links WHERE translation_id = ?", (translation_id,))
            self._db.execute("DELETE FROM keywords WHERE translation_id = ?", (translation_id,))
        self._db.executemany(
            "INSERT INTO links (translation_id, position, text, url) VALUES (?, ?, ?, ?)",
            [(translation_id, n, link.text, link.url) for n, link in enumerate(t.links)],
        )
        self._db.executemany(
            "INSERT INTO keywords (translation_id, position, keyword) VALUES (?, ?, ?)",
            [(translation_id, n, keyword) for n, keyword in enumerate(t.keywords)],
        )
        index_translation(self._db, translation_id, t, document)

    def _remove_path(self, path: str, report: ReloadReport, touched: set[int]) -> None:
        row = self._db.execute(
            "SELECT t.id, t.post_id, p.key, t.language FROM translations t"
            " JOIN posts p ON p.id = t.post_id WHERE t.path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return
        self._db.execute("DELETE FROM translations WHERE id = ?", (row[0],))
        touched.add(row[1])
        report.removed.append((row[2], row[3]))

    def _finish_posts(self, touched: set[int]) -> None:
        """Drop posts left without translations and refresh each touched post's date."""
        ids = [(post_id,) for post_id in touched]
        self._db.executemany(
            "DELETE FROM posts WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM translations WHERE post_id = posts.id)",
            ids,
        )
        self._refresh_visibility(staging.utc_text(dt.datetime.now(dt.UTC)) or "")

    def refresh_visibility(self, now: dt.datetime) -> bool:
        """Hide what is before its publish time or past its expiry at ``now`` (aware) and
        show the rest, in its own transaction; returns whether anything changed."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            changed = self._refresh_visibility(staging.utc_text(now) or "")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return changed

    def _refresh_visibility(self, now: str) -> bool:
        hidden = "(coalesce(publish_at > ?1, 0) OR coalesce(expire_at <= ?1, 0))"
        flipped = self._db.execute(
            f"UPDATE translations SET hidden = {hidden} WHERE hidden != {hidden}", (now,)
        ).rowcount
        # a post is hidden when every translation is; its date is its newest visible one
        self._db.execute(
            "UPDATE posts SET"
            " hidden = NOT EXISTS (SELECT 1 FROM translations t"
            "  WHERE t.post_id = posts.id AND NOT t.hidden),"
            " date = (SELECT MAX(date) FROM translations t"
            "  WHERE t.post_id = posts.id AND NOT t.hidden)"
        )
        return flipped > 0

    def next_change(self, now: dt.datetime) -> dt.datetime | None:
        """The next publish or expiry time after ``now``, when visibility changes again."""
        moment = staging.utc_text(now)
        row = self._db.execute(
            "SELECT min(x) FROM (SELECT min(publish_at) AS x FROM translations"
            " WHERE publish_at > ?1 UNION ALL SELECT min(expire_at) FROM translations"
            " WHERE expire_at > ?1)",
            (moment,),
        ).fetchone()
        return staging.utc_moment(row[0]) if row and row[0] else None
