"""The error path, gateway RESUME, and the synced command payload."""

from __future__ import annotations

import pytest

from bot.emulator import make_user
from bot.i18n.translator import is_valid_name
from tests.e2e.conftest import App


async def test_unexpected_failure_gets_an_apology_and_a_logged_traceback(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await app.bot.store.close()  # the store fails under the next command
    reply = await app.emu.invoke(
        "post", {"post": "kdd-workshop-2024"}, user=make_user("u", locale="es-ES")
    )
    assert reply.ephemeral
    assert (
        reply.embeds[0]["description"]
        == "Lo siento, algo salió mal. Vuelve a intentarlo más tarde."
    )
    assert reply.elapsed < 3
    assert any(record.exc_info for record in caplog.records if record.name == "bot.interactions")


async def test_gateway_resume_in_the_middle_of_a_session(app: App) -> None:
    before = await app.emu.invoke("latest")
    assert await app.emu.drop_gateway() == 1
    await app.emu.wait_resumed()
    after = await app.emu.invoke("post", {"post": "kdd-workshop-2024"})
    assert before.embeds and after.embeds[0]["title"] == "KDD 2024: Talk with Amazon"
    assert app.emu.gateway.identify_count == 1


async def test_synced_commands_carry_valid_localizations(app: App) -> None:
    commands = {command["name"]: command for command in app.emu.commands()}
    assert set(commands) == {"post", "posts", "latest", "language", "reload", "search", "announce"}
    announce = commands["announce"]
    assert int(announce["default_member_permissions"]) == 1 << 5  # Manage Server
    assert announce.get("dm_permission") is False or announce.get("contexts") == [0]
    post = commands["post"]
    assert post["name_localizations"]["es-ES"] == post["name_localizations"]["es-419"]
    assert "sv-SE" in post["description_localizations"]
    language = commands["language"]
    subcommands = {option["name"]: option for option in language["options"]}
    assert set(subcommands) == {"set", "show", "reset", "server"}
    assert language["name_localizations"]["sv-SE"] == "språk"
    for command in commands.values():
        for name in command.get("name_localizations", {}).values():
            assert is_valid_name(name), name
    # the emulator validated every PUT against Discord's rules; the fixture fails on violations


async def test_english_defaults_in_code_match_the_english_catalog(app: App) -> None:
    """Discord shows the code's names and descriptions to English clients; the catalog's
    English entries must say the same, or translators translate the wrong text."""
    english = app.bot.catalogs

    def check(path: str, item: dict[str, object]) -> None:
        assert english.own_text("en", f"{path}.name") == item["name"], path
        assert english.own_text("en", f"{path}.description") == item["description"], path

    for command in app.emu.commands():
        path = f"command.{command['name']}"
        check(path, command)
        for option in command.get("options", []):
            if option["type"] == 1:  # a subcommand
                check(f"{path}.{option['name']}", option)
                for sub_option in option.get("options", []):
                    check(f"{path}.{option['name']}.option.{sub_option['name']}", sub_option)
            else:
                check(f"{path}.option.{option['name']}", option)
