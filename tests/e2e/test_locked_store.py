"""A reload holding the write lock: reads keep answering, writes wait and defer in time."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot import interactions
from bot.emulator import make_user
from bot.store.connection import connect
from tests.e2e.conftest import App


async def test_preference_write_waits_for_the_lock_and_defers(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(interactions, "SLOW_AFTER", 0.1)
    holder: sqlite3.Connection = connect(app.settings.database_path)
    holder.execute("BEGIN IMMEDIATE")  # as ContentWriter.apply does during a reload
    try:
        user = make_user("ana", locale="en-US")
        setting = await app.emu.begin("language set", {"language": "sv"}, user=user)
        # reads are not stuck behind the waiting write
        post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=user)
        assert post.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
        assert post.elapsed < 1.0
        await asyncio.sleep(0.3)
    finally:
        holder.execute("COMMIT")
        holder.close()
    reply = await app.emu.wait_reply(setting, timeout=10)
    assert reply.interaction.callback_type == 5  # deferred, then edited
    assert reply.embeds[0]["description"] == "Klart, nu svarar jag på svenska."
    assert await app.bot.store.user_language(user.id) == "sv"
