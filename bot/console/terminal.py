"""The interactive prompt: stdlib readline with Tab completion from the synced commands and the
bot's own autocomplete, suggestions listed as ``name → value``, Ctrl-C to clear the line."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.console.session import Session, Suggestion

try:
    import readline
except ImportError:  # pragma: no cover - Windows without pyreadline
    readline = None  # type: ignore[assignment]


class Terminal:
    """Reads lines with readline; :meth:`lines` yields them until Ctrl-D."""

    def __init__(self, session: Session, prompt: str) -> None:
        self.session = session
        self.prompt = prompt
        self._found: list[Suggestion] = []
        self._prefill = ""

    def complete(self, text: str, state: int) -> str | None:
        """readline's completer: the ``state``-th replacement for the word being typed."""
        if readline is None:
            return None
        if state == 0:
            before = readline.get_line_buffer()[: readline.get_endidx()]
            try:
                self._found = self.session.suggestions(before)
            except Exception:  # a completer must never raise into readline
                self._found = []
        return self._found[state].word if state < len(self._found) else None

    def display(self, substitution: str, matches: Sequence[str], longest: int) -> None:
        """Show the matches as ``name → value`` (readline only shows the words)."""
        labels = {item.word: item for item in self._found}
        out = sys.stdout
        out.write("\n")
        for match in matches:
            item = labels.get(match)
            if item is None or not item.label:
                out.write(f"  {match}\n")
            elif item.is_value:
                out.write(f"  {item.label} → {match}\n")
            else:
                out.write(f"  {match}  {item.label}\n")
        buffer = readline.get_line_buffer() if readline is not None else ""
        out.write(self.prompt + buffer)
        out.flush()

    def _pre_input(self) -> None:
        if readline is not None and self._prefill:
            readline.insert_text(self._prefill)
            readline.redisplay()
        self._prefill = ""

    @contextlib.contextmanager
    def _installed(self) -> Iterator[None]:
        if readline is None:
            yield
            return
        saved = readline.get_completer(), readline.get_completer_delims()
        readline.set_completer(self.complete)
        readline.set_completer_delims(" ")
        readline.set_completion_display_matches_hook(self.display)
        readline.set_pre_input_hook(self._pre_input)
        readline.parse_and_bind("tab: complete")
        try:
            yield
        finally:
            readline.set_completer(saved[0])
            readline.set_completer_delims(saved[1])
            readline.set_completion_display_matches_hook(None)
            readline.set_pre_input_hook(None)

    def lines(self) -> Iterator[str]:
        """Typed lines until Ctrl-D; Ctrl-C drops the line being typed. A line ending in
        ``?`` is yielded and comes back, without the ``?``, ready to edit."""
        with self._installed():
            while True:
                try:
                    line = input(self.prompt)
                except EOFError:
                    sys.stdout.write("\n")
                    return
                except KeyboardInterrupt:
                    sys.stdout.write("\n")
                    continue
                if line.rstrip().endswith("?"):
                    self._prefill = line.rstrip()[:-1]
                yield line
