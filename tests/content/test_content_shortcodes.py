"""Hugo shortcodes and footnotes never reach summaries, link lists or the plain text."""

from __future__ import annotations

import pytest

from bot.content.markdown import parse_body
from bot.content.model import Image, Link, Translation
from bot.content.parse import parse_translation
from bot.content.shortcodes import params, prepare

SITE = "https://www.cambioml.com"


def post(body: str, front: str = "title: x") -> Translation:
    data = f"---\n{front}\n---\n\n{body}".encode()
    result = parse_translation("en/a.md", data, SITE)
    assert isinstance(result, Translation), result
    return result


def test_a_figure_becomes_the_posts_image_and_never_the_summary() -> None:
    translation = post(
        '{{< figure src="/images/x.jpg" alt="A \\"quoted\\" [cat]" caption="Cats" >}}\n\n'
        "The first real paragraph. It goes on.\n"
    )
    assert translation.image == "https://www.cambioml.com/images/x.jpg"
    assert translation.images == (Image('A "quoted" [cat]', translation.image),)
    assert translation.summary == "The first real paragraph. It goes on."
    assert "figure" not in translation.text and "{{" not in translation.text
    assert translation.links == ()


def test_front_matter_image_wins_over_a_figure() -> None:
    translation = post(
        "{{< figure src=/images/body.jpg >}}\n\nText.", "title: x\nimage: /images/cover.jpg"
    )
    assert translation.image == "https://www.cambioml.com/images/cover.jpg"
    assert [image.url for image in translation.images] == [
        "https://www.cambioml.com/images/body.jpg"
    ]


def test_a_figure_in_a_paragraph_keeps_the_paragraph_whole() -> None:
    translation = post("{{% figure src=`/a b.png` %}}\nThe text goes on here.\n")
    assert translation.image == "https://www.cambioml.com/a%20b.png"
    assert translation.summary == "The text goes on here."


BODIES = {
    "paired notice first": (
        "{{% notice info %}}\nThis post was updated in 2025.\n{{% /notice %}}\n\n"
        "Real prose comes here."
    ),
    "paired with blank lines": (
        "{{< callout >}}\n\nFirst aside paragraph.\n\nSecond aside paragraph.\n\n"
        "{{< /callout >}}\n\nReal prose comes here."
    ),
    "self-closing and unpaired": (
        '{{< youtube id="w7Ft2ymGmfc" >}}\n{{< tweet user="x" id="1" />}}\n\nReal prose comes here.'
    ),
    "escaped": "{{</* figure src=x.jpg */>}}\n\nReal prose comes here.",
    "nested": (
        "{{< tabs >}}\n{{< tab name=one >}}\nInside a tab.\n{{< /tab >}}\n{{< /tabs >}}\n\n"
        "Real prose comes here."
    ),
}


@pytest.mark.parametrize("case", sorted(BODIES))
def test_a_shortcode_before_the_first_paragraph_is_never_the_summary(case: str) -> None:
    translation = post(BODIES[case])
    assert translation.summary == "Real prose comes here."
    assert "{{" not in translation.text and "}}" not in translation.text
    assert "notice" not in translation.text and "youtube" not in translation.text


def test_shortcode_parameters_never_become_links() -> None:
    translation = post(
        'See [the paper]({{< ref "paper.md" >}}) and {{< youtube https://youtu.be/x >}} '
        '<a href="{{< relref "other" >}}">other</a> or [a real one](https://example.org).'
    )
    assert translation.links == (Link("a real one", "https://example.org"),)
    assert translation.summary.startswith("See the paper and")
    assert "youtu" not in translation.summary


def test_inline_paired_shortcodes_keep_their_text_in_the_sentence() -> None:
    translation = post("E = mc{{< sup >}}2{{< /sup >}}, said {{% name %}}Albert{{% /name %}}.")
    assert translation.summary == "E = mc2, said Albert."


def test_the_text_of_a_notice_stays_searchable() -> None:
    translation = post(BODIES["paired notice first"])
    assert "This post was updated in 2025." in translation.text


def test_footnotes_never_reach_summaries_links_or_text() -> None:
    translation = post(
        "Hugo renders footnotes[^1] like Markdown Extra[^note].\n\n"
        "[^1]: https://footnote.example/first\n"
        "[^note]: A longer note with [a link](https://footnote.example/second)\n"
        "    and an indented second line.\n\n"
        "    And a second paragraph in the note.\n\n"
        "After the notes.\n"
    )
    assert translation.summary == "Hugo renders footnotes like Markdown Extra."
    assert translation.links == ()
    assert "[^" not in translation.text and "note" not in translation.text.replace("notes", "")
    assert translation.text.endswith("After the notes.")


def test_footnote_like_lines_in_code_stay() -> None:
    body = parse_body("```\n[^1]: kept\n```\n\nText with `[^2]` in code.\n", SITE)
    assert "[^1]: kept" in body.text
    assert "`[^2]`" not in body.text and "[^2]" in body.text


def test_a_footnote_first_is_not_the_summary() -> None:
    assert post("[^1]: A footnote at the top.\n\nThe real start.").summary == "The real start."


def test_prepare_without_shortcodes_is_the_same_text() -> None:
    text = "Plain {text} with {{ braces }} and [links](x).\n"
    assert prepare(text).text == text
    assert prepare(text).asides == ()


def test_prepare_lists_the_lines_of_block_level_paired_content() -> None:
    prepared = prepare("Intro.\n\n{{% note %}}\nAside.\n{{% /note %}}\n\nAfter.\n")
    assert prepared.text == "Intro.\n\n\nAside.\n\n\nAfter.\n"
    assert prepared.asides == ((2, 4),)


def test_params() -> None:
    assert params('src="/a \\"b\\".jpg" alt=`raw "x"` width=300 Title="T"') == {
        "src": '/a "b".jpg',
        "alt": 'raw "x"',
        "width": "300",
        "title": "T",
    }


def test_unclosed_or_odd_shortcodes_never_raise() -> None:
    for text in ["{{< figure src=", "{{< >}}", "{{% /x %}}", '{{< a "unclosed >}}', "{{<" * 500]:
        parse_body(text, SITE)
