"""Hugo shortcodes and footnote definitions, taken out of a Markdown body before parsing.

Hugo expands shortcodes (https://gohugo.io/content-management/shortcodes/) before it renders
Markdown, everywhere in the body: ``{{< name params >}}`` and ``{{% name params %}}``, paired
(``{{% notice %}}...{{% /notice %}}``) or not, self-closing (``{{< name />}}``) and escaped
(``{{</* name */>}}``). Their markup is no text a reader sees, so :func:`prepare` removes it
all; Hugo's ``figure`` shortcode becomes a Markdown image of its ``src`` (and ``alt``), so
that it counts as one of the post's images. The content between a paired shortcode's tags
stays, but when the opening tag stands on its own line (a callout box, a quote), the lines up
to the closing tag are listed in :attr:`Prepared.asides`: that text is searchable but never
a summary.

Footnote definitions (``[^1]: text`` and their indented continuation lines, the syntax of
https://www.markdownguide.org/extended-syntax/#footnotes) are removed too, outside fenced
code; the markers (``[^1]``) are dropped from text by the Markdown walker
(:data:`FOOTNOTE_MARKER`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTED = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
#: The longest shortcode tag looked for, in characters: bounds the work on unclosed ``{{<``.
MAX_TAG = 4000
_CLOSERS = {"<": ">}}", "%": "%}}"}
_PARAM = re.compile(r"([\w-]+)\s*=\s*(" + _QUOTED + r"|[^\s\"`]+)")
_NAME = re.compile(r"/?\s*([\w./-]+)")

#: A footnote marker in running text: ``[^1]``, ``[^note]`` (labels have no spaces).
FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]")
_FOOTNOTE_DEFINITION = re.compile(r" {0,3}\[\^[^\]\s]+\]:")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BLOCK_START = re.compile(r" {0,3}(#{1,6}(\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|`{3}|~{3}|<)")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A body ready for the Markdown parser: ``text`` without shortcodes and footnote
    definitions, and ``asides``: ``(first, last)`` 0-based line ranges of ``text`` that hold
    the content of block-level paired shortcodes, sorted and disjoint."""

    text: str
    asides: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Tag:
    start: int
    end: int
    name: str
    kind: str  # "open", "close", "self" or "escaped"
    params: str


def prepare(markdown: str) -> Prepared:
    """Remove shortcodes and footnote definitions from ``markdown`` (see the module)."""
    if "[^" in markdown:
        markdown = _drop_footnote_definitions(markdown)
    if "{{" not in markdown:
        return Prepared(markdown)
    tags = _find_tags(markdown)
    if not tags:
        return Prepared(markdown)
    pairs = _pairs(tags)
    out: list[str] = []
    line = 0  # lines in ``out`` so far
    opened: dict[int, int] = {}  # index of a block-level opening tag -> its line in ``out``
    asides: list[tuple[int, int]] = []
    position = 0
    for index, tag in enumerate(tags):
        before = markdown[position : tag.start]
        out.append(before)
        line += before.count("\n")
        if tag.kind == "open" and index in pairs and _alone_on_line(markdown, tag):
            opened[index] = line
        elif tag.kind == "close" and pairs.get(index) in opened:
            asides.append((opened[pairs[index]], line))
        replacement = _figure(tag) if tag.name == "figure" and tag.kind != "close" else ""
        out.append(replacement)
        position = tag.end
    out.append(markdown[position:])
    return Prepared("".join(out), _merged(asides))


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``ranges`` sorted, overlapping ones joined (nested shortcodes)."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return tuple(merged)


def _find_tags(text: str) -> list[_Tag]:
    """Every shortcode tag in ``text``, in order; one pass, whatever is left unclosed."""
    tags: list[_Tag] = []
    ahead: dict[str, int] = {}  # closer -> where it next occurs (len(text): nowhere)
    position = 0
    while (start := text.find("{{", position)) >= 0:
        closer = _CLOSERS.get(text[start + 2 : start + 3])
        if closer is None:
            position = start + 1
            continue
        end = _closing(text, start + 3, closer, ahead)
        if end < 0:
            position = start + 2
            continue
        tags.append(_tag(start, end + 3, text[start + 3 : end]))
        position = end + 3
    return tags


def _closing(text: str, begin: int, closer: str, ahead: dict[str, int]) -> int:
    """Where the tag whose inside starts at ``begin`` ends (``closer`` outside quotes), or
    -1; ``ahead`` remembers the next ``closer`` so that unclosed tags cost nothing more."""
    found = ahead.get(closer, -1)
    if found < begin:
        found = text.find(closer, begin)
        ahead[closer] = found = len(text) if found < 0 else found
    while found < len(text) and found - begin <= MAX_TAG:
        inside = text[begin:found].replace("\\\\", "").replace('\\"', "")
        if inside.count('"') % 2 == 0 and inside.count("`") % 2 == 0:
            return found
        found = text.find(closer, found + 1)
        found = len(text) if found < 0 else found
    return -1


def _tag(start: int, end: int, inner: str) -> _Tag:
    inner = inner.strip()
    if inner.startswith("/*") and inner.endswith("*/"):
        return _Tag(start, end, "", "escaped", "")
    kind = "open"
    if inner.startswith("/"):
        kind = "close"
    elif inner.endswith("/"):
        kind, inner = "self", inner[:-1]
    found = _NAME.match(inner)
    name = found.group(1) if found else ""
    params = inner[found.end() :] if found else inner
    return _Tag(start, end, name, kind, params)


def _pairs(tags: list[_Tag]) -> dict[int, int]:
    """Opening and closing tags that belong together, both ways: index -> index."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, tag in enumerate(tags):
        if tag.kind == "open":
            stack.append(index)
        elif tag.kind == "close":
            for depth in range(len(stack) - 1, -1, -1):
                if tags[stack[depth]].name == tag.name:
                    pairs[stack[depth]] = index
                    pairs[index] = stack[depth]
                    del stack[depth:]
                    break
    return pairs


def _alone_on_line(text: str, tag: _Tag) -> bool:
    """Whether only spaces share the tag's line (looking no further than those spaces)."""
    before = tag.start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    after = tag.end
    while after < len(text) and text[after] in " \t\r":
        after += 1
    return (before < 0 or text[before] == "\n") and (after == len(text) or text[after] == "\n")


def params(text: str) -> dict[str, str]:
    """A shortcode's named parameters (``src="/x.jpg" alt='...'``), unquoted."""
    values: dict[str, str] = {}
    for name, raw in _PARAM.findall(text):
        if raw.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", raw[1:-1])
        elif raw.startswith("`"):
            value = raw[1:-1]
        else:
            value = raw
        values[name.lower()] = value
    return values


def _figure(tag: _Tag) -> str:
    """Hugo's figure shortcode as a Markdown image (``![alt](<src>)``), or nothing."""
    values = params(tag.params)
    src = " ".join(values.get("src", "").split())
    if not src:
        return ""
    alt = " ".join((values.get("alt") or values.get("title") or values.get("caption", "")).split())
    escaped_alt = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", alt)
    escaped_src = re.sub(r"([<>\\])", r"\\\1", src)
    return f"![{escaped_alt}](<{escaped_src}>)"


def _drop_footnote_definitions(markdown: str) -> str:
    """``markdown`` without footnote definitions: a ``[^label]:`` line, the lines that
    continue its paragraph, and the indented lines (after blank ones) that follow it."""
    lines = markdown.splitlines(keepends=True)
    out: list[str] = []
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence:
            if line.lstrip(" ").startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            out.append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        if not _FOOTNOTE_DEFINITION.match(line):
            out.append(line)
            continue
        index = _definition_end(lines, index)
    return "".join(out)


def _definition_end(lines: list[str], index: int) -> int:
    """The index of the first line after the footnote definition whose rest starts at
    ``lines[index]``: its lazy continuation lines, then indented lines, blank ones between."""
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            following = index
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following == len(lines) or not lines[following].startswith(("    ", "\t")):
                return index
            index = following
            continue
        if not line.startswith(("    ", "\t")) and (
            _BLOCK_START.match(line) or _FOOTNOTE_DEFINITION.match(line)
        ):
            return index
        index += 1
    return index
