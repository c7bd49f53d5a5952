"""Rendering a reply's message dict to text, and numbering its controls (no bot)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console, RenderableType

from bot.console.render import controls, markdown, render_message
from bot.i18n.catalog import Catalogs, Messages

URL = "https://www.cambioml.com/sv/blog/kdd-workshop-2024"
MESSAGE: dict[str, Any] = {
    "id": "1",
    "content": "",
    "flags": 64,
    "embeds": [
        {
            "title": "KDD 2024: Samtal med Amazon",
            "url": URL,
            "color": 0x2B6CB0,
            "description": "**Fet** och *kursiv* med [en länk](https://x.test/a) och `kod`.",
            "fields": [
                {"name": "Datum", "value": "29 januari 2025", "inline": True},
                {"name": "Länkar", "value": "[A](https://a.test)\n[B](https://b.test)"},
            ],
            "image": {"url": "https://www.cambioml.com/images/kdd.jpeg"},
            "footer": {"text": "Sida 1 av 2"},
        }
    ],
    "components": [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 5, "label": "Läs hela inlägget", "url": URL},
                {"type": 2, "style": 2, "label": "Föregående", "custom_id": "prev",
                 "disabled": True},
                {"type": 2, "style": 1, "label": "Nästa", "custom_id": "next"},
            ],
        },
        {
            "type": 1,
            "components": [
                {
                    "type": 3,
                    "custom_id": "post:lang:kdd",
                    "placeholder": "Läs på ett annat språk…",
                    "options": [
                        {"label": "English", "value": "en", "description": "Engelska"},
                        {"label": "Español", "value": "es"},
                        {"label": "Svenska", "value": "sv", "default": True},
                    ],
                }
            ],
        },
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def sv() -> Messages:
    return Catalogs.load().for_locale("sv-SE")


def text_of(renderable: RenderableType) -> str:
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_embed_panel_with_everything(sv: Messages) -> None:
    out = text_of(render_message(MESSAGE, sv, ephemeral=True))
    lines = [line.strip("│ ") for line in out.splitlines()]
    assert lines[0] == "Endast du kan se detta"
    assert "KDD 2024: Samtal med Amazon" in lines
    assert URL in lines
    assert "Fet och kursiv med en länk <https://x.test/a> och kod." in lines
    assert "Datum: 29 januari 2025" in lines
    assert "Länkar:" in lines and "A <https://a.test>" in lines
    assert "Bild: https://www.cambioml.com/images/kdd.jpeg" in lines
    assert "Sida 1 av 2" in lines
    assert f"[1] Läs hela inlägget → {URL}" in lines
    assert "[2] Föregående (inaktiverad)" in lines
    assert "[3] Nästa" in lines
    assert "[4] Läs på ett annat språk…" in lines
    assert "1. English  en  Engelska" in lines
    assert "3. Svenska  sv ✓" in lines


def test_not_ephemeral_content_and_attachments(sv: Messages) -> None:
    message = {"content": "Hej **du**", "attachments": [{"filename": "a.txt"}]}
    out = text_of(render_message(message, sv))
    assert out.splitlines() == ["Hej du", "Fil: a.txt"]
    assert "Boten svarade utan meddelande." in text_of(render_message(None, sv))


def test_markdown_styles() -> None:
    text = markdown(r"**b** *i* __u__ ~~s~~ _e_ snake_case \*x\* [l](https://l.test)")
    assert text.plain == "b i u s e snake_case *x* l <https://l.test>"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles["b"] == "bold" and styles["i"] == "italic" and styles["u"] == "underline"
    assert styles["s"] == "strike" and styles["e"] == "italic"
    assert "link https://l.test" in styles["l"]
    nested = markdown("**[KDD](https://k.test)**")
    assert nested.plain == "KDD <https://k.test>"


def test_controls_are_numbered_in_display_order() -> None:
    items = controls(MESSAGE)
    assert [item.number for item in items] == [1, 2, 3, 4]
    link, prev, following, menu = items
    assert link.is_link and not link.is_select
    assert prev.disabled and not following.disabled
    assert menu.is_select and not menu.is_link
    assert menu.option_value("es") == "es"
    assert menu.option_value("3") == "sv"
    assert menu.option_value("english") == "en"
    assert menu.option_value("de") is None and menu.option_value("9") is None
    assert controls(None) == [] and controls({"components": []}) == []
