"""Markdown bodies as plain values (bot.content.markdown)."""

from __future__ import annotations

from bot.content.markdown import Paragraph, absolute_url, parse_body, plain_text
from bot.content.model import Image, Link

SITE = "https://www.cambioml.com"


def test_absolute_url() -> None:
    assert absolute_url("/images/x.jpeg", SITE) == "https://www.cambioml.com/images/x.jpeg"
    assert absolute_url("images/x.jpeg", SITE + "/") == "https://www.cambioml.com/images/x.jpeg"
    assert absolute_url("https://example.org/a?b=1#c", SITE) == "https://example.org/a?b=1#c"
    assert absolute_url("//cdn.example.org/x.png", SITE) == "https://cdn.example.org/x.png"
    assert absolute_url("mailto:info@cambioml.com", SITE) is None
    assert absolute_url("#section", SITE) is None
    assert absolute_url("tel:+1555", SITE) is None
    assert absolute_url("http://[broken", SITE) is None


def test_links_are_absolute_ordered_and_unique() -> None:
    body = parse_body(
        "See [the parser](/anyparser), [our paper](https://dl.acm.org/doi/1) and "
        "[the parser again](/anyparser). Mail [us](mailto:info@cambioml.com) or jump to "
        "[the end](#end). Visit <https://docs.cambioml.com>.",
        SITE,
    )
    assert body.links == (
        Link("the parser", "https://www.cambioml.com/anyparser"),
        Link("our paper", "https://dl.acm.org/doi/1"),
        Link("https://docs.cambioml.com", "https://docs.cambioml.com"),
    )


def test_link_text_keeps_inline_markup_text() -> None:
    body = parse_body("[**Rachel** `Hu`](https://example.org/rachel)", SITE)
    assert body.links == (Link("Rachel Hu", "https://example.org/rachel"),)
    assert body.paragraphs[0].text == "Rachel Hu"
    assert body.paragraphs[0].link_spans == ((0, 9),)


def test_images_from_markdown_and_raw_html() -> None:
    body = parse_body(
        "![Cover](/images/cover.jpeg)\n_A caption_\n\n"
        '<p><img src="/images/chart.png" alt="A chart"></p>\n\n'
        'Inline <img src="https://cdn.example.org/i.png" alt="inline"> image.\n\n'
        "![Cover again](/images/cover.jpeg)",
        SITE,
    )
    assert body.images == (
        Image("Cover", "https://www.cambioml.com/images/cover.jpeg"),
        Image("A chart", "https://www.cambioml.com/images/chart.png"),
        Image("inline", "https://cdn.example.org/i.png"),
    )


def test_headings_include_h1_and_deeper() -> None:
    body = parse_body("# Title\n\nText.\n\n## Section *one*\n\n### Detail\n\nSetext\n---\n", SITE)
    assert body.headings == ("Title", "Section one", "Detail", "Setext")


def test_plain_text_drops_syntax_html_and_iframes_keeps_code() -> None:
    body = parse_body(
        "Some **bold** and _italic_ text with a [link](https://example.org).\n\n"
        "- **Lead-in**: item\n\n"
        '<iframe src="https://www.youtube.com/embed/x">fallback text</iframe>\n\n'
        "<div>Raw <b>HTML</b> block</div>\n\n"
        "```python\nprint('hello')\n```\n\n"
        "| Col A | Col B |\n|---|---|\n| one | two |\n",
        SITE,
    )
    assert body.text.split("\n") == [
        "Some bold and italic text with a link.",
        "Lead-in: item",
        "Raw HTML block",
        "print('hello')",
        "Col A",
        "Col B",
        "one",
        "two",
    ]
    assert "youtube" not in body.text and "fallback" not in body.text


def test_paragraphs_mark_image_lines_and_captions_as_not_prose() -> None:
    body = parse_body(
        "![Cover](/images/cover.jpeg)\n_Rachel Hu presenting_\n\nReal *prose* here.\n\n"
        "- a list item\n",
        SITE,
    )
    assert body.paragraphs == (
        Paragraph("Rachel Hu presenting", (), prose=False, top_level=True),
        Paragraph("Real prose here.", (), prose=True, top_level=True),
        Paragraph("a list item", (), prose=True, top_level=False),
    )


def test_more_divider_counts_paragraphs_before_it() -> None:
    assert parse_body("One.\n\nTwo.\n<!--more-->\nThree.", SITE).more == 2
    assert parse_body("One.\n\n<!-- more -->\n\nTwo.", SITE).more == 1
    assert parse_body("One.\n\n<!-- a comment -->\n\nTwo.", SITE).more is None


def test_whitespace_collapses_and_spans_follow() -> None:
    body = parse_body("Hello  \n  [big\nworld](https://example.org)   again", SITE)
    paragraph = body.paragraphs[0]
    assert paragraph.text == "Hello big world again"
    start, end = paragraph.link_spans[0]
    assert paragraph.text[start:end] == "big world"


def test_plain_text_of_a_front_matter_summary() -> None:
    assert plain_text("A **short** [summary](https://example.org)\nof the post.") == (
        "A short summary of the post."
    )
