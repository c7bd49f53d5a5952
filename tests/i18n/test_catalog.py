"""UI catalogs: completeness of every catalog, fallback to English, plurals, ui_locale."""

from __future__ import annotations

import logging
import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n.catalog import DEFAULT_DIRECTORY, Catalogs, placeholders
from bot.i18n.negotiate import DISCORD_LOCALES

EXPECTED_LOCALES = (
    "ar", "bg", "cs", "da", "de", "el", "en", "en_GB", "es", "es_419", "fi", "fr", "hi", "hr",
    "hu", "id", "it", "ja", "ko", "lt", "nl", "no", "pl", "pt_BR", "ro", "ru", "sv", "th",
    "tr", "uk", "vi", "zh_CN", "zh_TW",
)  # fmt: skip
REGIONAL = {"en_GB": "en", "es_419": "es"}
"""Catalogs that hold only what differs from their base language's."""
FULL_LOCALES = tuple(locale for locale in EXPECTED_LOCALES if locale not in REGIONAL)


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs.load()


def raw_entries(locale: str) -> dict[str, tuple[str, ...]]:
    """Every entry of one shipped .po file as written: key -> its forms."""
    path = DEFAULT_DIRECTORY / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    entries: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert isinstance(message.string, str)
            entries[message.id] = (message.string,)
        else:
            entries[message.id[0]] = tuple(str(form) for form in message.string or ())
    return entries


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_all_catalogs_load_cleanly(catalogs: Catalogs) -> None:
    assert catalogs.locales == EXPECTED_LOCALES
    assert catalogs.problems == ()


@pytest.mark.parametrize("locale", EXPECTED_LOCALES)
def test_every_key_everywhere_with_the_same_placeholders(catalogs: Catalogs, locale: str) -> None:
    english = raw_entries("en")
    entries = raw_entries(locale)
    if locale in REGIONAL:
        assert set(entries) <= set(english)  # only what differs; the rest comes from the base
    else:
        assert set(entries) == set(english)
        assert catalogs.own_keys(locale) == set(english)
    for key, forms in entries.items():
        assert all(forms), f"{locale}: {key} has an empty form"
        expected = fields(english[key][0]) | fields(english[key][-1])
        for form in forms:
            assert fields(form) == expected, f"{locale}: {key}: {form!r}"
            assert unicodedata.is_normalized("NFC", form), f"{locale}: {key} is not NFC"


@pytest.mark.parametrize("locale", EXPECTED_LOCALES)
def test_plural_entries_have_the_catalogs_number_of_forms(catalogs: Catalogs, locale: str) -> None:
    entries = raw_entries(locale)
    plural_keys = {key for key in entries if catalogs.is_plural(key)}
    expected = {
        "reload.added", "reload.updated", "reload.removed", "reload.problems", "announce.more",
    }  # fmt: skip
    assert plural_keys <= expected if locale in REGIONAL else plural_keys == expected
    for key in plural_keys:
        assert len(entries[key]) == catalogs.num_plurals(locale), f"{locale}: {key}"
        assert "count" in fields(entries[key][0])


def test_every_english_string_formats(catalogs: Catalogs) -> None:
    for key in catalogs.own_keys():
        params = {name: f"<{name}>" for name in fields(raw_entries("en")[key][0])}
        for locale in catalogs.locales:
            if catalogs.is_plural(key):
                for count in (0, 1, 2, 5, 21, 101):
                    text = catalogs.plural(locale, key, count, **params)
                    assert str(count) in text
            else:
                text = catalogs.text(locale, key, **params)
                assert key not in text
                assert "{" not in text


def test_text_and_plural(catalogs: Catalogs) -> None:
    assert catalogs.text("en", "posts.page", page=2, pages=5) == "Page 2 of 5"
    assert catalogs.text("sv-SE", "posts.page", page=2, pages=5) == "Sida 2 av 5"
    assert catalogs.text("es-419", "error.post-not-found", query="x") == (
        "No hay ningún artículo llamado «x»."
    )
    assert catalogs.plural("en", "reload.added", 1) == "1 post added"
    assert catalogs.plural("en", "reload.added", 0) == "0 posts added"
    assert catalogs.plural("pt-BR", "reload.added", 0) == "0 artigo adicionado"
    assert catalogs.plural("ro", "reload.added", 1) == "1 articol adăugat"
    assert catalogs.plural("ro", "reload.added", 19) == "19 articole adăugate"
    assert catalogs.plural("ro", "reload.added", 20) == "20 de articole adăugate"
    assert catalogs.plural("ro", "reload.added", 101) == "101 articole adăugate"


def test_unknown_key_is_a_programming_error(catalogs: Catalogs) -> None:
    with pytest.raises(KeyError):
        catalogs.text("sv", "no.such.key")
    with pytest.raises(KeyError):
        catalogs.plural("sv", "posts.title", 2)
    with pytest.raises(KeyError):
        catalogs.text("sv", "reload.added")


def test_brace_values_are_not_reparsed(catalogs: Catalogs) -> None:
    assert catalogs.text("en", "error.unknown-language", tag="{0.__class__}").startswith(
        "“{0.__class__}”"
    )


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("es-419", "es_419"),
        ("es-ES", "es"),
        ("es", "es"),
        ("pt", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt_BR", "pt_BR"),
        ("sv-SE", "sv"),
        ("nl", "nl"),
        ("ro", "ro"),
        ("en-US", "en"),
        ("en-GB", "en_GB"),
        ("de", "de"),
        ("ja", "ja"),
        ("no", "no"),
        ("nb", "no"),
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh-Hant", "zh_TW"),
        ("ar", "ar"),
        ("tlh", "en"),
        ("not a tag", "en"),
        ("", "en"),
    ],
)
def test_ui_locale(catalogs: Catalogs, tag: str, locale: str) -> None:
    assert catalogs.ui_locale(tag) == locale
    assert catalogs.for_locale(tag).locale == locale


def test_messages_helper(catalogs: Catalogs) -> None:
    messages = catalogs.for_locale("sv-SE")
    assert messages.text("posts.title") == "Blogginlägg"
    assert messages.plural("reload.removed", 3) == "3 inlägg borttagna"
    assert messages.language_name("es") == "spanska"
    assert (
        messages.text(
            "notice.fallback",
            wanted=messages.language_name("de"),
            shown=messages.language_name("en"),
        )
        == "Finns inte på tyska, så det visas på engelska."
    )


PARTIAL_EN = """\
msgid ""
msgstr ""
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "greeting"
msgstr "Hello, {name}!"

msgid "farewell"
msgstr "Goodbye, {name}."

msgid "thanks"
msgstr "Thanks."

msgid "files"
msgid_plural "files.plural"
msgstr[0] "{count} file"
msgstr[1] "{count} files"
"""

PARTIAL_RO = """\
msgid ""
msgstr ""
"Language: ro\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "greeting"
msgstr "Salut, {name}!"

msgid "farewell"
msgstr ""

#, fuzzy
msgid "thanks"
msgstr "Mersi?"

msgid "broken"
msgstr "{name.__class__}"

msgid "files"
msgid_plural "files.plural"
msgstr[0] "{count} fișier"
msgstr[1] "{count} fișiere"
"""


def write(root: Path, locale: str, text: str) -> None:
    path = root / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def partial(tmp_path: Path) -> Catalogs:
    write(tmp_path, "en", PARTIAL_EN)
    write(tmp_path, "ro", PARTIAL_RO)
    (tmp_path / "README.txt").write_text("not a catalog", encoding="utf-8")
    return Catalogs.load(tmp_path)


def test_partial_catalog_falls_back_to_english(partial: Catalogs) -> None:
    assert partial.locales == ("en", "ro")
    assert partial.text("ro", "greeting", name="Ana") == "Salut, Ana!"
    assert partial.text("ro", "farewell", name="Ana") == "Goodbye, Ana."  # empty entry
    assert partial.text("ro", "thanks") == "Thanks."  # fuzzy entry
    assert partial.own_text("ro", "farewell") is None
    # Two forms where Romanian needs three: skipped as a whole, English is used.
    assert partial.plural("ro", "files", 20) == "20 files"
    assert partial.own_keys("ro") == {"greeting"}


def test_problems_are_reported(partial: Catalogs) -> None:
    assert len(partial.problems) == 2
    assert any("broken" in problem for problem in partial.problems)
    assert any("files" in problem for problem in partial.problems)


def test_formatting_error_falls_back_to_english(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "en", PARTIAL_EN)
    write(
        tmp_path,
        "sv",
        PARTIAL_EN.replace("Language: en", "Language: sv").replace(
            '"Hello, {name}!"', '"Hej, {namn}!"'
        ),
    )
    catalogs = Catalogs.load(tmp_path)
    with caplog.at_level(logging.WARNING):
        assert catalogs.text("sv", "greeting", name="Ana") == "Hello, Ana!"
    assert "greeting" in caplog.text


def test_missing_english_catalog(tmp_path: Path) -> None:
    write(tmp_path, "ro", PARTIAL_RO)
    with pytest.raises(ValueError):
        Catalogs.load(tmp_path)
    with pytest.raises(FileNotFoundError):
        Catalogs.load(tmp_path / "missing")


@pytest.mark.parametrize(
    ("text", "names"),
    [("plain", set()), ("{a} and {b!r} and {c:>3}", {"a", "b", "c"}), ("{{literal}}", set())],
)
def test_placeholders(text: str, names: set[str]) -> None:
    assert placeholders(text) == names


@pytest.mark.parametrize("text", ["{}", "{0}", "{a.b}", "{a[0]}", "{unbalanced", "}"])
def test_placeholders_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        placeholders(text)


def test_plural_forms_come_from_babels_cldr_data() -> None:
    for locale in EXPECTED_LOCALES:
        path = DEFAULT_DIRECTORY / locale / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as file:
            written = read_po(file).plural_forms
        assert written == Catalog(locale=locale).plural_forms, locale


def test_more_than_two_plural_forms(catalogs: Catalogs) -> None:
    assert catalogs.num_plurals("ar") == 6

    def form(locale: str, n: int) -> str:
        return catalogs.plural(locale, "reload.added", n).replace(str(n), "N")

    assert form("pl", 2) == form("pl", 22) != form("pl", 5) == form("pl", 25) != form("pl", 1)
    assert len({catalogs.plural("ru", "reload.removed", n).split()[-1] for n in (1, 3, 5)}) == 3
    assert len({catalogs.plural("ar", "reload.added", n) for n in (0, 1, 2, 3, 11, 100)}) == 6


def test_every_discord_locale_has_a_catalog(catalogs: Catalogs) -> None:
    for locale in DISCORD_LOCALES:
        assert catalogs.match(locale) is not None, locale
    assert catalogs.match("ar") == "ar"  # a site language Discord has no locale for


def test_regional_catalogs_fall_back_to_their_base_language(catalogs: Catalogs) -> None:
    own = catalogs.own_keys("es_419")
    inherited = sorted(catalogs.own_keys("es") - own)
    assert own and inherited
    key = inherited[0]
    params = {name: "x" for name in placeholders(catalogs.own_text("es", key) or "")}
    if not catalogs.is_plural(key):
        assert catalogs.text("es-419", key, **params) == catalogs.text("es", key, **params)
    assert catalogs.text("en-GB", "posts.title") == catalogs.text("en", "posts.title")
    assert catalogs.own_text("es-419", "command.post.name") == "artículo"  # from es


def test_traditional_chinese_is_not_a_copy_of_simplified(catalogs: Catalogs) -> None:
    same = [
        key
        for key in catalogs.own_keys()
        if catalogs.own_text("zh_TW", key) == catalogs.own_text("zh_CN", key)
        and not key.endswith(".name")
        and not catalogs.is_plural(key)
    ]
    assert len(same) < 10, same
    assert "設定" in catalogs.text("zh-TW", "command.language.set.description") or "伺服器" in (
        catalogs.text("zh-TW", "command.language.server.description")
    )


SAME_BY_DESIGN: dict[str, set[str]] = {
    "cs": {"command.language.server.name", "command.announce.set.option.role.name"},
    "da": {"command.language.server.name", "embed.links"},
    "de": {"command.language.server.name", "embed.links"},
    "fr": {"console.image", "embed.date"},
    "hr": {"command.language.server.name"},
    "id": {"command.language.server.name", "console.attachment"},
    "it": {"command.language.server.name", "console.attachment"},
    "nl": {"command.language.server.name", "embed.links"},
    "no": {"command.language.server.name"},
    "pt_BR": {"embed.links"},
    "ro": {"command.language.server.name"},
    "sv": {"command.language.server.name"},
}
"""Entries a language writes exactly as English does ("server", German "Links", French
"Date"); any other entry equal to English is an untranslated one."""


@pytest.mark.parametrize("locale", [locale for locale in FULL_LOCALES if locale != "en"])
def test_no_untranslated_entry_outside_the_list(locale: str) -> None:
    english = raw_entries("en")
    same = {
        key
        for key, forms in raw_entries(locale).items()
        if any(form in english[key] for form in forms)
    }
    assert same == SAME_BY_DESIGN.get(locale, set())
