"""Plain values that the loader produces and the store keeps.

Everything here is immutable and picklable, because translations are parsed in worker
processes and sent back to the event loop's process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """A link in a post's body: its visible text and its absolute URL."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Image:
    """An image in a post's body: its alt text and its absolute URL."""

    alt: str
    url: str


@dataclass(frozen=True, slots=True)
class Translation:
    """One post in one language: the content of one Markdown file.

    ``key`` is the post's identity shared by all its translations (the file name without
    extension, or front-matter ``translationKey``); users know it as the post's slug.
    ``language`` is a normalized BCP 47 tag (``es``, ``pt-BR``, ``zh-Hant``).
    ``slug`` is the URL slug of this translation (front-matter ``slug``, else the key).
    ``path`` is relative to CONTENT_DIR, with ``/`` separators.
    ``image`` and every URL in ``links``/``images`` are absolute http(s) URLs.
    ``text`` is the body as plain text (for search); ``content_hash`` is the hex SHA-256
    of the file's bytes.
    """

    key: str
    language: str
    slug: str
    path: str
    title: str
    date: dt.date | None
    summary: str
    keywords: tuple[str, ...] = ()
    image: str | None = None
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    headings: tuple[str, ...] = ()
    text: str = ""
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file could not be loaded: its path (relative to CONTENT_DIR), the line when
    known (1-based), and a reason meant for a content author."""

    path: str
    reason: str
    line: int | None = None
    code: str = ""
    """A stable id of the kind of problem (``bad-date``); the reload report shows the
    catalog's ``problem.<code>`` text in the admin's language, else ``reason``."""
    params: tuple[tuple[str, str], ...] = ()
    """Values for the catalog text's placeholders, as ``(name, value)`` pairs."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A Markdown file that is deliberately not a post (a draft, Hugo's ``_index.md``)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A candidate file found under CONTENT_DIR, before it is read."""

    path: str
    mtime_ns: int
    size: int


@dataclass(slots=True)
class ReloadReport:
    """What a reload changed, as ``(key, language)`` pairs, and which files are broken.

    ``kept`` maps the path of each file that failed this time but whose last good version
    keeps serving to that version's ``(key, language)``. ``parsed`` counts files read and
    parsed; ``unchanged`` counts files skipped because their modification time, size or hash
    had not changed.
    """

    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)
    parsed: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading one changed file produced, ready to be staged by the store's writer.

    ``kind`` is ``"ok"`` (``translation`` set), ``"problem"`` (``problem`` set),
    ``"skipped"`` (a draft, a section file or not a post: ``reason`` set), ``"unchanged"``
    (the bytes hash to the known hash: only the modification time moved) or ``"gone"``
    (deleted between the scan and the read).
    """

    path: str
    mtime_ns: int
    size: int
    content_hash: str
    kind: str
    translation: Translation | None = None
    problem: Problem | None = None
    reason: str | None = None
    search: tuple[str, ...] | None = None
    """The translation's search index row, analyzed in the worker (see
    :func:`bot.search.search_document`)."""
