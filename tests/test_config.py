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
    (tmp_path / "site" / "blog").mkdir(parents=True)
    env = tmp_path / ".env"
    env.write_text("CONTENT_DIR=site/blog\nDEFAULT_LANGUAGE=sv\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTENT_DIR", raising=False)
    monkeypatch.delenv("DATABASE_PATH", raising=False)
    monkeypatch.setenv("DEFAULT_LANGUAGE", "es")
    settings = load_settings(env)
    assert settings.content_dir == Path("site/blog")
    assert settings.default_language == "es"


@pytest.fixture
def paths_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with a ``content`` folder; no path settings in the
    environment. Returns the folder."""
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("CONTENT_DIR", "DATABASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _env(folder: Path, text: str) -> Path:
    env = folder / ".env"
    env.write_text(text, encoding="utf-8")
    return env


def test_paths_are_checked_against_the_working_directory(paths_env: Path) -> None:
    settings = load_settings(_env(paths_env, "DATABASE_PATH=data/deeper/postbot.sqlite3\n"))
    assert settings.content_dir == Path("content")
    assert not (paths_env / "data").exists()  # checking creates nothing; the store does
    (paths_env / "content").rmdir()
    with pytest.raises(SettingsError, match=r"^CONTENT_DIR 'content' does not exist"):
        load_settings(_env(paths_env, ""))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CONTENT_DIR=missing\n", r"^CONTENT_DIR 'missing' does not exist"),
        ("CONTENT_DIR=afile\n", r"^CONTENT_DIR 'afile' is not a folder"),
        ("DATABASE_PATH=content\n", r"^DATABASE_PATH 'content' is a folder"),
        (
            "DATABASE_PATH=afile/data/db.sqlite3\n",
            r"^DATABASE_PATH 'afile/data/db.sqlite3' cannot be created: '.*afile' is not a folder",
        ),
    ],
)
def test_bad_paths_name_the_setting(paths_env: Path, text: str, message: str) -> None:
    (paths_env / "afile").write_text("not a folder", encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(_env(paths_env, text))
    assert load_settings(_env(paths_env, text), check_paths=False)  # `check` skips them


def test_post_url_encodes_what_urls_cannot_hold() -> None:
    settings = settings_from({})
    assert settings.post_url("es", "mi post (2024)") == (
        "https://www.cambioml.com/es/blog/mi%20post%20%282024%29"
    )
    assert settings.post_url("ja", "東京") == "https://www.cambioml.com/ja/blog/%E6%9D%B1%E4%BA%AC"


def test_token_is_not_in_the_repr() -> None:
    assert "secret" not in repr(settings_from({"DISCORD_TOKEN": "secret"}))
