"""One reply, one frame: every reader gets labels, notices, menus and dates in their language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.dates import format_date

from bot.emulator import make_user
from bot.i18n.bidi import FSI, PDI
from bot.i18n.catalog import Catalogs
from bot.i18n.names import language_name
from bot.i18n.negotiate import DISCORD_LOCALES
from tests.e2e.conftest import App

KDD = "kdd-workshop-2024"
SAME_BY_DESIGN = {
    "da": {"Links"},
    "de": {"Links"},
    "nl": {"Links"},
    "pt_BR": {"Links"},
    "fr": {"Date", "Image"},
    "it": {"File"},
    "id": {"File"},
}
"""Words a language writes as English does; the catalog test holds the same list."""

CATALOGS = Catalogs.load()
ENGLISH = {
    text
    for key in CATALOGS.own_keys("en")
    if not CATALOGS.is_plural(key) and "{" not in (text := CATALOGS.own_text("en", key) or "{")
}
READERS = [locale for locale in DISCORD_LOCALES if not locale.startswith("en")] + ["ar"]


def frame_strings(reply: Any) -> list[str]:
    """Every string of a post reply's frame: the notice, field names, button labels, the
    menu's placeholder and its options' descriptions."""
    embed = reply.embeds[0]
    found = [field["name"] for field in embed.get("fields", [])]
    notice = re.match(r"\*(.+?)\*\n\n", embed.get("description", ""), re.S)
    if notice:
        found.append(notice.group(1))
    for row in reply.components:
        for component in row["components"]:
            if component["type"] == 2:
                found.append(component["label"])
            if component["type"] == 3:
                found.append(component["placeholder"])
                found += [option["description"] for option in component["options"]]
    return found


async def reader(app: App, locale: str) -> Any:
    """A user whose interface language is ``locale`` (Arabic through /language set)."""
    if locale == "ar":
        user = make_user("reader-ar", locale="en-US")
        await app.emu.invoke("language set", {"language": "ar"}, user=user)
        return user
    return make_user(f"reader-{locale}", locale=locale)


@pytest.mark.parametrize("locale", READERS)
async def test_the_whole_frame_speaks_the_readers_language(app: App, locale: str) -> None:
    user = await reader(app, locale)
    # Korean is missing for this post: the reply falls back and says so, in the frame
    reply = await app.emu.invoke("post", {"post": KDD, "language": "ko"}, user=user)
    frame = CATALOGS.for_locale(locale)
    strings = frame_strings(reply)
    assert len(strings) >= 8, strings
    allowed = SAME_BY_DESIGN.get(frame.locale, set())
    english_names = {language_name(tag, in_language="en", for_menu=True) for tag in
                     ("en", "es", "pt", "ro", "sv", "nl")}  # fmt: skip
    for text in strings:
        clean = text.replace(FSI, "").replace(PDI, "")
        assert clean not in (ENGLISH | english_names) - allowed, (locale, text)
        assert not clean.startswith("Not available in"), (locale, text)
    fields = {field["name"]: field["value"] for field in reply.embeds[0]["fields"]}
    assert fields[frame.text("embed.date")] == frame.date(_date(app))
    if frame.locale not in ("pt_BR",):  # a language whose long date equals English's
        assert fields[frame.text("embed.date")] != format_date(_date(app), "long", locale="en")
    notice = frame.text(
        "notice.fallback",
        wanted=frame.language_name("ko"),
        shown=frame.language_name(reply_language(reply)),
    )
    assert reply.embeds[0]["description"].startswith(f"*{notice}*")


def _date(app: App) -> Any:
    import datetime as dt

    return dt.date(2025, 1, 29)


def reply_language(reply: Any) -> str:
    """The language of the translation shown, from its URL (``/{language}/blog/{slug}``)."""
    return str(reply.embeds[0]["url"]).split("/")[3]


async def test_posts_list_and_notice_follow_the_reader_not_the_posts(app: App) -> None:
    spanish = make_user("lucia", locale="es-ES")
    reply = await app.emu.invoke("post", {"post": KDD, "language": "ja"}, user=spanish)
    description = reply.embeds[0]["description"]
    assert description.startswith("*No está disponible en japonés; te lo mostramos en español.*")

    listing = await app.emu.invoke("posts", user=spanish)
    lines = listing.embeds[0]["description"].splitlines()
    dates = [line.split("`")[1] for line in lines]
    expected = {
        format_date(post.date, "medium", locale="es")
        for post in await app.bot.store.posts_page(0, 10)
        if post.date is not None
    }
    assert set(dates) == expected  # one format, the reader's, for posts in every language
    assert listing.embeds[0]["title"] == CATALOGS.text("es", "posts.title")


async def test_right_to_left_frames_isolate_latin_runs(app: App) -> None:
    user = await reader(app, "ar")
    missing = await app.emu.invoke("post", {"post": "no-such-post"}, user=user)
    assert f"{FSI}no-such-post{PDI}" in missing.embeds[0]["description"]

    reply = await app.emu.invoke("post", {"post": KDD}, user=user)
    assert FSI not in reply.embeds[0]["url"]
    for row in reply.components:
        for component in row["components"]:
            assert FSI not in str(component.get("custom_id", ""))
            assert FSI not in str(component.get("url", ""))
            for option in component.get("options", []):
                assert FSI not in option["value"]

    listing = await app.emu.invoke("posts", user=user)
    first = listing.embeds[0]["description"].splitlines()[0]
    assert f"[{FSI}" in first  # a title inside the Arabic frame is isolated, not its URL
    assert FSI not in first.split("](")[1]
