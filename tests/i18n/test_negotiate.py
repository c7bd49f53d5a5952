"""Locale matching and the reply-language order."""

from __future__ import annotations

import pytest

from bot.i18n.negotiate import (
    DISCORD_LOCALES,
    Step,
    Wanted,
    closest_language,
    pick_translation,
    wanted_language,
)

SITE = [
    "ar",
    "cs",
    "da",
    "de",
    "en",
    "es",
    "fi",
    "fr",
    "hi",
    "hu",
    "it",
    "ja",
    "ko",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sv",
    "tr",
    "zh",
]


def test_discord_locales_are_the_documented_32() -> None:
    assert len(DISCORD_LOCALES) == 32
    assert len(set(DISCORD_LOCALES)) == 32
    for absent in ("es", "en", "pt", "sv", "ar", "nb"):
        assert absent not in DISCORD_LOCALES


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("es-419", "es"),
        ("es-ES", "es"),
        ("pt-BR", "pt"),
        ("sv-SE", "sv"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("zh-CN", "zh"),
        ("zh-TW", "zh"),
        ("no", "no"),
        ("nb", "no"),
        ("hi", "hi"),
        ("ja", "ja"),
        ("ko", "ko"),
        ("nl", "nl"),
    ],
)
def test_site_languages(locale: str, expected: str) -> None:
    assert closest_language(locale, SITE) == expected


def test_regional_content_wins_when_it_exists() -> None:
    assert closest_language("pt-BR", [*SITE, "pt-BR"]) == "pt-BR"
    assert closest_language("pt", ["pt-BR", "es"]) == "pt-BR"
    assert closest_language("pt-PT", ["pt", "pt-BR"]) == "pt"  # a tie goes to the general tag


def test_chinese_scripts() -> None:
    content = ["ko", "zh-Hans", "zh-Hant"]
    assert closest_language("zh-CN", content) == "zh-Hans"
    assert closest_language("zh-TW", content) == "zh-Hant"


def test_norwegian_no_and_nb_match_either_way() -> None:
    # Babel's negotiate_locale matches neither way (content-conventions.md, Locales).
    from babel import negotiate_locale

    assert negotiate_locale(["no"], ["nb"], sep="-") is None
    assert closest_language("no", ["nb", "da", "sv"]) == "nb"
    assert closest_language("nb", ["no", "da", "sv"]) == "no"
    assert closest_language("nb-NO", ["no"]) == "no"


@pytest.mark.parametrize(
    ("locale", "available"),
    [
        ("ja", ["ko"]),
        ("ko", ["ja", "zh"]),
        ("uk", ["ru"]),  # CLDR pairs these; a different language is not a match here
        ("da", ["no"]),
        ("id", SITE),
        ("not a tag", SITE),
        ("", SITE),
        ("en", []),
    ],
)
def test_no_match(locale: str, available: list[str]) -> None:
    assert closest_language(locale, available) is None


def test_returns_the_callers_spelling_and_skips_junk() -> None:
    assert closest_language("pt-BR", ["images", "pt_br"]) == "pt_br"
    assert closest_language("sv", ["drafts", "SV"]) == "SV"


def test_every_discord_locale_is_handled() -> None:
    matched = {locale: closest_language(locale, SITE) for locale in DISCORD_LOCALES}
    assert all(match is None or match in SITE for match in matched.values())
    # Discord locales without a site language: Indonesian, Croatian, Lithuanian, Vietnamese,
    # Greek, Bulgarian, Ukrainian, Thai.
    assert {locale for locale, match in matched.items() if match is None} == {
        "id", "hr", "lt", "vi", "el", "bg", "uk", "th",
    }  # fmt: skip


CONTENT = ["en", "es", "pt", "sv"]


def wanted(**overrides: str | None) -> Wanted:
    values: dict[str, str | None] = {
        "option": None,
        "user_preference": None,
        "guild_default": None,
        "locale": None,
        "guild_locale": None,
    }
    values.update(overrides)
    return wanted_language(**values, default_language="en", content_languages=CONTENT)


ALL = {
    "option": "sv",
    "user_preference": "es",
    "guild_default": "pt",
    "locale": "es-419",
    "guild_locale": "sv-SE",
}


def test_step_option() -> None:
    assert wanted(**ALL) == Wanted("sv", Step.OPTION)


def test_step_user_preference() -> None:
    assert wanted(**{**ALL, "option": None}) == Wanted("es", Step.USER)


def test_step_guild_default() -> None:
    assert wanted(**{**ALL, "option": None, "user_preference": None}) == Wanted(
        "pt", Step.GUILD_DEFAULT
    )


def test_step_locale() -> None:
    result = wanted(locale="pt-BR", guild_locale="sv-SE")
    assert result == Wanted("pt", Step.LOCALE)
    assert not result.explicit


def test_step_guild_locale() -> None:
    assert wanted(guild_locale="sv-SE") == Wanted("sv", Step.GUILD_LOCALE)


def test_step_default() -> None:
    assert wanted() == Wanted("en", Step.DEFAULT)


def test_step_any_when_default_has_no_content() -> None:
    result = wanted_language(
        option=None,
        user_preference=None,
        guild_default=None,
        locale="ja",
        guild_locale=None,
        default_language="de",
        content_languages=["sv", "es"],
    )
    assert result == Wanted("es", Step.ANY)


def test_no_content_gives_the_default() -> None:
    result = wanted_language(
        option=None,
        user_preference=None,
        guild_default=None,
        locale="sv-SE",
        guild_locale=None,
        default_language="en",
        content_languages=[],
    )
    assert result == Wanted("en", Step.DEFAULT)


def test_unmatched_locales_fall_through() -> None:
    assert wanted(locale="ja", guild_locale="es-ES") == Wanted("es", Step.GUILD_LOCALE)
    assert wanted(locale="ja", guild_locale="ko") == Wanted("en", Step.DEFAULT)


def test_explicit_choice_is_kept_without_content() -> None:
    # The reply then shows a fallback translation with a notice, naming German.
    result = wanted(user_preference="de", locale="sv-SE")
    assert result == Wanted("de", Step.USER)
    assert result.explicit


def test_explicit_choice_is_matched_to_content() -> None:
    assert wanted(option="es-MX") == Wanted("es", Step.OPTION)
    assert wanted(option="pt_br") == Wanted("pt", Step.OPTION)


def test_invalid_explicit_tag_is_skipped() -> None:
    assert wanted(option="klingonish", user_preference="sv") == Wanted("sv", Step.USER)


def test_pick_wanted_or_close() -> None:
    assert pick_translation("es", ["en", "es"]) == "es"
    assert pick_translation("pt", ["en", "pt-BR"]) == "pt-BR"
    assert pick_translation("es-419", ["en", "es"]) == "es"


def test_pick_first_present_fallback() -> None:
    assert pick_translation("de", ["sv", "en", "es"], fallbacks=["ja", "es", "en"]) == "es"


def test_pick_stable_order_last() -> None:
    assert pick_translation("de", ["sv", "nl", "ro"]) == "nl"
    assert pick_translation("de", ["sv", "nl", "ro"], fallbacks=["ja"]) == "nl"


def test_pick_needs_a_translation() -> None:
    with pytest.raises(ValueError):
        pick_translation("en", [])
