"""/posts: pages newest first, buttons only for the invoker, expiring."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.emulator import make_user
from tests.e2e.conftest import App
from tests.factories import post_file


@pytest.fixture
def content(content: Path) -> Path:
    for n in range(14):
        post_file(content, f"sv/extra-{n:02}.md", f"Extra inlägg {n:02}", f"2023-01-{n + 1:02}")
    return content


def lines(reply: object) -> list[str]:
    return str(reply.embeds[0]["description"]).splitlines()  # type: ignore[attr-defined]


def button(reply: object, label: str) -> dict[str, object]:
    for row in reply.components:  # type: ignore[attr-defined]
        for component in row["components"]:
            if component.get("label") == label:
                return dict(component)
    raise AssertionError(f"no button {label!r}")


async def test_pages_newest_first_in_the_users_language(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    first = await app.emu.invoke("posts", user=user)
    assert first.embeds[0]["title"] == "Blogginlägg"
    assert first.embeds[0]["footer"]["text"] == "Sida 1 av 2"
    assert len(lines(first)) == 10
    assert "Samtal med Amazon" in "\n".join(lines(first))  # the Swedish title
    assert button(first, "Föregående")["disabled"] is True

    second = await app.emu.click(first, str(button(first, "Nästa")["custom_id"]), user=user)
    assert second.type == 7
    assert second.embeds[0]["footer"]["text"] == "Sida 2 av 2"
    assert "Extra inlägg 00" in lines(second)[-1]  # the oldest post comes last
    assert button(second, "Nästa")["disabled"] is True


async def test_only_the_invoker_can_turn_pages(app: App) -> None:
    owner = make_user("owner", locale="en-US")
    first = await app.emu.invoke("posts", user=owner)
    intruder = make_user("intruder", locale="es-ES")
    refused = await app.emu.click(first, str(button(first, "Next")["custom_id"]), user=intruder)
    assert refused.ephemeral
    assert "otra persona" in refused.embeds[0]["description"]  # in the intruder's language


async def test_buttons_expire(app: App) -> None:
    app.bot.get_cog("PostsCog").pager_timeout = 0.1  # type: ignore[union-attr]
    user = make_user("owner", locale="en-US")
    first = await app.emu.invoke("posts", user=user)
    await asyncio.sleep(0.4)
    assert first.message is not None
    stored = app.emu.state.messages[int(first.message["id"])]
    disabled = [c["disabled"] for row in stored["components"] for c in row["components"]]
    assert disabled and all(disabled)
