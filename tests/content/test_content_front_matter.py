"""Front matter in YAML, TOML and JSON, as Hugo reads it (bot.content.front_matter)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content.front_matter import FrontMatter, read_front_matter
from bot.content.model import Problem, Translation
from bot.content.parse import parse_translation

SITE = "https://www.cambioml.com"

TOML_POST = """+++
title = "Una charla"
date = 2025-01-29
publishDate = 2025-02-01T10:00:00+02:00
expiryDate = 2026-01-01T00:00:00
keywords = ["KDD", "RAG"]
image = "/images/cover.jpeg"
slug = "charla"

[params]
author = "Rachel"
+++

First paragraph of the post. It has two sentences.
"""

JSON_POST = """{
  "title": "Una charla",
  "date": "2025-01-29",
  "publishDate": "2025-02-01T10:00:00+02:00",
  "keywords": ["KDD", "RAG"],
  "params": {"nested": {"braces": "}"}}
}

First paragraph of the post. It has two sentences.
"""


def parse(data: str, path: str = "es/a.md") -> Translation:
    result = parse_translation(path, data.encode(), SITE)
    assert isinstance(result, Translation), result
    return result


def problem(data: str, path: str = "es/a.md") -> Problem:
    result = parse_translation(path, data.encode(), SITE)
    assert isinstance(result, Problem), result
    return result


def test_toml_front_matter_with_native_dates() -> None:
    post = parse(TOML_POST)
    assert (post.title, post.slug, post.keywords) == ("Una charla", "charla", ("KDD", "RAG"))
    assert post.date == dt.date(2025, 1, 29)
    assert post.publish_at == dt.datetime(2025, 2, 1, 8, 0, tzinfo=dt.UTC)
    assert post.expire_at == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert post.image == "https://www.cambioml.com/images/cover.jpeg"
    assert post.summary == "First paragraph of the post. It has two sentences."


def test_toml_date_time_as_date_and_local_date_as_publish_date() -> None:
    post = parse('+++\ntitle = "x"\ndate = 2025-03-04T23:30:00Z\npubdate = 2025-03-05\n+++\nText.')
    assert post.date == dt.date(2025, 3, 4)
    assert post.publish_at == dt.datetime(2025, 3, 5, tzinfo=dt.UTC)


def test_toml_time_alone_is_a_bad_date_on_its_line() -> None:
    found = problem('+++\ntitle = "x"\ndate = 10:30:00\n+++\nText.')
    assert (found.code, found.line) == ("bad-date", 3)


def test_toml_draft_and_bad_types() -> None:
    assert parse_translation("es/a.md", b'+++\ntitle = "x"\ndraft = true\n+++\n', SITE) is not None
    skipped = parse_translation("es/a.md", b'+++\ntitle = "x"\ndraft = true\n+++\n', SITE)
    assert type(skipped).__name__ == "Skipped"
    found = problem("+++\ndate = 2025-01-01\ntitle = [1, 2]\n+++\nText.")
    assert (found.reason, found.line) == ("front matter title must be text, not a list", 3)
    assert problem('+++\n"title" = ""\n+++\nText.').line == 2


def test_invalid_toml_has_the_file_line() -> None:
    found = problem('\n+++\ntitle = "x"\ndate = 2025-13-01\nslug = "y"\n+++\nText.')
    assert found.code == "invalid-toml"
    assert found.reason.startswith("front matter is not valid TOML: ")
    assert "(at line" not in found.reason
    assert found.line == 4
    at_the_end = problem('+++\ntitle = "x"\ndate = [\n+++\nText.')
    assert (at_the_end.code, at_the_end.line) == ("invalid-toml", 4)
    assert dict(found.params)["detail"] == found.reason.removeprefix(
        "front matter is not valid TOML: "
    )
    unclosed = problem('+++\ntitle = "x"\n\nText.')
    assert (unclosed.code, unclosed.line) == ("toml-not-closed", 1)


def test_json_front_matter() -> None:
    post = parse(JSON_POST)
    assert (post.title, post.keywords, post.date) == (
        "Una charla",
        ("KDD", "RAG"),
        dt.date(2025, 1, 29),
    )
    assert post.publish_at == dt.datetime(2025, 2, 1, 8, 0, tzinfo=dt.UTC)
    assert post.summary == "First paragraph of the post. It has two sentences."
    assert post.text == "First paragraph of the post. It has two sentences."


def test_json_on_one_line_with_the_body_after() -> None:
    post = parse('{"title": "x", "draft": false}\n\n# Heading\n\nBody text.\n')
    assert (post.title, post.headings, post.summary) == ("x", ("Heading",), "Body text.")


def test_invalid_json_has_the_file_line() -> None:
    found = problem('{\n  "title": "x",\n  "date": 2025-01-01\n}\nText.')
    assert found.code == "invalid-json"
    assert found.reason.startswith("front matter is not valid JSON: ")
    assert found.line == 3
    unclosed = problem('{\n  "title": "x"\n\nText.')
    assert unclosed.code == "invalid-json" and unclosed.line is not None
    surrogate = problem('{\n  "title": "\\ud800"\n}\nText.')
    assert (surrogate.code, surrogate.line) == ("invalid-json", 2)


def test_json_field_errors_point_at_the_field() -> None:
    found = problem('{\n  "date": "2025-13-45",\n  "title": "x"\n}\nText.')
    assert (found.code, found.line) == ("bad-date", 2)
    assert problem('{\n  "date": "2025-01-01",\n  "title": ""\n}\nText.').line == 3


def test_yaml_still_works_and_a_shortcode_is_not_json() -> None:
    assert parse("---\ntitle: x\n---\nText.").title == "x"
    found = problem("{{< figure src=x >}}\nText.")
    assert found.code == "no-front-matter"


def test_read_front_matter_values() -> None:
    front = read_front_matter("es/a.md", '+++\ntitle = "x"\n+++\nBody')
    assert isinstance(front, FrontMatter)
    assert (front.format, front.meta, front.body) == ("toml", {"title": "x"}, "\nBody")
    assert front.field_line("title") == 2


@pytest.mark.parametrize(
    "data",
    ["+++\n+++\n", "{}", "{\n}\n", "+++\n= x\n+++", '{"title": "\\ud800"}', "{[}"],
)
def test_never_raises(data: str) -> None:
    assert isinstance(parse_translation("es/a.md", data.encode(), SITE), Problem)
