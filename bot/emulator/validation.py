"""Discord's limits on what a bot sends, as pure functions: body in, violations out.

Numbers are Discord's, from its developer documentation:

- https://discord.com/developers/docs/resources/message#create-message (content, embeds)
- https://discord.com/developers/docs/resources/message#embed-object-embed-limits
- https://discord.com/developers/docs/resources/message#allowed-mentions-object
- https://discord.com/developers/docs/interactions/receiving-and-responding (callback types,
  autocomplete choices, modals)

discord.py checks almost none of them; real Discord answers 400 with code 50035 and an
``errors`` object (https://discord.com/developers/docs/reference#error-messages), which
:func:`error_body` builds.

Covered: message content (2000), embeds (10 per message, each field's length, 6000 in total,
http(s)/attachment:// image URLs, colour range), ``allowed_mentions`` and content that would ping
without it, classic components (action rows, buttons, string/entity selects, text inputs),
autocomplete choices, modals. Components are checked in :mod:`bot.emulator.components`,
command definitions in :mod:`bot.emulator.commands`.
Not covered: components v2 layouts beyond custom_id lengths, polls, stickers, attachment sizes.
"""

from __future__ import annotations

import re
from typing import Any

from bot.emulator.components import validate_components, validate_modal
from bot.emulator.violations import (
    JSON,
    Violation,
    error_body,
    len_between,
    max_len,
    url_problem,
)

__all__ = ["JSON", "Violation", "error_body", "validate_callback", "validate_message"]

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
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
MENTION_PARSE = {"users", "roles", "everyone"}
EPHEMERAL = 1 << 6

_PING = re.compile(r"@everyone|@here|<@&\d+>")


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
        out += max_len(embed.get(key), limit, (key,))
    out += url_problem(embed.get("url"), ("url",), attachments=False)
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
        out += len_between(f.get("name"), 1, FIELD_NAME_MAX, ("fields", i, "name"))
        out += len_between(f.get("value"), 1, FIELD_VALUE_MAX, ("fields", i, "value"))
    footer = embed.get("footer")
    if isinstance(footer, dict):
        out += len_between(footer.get("text"), 1, FOOTER_TEXT_MAX, ("footer", "text"))
        out += url_problem(footer.get("icon_url"), ("footer", "icon_url"), attachments=True)
    author = embed.get("author")
    if isinstance(author, dict):
        out += len_between(author.get("name"), 1, AUTHOR_NAME_MAX, ("author", "name"))
        out += url_problem(author.get("url"), ("author", "url"), attachments=False)
        out += url_problem(author.get("icon_url"), ("author", "icon_url"), attachments=True)
    for key in ("image", "thumbnail"):
        media = embed.get(key)
        if isinstance(media, dict):
            out += url_problem(media.get("url"), (key, "url"), attachments=True)
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
    out = max_len(body.get("content"), CONTENT_MAX, ("content",))
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
        out += len_between(choice.get("name"), 1, CHOICE_NAME_MAX, ("choices", i, "name"))
        value = choice.get("value")
        if isinstance(value, str):
            out += max_len(value, CHOICE_VALUE_MAX, ("choices", i, "value"))
        elif not isinstance(value, int | float) or isinstance(value, bool):
            out.append(
                Violation(
                    ("choices", i, "value"), "Must be a string or a number.", "BASE_TYPE_REQUIRED"
                )
            )
        for locale, name in (choice.get("name_localizations") or {}).items():
            out += len_between(
                name, 1, CHOICE_NAME_MAX, ("choices", i, "name_localizations", locale)
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
