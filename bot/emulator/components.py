"""Discord's rules for message components (action rows, buttons, selects, text inputs) and
modals. Source: https://discord.com/developers/docs/components/reference."""

from __future__ import annotations

from typing import Any

from bot.emulator.violations import JSON, Violation, len_between, max_len, url_problem

ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
PLACEHOLDER_MAX = 150
MODAL_TITLE_MAX = 45
SELECT_TYPES = {3, 5, 6, 7, 8}
COMPONENTS_V2 = 1 << 15


def _custom_id(value: Any, path: tuple[str | int, ...]) -> list[Violation]:
    return len_between(value, 1, CUSTOM_ID_MAX, path)


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
            out += url_problem(button.get("url"), ("url",), attachments=False)
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
    out += max_len(button.get("label"), BUTTON_LABEL_MAX, ("label",))
    if style != 6 and not button.get("label") and not button.get("emoji"):
        out.append(
            Violation(("label",), "A button needs a label or an emoji.", "BASE_TYPE_REQUIRED")
        )
    return out


def validate_select(select: JSON) -> list[Violation]:
    """custom_id 1-100, placeholder 150, min/max values 0-25; string selects 1-25 options with
    label and value 1-100 and description at most 100, values unique."""
    out = _custom_id(select.get("custom_id"), ("custom_id",))
    out += max_len(select.get("placeholder"), PLACEHOLDER_MAX, ("placeholder",))
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
            out += len_between(option.get("label"), 1, SELECT_TEXT_MAX, ("options", i, "label"))
            out += len_between(option.get("value"), 1, SELECT_TEXT_MAX, ("options", i, "value"))
            out += max_len(
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
        out += _validate_action_row(row, path, custom_ids)
    return out


def _row_layout(children: list[Any], path: tuple[str | int, ...]) -> list[Violation]:
    """1 to 5 buttons, or one select alone."""
    selects = [c for c in children if c.get("type") in SELECT_TYPES]
    if not children:
        problem = ("An action row needs 1 to 5 components.", "BASE_TYPE_BAD_LENGTH")
    elif selects and len(children) != 1:
        problem = ("A select must be alone in its action row.", "COMPONENT_LAYOUT_WIDTH_EXCEEDED")
    elif len(children) > BUTTONS_PER_ROW_MAX:
        problem = (f"Must be {BUTTONS_PER_ROW_MAX} or fewer in length.", "BASE_TYPE_MAX_LENGTH")
    else:
        return []
    return [Violation((*path, "components"), *problem)]


def _validate_action_row(
    row: JSON, path: tuple[str | int, ...], custom_ids: set[str]
) -> list[Violation]:
    """One action row's layout and children; adds their custom_ids to ``custom_ids``."""
    children = row.get("components") or []
    out = _row_layout(children, path)
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
    out += max_len(text_input.get("label"), MODAL_TITLE_MAX, ("label",))
    return out


def validate_modal(data: JSON) -> list[Violation]:
    """A modal: custom_id 1-100, title 1-45, 1-5 components."""
    out = _custom_id(data.get("custom_id"), ("custom_id",))
    out += len_between(data.get("title"), 1, MODAL_TITLE_MAX, ("title",))
    components = data.get("components") or []
    if not 1 <= len(components) <= ACTION_ROWS_MAX:
        out.append(
            Violation(("components",), "Must be between 1 and 5 in length.", "BASE_TYPE_BAD_LENGTH")
        )
    return out
