"""One Markdown file's bytes -> one :class:`~bot.content.model.Translation`, or why not.

:func:`parse_translation` is the entry point the loader runs in a process pool: a top-level,
picklable function without IO (the loader reads and stats files). Parser objects are built
once per process, at import.

Front matter is YAML (``---``), TOML (``+++``) or JSON (``{ ... }``), as Hugo reads it (see
:mod:`bot.content.front_matter`). Fields (Hugo's names,
https://gohugo.io/content-management/front-matter/): ``title`` (required), ``date``,
``keywords``, ``image``/``images``, ``summary``, ``description``, ``slug``,
``translationKey``, ``lang``, ``draft``, ``publishDate`` and ``expiryDate`` (with Hugo's
aliases ``pubdate``, ``published``, ``unpublishdate``; their case does not matter).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from bot.content.front_matter import read_front_matter
from bot.content.layout import PathInfo, describe, is_candidate, resolve_language
from bot.content.markdown import absolute_url, parse_body, plain_text
from bot.content.model import Problem, Skipped, Translation
from bot.content.summary import summarize
from bot.i18n.tags import normalize_tag

__all__ = ["is_candidate", "parse_translation"]

_LANGUAGE_HINT = "(expected a BCP 47 tag such as es or pt-BR)"
_DATE_HINT = "(expected a date such as '2025-01-29')"


class _Invalid(Exception):
    """A front-matter field's value is wrong: becomes a :class:`Problem`."""

    def __init__(
        self,
        reason: str,
        field: str | None = None,
        *,
        code: str = "",
        params: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.code = code
        self.params = params


def parse_translation(
    path: str, data: bytes, site_url: str, content_hash: str | None = None
) -> Translation | Problem | Skipped | None:
    """Parse one file: ``path`` relative to CONTENT_DIR with ``/``, ``data`` its raw bytes.

    Returns ``None`` for files that are not posts and not errors (not Markdown, or at the
    root without a language suffix such as ``README.md``); :class:`Skipped` for Hugo section
    files (``_index.md``, ``index.md``) and ``draft: true``; :class:`Problem` with a reason
    for the author (and the line when known) for bad input: not UTF-8, empty, no or broken
    front matter, not a mapping, no title, bad date, bad or conflicting languages. Site-
    relative URLs resolve against ``site_url``. ``content_hash``: the hex SHA-256 of ``data``
    when the caller already computed it. Never raises.
    """
    info = describe(path)
    if info is None:
        return None
    if info.section:
        return Skipped(path, "Hugo section file (_index.md or index.md), not a post")
    try:
        result = _parse(path, info, data, site_url)
        if isinstance(result, Translation):
            digest = content_hash or hashlib.sha256(data).hexdigest()
            result = dataclasses.replace(result, content_hash=digest)
        return result
    except Exception as error:  # a safety net: one broken file must not stop a reload
        return Problem(path, f"could not be parsed: {type(error).__name__}: {error}")


def _decode(path: str, data: bytes) -> str | Problem:
    """The file's text (UTF-8, without a byte-order mark), else why it has none."""
    if not data.strip():
        return Problem(path, "file is empty", code="empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(
            path,
            f"file is not UTF-8 text (byte 0x{data[error.start]:02X} on line {line}); "
            "save it as UTF-8",
            line,
            code="not-utf8",
        )
    return text.removeprefix("\ufeff")


def _parse(
    path: str, info: PathInfo, data: bytes, site_url: str
) -> Translation | Problem | Skipped:
    text = _decode(path, data)
    if isinstance(text, Problem):
        return text
    front = read_front_matter(path, text)
    if isinstance(front, Problem):
        return front
    meta = front.meta
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return Problem(
            path,
            f"front matter is not a mapping of fields such as 'title: ...' (found {_kind(meta)})",
            front.first_line + 2,
            code="front-matter-not-mapping",
        )
    if _is_true(meta.get("draft")):
        return Skipped(path, "draft: true")

    try:
        return _translation(path, info, meta, front.body, data, site_url)
    except _Invalid as invalid:
        field_line = front.field_line(invalid.field) if invalid.field else None
        return Problem(path, invalid.reason, field_line, invalid.code, invalid.params)


def _translation(
    path: str, info: PathInfo, meta: dict[Any, Any], body_text: str, data: bytes, site_url: str
) -> Translation:
    lang = meta.get("lang")
    front_lang: str | None = None
    if lang is not None:
        front_lang = normalize_tag(lang) if isinstance(lang, str) else None
        if front_lang is None:
            raise _Invalid(f"front matter lang '{lang}' is not a language {_LANGUAGE_HINT}", "lang")
    language, reason = resolve_language(info, front_lang)
    if language is None:
        folder = info.folder if info.folder_language is None and info.folder else None
        raise _Invalid(
            str(reason), "lang" if front_lang else None,
            code="folder-not-language" if folder else "languages-disagree",
            params=(("folder", folder),) if folder else (),
        )  # fmt: skip

    title = _text(meta.get("title"), "title")
    if not title:
        raise _Invalid(
            "front matter has no title", "title" if "title" in meta else None, code="no-title"
        )
    key = _text(meta.get("translationKey"), "translationKey") or info.name
    slug = _text(meta.get("slug"), "slug") or info.name

    body = parse_body(body_text, site_url)
    image = _cover(meta, site_url)
    if image is None and body.images:
        image = body.images[0].url
    explicit = _text(meta.get("summary"), "summary") or _text(
        meta.get("description"), "description"
    )
    summary = summarize(body, language, plain_text(explicit) if explicit else None)

    return Translation(
        key=key,
        language=language,
        slug=slug,
        path=path,
        title=title,
        date=_date(meta.get("date")),
        publish_at=_moment(_field(meta, _PUBLISH) or meta.get("date"), "publishDate"),
        expire_at=_moment(_field(meta, _EXPIRY), "expiryDate"),
        summary=summary,
        keywords=_keywords(meta.get("keywords")),
        image=image,
        links=body.links,
        images=body.images,
        headings=body.headings,
        text=body.text,
    )


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes"))


def _text(value: object, field: str) -> str:
    """A text field, stripped; ``""`` when absent. Numbers and dates count as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return str(value)
    raise _Invalid(f"front matter {field} must be text, not {_kind(value)}", field)


def _date(value: object) -> dt.date | None:
    """``'2025-01-29'``, ``2025-01-29``, ``2025-01-29T10:00:00Z`` -> a date; absent -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
        except ValueError:
            pass
    raise _Invalid(
        f"date '{value}' is not a valid date {_DATE_HINT}", "date",
        code="bad-date", params=(("value", str(value)),),
    )  # fmt: skip


_PUBLISH = ("publishdate", "pubdate", "published")
_EXPIRY = ("expirydate", "unpublishdate")


def _field(meta: dict[Any, Any], names: tuple[str, ...]) -> object:
    """The first of ``names`` present in ``meta``, compared without case (Hugo's rule)."""
    folded = {str(key).lower(): value for key, value in meta.items()}
    for name in names:
        if folded.get(name) not in (None, ""):
            return folded[name]
    return None


def _moment(value: object, field: str) -> dt.datetime | None:
    """A front-matter date or date-time as an aware UTC datetime (a date alone, or a time
    without an offset, counts in UTC); absent -> ``None``. Raises ``_Invalid`` otherwise."""
    if value is None or value == "":
        return None
    moment: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            moment = None
    if moment is None:
        raise _Invalid(
            f"{field} '{value}' is not a valid date {_DATE_HINT}", field,
            code="bad-date", params=(("value", str(value)),),
        )  # fmt: skip
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _keywords(value: object) -> tuple[str, ...]:
    """A comma-separated string or a list -> stripped, non-empty, case-insensitively unique."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        items = [value]
    else:
        raise _Invalid(
            f"front matter keywords must be a comma-separated text or a list, not {_kind(value)}",
            "keywords",
        )
    seen: set[str] = set()
    keywords: list[str] = []
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            continue
        keyword = " ".join(str(item).split())
        folded = keyword.casefold()
        if keyword and folded not in seen:
            seen.add(folded)
            keywords.append(keyword)
    return tuple(keywords)


def _cover(meta: dict[Any, Any], site_url: str) -> str | None:
    """Front-matter ``image``, else the first of ``images``, as an absolute URL."""
    value = meta.get("image")
    if value is None and isinstance(meta.get("images"), list) and meta["images"]:
        value = meta["images"][0]
    if isinstance(value, str):
        return absolute_url(value, site_url)
    return None
