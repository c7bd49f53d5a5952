"""The analyzer: the same terms for a post's text and for a query about it."""

from __future__ import annotations

import pytest

from bot.search.analyze import (
    MAX_UNITS,
    SEPARATOR,
    base_language,
    display_text,
    index_terms,
    query_units,
    stemmer_name,
)


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("en", "english"),
        ("es-419", "spanish"),
        ("pt-BR", "portuguese"),
        ("sv-SE", "swedish"),
        ("nl", "dutch"),
        ("ro", "romanian"),
        ("no", "norwegian"),
        ("nb", "norwegian"),
        ("ar", "arabic"),
        ("hi", "hindi"),
        ("ja", None),
        ("zh-Hant", None),
        ("ko", None),
        ("xx", None),
        (None, None),
        ("", None),
    ],
)
def test_stemmer_by_base_language(tag: str | None, name: str | None) -> None:
    assert stemmer_name(tag) == name


def test_base_language() -> None:
    assert base_language("pt-BR") == "pt"
    assert base_language("zh_Hant") == "zh"
    assert base_language(None) is None


def test_stems_are_folded_after_stemming() -> None:
    assert index_terms("Generación Modelos", "es") == ["gener", "model"]
    assert index_terms("Språkmodellerna", "sv") == ["sprakmodell"]


def test_an_unaccented_query_meets_an_accented_text() -> None:
    """Stemmers need accents (``-ación``); the index also holds the stem of the folded word."""
    indexed = set(index_terms("avaliações alucinações", "pt"))
    for word in ("avaliacoes", "avaliação", "alucinacao", "alucinações"):
        (unit,) = query_units(word, "pt")
        assert indexed & set(unit.terms), word


def test_unknown_language_is_folded_not_stemmed() -> None:
    assert index_terms("Modelos Generación", None) == ["modelos", "generacion"]


def test_cjk_runs_become_bigrams_and_single_characters_stay() -> None:
    assert index_terms("検索結果", "ja") == ["検索", "索結", "結果"]
    assert index_terms("表、図", "ja") == ["表", "図"]
    assert index_terms("데이터를", "ko") == ["데이", "이터", "터를"]


def test_mixed_japanese_and_latin_text() -> None:
    assert index_terms("RAGのためのPDF解析", "ja") == ["rag", "のた", "ため", "めの", "pdf", "解析"]


def test_devanagari_vowel_signs_stay_inside_words() -> None:
    terms = index_terms("डुप्लिकेट हटाना", None)
    assert terms == ["डुप्लिकेट", "हटाना"]


def test_compatibility_forms_are_normalized() -> None:
    assert index_terms("ＰＤＦ ﬁne ｶﾀｶﾅ", None) == ["pdf", "fine", "カタ", "タカ", "カナ"]


def test_display_text_splits_cjk_characters_and_drops_control_characters() -> None:
    assert display_text("PDF解析 x\x02y\x03") == f"PDF{SEPARATOR}解{SEPARATOR}析{SEPARATOR} xy"
    assert display_text("plain text") == "plain text"


@pytest.mark.parametrize(
    "query",
    ["", "   ", "*", "()", '"', "+-*/^:", "😀🔥👍", "\ud800", "—…«»", "\x00\x01"],
)
def test_queries_without_letters_have_no_units(query: str) -> None:
    assert query_units(query, "en") == []


def test_query_units_follow_the_query_language() -> None:
    (unit,) = query_units("Modelos", "es")
    assert unit.terms[0] == "model"
    assert unit.phrase == "modelos"
    bigrams = query_units("データ解析", "ja")
    assert [u.terms for u in bigrams] == [("デー",), ("ータ",), ("タ解",), ("解析",)]
    assert bigrams[-1].phrase == "解 析"
    assert all(u.cjk for u in bigrams)


def test_query_units_are_capped_and_deduplicated() -> None:
    assert len(query_units("a " * 500, "en")) == 1
    words = " ".join(f"word{n}" for n in range(100))
    assert len(query_units(words, "en")) == MAX_UNITS
    long_word = "x" * 5000
    (unit,) = query_units(long_word, "en")
    assert len(unit.phrase) <= 64
