"""/post, /latest and the language menu, through the emulator."""

from __future__ import annotations

import pytest

from bot.emulator import make_user
from tests.e2e.conftest import App
from tests.factories import post_file

KDD = "kdd-workshop-2024"
TITLES = {
    "en": "KDD 2024: Talk with Amazon",
    "es": "KDD 2024: Charla con Amazon",
    "pt": "KDD 2024: Conversa com a Amazon",
    "sv": "KDD 2024: Samtal med Amazon",
}


def title(reply: object) -> str:
    return str(reply.embeds[0]["title"])  # type: ignore[attr-defined]


async def test_post_reply_has_everything(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": KDD}, user=user)
    (embed,) = reply.embeds
    assert embed["title"] == TITLES["sv"]
    assert embed["url"] == "https://www.cambioml.com/sv/blog/kdd-workshop-2024"
    assert embed["description"].startswith("Vid KDD 2024-konferensen presenterade Rachel Hu")
    assert embed["image"]["url"] == (
        "https://www.cambioml.com/images/solutions/kdd-2024-cover.jpeg"
    )
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Datum"] == "29 januari 2025"
    assert "Stora Språkmodeller" in fields["Nyckelord"]
    assert "[Rachel Hu](https://www.linkedin.com/in/rachelsonghu/)" in fields["Länkar"]
    assert not reply.ephemeral
    assert reply.allowed_mentions == {"parse": []}
    buttons = [c for row in reply.components for c in row["components"] if c["type"] == 2]
    assert buttons[0]["url"] == embed["url"] and buttons[0]["label"] == "Läs hela inlägget"
    (menu,) = [c for row in reply.components for c in row["components"] if c["type"] == 3]
    assert {option["value"] for option in menu["options"]} == {"en", "es", "nl", "pt", "ro", "sv"}
    assert {option["label"] for option in menu["options"]} >= {"Español", "Svenska"}


@pytest.mark.parametrize(
    ("locale", "language"), [("es-419", "es"), ("es-ES", "es"), ("pt-BR", "pt"), ("en-GB", "en")]
)
async def test_client_locale_picks_the_content_language(
    app: App, locale: str, language: str
) -> None:
    reply = await app.emu.invoke("post", {"post": KDD}, user=make_user("u", locale=locale))
    assert title(reply) == TITLES[language]


async def test_language_order_step_by_step(app: App) -> None:
    emu, store = app.emu, app.bot.store
    guild = emu.default_guild.id
    user = make_user("ana", locale="pt-BR")

    # Discord client locale
    assert title(await emu.invoke("post", {"post": KDD}, user=user)) == TITLES["pt"]
    # the server default (an explicit admin choice) outranks the client locale
    await store.set_guild_language(guild, "sv")
    assert title(await emu.invoke("post", {"post": KDD}, user=user)) == TITLES["sv"]
    # the user's own preference outranks the server default
    await store.set_user_language(user.id, "es")
    assert title(await emu.invoke("post", {"post": KDD}, user=user)) == TITLES["es"]
    # the command's option outranks everything
    reply = await emu.invoke("post", {"post": KDD, "language": "en"}, user=user)
    assert title(reply) == TITLES["en"]


async def test_guild_locale_then_default_language(app: App) -> None:
    finnish = make_user("aino", locale="fi")  # no Finnish content
    reply = await app.emu.invoke("post", {"post": KDD}, user=finnish, guild_locale="es-ES")
    assert title(reply) == TITLES["es"]
    reply = await app.emu.invoke("post", {"post": KDD}, user=finnish, guild_locale="fi")
    assert title(reply) == TITLES["en"]  # DEFAULT_LANGUAGE


async def test_fallback_notice_names_both_languages(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": "tokyo-meetup-2024"}, user=user)
    description = reply.embeds[0]["description"]
    assert description.startswith("*Finns inte på svenska")
    assert "engelska" in description
    assert reply.embeds[0]["url"].endswith("/en/blog/tokyo-meetup-2024")

    english = make_user("emma", locale="en-US")
    reply = await app.emu.invoke("post", {"post": "evaluating-rag-answers"}, user=english)
    assert reply.embeds[0]["description"].startswith("*Not available in English")


async def test_language_menu_switches_the_same_message(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": KDD}, user=user)
    switched = await app.emu.click(reply, f"post:lang:{KDD}", values=["es"], user=user)
    assert switched.type == 7
    assert switched.message is not None and reply.message is not None
    assert switched.message["id"] == reply.message["id"]
    assert title(switched) == TITLES["es"]
    fields = [field["name"] for field in switched.embeds[0]["fields"]]
    assert "Datum" in fields  # labels follow the reader's frame (sv), not the translation


async def test_language_menu_gives_others_their_own_copy(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": KDD}, user=user)
    other = make_user("other", locale="en-US")
    copy = await app.emu.click(reply, f"post:lang:{KDD}", values=["pt"], user=other)
    assert copy.type == 4 and copy.ephemeral
    assert title(copy) == TITLES["pt"]
    assert reply.message is not None
    stored = app.emu.state.messages[int(reply.message["id"])]
    assert stored["embeds"][0]["title"] == TITLES["sv"]  # the invoker's message is untouched


async def test_summary_markdown_and_mentions_are_shown_literally(app: App) -> None:
    from tests.factories import post_file

    post_file(
        app.content,
        "en/tricky.md",
        "Tricky",
        "2026-02-02",
        body="Claim \\*free\\* Nitro at \\[this](https://evil.example) now <@&123456789012345678>.",
    )
    await app.bot.reloader.reload()
    reply = await app.emu.invoke("post", {"post": "tricky"})
    description = reply.embeds[0]["description"]
    assert "\\*free\\*" in description
    assert "\\[this\\](" in description  # escaped brackets: no masked link
    assert "<@&123456789012345678>" not in description


async def test_unknown_slug_suggests_titles(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": "Samtal"}, user=user)
    assert reply.ephemeral
    assert "Samtal med Amazon" in reply.embeds[0]["description"]
    reply = await app.emu.invoke("post", {"post": "zzzz-nothing"}, user=user)
    assert reply.ephemeral and "zzzz-nothing" in reply.embeds[0]["description"]


async def test_title_typed_exactly_opens_the_post(app: App) -> None:
    user = make_user("sven", locale="sv-SE")
    reply = await app.emu.invoke("post", {"post": TITLES["sv"]}, user=user)
    assert title(reply) == TITLES["sv"] and not reply.ephemeral


async def test_unknown_language_tag_is_a_clear_error(app: App) -> None:
    reply = await app.emu.invoke("post", {"post": KDD, "language": "klingonish!"})
    assert reply.ephemeral
    assert "klingonish!" in reply.embeds[0]["description"]


async def test_autocomplete_in_the_users_language(app: App) -> None:
    spanish = make_user("eva", locale="es-ES")
    choices = await app.emu.autocomplete("post", {"post": "CHARLA"}, "post", user=spanish)
    assert choices == [{"name": TITLES["es"], "value": KDD}]
    everything = await app.emu.autocomplete("post", {"post": ""}, "post", user=spanish)
    assert 1 <= len(everything) <= 25
    assert all(choice["value"] for choice in everything)
    swedish = make_user("sven", locale="sv-SE")
    choices = await app.emu.autocomplete("post", {"post": "samtal"}, "post", user=swedish)
    assert choices == [{"name": TITLES["sv"], "value": KDD}]
    # no title in the user's language matches: the best search hits are offered instead,
    # named in the user's language when the post has it
    choices = await app.emu.autocomplete("post", {"post": "samtal"}, "post", user=spanish)
    assert choices == [{"name": TITLES["es"], "value": KDD}]
    choices = await app.emu.autocomplete("post", {"post": "tabla"}, "post", user=spanish)
    assert [choice["value"] for choice in choices] == ["parsing-pdfs-for-rag"]
    # accents and case do not matter
    choices = await app.emu.autocomplete("post", {"post": "COMO ANALIZAR"}, "post", user=spanish)
    assert [choice["value"] for choice in choices] == ["parsing-pdfs-for-rag"]
    romanian = make_user("ion", locale="ro")
    choices = await app.emu.autocomplete("post", {"post": "discutie"}, "post", user=romanian)
    assert choices == [{"name": "KDD 2024: Discuție cu Amazon", "value": KDD}]
    japanese = make_user("ken", locale="ja")
    choices = await app.emu.autocomplete("post", {"post": "解析"}, "post", user=japanese)
    assert [choice["value"] for choice in choices] == ["parsing-pdfs-for-rag"]


async def test_latest_shows_the_newest_post(app: App) -> None:
    reply = await app.emu.invoke("latest", user=make_user("hana", locale="ko"))
    assert reply.embeds[0]["url"].endswith("/ko/blog/data-curation-101")


async def test_post_in_a_direct_message(app: App) -> None:
    user = make_user("dm", locale="es-ES")
    reply = await app.emu.invoke("post", {"post": KDD}, user=user, dm=True)
    assert title(reply) == TITLES["es"]


async def test_labels_and_dates_follow_the_shown_language(app: App) -> None:
    latin = make_user("lucia", locale="es-419")
    reply = await app.emu.invoke("post", {"post": KDD}, user=latin)
    fields = {field["name"]: field["value"] for field in reply.embeds[0]["fields"]}
    assert fields["Fecha"] == "29 de enero de 2025"
    assert "Palabras clave" in fields
    buttons = [c for row in reply.components for c in row["components"] if c["type"] == 2]
    assert buttons[0]["label"] == "Leer el artículo completo"
    # a Japanese post shown to a Japanese client: CLDR date, Japanese labels
    japanese = make_user("ken", locale="ja")
    reply = await app.emu.invoke("post", {"post": "tokyo-meetup-2024"}, user=japanese)
    fields = {field["name"]: field["value"] for field in reply.embeds[0]["fields"]}
    assert fields["日付"] == "2024年10月8日"


async def test_a_missing_translation_falls_back_in_the_documented_order(app: App) -> None:
    user = make_user("ana", locale="pt-BR")
    await app.bot.store.set_user_language(user.id, "sv")
    await app.bot.store.set_guild_language(app.emu.default_guild.id, "nl")
    reply = await app.emu.invoke("post", {"post": "evaluating-rag-answers"}, user=user)
    # wanted sv (the user's choice) is missing: the server default (nl) comes before the
    # client locale (pt)
    assert reply.embeds[0]["url"].endswith("/nl/blog/evaluating-rag-answers")
    assert reply.embeds[0]["description"].startswith("*Finns inte på svenska")


async def test_a_fallback_outside_the_likely_languages_keeps_its_links(app: App) -> None:
    """The bundle reads links and keywords only for the languages a reply will likely show
    (the option, the saved ones, the locales' matches, the default); a post in none of them
    falls back to its first language, which is then read whole."""
    body = "Read [the paper](https://example.org/paper) and [the code](https://example.org/code)."
    post_file(app.content, "ro/doar-romana.md", "Doar în română", body=body)
    post_file(app.content, "nl/doar-romana.md", "Alleen in het Roemeens", body=body)
    await app.bot.reloader.reload()
    reply = await app.emu.invoke(
        "post", {"post": "doar-romana"}, user=make_user("ken", locale="ja")
    )
    embed = reply.embeds[0]
    assert embed["url"].endswith("/nl/blog/doar-romana")
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert "https://example.org/paper" in fields["リンク"]
    assert "one, two" in fields["キーワード"]
