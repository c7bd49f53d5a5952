"""A Discord message (as the emulator stores it) -> rich renderables, and its numbered controls.

Pure: takes plain dicts and a :class:`~bot.i18n.catalog.Messages` for the console's own words.
Each embed is a panel (border in the embed's colour): title (bold, linked) and URL, the
description with Discord markdown converted (``**bold**``, ``*italic*``, ``__underline__``,
``~~strike~~``, `` `code` ``, ``[text](url)`` shown as text plus the URL), fields as
``name: value``, image, thumbnail, footer. Buttons and selects get one number each, in the
order Discord shows them (:func:`controls`), so the user can press ``1`` or pick ``2 es``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.text import Text

from bot.i18n.catalog import Messages

JSON = dict[str, Any]
BUTTON, SELECT = 2, 3
LINK_STYLE = 5
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})

__all__ = [
    "Control",
    "controls",
    "markdown",
    "render_controls",
    "render_message",
]

_INLINE = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|__(?P<under>.+?)__"
    r"|~~(?P<strike>.+?)~~"
    r"|`(?P<code>[^`\n]+)`"
    r"|\*(?P<star>[^*\n]+?)\*"
    r"|(?<![\w])_(?P<under_i>[^_\n]+?)_(?![\w])"
    r"|\\(?P<escaped>[\\*_~`\[\]()>|])"
)


def markdown(source: str, style: Style | str = "") -> Text:
    """Discord's inline markdown as styled :class:`~rich.text.Text` (links keep their URL,
    shown dim after the label, so it is visible in any terminal)."""
    text = Text(style=style)
    position = 0
    for match in _INLINE.finditer(source):
        text.append(source[position : match.start()])
        position = match.end()
        groups = match.groupdict()
        if groups["label"] is not None:
            text.append_text(markdown(groups["label"], Style(underline=True, link=groups["url"])))
            text.append(f" <{groups['url']}>", style="dim")
        elif groups["bold"] is not None:
            text.append_text(markdown(groups["bold"], "bold"))
        elif groups["under"] is not None:
            text.append_text(markdown(groups["under"], "underline"))
        elif groups["strike"] is not None:
            text.append_text(markdown(groups["strike"], "strike"))
        elif groups["code"] is not None:
            text.append(groups["code"], style="bold cyan")
        elif groups["star"] is not None:
            text.append_text(markdown(groups["star"], "italic"))
        elif groups["under_i"] is not None:
            text.append_text(markdown(groups["under_i"], "italic"))
        else:
            text.append(groups["escaped"])
    text.append(source[position:])
    return text


@dataclass(frozen=True)
class Control:
    """One button or select of a message, numbered from 1 in display order."""

    number: int
    component: JSON

    @property
    def is_select(self) -> bool:
        """A select menu (string, user, role, mentionable or channel select)."""
        return int(self.component["type"]) in SELECT_TYPES

    @property
    def is_link(self) -> bool:
        """A link button: Discord opens its URL; no interaction reaches the bot."""
        return int(self.component["type"]) == BUTTON and self.component.get("style") == LINK_STYLE

    @property
    def disabled(self) -> bool:
        """Shown but not clickable."""
        return bool(self.component.get("disabled"))

    @property
    def options(self) -> list[JSON]:
        """A string select's options (empty otherwise)."""
        return list(self.component.get("options") or [])

    def option_value(self, word: str) -> str | None:
        """The value of the option the user means by ``word``: its value, its number (from
        1) or its label, case-insensitively; None if none matches."""
        for option in self.options:
            if word == str(option["value"]):
                return str(option["value"])
        if word.isdigit() and 1 <= int(word) <= len(self.options):
            return str(self.options[int(word) - 1]["value"])
        for option in self.options:
            if word.casefold() in (str(option["value"]).casefold(), option["label"].casefold()):
                return str(option["value"])
        return None


def controls(message: JSON | None) -> list[Control]:
    """The message's buttons and selects, numbered in display order (rows top to bottom)."""
    found: list[JSON] = []
    stack = list(reversed((message or {}).get("components") or []))
    while stack:
        component = stack.pop()
        if int(component.get("type", 0)) == BUTTON or int(component.get("type", 0)) in SELECT_TYPES:
            found.append(component)
        stack.extend(reversed(component.get("components") or []))
        if isinstance(component.get("accessory"), dict):
            stack.append(component["accessory"])
    return [Control(number, component) for number, component in enumerate(found, 1)]


def _label(component: JSON) -> str:
    emoji = (component.get("emoji") or {}).get("name")
    label = component.get("label") or ""
    return " ".join(part for part in (emoji, label) if part)


def render_controls(items: list[Control], texts: Messages) -> RenderableType:
    """Numbered buttons (``[1] Label → URL`` for links) and selects with numbered options."""
    lines: list[Text] = []
    for control in items:
        component = control.component
        dim = "dim" if control.disabled else ""
        line = Text(f"[{control.number}] ", style="bold " + dim if dim else "bold")
        if control.is_select:
            line.append(component.get("placeholder") or "…", style=dim or "")
            if control.disabled:
                line.append(f" ({texts.text('console.disabled')})", style="dim")
            lines.append(line)
            for index, option in enumerate(control.options, 1):
                entry = Text(f"     {index}. ", style=dim or "")
                entry.append(_label(option), style=dim or "")
                entry.append(f"  {option['value']}", style="cyan " + dim if dim else "cyan")
                if option.get("description"):
                    entry.append(f"  {option['description']}", style="dim")
                if option.get("default"):
                    entry.append(" ✓", style="green")
                lines.append(entry)
            continue
        line.append(_label(component), style=dim or "")
        if control.is_link:
            line.append(f" → {component.get('url', '')}", style="dim" if dim else "blue")
        if control.disabled:
            line.append(f" ({texts.text('console.disabled')})", style="dim")
        lines.append(line)
    return Group(*lines)


def _embed(embed: JSON, texts: Messages) -> RenderableType:
    parts: list[RenderableType] = []
    author = (embed.get("author") or {}).get("name")
    if author:
        parts.append(Text(str(author), style="bold dim"))
    title, url = embed.get("title"), embed.get("url")
    if title:
        parts.append(markdown(str(title), Style(bold=True, link=url) if url else "bold"))
    if url:
        parts.append(Text(str(url), style="blue"))
    if embed.get("description"):
        if parts:
            parts.append(Text())
        parts.append(markdown(str(embed["description"])))
    fields: list[JSON] = embed.get("fields") or []
    if fields:
        parts.append(Text())
    for item in fields:
        value = str(item.get("value") or "")
        line = Text(f"{item.get('name', '')}: ", style="bold")
        if "\n" in value:
            parts.append(line)
            parts.extend(Text("  ").append_text(markdown(v)) for v in value.split("\n"))
        else:
            parts.append(line.append_text(markdown(value)))
    for key, word in (("image", "console.image"), ("thumbnail", "console.thumbnail")):
        link = (embed.get(key) or {}).get("url")
        if link:
            parts.append(Text(f"{texts.text(word)}: ", style="bold").append(str(link), "blue"))
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        parts.append(Text())
        parts.append(Text(str(footer), style="dim"))
    color = embed.get("color")
    border = f"#{int(color):06x}" if isinstance(color, int) else "white"
    return Panel(Group(*parts), border_style=border, expand=False)


def render_message(
    message: JSON | None, texts: Messages, *, ephemeral: bool = False
) -> RenderableType:
    """A whole message: the ephemeral mark, content, embeds, attachments, then its controls."""
    if message is None:
        return Text(texts.text("console.no-message"), style="dim")
    parts: list[RenderableType] = []
    if ephemeral:
        parts.append(Text(texts.text("console.ephemeral"), style="dim italic"))
    if message.get("content"):
        parts.append(markdown(str(message["content"])))
    parts.extend(_embed(embed, texts) for embed in message.get("embeds") or [])
    for attachment in message.get("attachments") or []:
        name = attachment.get("filename", "")
        parts.append(Text(f"{texts.text('console.attachment')}: {name}", style="bold"))
    items = controls(message)
    if items:
        parts.append(render_controls(items, texts))
    return Group(*parts)
