"""/post, /latest and the language menu, through the emulator."""

from __future__ import annotations

from bot.emulator import make_user
from tests.e2e.conftest import App


async def test_post_in_swedish_client(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=user)
    (embed,) = reply.embeds
    assert embed["title"] == "KDD 2024: Samtal med Amazon"
    assert embed["url"] == "https://www.cambioml.com/sv/blog/kdd-workshop-2024"
    assert embed["image"]["url"].startswith("https://www.cambioml.com/images/")
    assert not reply.ephemeral
    print(embed)
    print(reply.components)
