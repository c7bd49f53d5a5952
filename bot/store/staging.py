"""The content writer's staging table: parse outcomes held until a reload applies them.

A reload stages each batch of :class:`~bot.reload_report.Outcome` values here as it is
parsed. The table is ``TEMP`` (connection-local, in its own temporary database: see "TEMP
Databases" in https://www.sqlite.org/tempfiles.html), so staging a large site never takes the
main database's write lock, and the table vanishes with the connection if the process dies.

This module owns the table and its row format: an outcome is one row with a JSON ``payload``
(:func:`encode`), decoded again when applied (:func:`decode_translation`,
:func:`decode_problem`). Applying the rows is :mod:`bot.store.writer`'s job.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator

from bot.content.model import Image, Link, Problem, Translation
from bot.reload_report import Outcome

StagedRow = tuple[str, int, int, str, str, str | None]
"""``(path, mtime_ns, size, content_hash, kind, payload)``; ``kind`` as in :class:`Outcome`."""

_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS staged (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT
)
"""


def create(db: sqlite3.Connection) -> None:
    """Create the staging table on ``db`` (an autocommit connection) if it is not there."""
    db.execute(_TABLE)


def clear(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM temp.staged")


def add(db: sqlite3.Connection, outcomes: Iterable[Outcome]) -> None:
    """Stage ``outcomes`` in one transaction on the temporary database (a later outcome for
    the same path replaces the earlier one)."""
    rows = [encode(outcome) for outcome in outcomes]
    db.execute("BEGIN")
    try:
        db.executemany("INSERT OR REPLACE INTO temp.staged VALUES (?, ?, ?, ?, ?, ?)", rows)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def paths(db: sqlite3.Connection, kind: str) -> list[str]:
    """The staged paths whose outcome is ``kind`` (e.g. ``"gone"``)."""
    return [row[0] for row in db.execute("SELECT path FROM temp.staged WHERE kind = ?", (kind,))]


def batches(db: sqlite3.Connection, size: int) -> Iterator[list[StagedRow]]:
    """Every staged row in path order, ``size`` rows at a time (bounded memory)."""
    last = ""
    while True:
        batch: list[StagedRow] = db.execute(
            "SELECT path, mtime_ns, size, content_hash, kind, payload FROM temp.staged"
            " WHERE path > ? ORDER BY path LIMIT ?",
            (last, size),
        ).fetchall()
        if not batch:
            return
        yield batch
        last = batch[-1][0]


# -- the row format ----------------------------------------------------------------------


def encode(outcome: Outcome) -> StagedRow:
    """The staging row of ``outcome``: a translation (with its precomputed search document)
    or a problem as JSON, a skip reason as plain text, nothing for the other kinds."""
    payload: str | None = outcome.reason
    if outcome.translation is not None:
        fields = _translation_fields(outcome.translation)
        fields["search"] = list(outcome.search) if outcome.search is not None else None
        payload = json.dumps(fields, ensure_ascii=False)
    elif outcome.problem is not None:
        problem = outcome.problem
        payload = json.dumps(
            [problem.reason, problem.line, problem.code, [list(p) for p in problem.params]],
            ensure_ascii=False,
        )
    o = outcome
    return (o.path, o.mtime_ns, o.size, o.content_hash, o.kind, payload)


def _translation_fields(t: Translation) -> dict[str, object]:
    return {
        "key": t.key,
        "language": t.language,
        "slug": t.slug,
        "path": t.path,
        "title": t.title,
        "date": t.date.isoformat() if t.date else None,
        "publish_at": utc_text(t.publish_at),
        "expire_at": utc_text(t.expire_at),
        "summary": t.summary,
        "keywords": list(t.keywords),
        "image": t.image,
        "links": [[link.text, link.url] for link in t.links],
        "images": [[image.alt, image.url] for image in t.images],
        "headings": list(t.headings),
        "text": t.text,
        "content_hash": t.content_hash,
    }


def decode_translation(payload: str | None) -> tuple[Translation, list[str] | None]:
    """A staged translation and its precomputed search document (if any)."""
    data = json.loads(payload or "{}")
    return Translation(
        key=data["key"],
        language=data["language"],
        slug=data["slug"],
        path=data["path"],
        title=data["title"],
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        summary=data["summary"],
        keywords=tuple(data["keywords"]),
        image=data["image"],
        links=tuple(Link(text, url) for text, url in data["links"]),
        images=tuple(Image(alt, url) for alt, url in data["images"]),
        headings=tuple(data["headings"]),
        text=data["text"],
        content_hash=data["content_hash"],
        publish_at=utc_moment(data.get("publish_at")),
        expire_at=utc_moment(data.get("expire_at")),
    ), data.get("search")


def utc_text(moment: dt.datetime | None) -> str | None:
    """An aware datetime as the store keeps it: UTC, ``YYYY-MM-DDTHH:MM:SS`` (text that sorts
    in time order, so SQL compares it with ``<``)."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def utc_moment(text: str | None) -> dt.datetime | None:
    """The inverse of :func:`utc_text`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC) if text else None


def decode_problem(path: str, payload: str | None) -> Problem:
    """A staged problem (reason, line, catalog code and its parameters)."""
    reason, line, code, params = json.loads(payload or '["unknown problem", null, "", []]')
    return Problem(path, reason, line, code, tuple((str(k), str(v)) for k, v in params))
