"""Language names from Babel."""

from __future__ import annotations

import pytest

from bot.i18n.names import language_name


@pytest.mark.parametrize(
    ("tag", "own"),
    [
        ("sv", "svenska"),
        ("es", "español"),
        ("ja", "日本語"),
        ("pt", "português"),
        ("nl", "Nederlands"),
        ("no", "norsk"),
        ("ar", "العربية"),
        ("hi", "हिन्दी"),
        ("zh", "中文"),
    ],
)
def test_own_names(tag: str, own: str) -> None:
    assert language_name(tag) == own


def test_regions_and_scripts_are_named() -> None:
    assert language_name("pt-BR") == "português (Brasil)"
    assert language_name("pt_br") == "português (Brasil)"


def test_in_another_language() -> None:
    assert language_name("sv", in_language="en") == "Swedish"
    assert language_name("de", in_language="es") == "alemán"
    assert language_name("ja", in_language="sv-SE") == "japanska"
    assert language_name("tlh", in_language="en") == "Klingon"


def test_unknown_in_language_gives_the_own_name() -> None:
    assert language_name("sv", in_language="xx") == "svenska"


def test_for_menu_capitalises_where_the_script_has_case() -> None:
    assert language_name("sv", for_menu=True) == "Svenska"
    assert language_name("es", for_menu=True) == "Español"
    assert language_name("ru", for_menu=True) == "Русский"
    assert language_name("ja", for_menu=True) == "日本語"
    assert language_name("hi", for_menu=True) == "हिन्दी"


@pytest.mark.parametrize("tag", ["xx", "images", "", "tlh", "qaa"])
def test_unknown_tag_gives_the_tag(tag: str) -> None:
    assert language_name(tag) == tag
    assert language_name(tag, for_menu=True) == tag
