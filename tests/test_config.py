"""Settings: defaults, .env files, and a clear error for every bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, SettingsError, load_settings, settings_from


def test_defaults() -> None:
    settings = settings_from({})
    assert settings == Settings()
    assert settings.content_dir == Path("content")
    assert settings.database_path == Path("data/postbot.sqlite3")
    assert settings.post_url("es", "kdd-workshop-2024") == (
        "https://www.cambioml.com/es/blog/kdd-workshop-2024"
    )
    assert settings.discord_token is None


def test_values_are_parsed() -> None:
    settings = settings_from(
        {
            "DISCORD_TOKEN": " abc ",
            "SITE_URL": "https://blog.example.org/",
            "POST_URL_TEMPLATE": "{site_url}/posts/{slug}.{language}",
            "DEFAULT_LANGUAGE": "pt_br",
            "OWNER_IDS": "123, 456,",
            "DEV_GUILD_ID": "789",
            "LOG_LEVEL": "debug",
        }
    )
    assert settings.discord_token == "abc"
    assert settings.post_url("sv", "x") == "https://blog.example.org/posts/x.sv"
    assert settings.default_language == "pt-BR"
    assert settings.owner_ids == frozenset({123, 456})
    assert settings.dev_guild_id == 789
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SITE_URL", "www.cambioml.com", "absolute http"),
        ("POST_URL_TEMPLATE", "{site_url}/{lang}/{slug}", "unknown fields"),
        ("POST_URL_TEMPLATE", "{site_url}/{language}", "must contain"),
        ("POST_URL_TEMPLATE", "{site_url", "not a valid template"),
        ("DEFAULT_LANGUAGE", "images", "BCP 47"),
        ("OWNER_IDS", "12,abc", "OWNER_IDS"),
        ("DEV_GUILD_ID", "-5", "DEV_GUILD_ID"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        settings_from({name: value})
    assert name in str(caught.value)


def test_env_file_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text("CONTENT_DIR=site/blog\nDEFAULT_LANGUAGE=sv\n", encoding="utf-8")
    monkeypatch.delenv("CONTENT_DIR", raising=False)
    monkeypatch.setenv("DEFAULT_LANGUAGE", "es")
    settings = load_settings(env)
    assert settings.content_dir == Path("site/blog")
    assert settings.default_language == "es"


def test_post_url_encodes_what_urls_cannot_hold() -> None:
    settings = settings_from({})
    assert settings.post_url("es", "mi post (2024)") == (
        "https://www.cambioml.com/es/blog/mi%20post%20%282024%29"
    )
    assert settings.post_url("ja", "東京") == "https://www.cambioml.com/ja/blog/%E6%9D%B1%E4%BA%AC"


def test_token_is_not_in_the_repr() -> None:
    assert "secret" not in repr(settings_from({"DISCORD_TOKEN": "secret"}))
