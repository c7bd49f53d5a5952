"""A Markdown body as plain values, from one walk over markdown-it-py's token stream.

:func:`parse_body` returns a :class:`Body`: the paragraphs (plain text plus where link texts
are, for summaries), the links and images with absolute URLs, the headings and the plain text
for search. markdown-it-py (CommonMark plus GFM tables and strikethrough) does the parsing and
raw HTML goes through :mod:`html.parser`; Hugo shortcodes and footnote definitions, which
CommonMark does not know, are taken out before (:mod:`bot.content.shortcodes`), and footnote
markers (``[^1]``) are dropped from the text tokens.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.content.model import Image, Link
from bot.content.shortcodes import FOOTNOTE_MARKER, prepare


def _normalize_link(url: str) -> str:
    """Percent-encode what a URL may not contain; plain ASCII URLs pass unchanged.

    Replaces markdown-it-py's ``normalizeLink`` (mdurl parse, punycode, encode), which costs
    about a sixth of a post's parse time; existing ``%XX`` escapes are kept as they are.
    """
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    return quote(url, safe="%/:=&?~#+!$,;'@()*[]")


#: One parser for the process: building it compiles its rules, parsing with it is reentrant.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_MD.normalizeLink = _normalize_link  # type: ignore[method-assign]

#: Hugo's summary divider (https://gohugo.io/content-management/summaries/), compared
#: without whitespace and case.
MORE_DIVIDER = "<!--more-->"

#: Raw-HTML elements whose content is not text a reader sees in the post.
_HIDDEN_ELEMENTS = frozenset({"iframe", "script", "style", "noscript", "template", "object"})

#: Raw-HTML elements that do not separate words (all others do).
_INLINE_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "code",
        "em",
        "i",
        "kbd",
        "mark",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
    }
)

#: One piece of inline text and the number of the link it belongs to (-1: none).
_Piece = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A Markdown paragraph as plain text.

    ``text`` has Markdown syntax removed (link texts kept, URLs and images dropped) and its
    whitespace collapsed. ``link_spans`` are the ``(start, end)`` offsets in ``text`` of each
    link's text. ``prose`` is false when all the text is images or emphasis (an image line
    and its ``_italic caption_``). ``top_level`` is false inside lists, quotes and tables.
    """

    text: str
    link_spans: tuple[tuple[int, int], ...] = ()
    prose: bool = True
    top_level: bool = True


@dataclass(frozen=True, slots=True)
class Body:
    """What a post's Markdown body contains.

    ``more`` is the number of paragraphs before Hugo's ``<!--more-->`` divider (``None``
    without one). ``links`` and ``images`` hold absolute http(s) URLs, in order, each URL
    once. ``headings`` holds every heading's text, ``text`` every block's plain text (one
    line per block; iframes, scripts and HTML tags dropped; code kept).
    """

    paragraphs: tuple[Paragraph, ...]
    more: int | None
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    headings: tuple[str, ...]
    text: str


def absolute_url(url: str, site_url: str) -> str | None:
    """Resolve ``url`` against ``site_url`` and return it if it is an http(s) URL.

    ``"/images/x.jpeg"`` -> ``"https://www.cambioml.com/images/x.jpeg"``; relative paths
    resolve against the site's root; spaces and non-ASCII characters are percent-encoded
    (Discord rejects such URLs in embeds and link buttons); ``mailto:``, ``tel:``,
    fragment-only (``#top``) and unparseable URLs -> ``None``.
    """
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    try:
        full = urljoin(site_url.rstrip("/") + "/", url)
        parts = urlsplit(full)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return _normalize_link(full)


def collapse(pieces: Sequence[_Piece]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join text pieces, collapsing whitespace runs to one space and trimming the ends.

    Returns the text and the ``(start, end)`` span of each link number's pieces in it.
    """
    out: list[str] = []
    length = 0
    pending_space = False
    spans: dict[int, list[int]] = {}
    for raw, link in pieces:
        words = raw.split()
        if not words:
            pending_space = pending_space or bool(raw)
            continue
        if length and (pending_space or raw[0].isspace()):
            out.append(" ")
            length += 1
        chunk = " ".join(words)
        start = length
        out.append(chunk)
        length += len(chunk)
        pending_space = raw[-1].isspace()
        if link >= 0:
            span = spans.get(link)
            if span is None:
                spans[link] = [start, length]
            else:
                span[1] = length
    return "".join(out), tuple((a, b) for a, b in spans.values())


def is_more_divider(html: str) -> bool:
    """Whether a raw-HTML fragment is Hugo's ``<!--more-->`` summary divider."""
    return "".join(html.split()).lower() == MORE_DIVIDER


class _HtmlText(HTMLParser):
    """Collects the visible text, images and links of a raw-HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._hidden = 0
        self._href: str | None = None
        self._link_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _HIDDEN_ELEMENTS:
            self._hidden += 1
        elif tag == "img" and values.get("src"):
            self.images.append((values.get("alt", ""), values["src"]))
        elif tag == "a" and values.get("href"):
            self._href = values["href"]
            self._link_parts = []
        if tag not in _INLINE_ELEMENTS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_ELEMENTS:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._link_parts).split()), self._href))
            self._href = None
        if tag not in _INLINE_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.parts.append(data)
        if self._href is not None:
            self._link_parts.append(data)


def _read_html(html: str) -> _HtmlText:
    reader = _HtmlText()
    reader.feed(html)
    reader.close()
    return reader


class _Walker:
    """Accumulates a :class:`Body` while walking block tokens."""

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url
        self.paragraphs: list[Paragraph] = []
        self.more: int | None = None
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.headings: list[str] = []
        self.blocks: list[str] = []
        self._urls: set[str] = set()
        self._image_urls: set[str] = set()
        self._link_count = 0

    def add_link(self, text: str, href: str | None) -> None:
        url = absolute_url(href, self.site_url) if href else None
        if url is not None and url not in self._urls:
            self._urls.add(url)
            self.links.append(Link(text=text or url, url=url))

    def add_image(self, alt: str, src: str | None) -> None:
        url = absolute_url(src, self.site_url) if src else None
        if url is not None and url not in self._image_urls:
            self._image_urls.add(url)
            self.images.append(Image(alt=" ".join(alt.split()), url=url))

    def html(self, html: str) -> None:
        """A raw-HTML block: its text, ``<img src>`` and ``<a href>``."""
        if is_more_divider(html):
            if self.more is None:
                self.more = len(self.paragraphs)
            return
        reader = _read_html(html)
        for alt, src in reader.images:
            self.add_image(alt, src)
        for text, href in reader.links:
            self.add_link(text, href)
        text = " ".join("".join(reader.parts).split())
        if text:
            self.blocks.append(text)

    def inline(self, children: Sequence[Token]) -> tuple[str, tuple[tuple[int, int], ...], bool]:
        """Plain text, link spans and whether there is text outside images and emphasis."""
        pieces: list[_Piece] = []
        prose = False
        emphasis = 0
        link = -1
        link_href: str | None = None
        link_first = 0
        link_alts: list[str] = []
        more_here = False
        for token in children:
            kind = token.type
            if kind == "text" or kind == "code_inline":
                content = token.content
                if kind == "text" and "[^" in content:
                    content = FOOTNOTE_MARKER.sub("", content)
                pieces.append((content, link))
                if not emphasis and not prose and content.strip():
                    prose = True
            elif kind == "softbreak" or kind == "hardbreak":
                pieces.append((" ", link))
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                self._link_count += 1
                link = self._link_count
                href = token.attrGet("href")
                link_href = href if isinstance(href, str) else None
                link_first = len(pieces)
                link_alts = []
            elif kind == "link_close":
                text, _ = collapse(pieces[link_first:])
                self.add_link(text or " ".join(link_alts), link_href)
                link = -1
            elif kind == "image":
                alt, _ = collapse([(child.content, -1) for child in token.children or ()])
                src = token.attrGet("src")
                self.add_image(alt, src if isinstance(src, str) else None)
                if link >= 0:
                    link_alts.append(alt)
            elif kind == "html_inline":
                content = token.content
                if is_more_divider(content):
                    more_here = True
                elif content.lower().startswith("<br"):
                    pieces.append((" ", link))
                elif content.lower().startswith("<img"):
                    for alt, src in _read_html(content).images:
                        self.add_image(alt, src)
        text, spans = collapse(pieces)
        if more_here and self.more is None:
            self.more = len(self.paragraphs) + 1
        return text, spans, prose


def parse_body(markdown: str, site_url: str) -> Body:
    """Parse a Markdown body (front matter already removed) into a :class:`Body`.

    ``site_url`` (``https://www.cambioml.com``) resolves site-relative link and image URLs.
    Hugo shortcodes and footnotes are taken out first (:func:`bot.content.shortcodes.prepare`):
    paragraphs inside a block-level paired shortcode are never prose. Never raises on any
    input text.
    """
    walker = _Walker(site_url)
    prepared = prepare(markdown)
    tokens = _MD.parse(prepared.text)
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind == "paragraph_open" or kind == "heading_open":
            children = tokens[index + 1].children or []
            text, spans, prose = walker.inline(children)
            if kind == "heading_open":
                if text:
                    walker.headings.append(text)
            else:
                aside = _within(token.map, prepared.asides)
                walker.paragraphs.append(
                    Paragraph(text, spans, prose and not aside, token.level == 0)
                )
            if text:
                walker.blocks.append(text)
            index += 3
            continue
        if kind == "inline":  # table cells
            text, _, _ = walker.inline(token.children or [])
            if text:
                walker.blocks.append(text)
        elif kind == "fence" or kind == "code_block":
            code = " ".join(token.content.split())
            if code:
                walker.blocks.append(code)
        elif kind == "html_block":
            walker.html(token.content)
        index += 1
    return Body(
        paragraphs=tuple(walker.paragraphs),
        more=walker.more,
        links=tuple(walker.links),
        images=tuple(walker.images),
        headings=tuple(walker.headings),
        text="\n".join(walker.blocks),
    )


def _within(lines: list[int] | None, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether a block starting at ``lines[0]`` lies in one of the sorted, disjoint
    ``(first, last)`` ranges."""
    if not lines or not ranges:
        return False
    index = bisect.bisect_right(ranges, (lines[0], sys.maxsize)) - 1
    return index >= 0 and ranges[index][0] <= lines[0] <= ranges[index][1]


def plain_text(markdown: str) -> str:
    """A short Markdown text (a front-matter summary) as one line of plain text."""
    return " ".join(parse_body(markdown, "https://invalid.example").text.split())
