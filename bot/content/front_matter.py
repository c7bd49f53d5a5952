"""A post's front matter, in the three formats Hugo reads, and the body after it.

Hugo's rule (https://gohugo.io/content-management/front-matter/): YAML between ``---``
lines, TOML between ``+++`` lines, JSON as an object (``{ ... }``) at the start of the file.
YAML is split with python-frontmatter's boundary rule and loaded with libyaml's safe loader
when available (https://pyyaml.org/wiki/PyYAMLDocumentation); TOML with the standard
library's :mod:`tomllib`; JSON with :mod:`json`, whose decoder finds where the object ends.
Errors keep the file's line when the parser tells it.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import yaml
from frontmatter.default_handlers import YAMLHandler

from bot.content.model import Problem

_YAML = YAMLHandler()
_YAML_BOUNDARY = _YAML.FM_BOUNDARY
_TOML_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """An unquoted date YAML cannot build (``2025-13-45``) stays text, reported later."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, AttributeError):
        return loader.construct_scalar(node)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe YAML loader, with dates that fail to build kept as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A file's front matter, parsed (``meta``: a mapping for TOML and JSON, any YAML value
    for YAML), its ``text`` as written, the ``body`` after it, its ``format`` (``yaml``,
    ``toml``, ``json``) and ``first_line``: the number of file lines before ``text``."""

    meta: object
    text: str
    body: str
    format: str
    first_line: int

    def field_line(self, field: str) -> int | None:
        """The 1-based file line where the top-level ``field`` is set, if it can be found."""
        separator = {"yaml": ":", "toml": "="}.get(self.format, ":")
        names = (field, f'"{field}"', f"'{field}'") if self.format != "yaml" else (field,)
        for number, line in enumerate(self.text.split("\n")):
            if self.format != "yaml":
                line = line.strip().removeprefix("{").lstrip().removeprefix(",").lstrip()
            for name in names:
                if line.startswith(name) and line[len(name) :].lstrip().startswith(separator):
                    return self.first_line + number + 1
        return None


def read_front_matter(path: str, text: str) -> FrontMatter | Problem:
    """Split ``text`` (a whole file, decoded) into front matter and body, and parse the
    front matter; a :class:`Problem` when there is none or it is broken."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if stripped.startswith("{") and not stripped.startswith("{{"):  # {{< shortcode >}}
        return _json(path, text, offset)
    if _TOML_BOUNDARY.match(text, offset):
        return _toml(path, text, offset)
    return _yaml(path, text, offset)


def _yaml(path: str, text: str, offset: int) -> FrontMatter | Problem:
    start = _YAML_BOUNDARY.match(text, offset)
    if start is None:
        return Problem(
            path, "file has no front matter (YAML between --- lines, with a title)", 1,
            code="no-front-matter",
        )  # fmt: skip
    end = _YAML_BOUNDARY.search(text, start.end())
    first_line = text.count("\n", 0, start.end())  # lines before the front matter's text
    if end is None:
        return Problem(
            path, "front matter is not closed by a --- line", first_line + 1,
            code="front-matter-not-closed",
        )  # fmt: skip
    front = text[start.end() : end.start()]
    try:
        meta = _YAML.load(front, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = first_line + mark.line + 1 if mark is not None else None
        return Problem(
            path, f"front matter is not valid YAML: {problem}", line,
            code="invalid-yaml", params=(("detail", str(problem)),),
        )  # fmt: skip
    return FrontMatter(meta, front, text[end.end() :], "yaml", first_line)


def _toml(path: str, text: str, offset: int) -> FrontMatter | Problem:
    start = _TOML_BOUNDARY.match(text, offset)
    assert start is not None  # checked by the caller
    end = _TOML_BOUNDARY.search(text, start.end())
    first_line = text.count("\n", 0, start.end())
    if end is None:
        return Problem(
            path, "front matter is not closed by a +++ line", first_line + 1,
            code="toml-not-closed",
        )  # fmt: skip
    front = text[start.end() : end.start()]
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        detail = message[: found.start()] if found else message
        line = getattr(error, "lineno", None)  # Python 3.14 and later
        if line is None and found is not None:
            line = int(found.group(1)) if found.group(1) else front.count("\n") + 1
        # the text starts at the end of the +++ line: its line 1 is that file line
        file_line = first_line + line if line else None
        return Problem(
            path, f"front matter is not valid TOML: {detail}", file_line,
            code="invalid-toml", params=(("detail", detail),),
        )  # fmt: skip
    return FrontMatter(meta, front, text[end.end() :], "toml", first_line)


def _json(path: str, text: str, offset: int) -> FrontMatter | Problem:
    try:
        meta, end = json.JSONDecoder().raw_decode(text, offset)
    except json.JSONDecodeError as error:
        return Problem(
            path, f"front matter is not valid JSON: {error.msg}", error.lineno,
            code="invalid-json", params=(("detail", error.msg),),
        )  # fmt: skip
    try:
        json.dumps(meta, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # "\ud800": half of a character, which no text can hold
        escape = _SURROGATE.search(text, offset, end)
        detail = "a \\u escape is half of a character (a lone surrogate)"
        return Problem(
            path, f"front matter is not valid JSON: {detail}",
            text.count("\n", 0, escape.start()) + 1 if escape else None,
            code="invalid-json", params=(("detail", detail),),
        )  # fmt: skip
    first_line = text.count("\n", 0, offset)
    return FrontMatter(meta, text[offset:end], text[end:], "json", first_line)
