"""/search through the emulator: results, language order, hostile input, cooldown."""

from __future__ import annotations

import re

import pytest

from bot.emulator import make_user
from tests.e2e.conftest import App


def description(reply: object) -> str:
    return str(reply.embeds[0].get("description", ""))  # type: ignore[attr-defined]


def menu(reply: object) -> dict[str, object]:
    for row in reply.components:  # type: ignore[attr-defined]
        for component in row["components"]:
            if component["type"] == 3:
                return dict(component)
    raise AssertionError("no menu")


@pytest.fixture(autouse=True)
def generous_cooldown(app: App) -> None:
    app.bot.get_cog("SearchCog").rate = (1000, 1.0)  # type: ignore[union-attr]


async def test_results_in_the_users_language_first_with_snippets(app: App) -> None:
    swede = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("search", {"query": "tabeller"}, user=swede)
    assert not reply.ephemeral
    text = description(reply)
    assert text.startswith("**[Att tolka PDF-filer för RAG")
    assert "**tabeller" in text.lower() or "**tabell" in text.lower()
    assert reply.embeds[0]["title"] == "Resultat för ”tabeller”"
    options = menu(reply)["options"]
    assert options[0]["value"] == "sv:parsing-pdfs-for-rag"  # type: ignore[index]


async def test_inflections_and_missing_accents(app: App) -> None:
    spanish = make_user("eva", locale="es-ES")
    reply = await app.emu.invoke("search", {"query": "generacion aumentada"}, user=spanish)
    assert "Charla con Amazon" in description(reply)
    reply = await app.emu.invoke("search", {"query": "modelos de lenguaje"}, user=spanish)
    assert "Charla con Amazon" in description(reply)


async def test_language_option_filters(app: App) -> None:
    reply = await app.emu.invoke("search", {"query": "RAG", "language": "ja"})
    text = description(reply)
    assert "RAGのためのPDF解析" in text
    assert "Talk with Amazon" not in text


async def test_two_character_japanese_word(app: App) -> None:
    reply = await app.emu.invoke("search", {"query": "解析"}, user=make_user("ken", locale="ja"))
    assert "RAGのためのPDF解析" in description(reply)


async def test_picking_a_result_opens_the_post(app: App) -> None:
    swede = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("search", {"query": "Amazon"}, user=swede)
    opened = await app.emu.click(
        reply, "search:open", values=["sv:kdd-workshop-2024"], user=make_user("eva", locale="es-ES")
    )
    assert opened.ephemeral
    assert opened.embeds[0]["title"] == "KDD 2024: Charla con Amazon"  # the picker's language


@pytest.mark.parametrize(
    "query",
    [
        "AND",
        '"unbalanced',
        "NEAR(",
        "c++",
        "*",
        "title:x",
        "🙂🚀",
        "x" * 500,
        "".join(chr(0x2500 + n % 200) for n in range(500)),
        "-x",
        "OR OR",
        "a\x00b",
    ],
)
async def test_hostile_queries_get_a_sensible_reply(app: App, query: str) -> None:
    executed: list[str] = []
    connection = app.bot.store._db  # the store's reading connection: watch what reaches FTS5
    await connection.set_trace_callback(executed.append)
    try:
        reply = await app.emu.invoke("search", {"query": query})
        autocomplete = await app.emu.autocomplete("post", {"post": query}, "post")
    finally:
        await connection.set_trace_callback(None)  # type: ignore[arg-type]
    assert reply.embeds, "no reply"
    assert "Sorry, something went wrong" not in description(reply)
    assert autocomplete is not None
    for expression in match_expressions(executed):
        assert only_quoted_terms(expression), expression


_MATCH = re.compile(r"MATCH '((?:[^']|'')*)'")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_STRUCTURE = re.compile(r"^(?:\s|\(|\)|\*|:|\bAND\b|\bOR\b|\{[a-z_ ]+\})*$")


def match_expressions(statements: list[str]) -> list[str]:
    """The FTS5 MATCH arguments of the SQL statements SQLite executed (bound values shown)."""
    return [
        found.replace("''", "'") for statement in statements for found in _MATCH.findall(statement)
    ]


def only_quoted_terms(expression: str) -> bool:
    """Whether every term of ``expression`` is a double-quoted FTS5 string: outside the
    strings only columns filters, parentheses, ``:``, ``*``, ``AND`` and ``OR`` remain."""
    return bool(_STRUCTURE.match(_QUOTED.sub(" ", expression)))


def test_the_expression_check_catches_a_bare_term() -> None:
    assert only_quoted_terms('({title body} : ("x"* OR "a""b")) AND ({body} : ("y"))')
    assert not only_quoted_terms('({title body} : (x)) AND ({body} : ("y"))')
    assert not only_quoted_terms('{title} : "x" NOT "y"')


async def test_empty_query_asks_for_words(app: App) -> None:
    reply = await app.emu.invoke("search", {"query": "!!! ???"})
    assert reply.ephemeral and "Type a few words" in description(reply)


async def test_per_user_cooldown(app: App) -> None:
    app.bot.get_cog("SearchCog").rate = (2, 60.0)  # type: ignore[union-attr]
    user = make_user("flood", locale="en-US")
    for _ in range(2):
        assert not (await app.emu.invoke("search", {"query": "RAG"}, user=user)).ephemeral
    refused = await app.emu.invoke("search", {"query": "RAG"}, user=user)
    assert refused.ephemeral and "Please wait" in description(refused)
    other = await app.emu.invoke("search", {"query": "RAG"}, user=make_user("calm"))
    assert not other.ephemeral
