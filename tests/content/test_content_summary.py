"""Summaries (bot.content.summary): sentence splitting, length rules, the choice of source."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.markdown import parse_body
from bot.content.model import Translation
from bot.content.parse import parse_translation
from bot.content.summary import (
    ELLIPSIS,
    MAX_CHARS,
    MAX_WORDS,
    is_spaceless,
    shorten,
    split_sentences,
    summarize,
)

SITE = "https://www.cambioml.com"
CONTENT = Path(__file__).resolve().parents[2] / "content"


def load(path: str) -> Translation:
    result = parse_translation(path, (CONTENT / path).read_bytes(), SITE)
    assert isinstance(result, Translation), result
    return result


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentence_ends_and_non_ends() -> None:
    text = (
        "Dr. Smith met John F. Kennedy, e.g. in the U.S. office. Growth was 2.5 percent! Why? Fine"
    )
    assert sentences(text) == [
        "Dr. Smith met John F. Kennedy, e.g. in the U.S. office.",
        "Growth was 2.5 percent!",
        "Why?",
        "Fine",
    ]


def test_sentence_ends_in_other_scripts() -> None:
    assert sentences("यह पहला वाक्य है। यह दूसरा है।") == ["यह पहला वाक्य है।", "यह दूसरा है।"]
    assert sentences("ما هذا؟ إنها البيانات.") == ["ما هذا؟", "إنها البيانات."]
    assert sentences("最初の文です。次の文！「はい。」と言った。") == [
        "最初の文です。",
        "次の文！",
        "「はい。」と言った。",
    ]
    assert sentences('He said "stop." Then he left…') == ['He said "stop."', "Then he left…"]


def test_spaceless_is_decided_by_tag_and_confirmed_by_text() -> None:
    assert is_spaceless("ja") and is_spaceless("zh-Hant") and is_spaceless("th")
    assert not is_spaceless("ko") and not is_spaceless("en")
    assert is_spaceless("ja", "AnyParserは表をMarkdownに変換します。")
    assert not is_spaceless("ja", "This paragraph of a Japanese post is in English.")


def test_whole_sentences_up_to_the_word_limit() -> None:
    first = " ".join(["alpha"] * 40) + "."
    second = " ".join(["beta"] * 25) + "."
    third = " ".join(["gamma"] * 10) + "."
    assert shorten(f"{first} {second} {third}", "en") == f"{first} {second}"


def test_at_least_one_sentence_even_if_long() -> None:
    sentence = " ".join(["word"] * (MAX_WORDS + 20)) + "."
    assert shorten(f"{sentence} Next one.", "en") == sentence


def test_a_far_too_long_first_sentence_is_cut_with_an_ellipsis() -> None:
    words = [f"word{i}" for i in range(200)]
    summary = shorten(" ".join(words) + ".", "en")
    assert summary == " ".join(words[:MAX_WORDS]) + ELLIPSIS


def test_the_cut_never_falls_inside_a_link_text() -> None:
    before = " ".join(f"w{i}" for i in range(65))
    after = " ".join(f"v{i}" for i in range(100))
    body = parse_body(f"{before} [a very long link text here](https://x.org) {after}.", SITE)
    paragraph = body.paragraphs[0]
    assert shorten(paragraph.text, "en", paragraph.link_spans) == before + ELLIPSIS


def test_japanese_is_measured_in_characters() -> None:
    sentence = "これは" + "とても長い文章で、" * 30 + "終わります。"
    summary = shorten(sentence + "次の文。", "ja")
    assert summary.endswith(ELLIPSIS)
    assert len(summary) <= MAX_CHARS + 1
    short = "最初の文です。" * 10 + "二番目の文です。" * 20
    assert len(shorten(short, "ja")) <= MAX_CHARS


def test_japanese_cut_keeps_latin_words_whole() -> None:
    text = "日本語の文章に" + "AnyParserという英単語がとても長い" * 20 + "入ります。"
    summary = shorten(text, "ja")
    assert summary.endswith("長い" + ELLIPSIS) or summary.endswith("が" + ELLIPSIS)
    assert "AnyParse" + ELLIPSIS not in summary
    assert summary[:-1].count("AnyParser") == summary[:-1].count("AnyPars")


def test_hindi_sentences_end_with_danda() -> None:
    text = "यह पहला वाक्य है। " * 10 + "यह दूसरा वाक्य है। " * 20
    summary = shorten(text, "hi")
    assert summary.endswith("।")
    assert len(summary.split()) <= MAX_WORDS


def test_summary_of_the_spanish_seed() -> None:
    summary = load("es/kdd-workshop-2024.md").summary
    assert summary.startswith(
        "En la conferencia KDD 2024, Rachel Hu, cofundadora y CEO de CambioML,"
    )
    assert summary == (
        "En la conferencia KDD 2024, Rachel Hu, cofundadora y CEO de CambioML, presentó un "
        "tutorial integral sobre cómo optimizar los Modelos de Lenguaje Grande (LLMs) para "
        "aplicaciones específicas de dominio, junto a los co-presentadores José Cassio dos "
        "Santos Junior (Amazon), Richard Song (Epsilla) y Yunfei Bai (Amazon). La sesión "
        "proporcionó información detallada sobre dos técnicas críticas: Generación Aumentada "
        "por Recuperación (RAG) y Ajuste Fino de LLM."
    )


def test_summary_of_the_swedish_seed() -> None:
    assert load("sv/kdd-workshop-2024.md").summary == (
        "Vid KDD 2024-konferensen presenterade Rachel Hu, medgrundare och VD för CambioML, en "
        "omfattande handledning om hur man optimerar Stora Språkmodeller (LLMs) för "
        "domänspecifika tillämpningar, tillsammans med medpresentatörerna José Cassio dos "
        "Santos Junior (Amazon), Richard Song (Epsilla) och Yunfei Bai (Amazon). Sessionen gav "
        "djupgående insikter i två kritiska tekniker: Hämtning Augmenterad Generation (RAG) "
        "och LLM Finjustering."
    )


def test_summary_of_a_japanese_post() -> None:
    assert load("ja/parsing-pdfs-for-rag.md").summary == (
        "多くの検索拡張生成（RAG）システムは、言語モデルが質問を受け取るずっと前の段階で"
        "つまずいています。PDFをテキストに変換する段階です。二段組みの四半期報告書、"
        "スキャンされた契約書、PDFに書き出された表計算シートは、人が読む順番どおりに"
        "抽出されることがほとんどありません。"
    )


def test_summary_of_a_hindi_post() -> None:
    summary = load("hi/data-curation-101.md").summary
    assert summary.startswith("किसी मॉडल की गुणवत्ता अक्सर उसके डेटा से तय होती है।")
    assert summary.endswith("।")


def test_summary_before_the_more_divider() -> None:
    assert load("en/tokyo-meetup-2024.md").summary == (
        "On September 26 we held CambioML's first Tokyo meetup, in Shibuya. Despite it being "
        "a weeknight, about 80 people joined us: engineers, data scientists and even "
        "colleagues from legal and accounting teams. The theme of the evening was putting "
        "company documents to work with LLMs."
    )
    body = parse_body(
        "![x](/x.png)\n_caption_\n\nFirst **part**.\n\nSecond part.\n\n<!--more-->\n\nRest.", SITE
    )
    assert summarize(body, "en") == "First part. Second part."


def test_front_matter_summary_and_description_win() -> None:
    body = parse_body("A body paragraph.", SITE)
    assert summarize(body, "en", "  Written   by hand. ") == "Written by hand."
    assert load("pt/evaluating-rag-answers.md").summary.startswith("Um roteiro prático")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("", ""),
        ("![only](/an/image.png)\n_and a caption_", ""),
        ("- a list item only", "a list item only"),
        ("> A quote.\n\nThe first top-level paragraph.", "The first top-level paragraph."),
    ],
)
def test_first_prose_paragraph_choice(markdown: str, expected: str) -> None:
    assert summarize(parse_body(markdown, SITE), "en") == expected
