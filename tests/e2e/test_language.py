"""/language set|show|reset|server: per-user and per-server choices, ephemeral replies."""

from __future__ import annotations

from bot.emulator import make_user
from tests.e2e.conftest import OWNER_ID, App


def text(reply: object) -> str:
    return str(reply.embeds[0]["description"])  # type: ignore[attr-defined]


async def test_set_show_reset(app: App) -> None:
    user = make_user("ana", locale="en-US")
    reply = await app.emu.invoke("language set", {"language": "sv"}, user=user)
    assert reply.ephemeral
    assert text(reply) == "Klart, nu svarar jag på svenska."
    assert await app.bot.store.user_language(user.id) == "sv"

    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=user)
    assert post.embeds[0]["title"] == "KDD 2024: Samtal med Amazon"

    shown = await app.emu.invoke("language show", user=user)
    assert shown.ephemeral and "svenska" in text(shown)

    reset = await app.emu.invoke("language reset", user=user)
    assert reset.ephemeral
    assert await app.bot.store.user_language(user.id) is None
    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=user)
    assert post.embeds[0]["title"] == "KDD 2024: Talk with Amazon"


async def test_set_accepts_regional_tags_and_rejects_unknown_ones(app: App) -> None:
    user = make_user("rui", locale="en-US")
    await app.emu.invoke("language set", {"language": "pt-BR"}, user=user)
    assert await app.bot.store.user_language(user.id) == "pt"
    bad = await app.emu.invoke("language set", {"language": "elvish"}, user=user)
    assert bad.ephemeral and "elvish" in text(bad)
    missing = await app.emu.invoke("language set", {"language": "de"}, user=user)
    assert missing.ephemeral and "alemão" in text(missing)  # named in the frame: pt
    assert await app.bot.store.user_language(user.id) == "pt"


async def test_language_autocomplete_shows_own_names(app: App) -> None:
    choices = await app.emu.autocomplete("language set", {"language": ""}, "language")
    names = {choice["value"]: choice["name"] for choice in choices}
    assert names["es"] == "Español (es)"
    assert names["sv"] == "Svenska (sv)"
    assert names["ja"] == "日本語 (ja)"
    spanish = await app.emu.autocomplete("language set", {"language": "span"}, "language")
    assert [choice["value"] for choice in spanish] == ["es"]


async def test_server_default_is_for_admins_only(app: App) -> None:
    guild = app.emu.default_guild.id
    member = make_user("member", locale="en-US")
    refused = await app.emu.invoke("language server", {"language": "es"}, user=member)
    assert refused.ephemeral and "admins" in text(refused)
    assert await app.bot.store.guild_language(guild) is None

    admin = make_user("admin", locale="en-US", manage_guild=True)
    done = await app.emu.invoke("language server", {"language": "es"}, user=admin)
    assert done.ephemeral
    assert await app.bot.store.guild_language(guild) == "es"
    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=member)
    assert post.embeds[0]["title"] == "KDD 2024: Charla con Amazon"
    shown = await app.emu.invoke("language show", user=member)
    # posts follow the server default; the frame follows the member's Discord language
    assert "Posts are shown to you in Spanish." in text(shown)
    assert "The bot speaks to you in English." in text(shown)


async def test_server_default_needs_a_server(app: App) -> None:
    owner = make_user("owner", id=OWNER_ID)
    reply = await app.emu.invoke("language server", {"language": "es"}, user=owner, dm=True)
    assert reply.ephemeral and "server" in text(reply)


async def test_preferences_survive_a_reload(app: App) -> None:
    user = make_user("ana", locale="en-US")
    await app.emu.invoke("language set", {"language": "nl"}, user=user)
    await app.bot.reloader.reload()
    assert await app.bot.store.user_language(user.id) == "nl"
