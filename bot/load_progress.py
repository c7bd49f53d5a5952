"""A progress bar for a content load, shared by ``python -m bot check`` and the console.

A reload has two long phases: reading and parsing the changed files, then applying the
staged rows to the store. The second is followed through the ``on_apply_batch`` callback of
:meth:`bot.reloader.Reloader.reload`. The reloader offers no callback for the first, so it is
followed through the reloader's own progress log records ("loaded N of M files", logged at
most every ``progress_interval`` seconds): a :class:`logging.Handler` on the ``bot.reloader``
logger reads their ``(done, total)`` arguments. A record in another shape is ignored, so the
bar then only shows that the load is running.

The bar is a :class:`rich.progress.Progress` (https://rich.readthedocs.io/en/stable/progress.html),
drawn only on a terminal and removed when the load ends (``transient``). Its ``update`` takes
a lock, so the writer's thread and the event loop may both report.
"""

from __future__ import annotations

import logging
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

RELOADER_LOGGER = "bot.reloader"
"""The logger whose "loaded N of M files" records report the reading phase."""
PROGRESS_MESSAGE = "loaded %d of %d files"


class LoadProgress:
    """``with LoadProgress(console, "reading files") as progress:`` around a load.

    ``total`` is the number of files when known beforehand (a scan); otherwise the log
    records bring it. Pass :meth:`applied` as ``on_apply_batch``. The bar is drawn only when
    ``console`` is a terminal; the records are followed either way, so :attr:`last_moved`
    (the :func:`time.monotonic` time the load last advanced) tells a slow load from a stuck
    one. ``storing`` describes the second phase.
    """

    def __init__(
        self,
        console: Console,
        description: str,
        *,
        total: int | None = None,
        storing: str = "writing the store",
    ) -> None:
        self.total = total
        self.description = description
        self.storing = storing
        self.last_moved = time.monotonic()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=None),
            _Count(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task(description, total=total)
        self._handler = _RecordHandler(self)
        self._logger = logging.getLogger(RELOADER_LOGGER)
        self._saved_level = self._logger.level

    def __enter__(self) -> LoadProgress:
        self._saved_level = self._logger.level
        if not self._logger.isEnabledFor(logging.INFO):
            self._logger.setLevel(logging.INFO)  # root handlers still filter by their level
        self._logger.addHandler(self._handler)
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._logger.removeHandler(self._handler)
        self._logger.setLevel(self._saved_level)
        self._progress.stop()

    @property
    def state(self) -> tuple[str, float, float | None]:
        """The bar's description, count and total now."""
        task = self._progress.tasks[0]
        return task.description, task.completed, task.total

    def reading(self, done: int, total: int) -> None:
        """``done`` of ``total`` files read and parsed."""
        self.total = total
        self._update(done, total, self.description)

    def applied(self, rows: int) -> None:
        """The ``on_apply_batch`` callback: ``rows`` staged rows applied so far."""
        total = self.total if self.total is not None and self.total >= rows else None
        self._update(rows, total, self.storing)

    def _update(self, done: int, total: int | None, description: str) -> None:
        self.last_moved = time.monotonic()
        self._progress.update(self._task, completed=done, total=total, description=description)


class _Count(MofNCompleteColumn):
    """``done/total``, or nothing while the total is unknown (rather than ``0/?``)."""

    def render(self, task: Task) -> Text:
        return Text("") if task.total is None else super().render(task)


class _RecordHandler(logging.Handler):
    """Turns the reloader's "loaded N of M files" records into :meth:`LoadProgress.reading`."""

    def __init__(self, progress: LoadProgress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if record.msg == PROGRESS_MESSAGE and isinstance(args, tuple) and len(args) == 2:
            done, total = args
            if isinstance(done, int) and isinstance(total, int):
                self.progress.reading(done, total)
