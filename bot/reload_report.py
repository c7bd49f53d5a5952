"""Reload bookkeeping: what reading one file produced (:class:`Outcome`) and what a whole
reload changed (:class:`ReloadReport`).

Both sit beside :mod:`bot.reloader`, above the content and search layers whose results they
carry. :class:`Outcome` is picklable: parse workers send it back to the bot's process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.content.model import Problem, Translation


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

    def absorb(self, other: ReloadReport) -> None:
        """Add what ``other`` (a later part of the same reload) changed and found."""
        self.added += other.added
        self.updated += other.updated
        self.removed += other.removed
        self.problems += other.problems
        self.kept.update(other.kept)

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
