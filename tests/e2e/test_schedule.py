"""Posts before their publish time or after their expiry are hidden, then appear on time."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from bot.emulator import make_user
from tests.e2e.conftest import App
from tests.factories import post_file


def stamp(seconds: float) -> str:
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return moment.replace(microsecond=0).isoformat()


async def visible(app: App, key: str) -> bool:
    reply = await app.emu.invoke("post", {"post": key})
    return not reply.ephemeral


async def test_a_future_post_appears_on_time_without_a_reload(app: App) -> None:
    publish = stamp(3)
    post_file(
        app.content, "en/soon.md", "Coming soon", "2025-01-01",
        body="Scheduled words about zeppelins.", extra=f"publishDate: '{publish}'\n",
    )  # fmt: skip
    post_file(
        app.content, "en/gone.md", "Gone soon", "2025-01-01",
        body="Expiring words about zeppelins.", extra=f"expiryDate: '{stamp(3)}'\n",
    )  # fmt: skip
    post_file(app.content, "en/expired.md", "Long gone", "2025-01-01",
              extra="expirydate: 2020-01-01\n")  # fmt: skip
    report = await app.bot.reloader.reload()
    assert ("soon", "en") in report.added and report.problems == []

    assert not await visible(app, "soon") and not await visible(app, "expired")
    assert await visible(app, "gone")
    user = make_user("reader", locale="en-US")
    choices = await app.emu.autocomplete("post", {"post": "Coming"}, "post", user=user)
    assert all(choice["value"] != "soon" for choice in choices)
    found = await app.emu.invoke("search", {"query": "zeppelins"}, user=user)
    assert "Coming soon" not in str(found.embeds[0]) and "Gone soon" in str(found.embeds[0])
    listing = await app.emu.invoke("posts", user=user)
    assert "Coming soon" not in str(listing.embeds[0]) and "Long gone" not in str(listing.embeds[0])

    started = time.monotonic()
    while not await visible(app, "soon"):
        assert time.monotonic() - started < 10
        await asyncio.sleep(0.2)
    assert not await visible(app, "gone")  # expired at the same moment, without a reload
    latest = await app.emu.invoke("latest", user=user)
    assert latest.embeds[0]["title"] != "Gone soon"
