"""A real SQLite file holding the sample content (``content/``) and its search index."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.reloader import Reloader
from bot.search.index import sync_index
from bot.store.connection import PRAGMAS, connect

SITE = "https://www.cambioml.com"
SAMPLE = Path(__file__).resolve().parents[2] / "content"


async def _load(database: Path) -> None:
    loader = Reloader(SAMPLE, database, SITE)
    try:
        report = await loader.reload()
    finally:
        await loader.close()
    assert report.problems == []


def build_database(database: Path) -> Path:
    """Load the sample content with the real reloader, then bring the search index up to date
    (a no-op once the writer indexes as it writes)."""
    asyncio.run(_load(database))
    connection = connect(database)
    try:
        connection.execute("BEGIN IMMEDIATE")
        sync_index(connection)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return database


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("search") / "db.sqlite3")


@pytest.fixture
async def db(sample_database: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await aiosqlite.connect(sample_database, isolation_level=None)
    for pragma in PRAGMAS:
        await connection.execute(pragma)
    try:
        yield connection
    finally:
        await connection.close()
