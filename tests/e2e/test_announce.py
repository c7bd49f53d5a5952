"""/announce end to end: a post file written into the content folder is announced once, in
the configured language, in the chosen channel, with no command typed."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.app import open_bot
from bot.client import PostBot
from bot.config import Settings
from bot.emulator import Emulator, make_user
from tests.emulator_plugin import running
from tests.factories import post_file

EMBED_LINKS = 1 << 14
SEND_MESSAGES = 1 << 11
ADMIN = make_user("admin", locale="en-US", manage_guild=True)


@pytest.fixture
def following(settings: Settings) -> Settings:
    return dataclasses.replace(settings, content_watch=True, content_rescan_seconds=0)


@pytest_asyncio.fixture
async def bot(emulator: Emulator, following: Settings) -> AsyncIterator[PostBot]:
    async with open_bot(following, guild_ready_timeout=0.05) as started, running(started):
        assert started.startup_reload is not None
        await asyncio.wait_for(asyncio.shield(started.startup_reload), 10)
        await asyncio.sleep(0.3)  # the watch is set up
        yield started


def text(reply: Any) -> str:
    return str(reply.embeds[0].get("description", ""))


async def settle(emu: Emulator, channel_id: int, seconds: float = 1.0) -> list[dict[str, Any]]:
    """The channel's messages once nothing new came for ``seconds``."""
    await asyncio.sleep(seconds)
    return list(emu.channel_messages(channel_id))


async def test_a_new_post_is_announced_once_in_the_configured_language(
    emulator: Emulator, bot: PostBot, following: Settings
) -> None:
    channel = emulator.add_channel("blog")
    done = await emulator.invoke(
        "announce set", {"channel": channel.id, "language": "es"}, user=ADMIN
    )
    assert done.ephemeral and f"<#{channel.id}>" in text(done)
    post_file(following.content_dir, "en/fresh.md", "Fresh post", "2026-01-01")
    post_file(following.content_dir, "es/fresh.md", "Artículo nuevo", "2026-01-01")
    (message,) = await emulator.wait_for_messages(channel.id, 1, timeout=10)
    assert message["embeds"][0]["title"] == "Artículo nuevo"
    assert message["content"] == bot.catalogs.text("es", "announce.new-post")
    labels = [c.get("label") for row in message["components"] for c in row["components"]]
    assert bot.catalogs.text("es", "button.read-full-post") in labels
    assert message["allowed_mentions"]["parse"] == [] and not message["allowed_mentions"].get(
        "roles"
    )
    # an edit, a new translation and a reload do not announce it again
    post_file(following.content_dir, "sv/fresh.md", "Färsk", "2026-01-01")
    post_file(following.content_dir, "en/fresh.md", "Fresh post, edited", "2026-01-01")
    await bot.reloader.reload()
    assert len(await settle(emulator, channel.id)) == 1
    show = await emulator.invoke("announce show", user=ADMIN)
    assert "blog" in text(show) or f"<#{channel.id}>" in text(show)
    assert bot.catalogs.text("en", "announce.show.no-problem") in text(show)


async def test_a_restart_does_not_announce_again(
    emulator: Emulator, bot: PostBot, following: Settings
) -> None:
    channel = emulator.add_channel("news")
    await emulator.invoke("announce set", {"channel": channel.id}, user=ADMIN)
    post_file(following.content_dir, "en/once.md", "Once", "2026-01-01")
    await emulator.wait_for_messages(channel.id, 1, timeout=10)
    await bot.close()
    async with open_bot(following, guild_ready_timeout=0.05) as again, running(again):
        assert again.startup_reload is not None
        await asyncio.wait_for(asyncio.shield(again.startup_reload), 10)
        await again.reloader.reload()
        assert len(await settle(emulator, channel.id)) == 1


async def test_a_role_is_pinged_and_everyone_is_refused(
    emulator: Emulator, bot: PostBot, following: Settings
) -> None:
    channel = emulator.add_channel("pings")
    everyone = await emulator.invoke(
        "announce set", {"channel": channel.id, "role": emulator.default_guild.id}, user=ADMIN
    )
    assert text(everyone) == bot.catalogs.text("en", "error.everyone-role")
    role = emulator.add_role("readers")
    await emulator.invoke("announce set", {"channel": channel.id, "role": role.id}, user=ADMIN)
    for n in range(7):  # a burst: five messages, then one listing the rest
        post_file(following.content_dir, f"en/burst-{n}.md", f"Burst {n}", f"2026-02-0{n + 1}")
    messages = await emulator.wait_for_messages(channel.id, 6, timeout=10)
    assert len(await settle(emulator, channel.id)) == 6
    assert messages[0]["content"].startswith(f"<@&{role.id}>")
    assert messages[0]["allowed_mentions"]["roles"] == [str(role.id)] or messages[0][
        "allowed_mentions"
    ]["roles"] == [role.id]
    assert all(f"<@&{role.id}>" not in m["content"] for m in messages[1:])
    assert [m["embeds"][0]["title"] for m in messages[:5]] == [f"Burst {n}" for n in range(5)]
    listing = messages[5]["embeds"][0]
    assert listing["title"] == bot.catalogs.plural("en", "announce.more", 2)
    assert "Burst 5" in listing["description"] and "Burst 6" in listing["description"]


async def test_a_missing_permission_is_reported_and_never_stops_the_reload(
    emulator: Emulator, bot: PostBot, following: Settings
) -> None:
    channel = emulator.add_channel("locked", bot_deny=EMBED_LINKS)
    await emulator.invoke("announce set", {"channel": channel.id}, user=ADMIN)
    post_file(following.content_dir, "en/blocked.md", "Blocked", "2026-03-01")
    report = await bot.reloader.reload()
    assert report.problems == []
    await asyncio.sleep(0.5)
    assert emulator.channel_messages(channel.id) == []
    show = await emulator.invoke("announce show", user=ADMIN)
    assert "Embed Links" in text(show)
    assert (await emulator.invoke("post", {"post": "blocked"})).embeds[0]["title"] == "Blocked"
    await bot.reloader.reload()  # the retry fails too: given up and listed
    await asyncio.sleep(0.5)
    show = await emulator.invoke("announce show", user=ADMIN)
    assert "`blocked`" in text(show)


async def test_members_cannot_set_announcements(emulator: Emulator, bot: PostBot) -> None:
    channel = emulator.add_channel("blog")
    refused = await emulator.invoke(
        "announce set", {"channel": channel.id}, user=make_user("member", locale="en-US")
    )
    assert refused.ephemeral and text(refused) == bot.catalogs.text("en", "error.not-allowed")
    assert (await emulator.invoke("announce stop", user=ADMIN)).ephemeral
