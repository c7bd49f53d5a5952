"""One file's bytes -> Translation | Problem | Skipped | None (bot.content.parse)."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from pathlib import Path

import pytest

from bot.content.model import Image, Link, Problem, Skipped, Translation
from bot.content.parse import is_candidate, parse_translation

SITE = "https://www.cambioml.com"
CONTENT = Path(__file__).resolve().parents[2] / "content"
SEEDS = ["es", "nl", "pt", "ro", "sv"]


def post(front: str, body: str = "Some prose.\n") -> bytes:
    return f"---\n{front.strip()}\n---\n\n{body}".encode()


def parse(path: str, data: bytes) -> Translation:
    result = parse_translation(path, data, SITE)
    assert isinstance(result, Translation), result
    return result


def problem(path: str, data: bytes) -> Problem:
    result = parse_translation(path, data, SITE)
    assert isinstance(result, Problem), result
    return result


# --- the sample content -------------------------------------------------------------------


def all_content() -> list[str]:
    return sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*") if p.is_file())


def test_every_sample_file_parses_without_problems() -> None:
    results = {
        path: parse_translation(path, (CONTENT / path).read_bytes(), SITE) for path in all_content()
    }
    problems = [str(r) for r in results.values() if isinstance(r, Problem | Skipped)]
    assert problems == []
    translations = [r for r in results.values() if isinstance(r, Translation)]
    assert len(translations) >= 18
    for translation in translations:
        assert translation.title and translation.summary and translation.date
        assert translation.image and translation.image.startswith(SITE + "/images/")
    pairs = [(t.key, t.language) for t in translations]
    assert len(pairs) == len(set(pairs))
    # Apart from the translations of the seed post, every translation has a date of its own.
    dates = [t.date for t in translations if t.key != "kdd-workshop-2024"]
    assert len(dates) == len(set(dates))


@pytest.mark.parametrize("language", SEEDS)
def test_seeds(language: str) -> None:
    path = f"{language}/kdd-workshop-2024.md"
    data = (CONTENT / path).read_bytes()
    translation = parse(path, data)
    assert (translation.key, translation.language, translation.slug) == (
        "kdd-workshop-2024",
        language,
        "kdd-workshop-2024",
    )
    assert translation.path == path
    assert translation.date == dt.date(2025, 1, 29)
    assert translation.image == "https://www.cambioml.com/images/solutions/kdd-2024-cover.jpeg"
    assert translation.keywords[0] == "KDD 2024" and "LLM" in translation.keywords
    assert translation.content_hash == hashlib.sha256(data).hexdigest()
    assert len(translation.headings) == 5
    assert [image.url.rsplit("/", 1)[1] for image in translation.images] == [
        "kdd-2024-cover.jpeg",
        "kdd-2024-rachel.jpeg",
        "kdd-2024-labs.jpg",
    ]
    assert translation.links[0] == Link("Rachel Hu", "https://www.linkedin.com/in/rachelsonghu/")
    assert len(translation.links) == 6
    assert translation.title not in translation.text
    assert "](" not in translation.text and "**" not in translation.text


def test_spanish_seed_details() -> None:
    translation = parse(
        "es/kdd-workshop-2024.md", (CONTENT / "es/kdd-workshop-2024.md").read_bytes()
    )
    assert translation.title == "KDD 2024: Charla con Amazon"
    assert translation.headings[0] == "Entendiendo RAG: Ampliando las Capacidades de los LLM"
    assert translation.links[-1].text == "esta presentación"
    assert translation.text.startswith("Rachel Hu presentando en la conferencia KDD 2024\n")


# --- path rules -----------------------------------------------------------------------


def test_is_candidate() -> None:
    assert is_candidate("es/kdd.md") and not is_candidate("images/kdd.jpeg")


def test_not_posts_are_none() -> None:
    assert parse_translation("README.md", b"# Content\n", SITE) is None
    assert parse_translation("images/cover.jpeg", b"\xff\xd8", SITE) is None


def test_section_files_and_drafts_are_skipped() -> None:
    assert isinstance(parse_translation("es/_index.md", post("title: Blog"), SITE), Skipped)
    assert isinstance(parse_translation("es/index.md", b"", SITE), Skipped)
    draft = parse_translation("es/wip.md", post("title: WIP\ndraft: true"), SITE)
    assert draft == Skipped("es/wip.md", "draft: true")
    assert isinstance(parse("es/done.md", post("title: Done\ndraft: false")), Translation)


def test_hugo_file_name_suffix() -> None:
    root = parse("kdd.es.md", post("title: x"))
    nested = parse("posts/kdd.pt_br.md", post("title: x"))
    assert (root.key, root.language, root.slug) == ("kdd", "es", "kdd")
    assert (nested.key, nested.language) == ("kdd", "pt-BR")
    assert parse("es/2024/kdd.md", post("title: x")).language == "es"


def test_front_matter_lang() -> None:
    assert parse("posts/kdd.md", post("title: x\nlang: sv")).language == "sv"
    assert parse("es/kdd.md", post("title: x\nlang: ES")).language == "es"


def test_translation_key_and_slug() -> None:
    translation = parse(
        "es/charla-kdd.md", post("title: x\ntranslationKey: kdd-workshop-2024\nslug: charla-amazon")
    )
    assert (translation.key, translation.slug) == ("kdd-workshop-2024", "charla-amazon")
    assert parse("es/charla-kdd.md", post("title: x\ntranslationKey: kdd")).slug == "charla-kdd"


# --- front-matter fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'2024-05-01'", dt.date(2024, 5, 1)),
        ("2024-05-01", dt.date(2024, 5, 1)),
        ("2024-05-01T23:30:00+09:00", dt.date(2024, 5, 1)),
        ("2024-05-01 10:00:00", dt.date(2024, 5, 1)),
        ("'2024-05-01T10:00:00Z'", dt.date(2024, 5, 1)),
        ("''", None),
    ],
)
def test_dates(value: str, expected: dt.date | None) -> None:
    assert parse("es/a.md", post(f"title: x\ndate: {value}")).date == expected


def test_missing_date_is_allowed() -> None:
    assert parse("es/a.md", post("title: x")).date is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("' RAG, LLM,,rag , Amazon '", ("RAG", "LLM", "Amazon")),
        ("[RAG, ' LLM ', '', RAG, 2024]", ("RAG", "LLM", "2024")),
        ("[]", ()),
    ],
)
def test_keywords(value: str, expected: tuple[str, ...]) -> None:
    assert parse("es/a.md", post(f"title: x\nkeywords: {value}")).keywords == expected


def test_cover_image_from_front_matter_else_first_body_image() -> None:
    body = "![First](/images/first.png)\n_caption_\n\nText.\n\n![Second](https://cdn.example.org/2.png)\n"
    with_field = parse("es/a.md", post("title: x\nimage: /images/cover.jpeg", body))
    without = parse("es/a.md", post("title: x", body))
    assert with_field.image == "https://www.cambioml.com/images/cover.jpeg"
    assert without.image == "https://www.cambioml.com/images/first.png"
    assert without.images == (
        Image("First", "https://www.cambioml.com/images/first.png"),
        Image("Second", "https://cdn.example.org/2.png"),
    )
    assert parse("es/a.md", post("title: x", "No images.")).image is None


def test_links_resolved_against_site_url() -> None:
    body = "Read [the guide](/guides/rag) or [mail us](mailto:a@b.c), see [below](#x).\n"
    translation = parse("es/a.md", post("title: x", body))
    assert translation.links == (Link("the guide", "https://www.cambioml.com/guides/rag"),)


def test_headings_and_text() -> None:
    body = (
        "# Big title\n\nIntro.\n\n## Part one\n\nMore.\n\n<iframe src='https://y.be/x'></iframe>\n"
    )
    translation = parse("es/a.md", post("title: The title", body))
    assert translation.headings == ("Big title", "Part one")
    assert translation.text == "Big title\nIntro.\nPart one\nMore."


def test_summary_and_description_fields() -> None:
    assert parse("es/a.md", post("title: x\nsummary: 'By **hand**.'")).summary == "By hand."
    assert parse("es/a.md", post("title: x\ndescription: Described.")).summary == "Described."
    both = post("title: x\nsummary: From summary.\ndescription: From description.")
    assert parse("es/a.md", both).summary == "From summary."


def test_byte_order_mark_and_crlf() -> None:
    data = "\ufeff---\r\ntitle: 'BOM'\r\ndate: '2024-02-03'\r\n---\r\n\r\nHello world.\r\n".encode()
    translation = parse("es/a.md", data)
    assert (translation.title, translation.date, translation.summary) == (
        "BOM",
        dt.date(2024, 2, 3),
        "Hello world.",
    )


def test_result_is_picklable() -> None:
    translation = parse(
        "es/kdd-workshop-2024.md", (CONTENT / "es/kdd-workshop-2024.md").read_bytes()
    )
    assert pickle.loads(pickle.dumps(translation)) == translation


# --- bad input -----------------------------------------------------------------------


def test_not_utf8() -> None:
    result = problem("es/a.md", b"---\ntitle: caf\xe9\n---\nText.")
    assert result.line == 2
    assert result.reason == "file is not UTF-8 text (byte 0xE9 on line 2); save it as UTF-8"


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_file(data: bytes) -> None:
    assert problem("es/a.md", data) == Problem("es/a.md", "file is empty", code="empty")


def test_broken_yaml_has_the_file_line() -> None:
    result = problem("es/a.md", b"---\ntitle: x\nkeywords: a: b\n---\nText.")
    assert result.line == 3
    assert result.reason.startswith(
        "front matter is not valid YAML: mapping values are not allowed"
    )
    leading = problem("es/a.md", b"\n\n---\ntitle: x\nkeywords: [a\n---\nText.")
    assert leading.reason.startswith("front matter is not valid YAML:")
    assert leading.line is not None and leading.line >= 5


def test_front_matter_not_a_mapping() -> None:
    result = problem("es/a.md", b"---\n- title\n- date\n---\nText.")
    assert (
        result.reason
        == "front matter is not a mapping of fields such as 'title: ...' (found a list)"
    )
    assert problem("es/a.md", b"---\njust text\n---\nText.").reason.endswith("(found plain text)")


@pytest.mark.parametrize("front", ["date: '2024-01-01'", "title: ''", "title:", "title: '   '"])
def test_no_title(front: str) -> None:
    assert problem("es/a.md", post(front)).reason == "front matter has no title"


def test_no_title_line_points_at_the_field() -> None:
    assert problem("es/a.md", post("date: '2024-01-01'\ntitle: ''")).line == 3


@pytest.mark.parametrize(
    "value", ["2025-13-45", "'2025-13-45'", "yesterday", "'29/01/2025'", "20250"]
)
def test_bad_date(value: str) -> None:
    result = problem("es/a.md", post(f"title: x\ndate: {value}"))
    shown = value.strip("'")
    assert (
        result.reason
        == f"date '{shown}' is not a valid date (expected a date such as '2025-01-29')"
    )
    assert result.line == 3


def test_no_front_matter_and_unclosed_front_matter() -> None:
    assert problem("es/a.md", b"# Just Markdown\n").reason.startswith("file has no front matter")
    assert problem("es/a.md", b"---\ntitle: x\n\nText.").reason == (
        "front matter is not closed by a --- line"
    )
    assert problem("es/a.md", b"+++\ntitle = 'x'\n\nText.").reason == (
        "front matter is not closed by a +++ line"
    )


def test_unknown_folder_language() -> None:
    result = problem("drafts/a.md", post("title: x"))
    assert (
        result.reason
        == "folder 'drafts' is not a language (expected a BCP 47 tag such as es or pt-BR)"
    )
    assert problem("images/a.md", post("title: x")).reason.startswith("folder 'images'")


def test_bad_front_matter_lang() -> None:
    result = problem("es/a.md", post("title: x\nlang: spanish"))
    assert result.reason == (
        "front matter lang 'spanish' is not a language (expected a BCP 47 tag such as es or pt-BR)"
    )
    assert result.line == 3


@pytest.mark.parametrize(
    ("path", "front", "reason"),
    [
        ("es/a.pt.md", "title: x", "the folder says 'es', the file name says 'pt'"),
        ("es/a.md", "title: x\nlang: sv", "the folder says 'es', front matter lang says 'sv'"),
        (
            "a.es.md",
            "title: x\nlang: pt-BR",
            "the file name says 'es', front matter lang says 'pt-BR'",
        ),
    ],
)
def test_conflicting_languages(path: str, front: str, reason: str) -> None:
    assert problem(path, post(front)).reason == f"language sources disagree: {reason}"


def test_wrong_field_types() -> None:
    assert (
        problem("es/a.md", post("title: [a, b]")).reason
        == "front matter title must be text, not a list"
    )
    assert problem("es/a.md", post("title: x\nkeywords: {a: 1}")).reason.startswith(
        "front matter keywords must be"
    )


def test_never_raises_on_garbage() -> None:
    for data in [
        b"---\n---\n",
        b"---\n: :\n---",
        b"---\ntitle: !!python/object:os.system x\n---",
        bytes(range(256)),
    ]:
        assert isinstance(parse_translation("es/a.md", data, SITE), Problem)


def test_cover_image_with_spaces_is_percent_encoded() -> None:
    from bot.content.model import Translation
    from bot.content.parse import parse_translation

    data = "---\ntitle: 'x'\nimage: '/images/my cover é.jpeg'\n---\n\nBody text.\n".encode()
    result = parse_translation("es/x.md", data, "https://www.cambioml.com")
    assert isinstance(result, Translation)
    assert result.image == "https://www.cambioml.com/images/my%20cover%20%C3%A9.jpeg"
