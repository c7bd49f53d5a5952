"""Assembling the bot from settings: the one place resources are opened and closed.

``python -m bot run``, the offline console, the tests and the benchmarks all build the bot
through :func:`open_bot`, so they run the same code.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.client import PostBot
from bot.config import Settings
from bot.i18n import cldr
from bot.i18n.catalog import Catalogs
from bot.reloader import Reloader
from bot.store import Store


@contextlib.asynccontextmanager
async def open_bot(settings: Settings, **options: Any) -> AsyncIterator[PostBot]:
    """Open the store, make the reloader and catalogs, and yield a (not yet started) bot.

    ``options`` go to :class:`~bot.client.PostBot` (``reload_on_start``, ``reload_cooldown``)
    and on to discord.py (``guild_ready_timeout``...). Everything is closed on exit. Raises
    ``sqlite3.Error`` or :class:`~bot.store.SchemaTooNewError` when the store cannot open.
    """
    store = await Store.open(settings.database_path)
    reloader = Reloader(settings.posts_dir, settings.database_path, settings.site_url)
    try:
        # the CLDR data of every interface and content language, read in a child process so
        # that only the parts the bot uses stay in this one (see bot.i18n.cldr)
        languages = [*Catalogs.available(), *await store.content_languages()]
        await asyncio.to_thread(cldr.preload, [*languages, settings.default_language])
        bot = PostBot(settings, store, reloader, Catalogs.load(), **options)
        try:
            yield bot
        finally:
            if not bot.is_closed():
                await bot.close()
    finally:
        await reloader.close()
        await store.close()
