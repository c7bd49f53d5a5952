"""Where Discord's preview OpenAPI description (vendored in ``openapi/``) is stricter than its
documentation and than what Discord accepts: each fix relaxes one place, with its reason.
:mod:`bot.emulator.openapi_check` applies :data:`SPEC_FIXES` when it loads the spec.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.emulator.violations import JSON


def fix_attachment_ids(schemas: JSON) -> None:
    # https://discord.com/developers/docs/reference#uploading-files: for a new file, an
    # attachment's ``id`` is the index ``n`` of its ``files[n]`` part (the "snowflake
    # placeholder"), and the documented example sends it as a number (``"id": 0``), as
    # discord.py does. The spec's MessageAttachmentRequest only takes a snowflake string.
    properties = schemas["MessageAttachmentRequest"]["properties"]
    properties["id"] = {
        "anyOf": [properties["id"], {"type": "integer", "minimum": 0}],
    }


def fix_default_member_permissions(schemas: JSON) -> None:
    # https://discord.com/developers/docs/interactions/application-commands#application-command-object
    # types ``default_member_permissions`` as ``?string`` (a permission bit set as a decimal
    # string, as Discord returns it); the spec's request schemas take only an integer.
    for name in ("ApplicationCommandCreateRequest", "ApplicationCommandUpdateRequest"):
        properties = schemas[name]["properties"]
        properties["default_member_permissions"] = {
            "anyOf": [
                properties["default_member_permissions"],
                {"type": "string", "pattern": "^[0-9]{1,20}$"},
            ]
        }


def fix_media_channel_type(schemas: JSON) -> None:
    # https://discord.com/developers/docs/resources/channel#channel-object-channel-types lists
    # GUILD_MEDIA (16), which discord.py puts in ``channel_types`` of options annotated with a
    # general channel type (``AppCommandChannel``, ``abc.GuildChannel``); the spec's
    # ChannelTypes enum stops at 15.
    schemas["ChannelTypes"]["oneOf"].append({"title": "GUILD_MEDIA", "const": 16})


def fix_allowed_mention_ids(schemas: JSON) -> None:
    # https://discord.com/developers/docs/resources/message#allowed-mentions-object takes
    # ``roles``/``users`` as "array of snowflakes", and Discord reads a snowflake sent as a JSON
    # integer as well (discord.py sends these ids as integers); the spec takes only strings.
    properties = schemas["MessageAllowedMentionsRequest"]["properties"]
    for key in ("users", "roles"):
        properties[key]["items"]["oneOf"].append({"type": "integer", "minimum": 0})


SPEC_FIXES: tuple[Callable[[JSON], None], ...] = (
    fix_attachment_ids,
    fix_default_member_permissions,
    fix_media_channel_type,
    fix_allowed_mention_ids,
)
"""Each takes ``components/schemas`` and relaxes one place; none applies to anything else."""
