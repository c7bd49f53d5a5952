"""Opening the SQLite file: one place for the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode with WAL, foreign keys and a busy timeout.

    Creates the parent folder. Transactions are explicit (``BEGIN IMMEDIATE`` ... ``COMMIT``).
    Raises ``sqlite3.Error`` when the file cannot be opened.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread)
    configure(connection)
    return connection


PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA temp_store = FILE",
)


def configure(connection: sqlite3.Connection) -> None:
    """Apply :data:`PRAGMAS` to an open connection."""
    for pragma in PRAGMAS:
        connection.execute(pragma)
