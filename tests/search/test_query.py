"""Searching: hostile input, languages, ranking and snippets, against real SQLite files."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.content.model import Translation
from bot.reload_report import Outcome
from bot.render import plain, snippet_markdown
from bot.search.index import sync_index
from bot.search.query import best_keys, build_match, search
from bot.search.snippets import _occurrences, _window, snippet_runs, word_pattern
from bot.store.connection import connect
from bot.store.writer import ContentWriter
from tests.factories import ok, translation


def _noise(seed: int, length: int = 500) -> str:
    pool = "abcXYZ09 \"*()-+:^{}[]\\'.,;!?&|~`<>@#%$_=/😀🔥👍检索ÄÖ\u0301\u200b\n\t"
    rng = random.Random(seed)
    return "".join(rng.choice(pool) for _ in range(length))


HOSTILE = [
    "",
    "   ",
    "AND",
    "OR",
    "NOT",
    '"unbalanced',
    'a"b',
    "NEAR(",
    "NEAR(a b, 2)",
    "c++",
    "*",
    "x*",
    "-x",
    "^start",
    "title:x",
    "{title body}: x",
    "terms_body:gener",
    "(",
    ")",
    "😀",
    "🔥👍 😀",
    "\ud800",
    "\x00\x02\x03",
    "a" * 500,
    _noise(1),
    _noise(2),
    "检索" * 250,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_build_match_is_always_valid_fts5(query: str) -> None:
    """Every expression built from hostile text parses; quotes and column filters are ours."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5 (title, keywords, headings, body,"
        " terms_title, terms_keywords, terms_headings, terms_body)"
    )
    db.execute("INSERT INTO search_index VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x')")
    for operator in ("AND", "OR"):
        for prefix in (False, True):
            match = build_match(query, "en", operator=operator, prefix_last=prefix)
            if match is not None:
                db.execute("SELECT rowid FROM search_index WHERE search_index MATCH ?", (match,))


def test_build_match_quotes_every_term_and_returns_none_without_terms() -> None:
    assert build_match("", "en") is None
    assert build_match("😀 *", "en") is None
    match = build_match('title:x "unbalanced', "en")
    assert match is not None
    assert '"titl"' in match and '"unbalanc"' in match
    assert "title:" not in match
    assert build_match('a"b', None) is not None


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("prefer", ["es", "ja", None])
async def test_hostile_queries_answer_without_error(
    db: aiosqlite.Connection, query: str, prefer: str | None
) -> None:
    hits = await search(db, query, language=None, prefer=prefer)
    assert len(hits) <= 10
    assert len({hit.key for hit in hits}) == len(hits)
    await best_keys(db, query, prefer=prefer)


async def test_empty_and_symbol_queries_find_nothing(db: aiosqlite.Connection) -> None:
    for query in ("", "*", "😀", "c++", "NEAR("):
        assert await search(db, query, language=None, prefer="en") == [], query


async def test_operator_words_are_plain_words(db: aiosqlite.Connection) -> None:
    """``AND`` is the English word "and", found in English posts, not a syntax error."""
    hits = await search(db, "AND", language="en", prefer="en")
    assert hits
    assert all(hit.language == "en" for hit in hits)


async def test_column_syntax_in_user_text_does_not_filter_columns(
    db: aiosqlite.Connection,
) -> None:
    hits = await search(db, "title:tables", language=None, prefer="en")
    assert hits and hits[0].key == "parsing-pdfs-for-rag"


async def test_accents_may_be_omitted(db: aiosqlite.Connection) -> None:
    for query, prefer in [
        ("generacion", "es"),
        ("aprendizaje automatico", "es"),
        ("conferinta", "ro"),
        ("lasordning", "sv"),
    ]:
        hits = await search(db, query, language=None, prefer=prefer)
        assert hits, query
        assert hits[0].language == prefer, query


async def test_inflected_forms_match(db: aiosqlite.Connection) -> None:
    cases = [
        ("ajustes finos", "es", "kdd-workshop-2024"),  # "Ajuste Fino"
        ("tabellerna", "sv", "parsing-pdfs-for-rag"),  # "tabeller"
        ("avaliacoes", "pt", "evaluating-rag-answers"),  # "avaliação", no accents typed
        ("hallucinatie", "nl", "evaluating-rag-answers"),  # "hallucinaties"
        ("table", "en", "parsing-pdfs-for-rag"),  # "Tables"
    ]
    for query, prefer, key in cases:
        hits = await search(db, query, language=prefer, prefer=prefer)
        assert [hit.key for hit in hits][:1] == [key], query


async def test_two_character_chinese_and_japanese_words(db: aiosqlite.Connection) -> None:
    for query, language, key in [
        ("解析", "ja", "parsing-pdfs-for-rag"),
        ("渋谷", "ja", "tokyo-meetup-2024"),
        ("数据", "zh", "data-curation-101"),
        ("去重", "zh", "data-curation-101"),
        ("微调", "zh", "data-curation-101"),
    ]:
        hits = await search(db, query, language=language, prefer=language)
        assert hits, query
        assert hits[0].key == key, query
        assert f"**{query}**" in snippet_markdown(hits[0].snippet), hits[0].snippet


async def test_a_single_cjk_character_is_found_by_substring(db: aiosqlite.Connection) -> None:
    hits = await search(db, "表", language="ja", prefer="ja")
    assert "parsing-pdfs-for-rag" in {hit.key for hit in hits}


async def test_korean_hindi_and_arabic(db: aiosqlite.Connection) -> None:
    for query, language in [
        ("데이터 정제", "ko"),
        ("파인튜닝", "ko"),
        ("डेटा", "hi"),
        ("डुप्लिकेट", "hi"),
        ("البيانات", "ar"),
        ("التكرار", "ar"),
    ]:
        hits = await search(db, query, language=language, prefer=language)
        assert [(hit.key, hit.language) for hit in hits] == [("data-curation-101", language)], query


async def test_language_filter(db: aiosqlite.Connection) -> None:
    hits = await search(db, "RAG", language="sv", prefer="es")
    assert hits
    assert {hit.language for hit in hits} == {"sv"}
    regional = await search(db, "RAG", language="pt-BR", prefer=None)
    assert regional and {hit.language for hit in regional} == {"pt"}
    assert await search(db, "RAG", language="fi", prefer="fi") == []


async def test_preferred_language_first_then_the_others(db: aiosqlite.Connection) -> None:
    """The word "RAG" is in every post but the Tokyo one; a Portuguese reader sees the two
    Portuguese posts first, then the posts only in other languages, each post once."""
    hits = await search(db, "RAG", language=None, prefer="pt-BR")
    assert [hit.language for hit in hits[:2]] == ["pt", "pt"]
    assert {hit.key for hit in hits[:2]} == {"kdd-workshop-2024", "evaluating-rag-answers"}
    assert all(hit.language != "pt" for hit in hits[2:])
    assert "parsing-pdfs-for-rag" in {hit.key for hit in hits[2:]}
    assert len({hit.key for hit in hits}) == len(hits)


async def test_a_query_in_another_language_still_matches_exact_words(
    db: aiosqlite.Connection,
) -> None:
    """A Spanish reader typing Swedish: stemmed as Spanish, but the word itself matches."""
    hits = await search(db, "läsordning", language=None, prefer="es")
    assert hits and hits[0].key == "parsing-pdfs-for-rag"


async def test_and_falls_back_to_or(db: aiosqlite.Connection) -> None:
    hits = await search(db, "tablas xyzzyq", language=None, prefer="es")
    assert hits and hits[0].key == "parsing-pdfs-for-rag"


async def test_nothing_found(db: aiosqlite.Connection) -> None:
    assert await search(db, "quantenverschränkung", language=None, prefer="de") == []
    assert await search(db, "tabelas", language="pt", prefer="pt") == []


async def test_limit(db: aiosqlite.Connection) -> None:
    assert len(await search(db, "RAG", language=None, prefer="en", limit=2)) == 2
    assert await search(db, "RAG", language=None, prefer="en", limit=0) == []


async def test_snippets_highlight_the_words_found(db: aiosqlite.Connection) -> None:
    (hit, *_) = await search(db, "fragmentacion", language="es", prefer="es")
    snippet = snippet_markdown(hit.snippet, limit=1000)
    assert "**fragmentación**" in snippet
    (hit, *_) = await search(db, "modelo", language="es", prefer="es")
    snippet = snippet_markdown(hit.snippet, limit=1000)
    assert "**modelo**" in snippet.lower() or "**modelos**" in snippet.lower()
    assert "\x02" not in snippet and "\x03" not in snippet
    assert "\n" not in snippet


async def test_best_keys_for_autocomplete(db: aiosqlite.Connection) -> None:
    # "tabl" is still being typed: the last word is a prefix.
    assert (await best_keys(db, "tabl", prefer="es"))[0] == (
        "parsing-pdfs-for-rag",
        "Cómo analizar PDF para RAG: tablas, escaneos y orden de lectura",
    )
    # Found in Swedish only ("läsordning"), titled in the preferred language when it exists.
    keys = await best_keys(db, "läsordning", prefer="en")
    assert keys[0] == (
        "parsing-pdfs-for-rag",
        "Parsing PDFs for RAG: Tables, Scans and Reading Order",
    )
    # No English translation: the title of the language that matched.
    keys = await best_keys(db, "数据", prefer="en")
    assert keys == [("data-curation-101", "数据整理入门：微调前先把数据洗干净")]
    assert await best_keys(db, "", prefer="en") == []


# -- a small synthetic store, for ranking and escaping -------------------------------------


def _post(key: str, language: str, title: str, text: str, **fields: object) -> Translation:
    base = translation(key, language, title, keywords=(), summary="Summary.")
    return dataclasses.replace(base, text=text, headings=(), **fields)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def _database(
    writer: ContentWriter, path: Path, posts: list[Outcome]
) -> AsyncIterator[aiosqlite.Connection]:
    """Write ``posts``, index them, and open the file as the store reads it."""
    writer.stage(posts)
    writer.apply([])
    connection = connect(path)
    connection.execute("BEGIN IMMEDIATE")
    sync_index(connection)
    connection.execute("COMMIT")
    connection.close()
    writer.close()
    async with aiosqlite.connect(path, isolation_level=None) as db:
        yield db


@pytest.fixture
async def small(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    path = tmp_path / "db.sqlite3"
    writer = ContentWriter(path)
    filler = " ".join(["lorem ipsum dolor sit amet"] * 20)
    posts = [
        ok(_post("in-title", "en", "Vector databases", f"{filler} about storage.")),
        ok(
            _post(
                "in-body",
                "en",
                "Storage notes",
                f"{filler} vector databases vector search databases.",
            )
        ),
        ok(_post("in-keywords", "en", "Other notes", filler, keywords=("vector databases",))),
        ok(
            _post(
                "markdown",
                "en",
                "Markup",
                "# not a heading *bold* _it_ `code` ~~s~~ ||spoiler|| > quote <@123> "
                "[link](https://x) \\ markup markup",
            )
        ),
        ok(_post("empty-body", "en", "Quiet title", "")),
    ]
    async with _database(writer, path, posts) as db:
        yield db


async def test_title_weighs_most(small: aiosqlite.Connection) -> None:
    """Once in the title beats three times in the body; keywords come between."""
    hits = await search(small, "vector databases", language=None, prefer="en")
    assert [hit.key for hit in hits] == ["in-title", "in-keywords", "in-body"]
    assert hits[0].score > hits[1].score > hits[2].score


async def test_snippets_cannot_break_discord_markdown(small: aiosqlite.Connection) -> None:
    (hit,) = await search(small, "markup", language=None, prefer="en")
    snippet = snippet_markdown(hit.snippet, limit=1000)
    assert snippet.startswith("\\# not a heading \\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~")
    assert "\\|\\|spoiler\\|\\|" in snippet and "\\> quote \\<@123\\>" in snippet
    assert "\\[link\\](https://x) \\\\ **markup markup**" in snippet
    assert snippet.count("**") == 2


async def test_an_empty_body_shows_the_summary(small: aiosqlite.Connection) -> None:
    (hit,) = await search(small, "quiet", language=None, prefer="en")
    assert hit.key == "empty-body"
    assert hit.snippet == (("Summary.", False),)


def test_plain_and_snippet_runs() -> None:
    assert plain("1. first") == "1\\. first"
    assert plain("- item") == "\\- item"
    assert plain("a-b 2.5") == "a-b 2.5"
    runs = snippet_runs("…a \x02b\x03 \x02c\x03\n\nd_e")
    assert runs == (("…a ", False), ("b c", True), (" d_e", False))
    assert snippet_markdown(runs) == "…a **b c** d\\_e"
    assert snippet_runs("解\u200b析\u200b") == (("解析", False),)


@pytest.fixture
async def forms(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """One post whose title holds the infinitive, and posts whose bodies use the gerund."""
    path = tmp_path / "db.sqlite3"
    writer = ContentWriter(path)
    filler = " ".join(["texto sobre outros assuntos e outras coisas"] * 8)
    posts = [ok(_post("titled", "pt", "Como avaliar as respostas", f"{filler} fim."))]
    for n in range(4):
        body = f"Estamos avaliando sistemas e avaliando as respostas deles. {filler}"
        posts.append(ok(_post(f"mention-{n}", "pt", f"Notas {n}", body)))
    async with _database(writer, path, posts) as db:
        yield db


async def test_an_inflected_title_word_outranks_mere_mentions(
    forms: aiosqlite.Connection,
) -> None:
    for query in ("avaliar respostas", "avaliando respostas", "avaliando"):
        hits = await search(forms, query, language=None, prefer="pt")
        assert hits[0].key == "titled", (query, [hit.key for hit in hits])


@pytest.fixture
async def tiers(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """A heading match, and two posts that only mention the word in their bodies."""
    path = tmp_path / "db.sqlite3"
    writer = ContentWriter(path)
    filler = " ".join(["lorem ipsum dolor sit amet"] * 30)
    old = dataclasses.replace(
        _post("old-mention", "en", "Old notes", f"widget widget widget. {filler}"),
        date=dt.date(2019, 1, 1),
    )
    new = dataclasses.replace(
        _post("new-mention", "en", "New notes", f"{filler} one widget here."),
        date=dt.date(2025, 1, 1),
    )
    heading = dataclasses.replace(
        _post("sectioned", "en", "Design notes", filler),
        headings=("Widget design",),
        date=dt.date(2018, 1, 1),
    )
    async with _database(writer, path, [ok(old), ok(new), ok(heading)]) as db:
        yield db


async def test_headline_matches_first_then_body_mentions_newest_first(
    tiers: aiosqlite.Connection,
) -> None:
    hits = await search(tiers, "widgets", language=None, prefer="en")
    assert [hit.key for hit in hits] == ["sectioned", "new-mention", "old-mention"]
    assert hits[0].score > 0.0 == hits[1].score == hits[2].score
    # the body's window is around the word, marked though the query had the plural
    assert ("widget", True) in hits[1].snippet
    assert hits[1].snippet[0] == ("…", False) or hits[1].snippet[0][0].startswith("…")


async def test_deleting_a_translation_empties_both_indexes(
    tiers: aiosqlite.Connection,
) -> None:
    counts = "SELECT (SELECT count(*) FROM search_index), (SELECT count(*) FROM search_headlines)"
    assert list(await tiers.execute_fetchall(counts)) == [(3, 3)]
    await tiers.execute("DELETE FROM translations WHERE path = 'en/sectioned.md'")
    assert list(await tiers.execute_fetchall(counts)) == [(2, 2)]
    hits = await search(tiers, "design", language=None, prefer="en")
    assert [hit.key for hit in hits] == []


def test_a_window_holds_the_most_different_words() -> None:
    filler = " ".join(["lorem ipsum dolor sit amet"] * 30)
    body = f"Alpha alone first. {filler} Here alpha meets beta together. {filler}"
    pattern = word_pattern(["alpha", "beta"])
    assert pattern is not None
    found = _occurrences(body, ["alpha", "beta"], pattern)
    assert [word for _, word in found] == ["alpha", "alpha", "beta"]
    runs = _window(body, found, pattern)
    assert ("alpha", True) in runs and ("beta", True) in runs
    assert not any("Alpha alone" in text for text, _ in runs)


def test_occurrences_are_whole_words_in_any_case_and_script() -> None:
    pattern = word_pattern(["data"])
    assert pattern is not None
    assert _occurrences("Data, metadata, dataset; DATA.", ["data"], pattern) == [
        (0, "data"),
        (25, "data"),
    ]
    # lowercasing İ changes the length: the case-insensitive pattern takes over
    turkish = "İstanbul data"
    assert _occurrences(turkish, ["data"], pattern) == [(9, "data")]
    hindi = word_pattern(["मॉडल"])
    assert hindi is not None
    assert _occurrences("मॉडलों का मॉडल", ["मॉडल"], hindi) == [(10, "मॉडल")]
