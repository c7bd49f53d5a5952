"""Settings from the environment and an optional ``.env`` file.

Every setting is documented in ``.env.example``. :func:`load_settings` validates all of them at
start-up and raises :class:`SettingsError` naming the variable and what is wrong, so a bad
value stops the bot with one clear line instead of failing later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from urllib.parse import quote, urlsplit

from dotenv import dotenv_values

from bot.i18n.tags import normalize_tag

_TEMPLATE_FIELDS = frozenset({"site_url", "language", "slug", "key"})
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Validated settings. Paths are as given (relative to the working directory)."""

    discord_token: str | None = field(default=None, repr=False)
    content_dir: Path = Path("content")
    database_path: Path = Path("data/postbot.sqlite3")
    site_url: str = "https://www.cambioml.com"
    post_url_template: str = "{site_url}/{language}/blog/{slug}"
    default_language: str = "en"
    owner_ids: frozenset[int] = frozenset()
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    content_watch: bool = True
    """Reload by itself when files under CONTENT_DIR change (CONTENT_WATCH)."""
    content_rescan_seconds: float = 300.0
    """Seconds between full rescans, for filesystems without change events; 0: none."""
    content_git_url: str | None = field(default=None, repr=False)
    """A git repository the bot clones into CONTENT_DIR and follows (CONTENT_GIT_URL)."""
    content_git_branch: str | None = None
    """The branch to follow; ``None``: the remote's default branch."""
    content_git_path: str = ""
    """The folder inside the repository that holds the language folders (e.g. ``blog``)."""
    content_git_seconds: float = 300.0
    """Seconds between fetches of the repository."""
    health_port: int | None = None
    """Serve ``/healthz`` and ``/metrics`` on this port (HEALTH_PORT); ``None``: off."""
    health_host: str = "127.0.0.1"
    """The address the health server binds to (HEALTH_HOST)."""

    @property
    def posts_dir(self) -> Path:
        """Where the language folders are: CONTENT_DIR, or CONTENT_GIT_PATH inside the clone
        the bot keeps in CONTENT_DIR when it follows a repository."""
        if self.content_git_url and self.content_git_path:
            return self.content_dir / self.content_git_path
        return self.content_dir

    def post_url(self, language: str, slug: str, key: str | None = None) -> str:
        """The public URL of a translation, from POST_URL_TEMPLATE; the language, slug and
        key are percent-encoded (a front-matter ``slug`` may hold spaces or parentheses)."""
        return self.post_url_template.format(
            site_url=self.site_url,
            language=quote(language, safe=""),
            slug=quote(slug, safe=""),
            key=quote(key or slug, safe=""),
        )


def _url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name} must be an absolute http(s) URL, got {value!r}")
    return value.rstrip("/")


def _snowflake(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a Discord id (digits), got {value!r}") from None
    if number <= 0:
        raise SettingsError(f"{name} must be a positive Discord id, got {value!r}")
    return number


def _template(name: str, value: str) -> str:
    try:
        fields = {field for _, field, _, _ in Formatter().parse(value) if field is not None}
    except ValueError as error:
        raise SettingsError(f"{name} is not a valid template: {error}") from None
    unknown = fields - _TEMPLATE_FIELDS
    if unknown:
        allowed = ", ".join("{" + f + "}" for f in sorted(_TEMPLATE_FIELDS))
        raise SettingsError(f"{name} uses unknown fields {sorted(unknown)}; allowed: {allowed}")
    if "slug" not in fields and "key" not in fields:
        raise SettingsError(f"{name} must contain {{slug}}, got {value!r}")
    return value


def _flag(name: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {value!r}")


def _seconds(name: str, value: str | None, default: float, *, zero: bool) -> float:
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {value!r}") from None
    if seconds < 0 or (seconds == 0 and not zero) or seconds != seconds:
        raise SettingsError(f"{name} must be a positive number of seconds, got {value!r}")
    return seconds


def _port(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise SettingsError(f"{name} must be a TCP port number (0-65535), got {value!r}")
    return int(value)


def _git_path(name: str, value: str | None) -> str:
    if value is None:
        return ""
    parts = [part for part in value.replace("\\", "/").split("/") if part not in ("", ".")]
    if ".." in parts:
        raise SettingsError(f"{name} must be a folder inside the repository, got {value!r}")
    return "/".join(parts)


def settings_from(env: Mapping[str, str]) -> Settings:
    """Build :class:`Settings` from a mapping of variables; empty values count as unset.

    Raises :class:`SettingsError` for the first invalid value.
    """

    def get(name: str) -> str | None:
        value = env.get(name)
        return value.strip() if value and value.strip() else None

    defaults = Settings()
    language = get("DEFAULT_LANGUAGE") or defaults.default_language
    default_language = normalize_tag(language)
    if default_language is None:
        raise SettingsError(f"DEFAULT_LANGUAGE must be a BCP 47 language tag, got {language!r}")
    owners = get("OWNER_IDS")
    owner_ids = frozenset(
        _snowflake("OWNER_IDS", part.strip()) for part in (owners or "").split(",") if part.strip()
    )
    guild = get("DEV_GUILD_ID")
    level = (get("LOG_LEVEL") or defaults.log_level).upper()
    if level not in _LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {level!r}")
    return Settings(
        discord_token=get("DISCORD_TOKEN"),
        content_dir=Path(get("CONTENT_DIR") or defaults.content_dir),
        database_path=Path(get("DATABASE_PATH") or defaults.database_path),
        site_url=_url("SITE_URL", get("SITE_URL") or defaults.site_url),
        post_url_template=_template(
            "POST_URL_TEMPLATE", get("POST_URL_TEMPLATE") or defaults.post_url_template
        ),
        default_language=default_language,
        owner_ids=owner_ids,
        dev_guild_id=_snowflake("DEV_GUILD_ID", guild) if guild else None,
        log_level=level,
        content_watch=_flag("CONTENT_WATCH", get("CONTENT_WATCH"), defaults.content_watch),
        content_rescan_seconds=_seconds(
            "CONTENT_RESCAN_SECONDS", get("CONTENT_RESCAN_SECONDS"), 300.0, zero=True
        ),
        content_git_url=get("CONTENT_GIT_URL"),
        content_git_branch=get("CONTENT_GIT_BRANCH"),
        content_git_path=_git_path("CONTENT_GIT_PATH", get("CONTENT_GIT_PATH")),
        content_git_seconds=_seconds(
            "CONTENT_GIT_SECONDS", get("CONTENT_GIT_SECONDS"), 300.0, zero=False
        ),
        health_port=_port("HEALTH_PORT", get("HEALTH_PORT")),
        health_host=get("HEALTH_HOST") or defaults.health_host,
    )


def check_content_dir(path: Path) -> None:
    """Raise :class:`SettingsError` unless CONTENT_DIR ``path`` is a folder the bot can read."""
    # Not called when CONTENT_GIT_URL is set: the bot clones the repository into CONTENT_DIR.
    if not path.exists():
        raise SettingsError(f"CONTENT_DIR {str(path)!r} does not exist")
    if not path.is_dir():
        raise SettingsError(f"CONTENT_DIR {str(path)!r} is not a folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise SettingsError(f"CONTENT_DIR {str(path)!r} cannot be read")


def check_database_path(path: Path) -> None:
    """Raise :class:`SettingsError` unless DATABASE_PATH ``path`` can be opened or created:
    not a folder, and its nearest existing parent is a folder the bot may write in (the
    missing folders between are created when the store opens)."""
    if path.is_dir():
        raise SettingsError(f"DATABASE_PATH {str(path)!r} is a folder, not a file")
    parent = path.absolute().parent
    while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise SettingsError(
            f"DATABASE_PATH {str(path)!r} cannot be created: {str(parent)!r} is not a folder"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SettingsError(
            f"DATABASE_PATH {str(path)!r} cannot be created: {str(parent)!r} is not writable"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise SettingsError(f"DATABASE_PATH {str(path)!r} is not readable and writable")


def load_settings(env_file: Path | None = Path(".env"), *, check_paths: bool = True) -> Settings:
    """Read ``env_file`` (if it exists) under the process environment, which wins.

    With ``check_paths`` (the bot and the console) CONTENT_DIR must be a readable folder and
    DATABASE_PATH a file that can be opened or created; relative paths are checked against the
    working directory. Raises :class:`SettingsError` for an invalid value.
    """
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ)
    settings = settings_from(merged)
    if check_paths:
        if settings.content_git_url is None:  # else the bot clones the repository there
            check_content_dir(settings.content_dir)
        check_database_path(settings.database_path)
    return settings
