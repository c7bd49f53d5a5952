"""Full-text search over the loaded posts, in every content language (SQLite FTS5).

:mod:`bot.search.analyze` turns text into terms, :mod:`bot.search.index` writes the index
inside the content writer's transaction, :mod:`bot.search.query` searches it.
"""

from bot.search.index import (
    index_translation,
    reindex_all,
    search_document,
    sync_index,
    unindex_translation,
)
from bot.search.query import Hit, best_keys, build_match, search

__all__ = [
    "Hit",
    "best_keys",
    "build_match",
    "index_translation",
    "reindex_all",
    "search",
    "search_document",
    "sync_index",
    "unindex_translation",
]
