"""The app-command Translator: keys, locale mapping, Discord's name and length rules."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.app_commands import TranslationContext, TranslationContextLocation, locale_str

from bot.i18n.catalog import Catalogs
from bot.i18n.negotiate import DISCORD_LOCALES
from bot.i18n.translator import (
    DESCRIPTION_MAX,
    CatalogTranslator,
    Kind,
    catalog_locale,
    is_valid_name,
    key_for,
)

MAPPED = {
    "es-ES": "es", "es-419": "es_419", "pt-BR": "pt_BR", "sv-SE": "sv", "en-GB": "en_GB",
    "zh-CN": "zh_CN", "zh-TW": "zh_TW",
    **{locale: locale for locale in DISCORD_LOCALES if "-" not in locale},
}  # fmt: skip
"""Every Discord locale but en-US has a catalog (English is the commands' default)."""


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs.load()


@pytest.fixture(scope="module")
def translator(catalogs: Catalogs) -> CatalogTranslator:
    return CatalogTranslator(catalogs)


# A small copy of the bot's command shapes, so keys are derived as in the real tree.
async def _post(interaction: discord.Interaction, post: str, language: str | None = None) -> None:
    """Show a blog post's summary in your language"""


async def _set(interaction: discord.Interaction, language: str) -> None:
    """Set your language for posts and replies"""


post_command: app_commands.Command[Any, ..., None] = app_commands.Command(
    name="post", description="Show a blog post's summary in your language", callback=_post
)
language_group = app_commands.Group(
    name="language", description="Choose the language the bot answers in"
)
set_command: app_commands.Command[Any, ..., None] = app_commands.Command(
    name="set", description="Set your language for posts and replies", callback=_set,
    parent=language_group,
)  # fmt: skip
language_group.add_command(set_command)


def test_every_discord_locale_maps_as_documented(catalogs: Catalogs) -> None:
    for locale in DISCORD_LOCALES:
        assert catalog_locale(catalogs, locale) == MAPPED.get(locale), locale
    assert catalog_locale(catalogs, discord.Locale.brazil_portuguese) == "pt_BR"


def test_derived_keys() -> None:
    name = locale_str("post")
    cases: list[tuple[TranslationContext[Any, Any], str]] = [
        (TranslationContext(TranslationContextLocation.command_name, post_command),
         "command.post.name"),
        (TranslationContext(TranslationContextLocation.command_description, post_command),
         "command.post.description"),
        (TranslationContext(TranslationContextLocation.group_name, language_group),
         "command.language.name"),
        (TranslationContext(TranslationContextLocation.group_description, language_group),
         "command.language.description"),
        (TranslationContext(TranslationContextLocation.command_name, set_command),
         "command.language.set.name"),
        (TranslationContext(TranslationContextLocation.parameter_name,
                            _parameter(post_command, "language")),
         "command.post.option.language.name"),
        (TranslationContext(TranslationContextLocation.parameter_description,
                            _parameter(set_command, "language")),
         "command.language.set.option.language.description"),
        (TranslationContext(TranslationContextLocation.choice_name,
                            app_commands.Choice(name="Svenska", value="sv")),
         "choice.sv"),
    ]  # fmt: skip
    for context, key in cases:
        assert key_for(name, context) == key  # type: ignore[arg-type]
    other: TranslationContext[Any, Any] = TranslationContext(TranslationContextLocation.other, None)
    assert key_for(locale_str("Hello"), other) is None
    assert key_for(locale_str("Hello", key="posts.title"), other) == "posts.title"


def _parameter(command: app_commands.Command[Any, ..., Any], name: str) -> app_commands.Parameter:
    return next(parameter for parameter in command.parameters if parameter.name == name)


def test_explicit_key_wins(translator: CatalogTranslator) -> None:
    context: TranslationContext[Any, Any] = TranslationContext(
        TranslationContextLocation.command_description, post_command
    )
    string = locale_str("anything", key="command.latest.description")
    assert translator.translate_sync(string, "sv-SE", context) == "Visa det senaste blogginlägget"


async def test_async_translate(translator: CatalogTranslator) -> None:
    context: TranslationContext[Any, Any] = TranslationContext(
        TranslationContextLocation.group_name, language_group
    )
    result = await translator.translate(
        locale_str("language"), discord.Locale.spain_spanish, context
    )
    assert result == "idioma"


def test_names_per_locale(translator: CatalogTranslator) -> None:
    context: TranslationContext[Any, Any] = TranslationContext(
        TranslationContextLocation.command_name, set_command
    )
    got = {
        locale: translator.translate_sync(locale_str("set"), locale, context)
        for locale in DISCORD_LOCALES
    }
    assert got["sv-SE"] == "välj"
    assert got["es-419"] == got["es-ES"] == "elegir"
    assert got["pt-BR"] == "definir"
    for locale in DISCORD_LOCALES:
        if locale not in MAPPED:
            assert got[locale] is None, locale  # English and locales without a catalog


def test_every_localized_name_passes_discords_rule(catalogs: Catalogs) -> None:
    names = [key for key in catalogs.own_keys() if key.endswith(".name")]
    assert len(names) >= 16
    for locale in catalogs.locales:
        if locale == "en_GB":
            continue  # holds only what differs from en: names come from the default
        for key in names:
            text = catalogs.own_text(locale, key)
            assert text is not None and is_valid_name(text), f"{locale}: {key} = {text!r}"


def test_english_names_are_the_declared_command_names(catalogs: Catalogs) -> None:
    expected = {
        "command.post.name": "post",
        "command.posts.name": "posts",
        "command.latest.name": "latest",
        "command.search.name": "search",
        "command.language.name": "language",
        "command.reload.name": "reload",
        "command.language.set.name": "set",
        "command.language.show.name": "show",
        "command.language.reset.name": "reset",
        "command.language.server.name": "server",
        "command.post.option.post.name": "post",
        "command.post.option.language.name": "language",
        "command.search.option.query.name": "query",
    }
    for key, name in expected.items():
        assert catalogs.text("en", key) == name


def test_descriptions_fit(catalogs: Catalogs) -> None:
    for locale in catalogs.locales:
        if locale == "en_GB":
            continue
        for key in catalogs.own_keys():
            if key.startswith("command.") and key.endswith(".description"):
                text = catalogs.own_text(locale, key)
                assert text is not None and 1 <= len(text) <= DESCRIPTION_MAX, (locale, key)


def test_localized_names_are_unique_among_siblings(catalogs: Catalogs) -> None:
    # Discord rejects two commands, or two options of one command, with one localized name.
    keys = catalogs.own_keys()
    names = [key for key in keys if key.startswith("command.") and key.endswith(".name")]
    for locale in catalogs.locales:
        siblings: dict[str, list[str]] = {}
        for key in names:
            parent = key.rsplit(".", 2)[0]  # command.a.b.name -> command.a / option.x -> ...option
            siblings.setdefault(parent, []).append(catalogs.text(locale, key))
        for parent, group in siblings.items():
            assert len(group) == len(set(group)), (locale, parent, group)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("post", True),
        ("språk", True),
        ("ladda-om", True),
        ("reîncarcă", True),
        ("mais_recente", True),
        ("it's", True),
        ("भाषा", True),  # Devanagari with a vowel sign (a mark, not a letter)
        ("ภาษา", True),  # Thai
        ("言語", True),
        ("a" * 32, True),
        ("a" * 33, False),
        ("", False),
        ("Post", False),
        ("two words", False),
        ("what?", False),
        ("e\u0301", False),  # a decomposed accent: send NFC
    ],
)
def test_name_rule(name: str, valid: bool) -> None:
    assert is_valid_name(name) is valid


def test_bad_localizations_are_not_sent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    header = (
        'msgid ""\nmsgstr ""\n"Language: {0}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    for locale, name, description in (
        ("en", "post", "Show a post"),
        ("sv", "Visa Inlägg", "x" * (DESCRIPTION_MAX + 1)),
    ):
        path = tmp_path / locale / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        path.write_text(
            header.format(locale)
            + f'msgid "command.post.name"\nmsgstr "{name}"\n\n'
            + f'msgid "command.post.description"\nmsgstr "{description}"\n',
            encoding="utf-8",
        )
    translator = CatalogTranslator(Catalogs.load(tmp_path))
    with caplog.at_level(logging.WARNING):
        assert translator.localize("command.post.name", "sv-SE", Kind.NAME) is None
        assert translator.localize("command.post.description", "sv-SE", Kind.DESCRIPTION) is None
        assert translator.localize("command.post.description", "sv-SE", Kind.OTHER) is not None
        assert translator.localize("command.post.name", "nl", Kind.NAME) is None  # no catalog
    assert "name rule" in caplog.text


async def test_payload_sent_to_discord(translator: CatalogTranslator) -> None:
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    payload = await post_command.get_translated_payload(tree, translator)
    expected = {
        "es-ES": "artículo", "es-419": "artículo", "pt-BR": "artigo", "ro": "articol",
        "sv-SE": "inlägg", "nl": "bericht", "de": "beitrag", "ja": "記事",
    }  # fmt: skip
    assert expected.items() <= payload["name_localizations"].items()
    assert set(payload["name_localizations"]) == set(DISCORD_LOCALES) - {"en-US", "en-GB"}
    assert "en-US" not in payload["description_localizations"]
    options = {option["name"]: option for option in payload["options"]}
    assert options["language"]["name_localizations"]["sv-SE"] == "språk"
    group_payload = await language_group.get_translated_payload(tree, translator)
    assert group_payload["name_localizations"]["nl"] == "taal"
    assert group_payload["options"][0]["name_localizations"]["ro"] == "alege"
    await client.close()
