"""One console user's session: a typed line -> an interaction on the emulator -> the reply shown.

Lines (see :mod:`bot.console` for the full syntax): ``/command ...`` runs a slash command;
``N`` presses control N of the last message with controls, ``N value...`` picks in select N;
a line ending in ``?`` lists suggestions for its last word; ``help`` lists the commands.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.console.host import BotHost
from bot.console.parse import (
    ParseError,
    completion_context,
    convert,
    local_name,
    parse_line,
    usage,
)
from bot.console.render import Control, controls, render_message
from bot.emulator import NoReply, RecordedViolation, Reply
from bot.i18n.catalog import Messages

JSON = dict[str, Any]
REPLY_TIMEOUT = 15.0
"""Seconds to wait for the bot's final reply (a reload of a big folder may take a while)."""
SUGGEST_TIMEOUT = 3.0


@dataclass(frozen=True)
class Suggestion:
    """A completion: ``word`` replaces the word being typed; ``label`` explains it."""

    word: str
    label: str
    is_value: bool = True


def _quote(value: str) -> str:
    return shlex.quote(value) if value and any(c in value for c in " \"'\\") else value


class Session:
    """Runs lines for one user against a started :class:`BotHost`, printing to ``console``.

    ``hints``: explain, under the first message with buttons, how to press them.
    """

    def __init__(
        self, host: BotHost, texts: Messages, console: Console, *, hints: bool = True
    ) -> None:
        self.host = host
        self.texts = texts
        self.console = console
        self.locale = host.user.locale
        self.active: JSON | None = None
        """The last message with buttons or selects: what ``N`` refers to."""
        self._hinted = not hints

    # -- output -----------------------------------------------------------------------------

    def say(self, key: str, style: str = "", **params: object) -> None:
        """Print the console's own catalog string ``key``."""
        self.console.print(Text(self.texts.text(key, **params), style=style))

    def fail(self, key: str, **params: object) -> bool:
        """Print an error (catalog ``key``) and return False."""
        self.say(key, "red", **params)
        return False

    @property
    def violations(self) -> list[RecordedViolation]:
        """Every body the bot sent in this session that Discord would reject (or that breaks
        our rules); its length is what the console's exit code and the tests check."""
        return self.host.violations

    def report_violations(self) -> int:
        """Print the violations recorded since the last report; return how many there were."""
        found = self.host.take_violations()
        for violation in found:
            self.say("console.violation", "bold red", problem=str(violation))
        return len(found)

    def _show(self, reply: Reply) -> bool:
        if reply.type == 9:
            return self.fail("console.modal")
        self.console.print(render_message(reply.message, self.texts, ephemeral=reply.ephemeral))
        for message in reply.followups:
            self.console.print(render_message(message, self.texts))
        self.report_violations()
        if reply.message is not None and controls(reply.message):
            self.active = reply.message
            if not self._hinted:
                self._hinted = True
                self.say("console.controls-hint", "dim", example="2 es")
        return True

    # -- lines ------------------------------------------------------------------------------

    def handle(self, line: str) -> bool:
        """Run one line; returns False when it failed (bad syntax, no reply...). Violations
        recorded meanwhile are printed (and counted in :attr:`violations`)."""
        done = self._handle(line)
        self.report_violations()
        return done

    def _handle(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line.endswith("?"):
            return self.show_suggestions(line[:-1])
        commands = self.host.commands()
        if line.casefold() in ("help", "/help") and not any(c["name"] == "help" for c in commands):
            self.show_help()
            return True
        if line.split()[0].isdigit():
            return self.press(line.split())
        try:
            invocation = parse_line(line, commands, self.locale)
        except ParseError as error:
            return self.fail(error.key, **error.params)
        return self.run(
            self.host.emu.invoke(invocation.path, invocation.options, timeout=REPLY_TIMEOUT)
        )

    def run(self, action: Any) -> bool:
        """Run an emulator action (a coroutine giving a :class:`Reply`) and show the reply."""
        try:
            reply = self.host.call(action, REPLY_TIMEOUT + 1)
        except NoReply as error:
            self.report_violations()
            return self.fail("console.no-reply", error=str(error))
        except (ValueError, LookupError) as error:
            return self.fail("console.rejected", error=str(error))
        except TimeoutError:
            return self.fail("console.no-reply", error=f"{REPLY_TIMEOUT:.0f} s")
        return self._show(reply)

    def press(self, words: list[str]) -> bool:
        """``N`` presses control N; ``N value...`` picks values (or option numbers) in select N."""
        items = controls(self.active)
        if not items:
            return self.fail("console.no-controls")
        number = int(words[0])
        if not 1 <= number <= len(items):
            return self.fail("console.no-such-control", number=number, count=len(items))
        control = items[number - 1]
        if control.disabled:
            return self.fail("console.control-disabled", number=number)
        if control.is_link:
            self.say("console.link-button", "blue", url=control.component.get("url", ""))
            return True
        if not control.is_select:
            if len(words) > 1:
                return self.fail("console.button-takes-no-value", number=number)
            return self.click(control, None)
        return self.pick(control, words[1:])

    def pick(self, control: Control, words: list[str]) -> bool:
        """Choose ``words`` (values, labels or option numbers) in a select."""
        low = int(control.component.get("min_values", 1))
        high = int(control.component.get("max_values", 1))
        if not words:
            first = control.options[0]["value"] if control.options else "1"
            return self.fail(
                "console.select-needs-value",
                number=control.number,
                example=f"{control.number} {first}",
            )
        values: list[str] = []
        for word in words:
            value = control.option_value(word)
            if value is None:
                return self.fail("console.unknown-select-option", number=control.number, value=word)
            values.append(value)
        if not low <= len(values) <= high:
            return self.fail("console.select-count", low=low, high=high)
        return self.click(control, values)

    def click(self, control: Control, values: list[str] | None) -> bool:
        """Send the component interaction for ``control`` on the active message."""
        assert self.active is not None
        custom_id = str(control.component["custom_id"])
        return self.run(
            self.host.emu.click(self.active, custom_id, values=values, timeout=REPLY_TIMEOUT)
        )

    # -- help and suggestions ---------------------------------------------------------------

    def show_help(self) -> None:
        """The synced commands with their options and (localized) descriptions."""
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        for command in self.host.commands():
            if command.get("type", 1) != 1:
                continue
            for line, english, description in usage(command, self.locale):
                shown = Text(line, style="bold cyan")
                if not (line + " ").startswith(english + " "):
                    shown.append(f" ({english})", style="cyan")
                table.add_row(shown, Text(description, style="dim"))
        self.console.print(Text(self.texts.text("console.help-title"), style="bold"))
        self.console.print(table)
        self.say("console.help-syntax", "dim")

    def suggestions(self, before_cursor: str) -> list[Suggestion]:
        """What can replace the word being typed at the end of ``before_cursor``."""
        commands = self.host.commands()
        try:
            context = completion_context(before_cursor, commands, self.locale)
        except ParseError:
            return []
        if context is None:
            return []
        if context.kind == "command":
            chat = [command for command in commands if command.get("type", 1) == 1]
            return self._names(chat, context.prefix, "/", "")
        if context.kind == "subcommand":
            return self._names(list(context.schema), context.prefix, "", "")
        found = []
        if not context.named and context.prefix:
            found = self._names(list(context.open_options), context.prefix, "", ":")
        if context.option is not None:
            for name, value in self._values(context.option, context.prefix, context):
                found.append(Suggestion(context.head + _quote(value), name))
        return found

    def _names(self, items: list[JSON], prefix: str, lead: str, tail: str) -> list[Suggestion]:
        """Commands, subcommands or options whose localized or English name starts with
        ``prefix`` (the localized name is offered when both match)."""
        found = []
        wanted = prefix.casefold()
        for item in items:
            for name in (local_name(item, self.locale), item["name"]):
                if name.casefold().startswith(wanted):
                    described = (item.get("description_localizations") or {}).get(self.locale)
                    text = described or item.get("description") or ""
                    found.append(Suggestion(lead + name + tail, str(text), False))
                    break
        return found

    def _values(self, option: JSON, prefix: str, context: Any) -> list[tuple[str, str]]:
        """(name, value) choices for ``option``: its static choices, or the bot's autocomplete."""
        choices: list[JSON] = option.get("choices") or []
        if choices:
            wanted = prefix.casefold()
            return [
                (local_name(c, self.locale), str(c["value"]))
                for c in choices
                if local_name(c, self.locale).casefold().startswith(wanted)
                or str(c["value"]).casefold().startswith(wanted)
            ]
        if not option.get("autocomplete"):
            return []
        by_name = {o["name"]: o for o in context.schema}
        given: dict[str, Any] = {}
        for name, raw in context.given.items():
            try:
                given[name] = convert(by_name[name], raw, self.locale)
            except ParseError:
                continue
        given[option["name"]] = prefix
        action = self.host.emu.autocomplete(
            context.path, given, option["name"], timeout=SUGGEST_TIMEOUT
        )
        try:
            answer = self.host.call(action, SUGGEST_TIMEOUT + 0.5)
        except (NoReply, ValueError, LookupError, TimeoutError):
            return []
        return [(str(c["name"]), str(c["value"])) for c in answer]

    def show_suggestions(self, before_cursor: str) -> bool:
        """Print the suggestions for the last word of ``before_cursor`` (the ``?`` key)."""
        found = self.suggestions(before_cursor)
        if not found:
            self.say("console.no-suggestions", "dim")
            return True
        for item in found:
            line = Text("  ")
            if item.is_value:
                line.append(item.label).append(" → ", style="dim").append(item.word, style="cyan")
            else:
                line.append(item.word, style="bold cyan").append(f"  {item.label}", style="dim")
            self.console.print(line)
        return True
