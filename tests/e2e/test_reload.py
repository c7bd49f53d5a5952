"""/reload: who may run it, what it reports, and the bot keeps answering meanwhile."""

from __future__ import annotations

import pytest

from bot.emulator import Unavailable, make_user
from tests.e2e.conftest import OWNER_ID, App
from tests.factories import post_file


def text(reply: object) -> str:
    embed = reply.embeds[0]  # type: ignore[attr-defined]
    fields = "\n".join(f"{f['name']}\n{f['value']}" for f in embed.get("fields", []))
    return f"{embed.get('description', '')}\n{fields}"


async def test_member_without_manage_server_is_refused(app: App) -> None:
    member = make_user("member", locale="en-US")
    reply = await app.emu.invoke("reload", user=member)
    assert reply.ephemeral and "Only server admins" in text(reply)
    synced = {command["name"]: command for command in app.emu.commands()}
    assert int(synced["reload"]["default_member_permissions"]) == 1 << 5


async def test_reload_reports_added_edited_removed_and_broken(app: App) -> None:
    content = app.content
    post_file(content, "en/brand-new.md", "A brand new post", "2025-06-01")
    post_file(content, "es/kdd-workshop-2024.md", "KDD 2024: Charla editada", "2025-01-29")
    (content / "nl/evaluating-rag-answers.md").unlink()
    (content / "sv/kdd-workshop-2024.md").write_text(
        "---\ntitle: 'Trasig\ndate: [\n---\n", encoding="utf-8"
    )
    admin = make_user("admin", locale="en-US", manage_guild=True)
    reply = await app.emu.invoke("reload", user=admin)
    assert reply.ephemeral
    report = text(reply)
    assert "1 post added" in report and "`brand-new` (en)" in report
    assert "1 post updated" in report and "`kdd-workshop-2024` (es)" in report
    assert "1 post removed" in report and "`evaluating-rag-answers` (nl)" in report
    assert "1 file has problems" in report and "sv/kdd-workshop-2024.md" in report
    assert "still serving the last good version" in report

    swede = make_user("sven", locale="sv-SE")
    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=swede)
    assert post.embeds[0]["title"] == "KDD 2024: Samtal med Amazon"
    latest = await app.emu.invoke("latest", user=admin)
    assert latest.embeds[0]["title"] == "A brand new post"


async def test_an_owner_can_reload_in_any_server_but_not_in_a_dm(app: App) -> None:
    owner = make_user("owner", id=OWNER_ID)  # no Manage Server here: OWNER_IDS is enough
    reply = await app.emu.invoke("reload", user=owner)
    assert reply.ephemeral and "Nothing changed." in text(reply)
    with pytest.raises(Unavailable):  # /reload is offered in servers only
        await app.emu.invoke("reload", user=owner, dm=True)


async def test_commands_answer_while_a_reload_runs(app: App) -> None:
    for n in range(300):
        post_file(app.content, f"en/bulk-{n:03}.md", f"Bulk post {n}", "2022-01-01")
    admin = make_user("admin", locale="en-US", manage_guild=True)
    other_guild = app.emu.add_guild(name="Second", preferred_locale="sv-SE")
    admin2 = make_user("admin2", locale="sv-SE", manage_guild=True)

    first = await app.emu.begin("reload", user=admin)
    second = await app.emu.begin("reload", user=admin2, guild_id=other_guild.id)
    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"})
    assert app.bot.reloader.running, "the reload finished before the command was answered"
    assert post.embeds[0]["title"] == "KDD 2024: Talk with Amazon"

    one = await app.emu.wait_reply(first, timeout=60)
    two = await app.emu.wait_reply(second, timeout=60)
    assert "300 posts added" in text(one)
    assert "300 inlägg tillagda" in text(two)  # the same reload, reported in Swedish
    assert app.bot.reloader.last_report is not None
    assert len(app.bot.reloader.last_report.added) == 300


async def test_reload_cooldown_per_server(app: App) -> None:
    cog = app.bot.get_cog("AdminCog")
    cog.rate = (1, 60.0)  # type: ignore[union-attr]
    admin = make_user("admin", locale="en-US", manage_guild=True)
    await app.emu.invoke("reload", user=admin)
    again = await app.emu.invoke("reload", user=admin)
    assert again.ephemeral and "Please wait" in text(again)
    owner = make_user("owner", id=OWNER_ID)
    assert "Nothing changed." in text(await app.emu.invoke("reload", user=owner))


async def test_failed_reload_keeps_serving(app: App) -> None:
    import shutil

    shutil.rmtree(app.content)
    admin = make_user("admin", locale="en-US", manage_guild=True)
    reply = await app.emu.invoke("reload", user=admin)
    assert "Reload failed" in text(reply) and "previous content" in text(reply)
    post = await app.emu.invoke("post", {"post": "kdd-workshop-2024"})
    assert post.embeds[0]["title"] == "KDD 2024: Talk with Amazon"


async def test_replies_follow_a_reload(app: App) -> None:
    spanish = make_user("eva", locale="es-ES")
    before = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=spanish)
    assert before.embeds[0]["title"] == "KDD 2024: Charla con Amazon"
    post_file(app.content, "es/kdd-workshop-2024.md", "KDD 2024: Charla editada", "2025-01-29")
    await app.bot.reloader.reload()
    after = await app.emu.invoke("post", {"post": "kdd-workshop-2024"}, user=spanish)
    assert after.embeds[0]["title"] == "KDD 2024: Charla editada"


async def test_problems_are_reported_in_the_admins_language(app: App) -> None:
    post_file(app.content, "es/fecha-mala.md", "Fecha mala", "2025-13-45")
    post_file(app.content, "borradores/idea.md", "Idea")
    post_file(app.content, "es/copia.md", "Copia", extra="translationKey: kdd-workshop-2024\n")
    admin = make_user("admin", locale="es-ES", manage_guild=True)
    report = text(await app.emu.invoke("reload", user=admin))
    assert "3 archivos tienen problemas" in report
    assert "«2025-13-45» no es una fecha válida" in report
    assert "la carpeta «borradores» no es un idioma" in report
    assert "duplicado: el artículo kdd-workshop-2024 en es ya se cargó desde" in report


async def test_reload_lists_problems_an_automatic_reload_saw_first(app: App) -> None:
    (app.content / "en" / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    first = await app.bot.reloader.reload(after_change=True)  # what the watcher runs
    assert [problem.path for problem in first.problems] == ["en/broken.md"]
    admin = make_user("admin", locale="en-US", manage_guild=True)
    reply = await app.emu.invoke("reload", user=admin)
    assert "en/broken.md" in text(reply)  # nothing changed since, and still reported
