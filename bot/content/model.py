"""Plain values that the loader produces and the store keeps.

Everything here is immutable and picklable, because translations are parsed in worker
processes and sent back to the event loop's process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
    publish_at: dt.datetime | None = None
    """When the translation appears (UTC): front-matter ``publishDate``, else ``date``, as
    Hugo publishes (https://gohugo.io/content-management/front-matter/#dates); ``None``:
    always. A date without a time or offset counts in UTC."""
    expire_at: dt.datetime | None = None
    """When it disappears again (UTC): front-matter ``expiryDate``; ``None``: never."""


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

    @property
    def where(self) -> str:
        """``path:line``, or the path alone when the line is unknown."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


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
