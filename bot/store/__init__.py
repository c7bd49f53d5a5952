"""The SQLite store: schema and migrations, the content writer, queries and preferences."""

from bot.announce_records import AnnounceSettings, Claim
from bot.store.migrations import LATEST_VERSION, SchemaTooNewError
from bot.store.store import Context, PostListing, Store, TitleMatch
from bot.store.writer import ContentWriter, FileState

__all__ = [
    "LATEST_VERSION",
    "AnnounceSettings",
    "Claim",
    "ContentWriter",
    "Context",
    "FileState",
    "PostListing",
    "SchemaTooNewError",
    "Store",
    "TitleMatch",
]
