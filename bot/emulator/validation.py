"""Discord's limits on what a bot sends, as pure functions: body in, violations out.

Numbers are Discord's (``discord/discord-api-docs``, ``developers/``; summarised in
``../shared/discord-rules.md``). discord.py checks almost none of them, real Discord answers
400 with code 50035 and an ``errors`` object; :func:`error_body` builds that object.

Covered: message content (2000), embeds (10 per message, each field's length, 6000 in total,
http(s)/attachment:// image URLs, colour range), ``allowed_mentions`` and content that would ping
without it, classic components (action rows, buttons, string/entity selects, text inputs),
autocomplete choices, modals. Command definitions are in :mod:`bot.emulator.commands`.
Not covered: components v2 layouts beyond custom_id lengths, polls, stickers, attachment sizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_TEXT_MAX = 2048
AUTHOR_NAME_MAX = 256
COLOUR_MAX = 0xFFFFFF
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
PLACEHOLDER_MAX = 150
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
MODAL_TITLE_MAX = 45
MENTION_PARSE = {"users", "roles", "everyone"}
SELECT_TYPES = {3, 5, 6, 7, 8}
EPHEMERAL = 1 << 6
COMPONENTS_V2 = 1 << 15

_PING = re.compile(r"@everyone|@here|<@&\d+>")


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``path`` into the body (e.g. ``("embeds", 0, "title")``), a message,
    and Discord's error code for that kind of error (e.g. ``BASE_TYPE_MAX_LENGTH``)."""

    path: tuple[str | int, ...]
    message: str
    code: str = "BASE_TYPE_INVALID"

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "<body>"
        return f"{where}: {self.message}"

    def under(self, *prefix: str | int) -> Violation:
        """The same violation with ``prefix`` put before its path."""
        return Violation((*prefix, *self.path), self.message, self.code)


def error_body(violations: list[Violation]) -> JSON:
    """Discord's 400 body: ``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}``.

    ``errors`` nests the path, each leaf holding ``{"_errors": [{"code", "message"}]}``.
    """
    errors: JSON = {}
    for violation in violations:
        node = errors
        for part in violation.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append(
            {"code": violation.code, "message": violation.message}
        )
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def _max_len(value: Any, limit: int, path: tuple[str | int, ...]) -> list[Violation]:
    if value is None:
        return []
    if not isinstance(value, str):
        return [Violation(path, "Must be a string.", "BASE_TYPE_STRING")]
    if len(value) > limit:
        return [Violation(path, f"Must be {limit} or fewer in length.", "BASE_TYPE_MAX_LENGTH")]
    return []


def _len_between(value: Any, low: int, high: int, path: tuple[str | int, ...]) -> list[Violation]:
    if not isinstance(value, str):
        return [Violation(path, "This field is required (a string).", "BASE_TYPE_REQUIRED")]
    if not low <= len(value) <= high:
        return [
            Violation(path, f"Must be between {low} and {high} in length.", "BASE_TYPE_BAD_LENGTH")
        ]
    return []


def _url(value: Any, path: tuple[str | int, ...], *, attachments: bool) -> list[Violation]:
    if value is None:
        return []
    schemes = ("http://", "https://", "attachment://") if attachments else ("http://", "https://")
    if not isinstance(value, str) or not value.startswith(schemes) or " " in value:
        allowed = "http(s) or attachment://" if attachments else "http(s)"
        return [
            Violation(
                path, f"Scheme {value!r} is not supported; use {allowed}.", "URL_TYPE_INVALID_URL"
            )
        ]
    return []


def embed_length(embed: JSON) -> int:
    """Characters counted towards the 6000 limit: title, description, field names and values,
    footer text and author name."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for f in embed.get("fields") or []:
        total += len(f.get("name") or "") + len(f.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def validate_embed(embed: Any) -> list[Violation]:
    """One embed's limits: title 256, description 4096, 25 fields (name 1-256, value 1-1024),
    footer 2048, author name 256, colour 0..0xFFFFFF, http(s)/attachment:// image URLs."""
    if not isinstance(embed, dict):
        return [Violation((), "Must be an object.", "MODEL_TYPE_CONVERT")]
    out: list[Violation] = []
    for key, limit in EMBED_LIMITS.items():
        out += _max_len(embed.get(key), limit, (key,))
    out += _url(embed.get("url"), ("url",), attachments=False)
    colour = embed.get("color")
    if colour is not None and (not isinstance(colour, int) or not 0 <= colour <= COLOUR_MAX):
        out.append(
            Violation(("color",), f"Must be an int from 0 to {COLOUR_MAX}.", "NUMBER_TYPE_MAX")
        )
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        out.append(
            Violation(
                ("fields",), f"Must be {FIELDS_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH"
            )
        )
    for i, f in enumerate(fields):
        out += _len_between(f.get("name"), 1, FIELD_NAME_MAX, ("fields", i, "name"))
        out += _len_between(f.get("value"), 1, FIELD_VALUE_MAX, ("fields", i, "value"))
    footer = embed.get("footer")
    if isinstance(footer, dict):
        out += _len_between(footer.get("text"), 1, FOOTER_TEXT_MAX, ("footer", "text"))
        out += _url(footer.get("icon_url"), ("footer", "icon_url"), attachments=True)
    author = embed.get("author")
    if isinstance(author, dict):
        out += _len_between(author.get("name"), 1, AUTHOR_NAME_MAX, ("author", "name"))
        out += _url(author.get("url"), ("author", "url"), attachments=False)
        out += _url(author.get("icon_url"), ("author", "icon_url"), attachments=True)
    for key in ("image", "thumbnail"):
        media = embed.get(key)
        if isinstance(media, dict):
            out += _url(media.get("url"), (key, "url"), attachments=True)
    return out


def validate_embeds(embeds: Any) -> list[Violation]:
    """At most 10 embeds, each valid, together at most 6000 characters."""
    if embeds is None:
        return []
    if not isinstance(embeds, list):
        return [Violation(("embeds",), "Must be an array.", "BASE_TYPE_ARRAY")]
    out: list[Violation] = []
    if len(embeds) > EMBEDS_MAX:
        out.append(
            Violation(
                ("embeds",), f"Must be {EMBEDS_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH"
            )
        )
    for i, embed in enumerate(embeds):
        out += [v.under("embeds", i) for v in validate_embed(embed)]
    total = sum(embed_length(e) for e in embeds if isinstance(e, dict))
    if total > EMBED_TOTAL_MAX:
        out.append(
            Violation(
                ("embeds",),
                f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}",
                "MAX_EMBED_SIZE_EXCEEDED",
            )
        )
    return out


def validate_allowed_mentions(mentions: Any) -> list[Violation]:
    """``parse`` must be a subset of users/roles/everyone and not repeat an explicit list."""
    if mentions is None:
        return []
    if not isinstance(mentions, dict):
        return [Violation(("allowed_mentions",), "Must be an object.", "MODEL_TYPE_CONVERT")]
    out: list[Violation] = []
    parse = mentions.get("parse", [])
    if not isinstance(parse, list) or not set(parse) <= MENTION_PARSE:
        out.append(
            Violation(
                ("allowed_mentions", "parse"),
                f"Values must be among {sorted(MENTION_PARSE)}.",
                "ENUM_TYPE_COERCE",
            )
        )
    else:
        for key in ("users", "roles"):
            if key in parse and mentions.get(key):
                out.append(
                    Violation(
                        ("allowed_mentions", key),
                        f"parse:[{key}] and {key}: [ids] are mutually exclusive.",
                        "BASE_TYPE_INVALID",
                    )
                )
    for key in ("users", "roles"):
        if len(mentions.get(key) or []) > 100:
            out.append(
                Violation(
                    ("allowed_mentions", key),
                    "Must be 100 or fewer in length.",
                    "BASE_TYPE_MAX_LENGTH",
                )
            )
    return out


def _custom_id(value: Any, path: tuple[str | int, ...]) -> list[Violation]:
    return _len_between(value, 1, CUSTOM_ID_MAX, path)


def validate_button(button: JSON) -> list[Violation]:
    """Style 1-6; link buttons (5) need ``url`` and no ``custom_id``; premium (6) ``sku_id``;
    others a 1-100 ``custom_id``; label at most 80; a label or an emoji."""
    out: list[Violation] = []
    style = button.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        return [
            Violation(("style",), "Value must be one of (1, 2, 3, 4, 5, 6).", "BASE_TYPE_CHOICES")
        ]
    if style == 5:
        if not button.get("url"):
            out.append(
                Violation(("url",), "A link button needs a url.", "BUTTON_COMPONENT_URL_REQUIRED")
            )
        else:
            out += _url(button.get("url"), ("url",), attachments=False)
        if "custom_id" in button and button["custom_id"] is not None:
            out.append(
                Violation(
                    ("custom_id",),
                    "A link button cannot have a custom_id.",
                    "BUTTON_COMPONENT_LINK_HAS_CUSTOM_ID",
                )
            )
    elif style == 6:
        if not button.get("sku_id"):
            out.append(
                Violation(("sku_id",), "A premium button needs a sku_id.", "BASE_TYPE_REQUIRED")
            )
    else:
        out += _custom_id(button.get("custom_id"), ("custom_id",))
        if button.get("url"):
            out.append(
                Violation(
                    ("url",),
                    "Only link buttons can have a url.",
                    "BUTTON_COMPONENT_URL_NOT_ALLOWED",
                )
            )
    out += _max_len(button.get("label"), BUTTON_LABEL_MAX, ("label",))
    if style != 6 and not button.get("label") and not button.get("emoji"):
        out.append(
            Violation(("label",), "A button needs a label or an emoji.", "BASE_TYPE_REQUIRED")
        )
    return out


def validate_select(select: JSON) -> list[Violation]:
    """custom_id 1-100, placeholder 150, min/max values 0-25; string selects 1-25 options with
    label and value 1-100 and description at most 100, values unique."""
    out = _custom_id(select.get("custom_id"), ("custom_id",))
    out += _max_len(select.get("placeholder"), PLACEHOLDER_MAX, ("placeholder",))
    min_values = select.get("min_values", 1)
    max_values = select.get("max_values", 1)
    if not 0 <= min_values <= SELECT_OPTIONS_MAX:
        out.append(Violation(("min_values",), "Must be between 0 and 25.", "NUMBER_TYPE_MAX"))
    if not 1 <= max_values <= SELECT_OPTIONS_MAX:
        out.append(Violation(("max_values",), "Must be between 1 and 25.", "NUMBER_TYPE_MAX"))
    if select.get("type") == 3:
        options = select.get("options") or []
        if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
            out.append(
                Violation(
                    ("options",),
                    f"Must be between 1 and {SELECT_OPTIONS_MAX} in length.",
                    "BASE_TYPE_BAD_LENGTH",
                )
            )
        elif max_values > len(options):
            out.append(
                Violation(
                    ("max_values",),
                    "Must be at most the number of options.",
                    "SELECT_COMPONENT_MAX_VALUES_EXCEEDED",
                )
            )
        seen: set[str] = set()
        for i, option in enumerate(options):
            out += _len_between(option.get("label"), 1, SELECT_TEXT_MAX, ("options", i, "label"))
            out += _len_between(option.get("value"), 1, SELECT_TEXT_MAX, ("options", i, "value"))
            out += _max_len(
                option.get("description"), SELECT_TEXT_MAX, ("options", i, "description")
            )
            if option.get("value") in seen:
                out.append(
                    Violation(
                        ("options", i, "value"),
                        "Option values must be unique.",
                        "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    )
                )
            seen.add(option.get("value"))
    return out


def validate_components(components: Any, flags: int = 0) -> list[Violation]:
    """Classic layout: at most 5 action rows, each with 1-5 buttons or exactly one select;
    custom_ids unique in the message. With the components-v2 flag (1 << 15) only custom_ids
    are checked."""
    if components is None:
        return []
    if not isinstance(components, list):
        return [Violation(("components",), "Must be an array.", "BASE_TYPE_ARRAY")]
    out: list[Violation] = []
    custom_ids: set[str] = set()
    if flags & COMPONENTS_V2:
        return _v2_custom_ids(components, ("components",), custom_ids)
    if len(components) > ACTION_ROWS_MAX:
        out.append(
            Violation(
                ("components",),
                f"Must be {ACTION_ROWS_MAX} or fewer in length.",
                "BASE_TYPE_MAX_LENGTH",
            )
        )
    for r, row in enumerate(components):
        path: tuple[str | int, ...] = ("components", r)
        if not isinstance(row, dict) or row.get("type") != 1:
            out.append(
                Violation(
                    path,
                    "Top-level components must be action rows (type 1).",
                    "COMPONENT_LAYOUT_INVALID",
                )
            )
            continue
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in SELECT_TYPES]
        if not children:
            out.append(
                Violation(
                    (*path, "components"),
                    "An action row needs 1 to 5 components.",
                    "BASE_TYPE_BAD_LENGTH",
                )
            )
        elif selects and len(children) != 1:
            out.append(
                Violation(
                    (*path, "components"),
                    "A select must be alone in its action row.",
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                )
            )
        elif len(children) > BUTTONS_PER_ROW_MAX:
            out.append(
                Violation(
                    (*path, "components"),
                    f"Must be {BUTTONS_PER_ROW_MAX} or fewer in length.",
                    "BASE_TYPE_MAX_LENGTH",
                )
            )
        for c, child in enumerate(children):
            cpath = (*path, "components", c)
            ctype = child.get("type")
            if ctype == 2:
                found = validate_button(child)
            elif ctype in SELECT_TYPES:
                found = validate_select(child)
            elif ctype == 4:
                found = validate_text_input(child)
            else:
                found = [
                    Violation(
                        ("type",),
                        f"Component type {ctype} cannot be in an action row.",
                        "COMPONENT_TYPE_INVALID",
                    )
                ]
            out += [v.under(*cpath) for v in found]
            cid = child.get("custom_id")
            if isinstance(cid, str):
                if cid in custom_ids:
                    out.append(
                        Violation(
                            (*cpath, "custom_id"),
                            "Component custom id cannot be duplicated.",
                            "COMPONENT_CUSTOM_ID_DUPLICATED",
                        )
                    )
                custom_ids.add(cid)
    return out


def _v2_custom_ids(
    components: list[Any], path: tuple[str | int, ...], seen: set[str]
) -> list[Violation]:
    out: list[Violation] = []
    for i, component in enumerate(components):
        if not isinstance(component, dict):
            continue
        if "custom_id" in component:
            out += _custom_id(component["custom_id"], (*path, i, "custom_id"))
        if isinstance(component.get("components"), list):
            out += _v2_custom_ids(component["components"], (*path, i, "components"), seen)
    return out


def validate_text_input(text_input: JSON) -> list[Violation]:
    """A modal's text input: custom_id 1-100, style 1 or 2, label at most 45."""
    out = _custom_id(text_input.get("custom_id"), ("custom_id",))
    if text_input.get("style") not in (1, 2):
        out.append(Violation(("style",), "Value must be one of (1, 2).", "BASE_TYPE_CHOICES"))
    out += _max_len(text_input.get("label"), MODAL_TITLE_MAX, ("label",))
    return out


def would_ping(body: JSON) -> bool:
    """True if the content mentions @everyone, @here or a role and no ``allowed_mentions`` is
    given: Discord would then ping whatever the content names."""
    content = body.get("content")
    return (
        isinstance(content, str)
        and body.get("allowed_mentions") is None
        and bool(_PING.search(content))
    )


def validate_message(body: Any, *, edit: bool = False, files: int = 0) -> list[Violation]:
    """A message create (``edit=False``) or edit body: content, embeds, components, mentions.

    A new message needs content, an embed, a component, a poll, a sticker or a file (``files``
    counts uploaded ones). A body that would ping without ``allowed_mentions`` is flagged with
    code ``ALLOWED_MENTIONS_MISSING`` (Discord accepts it; our rule: always send allowed_mentions).
    """
    if not isinstance(body, dict):
        return [Violation((), "Body must be a JSON object.", "MODEL_TYPE_CONVERT")]
    out = _max_len(body.get("content"), CONTENT_MAX, ("content",))
    out += validate_embeds(body.get("embeds"))
    flags = int(body.get("flags") or 0)
    out += validate_components(body.get("components"), flags)
    out += validate_allowed_mentions(body.get("allowed_mentions"))
    if (
        not edit
        and not files
        and not any(
            body.get(key)
            for key in ("content", "embeds", "components", "poll", "sticker_ids", "attachments")
        )
    ):
        out.append(Violation((), "Cannot send an empty message", "MESSAGE_EMPTY"))
    if would_ping(body):
        out.append(
            Violation(
                ("allowed_mentions",),
                "Missing while the content would ping @everyone/@here/a role; send {'parse': []}.",
                "ALLOWED_MENTIONS_MISSING",
            )
        )
    return out


def validate_choices(choices: Any) -> list[Violation]:
    """Autocomplete result: at most 25 choices; name 1-100; string value at most 100."""
    if not isinstance(choices, list):
        return [Violation(("choices",), "Must be an array.", "BASE_TYPE_ARRAY")]
    out: list[Violation] = []
    if len(choices) > CHOICES_MAX:
        out.append(
            Violation(
                ("choices",), f"Must be {CHOICES_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH"
            )
        )
    for i, choice in enumerate(choices):
        out += _len_between(choice.get("name"), 1, CHOICE_NAME_MAX, ("choices", i, "name"))
        value = choice.get("value")
        if isinstance(value, str):
            out += _max_len(value, CHOICE_VALUE_MAX, ("choices", i, "value"))
        elif not isinstance(value, int | float) or isinstance(value, bool):
            out.append(
                Violation(
                    ("choices", i, "value"), "Must be a string or a number.", "BASE_TYPE_REQUIRED"
                )
            )
        for locale, name in (choice.get("name_localizations") or {}).items():
            out += _len_between(
                name, 1, CHOICE_NAME_MAX, ("choices", i, "name_localizations", locale)
            )
    return out


def validate_modal(data: JSON) -> list[Violation]:
    """A modal: custom_id 1-100, title 1-45, 1-5 components."""
    out = _custom_id(data.get("custom_id"), ("custom_id",))
    out += _len_between(data.get("title"), 1, MODAL_TITLE_MAX, ("title",))
    components = data.get("components") or []
    if not 1 <= len(components) <= ACTION_ROWS_MAX:
        out.append(
            Violation(("components",), "Must be between 1 and 5 in length.", "BASE_TYPE_BAD_LENGTH")
        )
    return out


CALLBACK_TYPES = {1, 4, 5, 6, 7, 8, 9, 12}
_ALLOWED_FOR: dict[int, set[int]] = {
    2: {4, 5, 9},  # application command
    3: {4, 5, 6, 7, 9},  # component
    4: {8},  # autocomplete
    5: {4, 5, 6, 7},  # modal submit
}


def validate_callback(body: Any, interaction_type: int, *, files: int = 0) -> list[Violation]:
    """An interaction callback body ``{"type": N, "data": {...}}`` for an interaction of
    ``interaction_type`` (2 command, 3 component, 4 autocomplete, 5 modal submit)."""
    if not isinstance(body, dict):
        return [Violation((), "Body must be a JSON object.", "MODEL_TYPE_CONVERT")]
    ctype = body.get("type")
    if ctype not in CALLBACK_TYPES:
        return [
            Violation(
                ("type",), f"Value must be one of {sorted(CALLBACK_TYPES)}.", "BASE_TYPE_CHOICES"
            )
        ]
    if ctype not in _ALLOWED_FOR.get(interaction_type, CALLBACK_TYPES):
        return [
            Violation(
                ("type",),
                f"Callback type {ctype} is invalid for interaction type {interaction_type}.",
                "INTERACTION_RESPONSE_TYPE_INVALID",
            )
        ]
    data = body.get("data") or {}
    if ctype == 4:
        found = validate_message(data, files=files)
    elif ctype == 7:
        found = validate_message(data, edit=True, files=files)
    elif ctype == 8:
        found = validate_choices(data.get("choices"))
    elif ctype == 9:
        found = validate_modal(data)
    elif ctype == 5:
        flags = int(data.get("flags") or 0)
        found = (
            []
            if flags & ~EPHEMERAL == 0
            else [
                Violation(
                    ("flags",), "Only the ephemeral flag (64) is allowed.", "BASE_TYPE_INVALID"
                )
            ]
        )
    else:
        found = []
    return [v.under("data") for v in found]
