"""The content writer and the store's queries, on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.pipeline import Job, load_batch
from bot.store import ContentWriter, Store
from tests.factories import broken, ok, post_file, translation


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "db.sqlite3") as opened:
        yield opened


@pytest.fixture
def writer(tmp_path: Path, store: Store) -> ContentWriter:
    return ContentWriter(tmp_path / "db.sqlite3")


KDD_ES = translation("kdd", "es", "KDD 2024: Charla con Amazon", "2025-01-29")
KDD_SV = translation("kdd", "sv", "KDD 2024: Samtal med Amazon", "2025-01-29")
RAG_EN = translation("rag-eval", "en", "Evaluating RAG pipelines", "2025-03-02")
RAG_ES = translation("rag-eval", "es", "Evaluación de canalizaciones RAG", "2025-03-02")
OLD_ES = translation("old", "es", "Generación de datos", "2024-05-01")


def load(writer: ContentWriter, *outcomes: object, gone: tuple[str, ...] = ()) -> object:
    writer.reset_staging()
    writer.stage(outcomes)  # type: ignore[arg-type]
    return writer.apply(gone)


async def test_apply_adds_and_queries_find_them(writer: ContentWriter, store: Store) -> None:
    report = load(writer, ok(KDD_ES), ok(KDD_SV), ok(RAG_EN), ok(RAG_ES), ok(OLD_ES))
    assert sorted(report.added) == sorted(  # type: ignore[attr-defined]
        [("kdd", "es"), ("kdd", "sv"), ("rag-eval", "en"), ("rag-eval", "es"), ("old", "es")]
    )
    found = await store.translation("kdd", "sv")
    assert found is not None and found.title == "KDD 2024: Samtal med Amazon"
    assert found.links[0].url == "https://example.org/paper"
    assert found.keywords == ("KDD", "RAG")
    assert await store.languages_of("rag-eval") == ["en", "es"]
    assert await store.content_languages() == ["en", "es", "sv"]
    assert await store.latest_key() == "rag-eval"
    assert await store.count_posts() == 3
    page = await store.posts_page(0, 2)
    assert [p.key for p in page] == ["rag-eval", "kdd"]
    assert page[0].titles == {"en": "Evaluating RAG pipelines", "es": RAG_ES.title}
    assert [p.key for p in await store.posts_page(2, 2)] == ["old"]
    assert await store.find_post("kdd") == ("kdd", ["es", "sv"])
    assert await store.find_post("kdd-slug-es") is None
    assert await store.find_post("nope") is None


async def test_title_matching_is_accent_and_case_insensitive(
    writer: ContentWriter, store: Store
) -> None:
    intro = translation("rag-intro", "es", "RAG desde cero", "2024-01-01")
    load(writer, ok(KDD_ES), ok(RAG_ES), ok(OLD_ES), ok(intro))
    assert [m.key for m in await store.match_titles("es", "GENERACION")] == ["old"]
    assert [m.key for m in await store.match_titles("es", "evaluación")] == ["rag-eval"]
    # prefix matches come before substring matches
    assert [m.key for m in await store.match_titles("es", "rag")] == ["rag-intro", "rag-eval"]
    assert await store.match_titles("sv", "kdd") == []
    # LIKE wildcards in user text are literal
    assert await store.match_titles("es", "%") == []
    assert await store.match_titles("es", "_") == []
    assert len(await store.match_titles("es", "")) == 4


async def test_update_and_remove(writer: ContentWriter, store: Store) -> None:
    load(writer, ok(KDD_ES), ok(RAG_ES))
    edited = translation("kdd", "es", "KDD 2024: Charla editada", "2025-01-30")
    report = load(writer, ok(edited, mtime_ns=2), gone=(RAG_ES.path,))
    assert report.updated == [("kdd", "es")]  # type: ignore[attr-defined]
    assert report.removed == [("rag-eval", "es")]  # type: ignore[attr-defined]
    assert await store.find_post("rag-eval") is None
    found = await store.translation("kdd", "es")
    assert found is not None and found.title == "KDD 2024: Charla editada"


async def test_broken_file_keeps_last_good_version(writer: ContentWriter, store: Store) -> None:
    load(writer, ok(KDD_ES))
    report = load(writer, broken(KDD_ES.path))
    assert [p.path for p in report.problems] == [KDD_ES.path]  # type: ignore[attr-defined]
    assert report.kept == {KDD_ES.path: ("kdd", "es")}  # type: ignore[attr-defined]
    found = await store.translation("kdd", "es")
    assert found is not None and found.title == KDD_ES.title
    assert writer.file_states()[KDD_ES.path].status == "problem"


async def test_duplicate_key_and_language_is_reported(writer: ContentWriter, store: Store) -> None:
    twin = translation("kdd", "es", "Otra", path="es/otra.md", slug="otra")
    report = load(writer, ok(KDD_ES), ok(twin))
    assert report.added == [("kdd", "es")]  # type: ignore[attr-defined]
    (problem,) = report.problems  # type: ignore[attr-defined]
    assert problem.path == "es/otra.md" and "duplicate" in problem.reason
    assert "es/kdd.md" in problem.reason


async def test_duplicate_url_slug_is_reported(writer: ContentWriter, store: Store) -> None:
    other = translation("other", "es", "Otra", slug="kdd", path="es/other.md")
    report = load(writer, ok(KDD_ES), ok(other))
    (problem,) = report.problems  # type: ignore[attr-defined]
    assert "URL slug 'kdd'" in problem.reason
    assert await store.find_post("other") is None


async def test_failed_apply_changes_nothing(writer: ContentWriter, store: Store) -> None:
    load(writer, ok(KDD_ES))
    writer.reset_staging()
    writer.stage([ok(RAG_ES)])

    def explode(done: int) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        writer.apply([KDD_ES.path], on_batch=explode)
    assert await store.languages_of("kdd") == ["es"]
    assert await store.find_post("rag-eval") is None


async def test_preferences_survive_content_reloads(writer: ContentWriter, store: Store) -> None:
    await store.set_user_language(1, "sv")
    await store.set_guild_language(9, "es")
    load(writer, ok(KDD_ES))
    load(writer, gone=(KDD_ES.path,))
    assert await store.user_language(1) == "sv"
    assert await store.guild_language(9) == "es"
    await store.set_user_language(1, None)
    assert await store.user_language(1) is None


async def test_content_languages_cache_follows_reloads(writer: ContentWriter, store: Store) -> None:
    load(writer, ok(KDD_ES))
    assert await store.content_languages() == ["es"]
    await store.set_user_language(1, "sv")  # a write on the store's own connection
    assert await store.content_languages() == ["es"]
    load(writer, ok(KDD_SV))
    assert await store.content_languages() == ["es", "sv"]
    load(writer, gone=(KDD_ES.path,))
    assert await store.content_languages() == ["sv"]


async def test_find_post_by_key_or_url_slug(writer: ContentWriter, store: Store) -> None:
    spanish = translation("x-post", "es", "Equis", slug="equis")
    swedish = translation("x-post", "sv", "Ix", slug="ix")
    load(writer, ok(spanish), ok(swedish))
    assert await store.find_post("x-post") == ("x-post", ["es", "sv"])
    assert await store.find_post(" ix ") == ("x-post", ["es", "sv"])
    assert await store.find_post("equis") == ("x-post", ["es", "sv"])
    assert await store.find_post("%") is None


async def test_a_file_deleted_during_the_reload_is_removed(
    writer: ContentWriter, store: Store, tmp_path: Path
) -> None:
    """The parse worker reports a file deleted between the scan and the read as ``gone``
    (it is not in the ``gone`` list the scan made): applying the staged outcome removes it."""
    root = tmp_path / "content"
    post_file(root, "es/vanishing.md", "Se va")
    post_file(root, "es/staying.md", "Se queda")
    jobs = [Job("es/staying.md", 1, 0, None), Job("es/vanishing.md", 1, 0, None)]
    load(writer, *load_batch(str(root), jobs, "https://example.org"))
    assert await store.find_post("vanishing") == ("vanishing", ["es"])

    (root / "es" / "vanishing.md").unlink()  # after the scan planned to read it
    outcomes = load_batch(str(root), jobs[1:], "https://example.org")
    assert [o.kind for o in outcomes] == ["gone"]
    report = load(writer, *outcomes)

    assert report.removed == [("vanishing", "es")]  # type: ignore[attr-defined]
    assert await store.find_post("vanishing") is None
    assert await store.find_post("staying") == ("staying", ["es"])
    assert set(writer.file_states()) == {"es/staying.md"}


async def test_autocomplete_statement_orders_like_match_titles(
    writer: ContentWriter, store: Store
) -> None:
    """``title_choices`` (titles that start with the text, then titles or keys that contain
    it, in one statement) gives exactly what ``match_titles`` gives, around the limit too."""
    words = ["alpha", "alpine", "beta", "Álgebra", "gamma", "delta", "alps", "zeta"]
    posts = []
    for n in range(60):
        first, second = words[n % len(words)], words[(n * 3 + 1) % len(words)]
        date = None if n % 7 == 0 else f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}"
        posts.append(ok(translation(f"post-{n:02d}-{second}", "es", f"{first} {second} {n}", date)))
    load(writer, *posts)
    await store.content_languages()  # title_choices compares the content languages it knew
    for text in ("", "a", "al", "AL", "alg", "pha", "beta", "eta", "post-0", "zz", "%", " a "):
        for limit in (3, 25):
            expected = await store.match_titles("es", text, limit=limit)
            got = await store.title_choices(1, None, ["es"], text, limit)
            assert got == expected, (text, limit)
