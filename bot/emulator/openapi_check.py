"""Request bodies checked against Discord's own OpenAPI description (vendored in ``openapi/``).

The hand-written rules (:mod:`bot.emulator.validation`, :mod:`bot.emulator.commands`) check
Discord's documented limits; this module adds the shape Discord's published schema gives each
body: types, enums, lengths, required keys, for the operations the emulator serves with a body:

- interaction callbacks:
  https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response
- follow-ups and edits of the original response or a follow-up:
  https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
- bulk command overwrites (global and guild):
  https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
- channel messages:
  https://discord.com/developers/docs/resources/message#create-message

Validation is JSON Schema draft 2020-12 (``jsonschema``) on the operation's ``requestBody``
``application/json`` schema, its ``$ref``s resolved into ``components/schemas`` through a
``referencing`` registry; for a multipart body that is the ``payload_json`` part. The spec is
loaded and the validators built once per process, lazily (:func:`validator`). A mismatch becomes a
:class:`~bot.emulator.violations.Violation` at the path of the offending value, like the
hand-written ones. Discord calls the description a preview; where it is stricter than the
documentation, :data:`~bot.emulator.openapi_fixes.SPEC_FIXES` relaxes it narrowly, each with its
reason.

Cost: about 0.2 ms for a small message body, 1-1.5 ms for a post card with embed fields and
a select, 9 ms for the bot's whole command set (6 commands in 32 locales), and 30 ms once per
process to load the spec. Tagged unions (component kinds, command option kinds, callback types)
are rewritten to check only the branch their ``type`` names (:func:`dispatch_unions`), which
gives the published schema's verdict about five times faster.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from bot.emulator.openapi_fixes import SPEC_FIXES
from bot.emulator.violations import JSON, Violation

SPEC_FILE = Path(__file__).resolve().parent / "openapi" / "openapi.json"
SPEC_URI = "urn:discord:openapi"
"""The spec's URI in the registry: ``$ref``s such as ``#/components/schemas/X`` resolve in it."""

OPERATIONS: tuple[tuple[str, str], ...] = (
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("PUT", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("POST", "/channels/{channel_id}/messages"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
)
"""The (method, spec path) whose bodies are validated; literal paths before templated ones."""


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


_ROUTES = [(method, template, _path_pattern(template)) for method, template in OPERATIONS]


def operation_for(method: str, path: str) -> str | None:
    """The spec path of the validated operation ``method path`` (``path`` after ``/api/v10``),
    e.g. ``/webhooks/{webhook_id}/{webhook_token}/messages/@original``; None if not validated."""
    for wanted, template, pattern in _ROUTES:
        if wanted == method and pattern.match(path):
            return template
    return None


# -- loading and building (once per process) -----------------------------------------------------

_lock = threading.Lock()


def load_spec(*, dispatch: bool = True) -> JSON:
    """The vendored spec with :data:`SPEC_FIXES` applied; with ``dispatch``, its tagged unions
    rewritten to pick their branch by ``type`` (:func:`dispatch_unions`)."""
    data: JSON = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    for fix in SPEC_FIXES:
        fix(schemas)
    return dispatch_unions(data, schemas) if dispatch else data


@functools.cache
def spec() -> JSON:
    """:func:`load_spec`, once per process."""
    return load_spec()


# -- tagged unions: validate the branch the ``type`` names, not every branch ----------------------

_ANNOTATIONS = frozenset({"x-discord-union", "description", "title"})


def _tags(schemas: JSON, branch: Any) -> list[Any] | None:
    """The ``type`` values a ``{"$ref": "#/components/schemas/X"}`` branch requires, if X is an
    object schema with a required ``type`` limited by ``enum``/``const``; else None."""
    ref = branch.get("$ref") if isinstance(branch, dict) and len(branch) == 1 else None
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        return None
    target = schemas.get(ref.rsplit("/", 1)[1])
    if not isinstance(target, dict) or "type" not in (target.get("required") or []):
        return None
    tag = (target.get("properties") or {}).get("type")
    if not isinstance(tag, dict):
        return None
    values = tag["enum"] if "enum" in tag else [tag["const"]] if "const" in tag else None
    return list(values) if isinstance(values, list) and values else None


def _dispatch(schemas: JSON, node: JSON) -> JSON | None:
    """``node`` rewritten if it is a union (``oneOf``/``anyOf``) of object schemas tagged by
    disjoint ``type`` values: then "``type`` is one of the tags, and the object is valid under
    the branch of its tag", which accepts exactly what the union accepts."""
    key = "oneOf" if "oneOf" in node else "anyOf"
    branches = node.get(key)
    if not isinstance(branches, list) or len(branches) < 2 or set(node) - _ANNOTATIONS - {key}:
        return None
    tagged = [(_tags(schemas, branch), branch) for branch in branches]
    every = [value for values, _ in tagged for value in values or []]
    if any(values is None for values, _ in tagged) or len(every) != len(set(map(repr, every))):
        return None
    rules = [
        {
            "if": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": values}},
            },
            "then": branch,
        }
        for values, branch in tagged
    ]
    kept = {k: v for k, v in node.items() if k in _ANNOTATIONS}
    return {
        **kept,
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": every}},
        "allOf": rules,
    }


def dispatch_unions(node: Any, schemas: JSON) -> Any:
    """A copy of ``node`` with every tagged union rewritten by :func:`_dispatch`.

    jsonschema checks every branch of a ``oneOf`` to be sure exactly one matches: for the seven
    component kinds of a message, or the eleven option kinds of each command option, that is
    most of the validation time. Picking the branch by its tag gives the same verdict.
    """
    if isinstance(node, list):
        return [dispatch_unions(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: dispatch_unions(value, schemas) for key, value in node.items()}
    if "oneOf" in copied or "anyOf" in copied:
        return _constants(copied) or _dispatch(schemas, copied) or copied
    return copied


def _constants(node: JSON) -> JSON | None:
    """A ``oneOf`` of titled ``const``s (Discord's enums, e.g. component types) as one ``enum``,
    when the constants are distinct: the same verdict without a validator per constant."""
    branches = node.get("oneOf")
    if not isinstance(branches, list) or not branches or "enum" in node:
        return None
    allowed = {"const", *_ANNOTATIONS}
    if not all(isinstance(b, dict) and "const" in b and set(b) <= allowed for b in branches):
        return None
    values = [b["const"] for b in branches]
    if len(set(map(repr, values))) != len(values):
        return None
    return {**{k: v for k, v in node.items() if k != "oneOf"}, "enum": values}


@functools.cache
def _registry() -> Registry[Any]:
    resource = DRAFT202012.create_resource(spec())
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class BodyValidator:
    """The validators of one operation's body: one per branch of a top-level union
    (``anyOf`` of alternative request shapes), or one."""

    operation: str
    branches: tuple[Any, ...]

    def violations(self, body: Any) -> list[Violation]:
        """What is wrong with ``body``; [] when it is valid (matches a branch)."""
        per_branch = [list(v.iter_errors(body)) for v in self.branches]
        if any(not errors for errors in per_branch):
            return []
        chosen = _intended(per_branch) or min(per_branch, key=len)
        return _to_violations(leaf for error in chosen for leaf in _leaves(error))


def validator(method: str, operation: str) -> BodyValidator:
    """The (cached) validator of ``method operation``'s JSON body; built on first use."""
    with _lock:
        return _build(method.lower(), operation)


@functools.cache
def _build(method: str, operation: str) -> BodyValidator:
    body = spec()["paths"][operation][method]["requestBody"]["content"]["application/json"]
    base = _pointer("paths", operation, method, "requestBody", "content", "application/json")
    refs = [f"{SPEC_URI}#/{base}/schema"]
    union = body["schema"].get("anyOf")
    if isinstance(union, list) and "type" not in body["schema"]:
        refs = [f"{SPEC_URI}#/{base}/schema/anyOf/{i}" for i in range(len(union))]
    registry = _registry()
    branches = tuple(Draft202012Validator({"$ref": ref}, registry=registry) for ref in refs)
    return BodyValidator(operation, branches)


def validate_body(method: str, path: str, body: Any) -> list[Violation]:
    """Violations of Discord's OpenAPI schema by the JSON ``body`` of ``method path`` (the path
    after ``/api/v10``); [] for a valid body or an operation that is not validated."""
    operation = operation_for(method.upper(), path)
    if operation is None:
        return []
    return validator(method, operation).violations(body)


# -- errors -> violations -------------------------------------------------------------------------


def _wrong_branch(errors: list[Any]) -> bool:
    """Whether a union branch's errors say the value is another kind of thing altogether: the
    wrong JSON type (``null`` for an object), or another discriminator (``type``) value."""
    for error in errors:
        rel = list(error.relative_path)
        if not rel and error.validator == "type":
            return True
        if rel == ["type"] and error.validator in ("enum", "const"):
            return True
    return False


def _intended(per_branch: list[list[Any]]) -> list[Any] | None:
    """The errors of the branch the value was meant for: the one not of the wrong kind."""
    meant = [errors for errors in per_branch if not _wrong_branch(errors)]
    return min(meant, key=len) if meant else None


def _leaves(error: Any) -> list[Any]:
    """The errors under a failed ``oneOf``/``anyOf`` that matter: those of the intended branch,
    recursively; the union error itself when no branch was plainly intended."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    by_branch: dict[Any, list[Any]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    chosen = _intended(list(by_branch.values()))
    if chosen is None:
        return [error]
    return [leaf for sub in chosen for leaf in _leaves(sub)]


_CODES = {
    "maxLength": "BASE_TYPE_MAX_LENGTH",
    "maxItems": "BASE_TYPE_MAX_LENGTH",
    "maxProperties": "BASE_TYPE_MAX_LENGTH",
    "minLength": "BASE_TYPE_MIN_LENGTH",
    "minItems": "BASE_TYPE_MIN_LENGTH",
    "maximum": "NUMBER_TYPE_MAX",
    "minimum": "NUMBER_TYPE_MIN",
    "required": "BASE_TYPE_REQUIRED",
    "enum": "BASE_TYPE_CHOICES",
    "const": "BASE_TYPE_CHOICES",
    "pattern": "STRING_TYPE_REGEX",
    "type": "BASE_TYPE_INVALID",
}


_JSON_TYPES = {
    dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
    float: "number", type(None): "null",
}  # fmt: skip


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _expected_types(error: Any) -> list[str]:
    """The JSON types the branches of a failed union take (``null or object``)."""
    found: list[str] = []
    for sub in error.context or []:
        if sub.validator == "type" and not list(sub.relative_path):
            value = sub.validator_value
            found += [t for t in (value if isinstance(value, list) else [value]) if t not in found]
    return found


def _message(error: Any) -> str:
    """Discord-like wording of one schema error, naming the schema keyword."""
    kind, value = error.validator, error.validator_value
    if kind in ("maxLength", "maxItems", "maxProperties"):
        text = f"Must be {value} or fewer in length."
    elif kind in ("minLength", "minItems"):
        text = f"Must be {value} or more in length."
    elif kind in ("maximum", "minimum"):
        text = f"Must be {value} or {'less' if kind == 'maximum' else 'more'}."
    elif kind == "type" or (kind in ("oneOf", "anyOf") and _expected_types(error)):
        names = _expected_types(error) if kind != "type" else value
        names = names if isinstance(names, list) else [names]
        text = f"Must be of type {' or '.join(names)}, not {_json_type(error.instance)}."
    elif kind in ("enum", "const"):
        text = f"Value must be one of {value if kind == 'enum' else [value]}."
    elif kind == "required":
        text = "This field is required."
    else:
        text = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"{text} (Discord's OpenAPI schema: {kind})"


def _to_violations(errors: Iterable[Any]) -> list[Violation]:
    out: list[Violation] = []
    for error in errors:
        path: tuple[str | int, ...] = tuple(error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in (error.instance or {})]
            path = (*path, missing[0]) if missing else path
        violation = Violation(
            path, _message(error), _CODES.get(error.validator, "BASE_TYPE_INVALID")
        )
        if violation not in out:
            out.append(violation)
    return out
