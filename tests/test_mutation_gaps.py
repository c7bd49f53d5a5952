"""Behaviour that mutation testing (mutmut, see ``[tool.mutmut]`` in pyproject.toml) showed no
test pinned down: each test here kills mutants that survived the rest of the suite.

Real SQLite files written by the real :class:`ContentWriter`, real Markdown files read by the
real :class:`Reloader`; no mocks.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.content.model import Translation
from bot.reload_report import ReloadReport
from bot.reloader import Reloader
from bot.search.query import best_keys, build_match, quote, search
from bot.search.snippets import Snippet
from bot.store import Store
from bot.store.writer import ContentWriter
from tests.factories import ok, post_file, translation

SITE = "https://www.cambioml.com"


def _post(key: str, language: str, title: str, text: str, **fields: object) -> Translation:
    base = translation(key, language, title, keywords=(), summary="Summary.")
    return dataclasses.replace(base, text=text, headings=(), **fields)  # type: ignore[arg-type]


def _write(path: Path, *posts: Translation) -> None:
    writer = ContentWriter(path)
    try:
        writer.stage([ok(post) for post in posts])
        writer.apply([])
    finally:
        writer.close()


FILLER = " ".join(["lorem ipsum dolor sit amet"] * 10)
JAPANESE = "今日は天気が良いので公園を散歩しました。" * 6


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    path = tmp_path / "db.sqlite3"
    _write(
        path,
        _post("both", "en", "Notes on both", f"{FILLER} vector storage {FILLER}"),
        _post("vector-only", "en", "Notes on one", f"{FILLER} vector only {FILLER}"),
        _post("cats", "en", "Pets", f"Two cats sleep. {FILLER}"),
        _post("tabla", "es", "Datos", f"Una tabla de datos. {FILLER}"),
        _post("far", "en", "Far", f"{FILLER} {FILLER} the kittens slept {FILLER}"),
        _post("cities", "es", "Mapas", f"Perros ladran. Los modelos crecen. {FILLER}"),
        _post("datos-en", "en", "Datos datos", FILLER),
        _post("walk", "ja", "散歩", f"{JAPANESE}検索エンジン{JAPANESE}"),
        _post("both", "pt", "Notas (pt)", FILLER),
        _post("both", "pt-BR", "Notas (pt-BR)", FILLER),
    )
    async with aiosqlite.connect(path, isolation_level=None) as connection:
        yield connection


def _marked(snippet: Snippet) -> list[str]:
    return [text for text, matched in snippet if matched]


# -- bot/search/query.py -----------------------------------------------------------------------


async def test_all_words_must_match_before_any_may(db: aiosqlite.Connection) -> None:
    """README: "All words must match; when that finds nothing, any word may" (the AND query
    is tried first; a misspelt operator would silently make every search an OR search)."""
    hits = await search(db, "vector storage", language=None, prefer="en")
    assert [hit.key for hit in hits] == ["both"]


async def test_a_hit_carries_its_title_and_a_limit_of_one_gives_one(
    db: aiosqlite.Connection,
) -> None:
    (hit,) = await search(db, "storage", language=None, prefer="en", limit=1)
    assert (hit.key, hit.language, hit.title) == ("both", "en", "Notes on both")
    assert len(await search(db, "vector", language=None, prefer="en", limit=1)) == 1


async def test_search_matches_words_autocomplete_prefixes_only_the_last_word(
    db: aiosqlite.Connection,
) -> None:
    assert await search(db, "vect", language=None, prefer="en") == []  # whole words only
    assert [key for key, _ in await best_keys(db, "stor", prefer="en")] == ["both"]
    assert {key for key, _ in await best_keys(db, "ve", prefer="en")} == {"both", "vector-only"}
    assert await best_keys(db, "v", prefer="en") == []  # one letter is no prefix yet
    assert [key for key, _ in await best_keys(db, "vector stor", prefer="en")] == ["both"]


async def test_autocomplete_lists_matches_in_the_readers_language_first(
    db: aiosqlite.Connection,
) -> None:
    """``datos`` is in an English title (ranked higher) and a Spanish body: a Spanish reader
    sees the Spanish post first, an English one the English post."""
    assert [key for key, _ in await best_keys(db, "datos", prefer="es")] == ["tabla", "datos-en"]
    assert [key for key, _ in await best_keys(db, "datos", prefer="en")] == ["datos-en", "tabla"]


async def test_autocomplete_titles_in_the_exact_preferred_language(
    db: aiosqlite.Connection,
) -> None:
    """A post in both pt and pt-BR, for a pt-BR reader: the pt-BR title, not the last row."""
    assert await best_keys(db, "storage", prefer="pt-BR") == [("both", "Notas (pt-BR)")]
    assert await best_keys(db, "storage", prefer="pt") == [("both", "Notas (pt)")]


async def test_snippets_mark_inflected_forms(db: aiosqlite.Connection) -> None:
    """Words that matched only through their stem are marked too: a three-letter stem
    (``cat`` -> ``cats``), and a stem in the query's language (es ``tablas`` -> ``tabla``)."""
    (hit,) = await search(db, "cat", language="en", prefer="en")
    assert _marked(hit.snippet) == ["cats"]
    text = "".join(run for run, _ in hit.snippet)
    assert text.startswith("Two cats sleep. lorem") and text.count("cats") == 1
    (hit,) = await search(db, "tablas", language="es", prefer="es")
    assert _marked(hit.snippet) == ["tabla"]
    # The words are stemmed in the reader's language when the search names none.
    (hit,) = await search(db, "tablas", language=None, prefer="es")
    assert _marked(hit.snippet) == ["tabla"]
    (hit,) = await search(db, "modelo", language=None, prefer="es")
    assert _marked(hit.snippet) == ["modelos"]
    # A marked word that opens the snippet.
    (hit,) = await search(db, "perro", language="es", prefer="es")
    assert hit.key == "cities" and hit.snippet[0] == ("Perros", True)


async def test_a_snippet_shows_an_inflected_match_deep_in_the_body(
    db: aiosqlite.Connection,
) -> None:
    (hit,) = await search(db, "kitten", language="en", prefer="en")
    assert hit.key == "far"
    assert _marked(hit.snippet) == ["kittens"], hit.snippet


async def test_cjk_snippets_span_more_characters(db: aiosqlite.Connection) -> None:
    """16 tokens would be 16 characters of Japanese: CJK snippets span 40 characters."""
    (hit,) = await search(db, "検索", language="ja", prefer="ja")
    assert _marked(hit.snippet) == ["検索"]
    text = "".join(run for run, _ in hit.snippet).strip("…")
    assert len(text) >= 35, text


def test_build_match_defaults_to_all_words_and_no_prefix() -> None:
    match = build_match("vector storage", "en")
    assert match is not None and " AND " in match and " OR (" not in match and "*" not in match
    last = build_match("vector storage", "en", prefix_last=True)
    assert last is not None and '"storage"*' in last and '"stor"*' in last  # the last word
    assert '"vector"*' not in last and '"vect"*' not in last


def test_quote_doubles_embedded_quotes() -> None:
    assert quote('say "hi"') == '"say ""hi"""'
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5 (body)")
    db.execute("""INSERT INTO t VALUES ('they say "hi" here')""")
    found = db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (quote('"hi"'),)).fetchone()
    assert found == (1,)


# -- bot/store/writer.py -----------------------------------------------------------------------


def test_removing_a_posts_last_translation_drops_the_post(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    _write(path, _post("alone", "en", "Alone", "text"), _post("pair", "en", "Pair", "text"))
    writer = ContentWriter(path)
    try:
        report = writer.apply(["en/alone.md"])
    finally:
        writer.close()
    assert report.removed == [("alone", "en")]
    database = sqlite3.connect(path)
    try:
        assert database.execute("SELECT key FROM posts").fetchall() == [("pair",)]
    finally:
        database.close()


# -- bot/reloader.py ---------------------------------------------------------------------------


async def test_a_failed_reload_does_not_cancel_the_one_queued_after_it(tmp_path: Path) -> None:
    """A change seen during a reload queues one more; that one runs even when the running
    reload fails (here: the first reload's progress callback raises mid-apply)."""
    content = tmp_path / "blog"
    post_file(content, "es/alpha.md", "Alfa", "2025-01-01")
    post_file(content, "sv/alpha.md", "Alfa på svenska", "2025-01-01")
    loader = Reloader(content, tmp_path / "db.sqlite3", SITE)

    def broken(done: int) -> None:
        raise RuntimeError("the first reload fails while applying")

    try:
        first = asyncio.ensure_future(loader.reload(on_apply_batch=broken))
        await asyncio.sleep(0)  # the first reload is running
        queued = asyncio.ensure_future(loader.reload(after_change=True))
        with pytest.raises(RuntimeError, match="fails while applying"):
            await first
        report = await queued
    finally:
        await loader.close()
    assert sorted(report.added) == [("alpha", "es"), ("alpha", "sv")]
    async with await Store.open(tmp_path / "db.sqlite3") as store:
        assert set(await store.languages_of("alpha")) == {"es", "sv"}


async def test_visibility_refresh_shows_a_post_at_its_publish_time(tmp_path: Path) -> None:
    """Without a reload: ``refresh_visibility`` reports the change (True), listeners hear of it
    as of a reload with no file change, and the post is served; a second refresh changes
    nothing."""
    content = tmp_path / "blog"
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    publish = moment.replace(microsecond=0) + dt.timedelta(seconds=1)
    post_file(
        content, "en/soon.md", "Soon", "2025-01-01", extra=f"publishDate: '{publish.isoformat()}'\n"
    )
    loader = Reloader(content, tmp_path / "db.sqlite3", SITE)
    heard: list[object] = []

    async def listener(report: object) -> None:
        heard.append(report)

    try:
        await loader.reload()
        loader.listeners.append(listener)
        assert await loader.next_change() == publish
        assert await loader.refresh_visibility() is False  # not yet
        async with await Store.open(tmp_path / "db.sqlite3") as store:
            assert await store.translation("soon", "en") is None
        await asyncio.sleep((publish - dt.datetime.now(dt.UTC)).total_seconds() + 0.1)
        assert await loader.refresh_visibility() is True
        assert await loader.refresh_visibility() is False
        await asyncio.sleep(0.05)  # listeners run as tasks
    finally:
        await loader.close()
    assert heard == [ReloadReport()]
    async with await Store.open(tmp_path / "db.sqlite3") as store:
        shown = await store.translation("soon", "en")
    assert shown is not None and shown.title == "Soon"
