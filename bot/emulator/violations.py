"""A broken Discord rule (:class:`Violation`), Discord's 400 body for a list of them, and the
small length/URL checks every rule module uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
Path = tuple[str | int, ...]
"""Where in a body: keys and list indexes, e.g. ``("embeds", 0, "title")``."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``path`` into the body (e.g. ``("embeds", 0, "title")``), a message,
    and Discord's error code for that kind of error (e.g. ``BASE_TYPE_MAX_LENGTH``)."""

    path: Path
    message: str
    code: str = "BASE_TYPE_INVALID"

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "<body>"
        return f"{where}: {self.message}"

    def under(self, *prefix: str | int) -> Violation:
        """The same violation with ``prefix`` put before its path."""
        return Violation((*prefix, *self.path), self.message, self.code)


def error_body(violations: list[Violation]) -> JSON:
    """Discord's 400 body: ``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}``.

    ``errors`` nests the path, each leaf holding ``{"_errors": [{"code", "message"}]}``.
    """
    errors: JSON = {}
    for violation in violations:
        node = errors
        for part in violation.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append(
            {"code": violation.code, "message": violation.message}
        )
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def max_len(value: Any, limit: int, path: Path) -> list[Violation]:
    """An optional string of at most ``limit`` characters."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [Violation(path, "Must be a string.", "BASE_TYPE_STRING")]
    if len(value) > limit:
        return [Violation(path, f"Must be {limit} or fewer in length.", "BASE_TYPE_MAX_LENGTH")]
    return []


def len_between(value: Any, low: int, high: int, path: Path) -> list[Violation]:
    """A required string of ``low`` to ``high`` characters."""
    if not isinstance(value, str):
        return [Violation(path, "This field is required (a string).", "BASE_TYPE_REQUIRED")]
    if not low <= len(value) <= high:
        return [
            Violation(path, f"Must be between {low} and {high} in length.", "BASE_TYPE_BAD_LENGTH")
        ]
    return []


def url_problem(value: Any, path: Path, *, attachments: bool) -> list[Violation]:
    """An optional URL: http(s), or also ``attachment://name`` where an upload may be shown."""
    if value is None:
        return []
    schemes = ("http://", "https://", "attachment://") if attachments else ("http://", "https://")
    if not isinstance(value, str) or not value.startswith(schemes) or " " in value:
        allowed = "http(s) or attachment://" if attachments else "http(s)"
        return [
            Violation(
                path, f"Scheme {value!r} is not supported; use {allowed}.", "URL_TYPE_INVALID_URL"
            )
        ]
    return []
