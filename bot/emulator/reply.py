"""The bot's final reply to one interaction, as the driver (:mod:`bot.emulator.driver`) returns
it: the message Discord stores for the reply, read as a client would see it (see
https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
"""

# Waiting on the bot is what these methods do; their ``timeout`` bounds that wait.
# ruff: noqa: ASYNC109

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.emulator.state import JSON, Interaction
from bot.emulator.validation import EPHEMERAL
from bot.emulator.world import NoReply

if TYPE_CHECKING:
    from bot.emulator.driver import Emulator

__all__ = ["Reply"]


@dataclass
class Reply:
    """The bot's final reply to one interaction.

    ``type`` is the accepted callback type (4 message, 5 deferred, 6 deferred update, 7 update,
    8 autocomplete, 9 modal); ``message`` a snapshot of the reply message (dict as Discord sends
    it, with ``id`` so it can be clicked); ``choices`` the autocomplete result; ``elapsed`` the
    seconds from dispatch to the final reply; ``bodies`` the raw callback body then every
    ``@original`` edit body.
    """

    interaction: Interaction
    type: int | None
    message: JSON | None
    choices: list[JSON]
    elapsed: float
    bodies: list[JSON]
    emulator: Emulator = field(repr=False)

    @property
    def ephemeral(self) -> bool:
        """Whether only the invoker sees the reply (flag 64)."""
        if self.message is not None:
            return bool(int(self.message.get("flags") or 0) & EPHEMERAL)
        data = (self.bodies[0].get("data") or {}) if self.bodies else {}
        return bool(int(data.get("flags") or 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        """The reply's text ("" if none)."""
        return str((self.message or {}).get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        """The reply's embeds as dicts."""
        return list((self.message or {}).get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        """The reply's components (action rows) as dicts."""
        return list((self.message or {}).get("components") or [])

    @property
    def attachments(self) -> list[JSON]:
        """Uploaded files of the reply: ``filename``, ``size``, ``url``..."""
        return list((self.message or {}).get("attachments") or [])

    @property
    def custom_ids(self) -> list[str]:
        """Every ``custom_id`` in the reply's components, in order."""
        out: list[str] = []
        stack = list(reversed(self.components))
        while stack:
            component = stack.pop()
            if "custom_id" in component:
                out.append(component["custom_id"])
            stack.extend(reversed(component.get("components") or []))
        return out

    @property
    def allowed_mentions(self) -> JSON | None:
        """``allowed_mentions`` of the body that produced the final content (None if absent)."""
        for body in reversed(self.bodies):
            data = body.get("data") if "type" in body and "data" in body else body
            if isinstance(data, dict) and "allowed_mentions" in data:
                return data["allowed_mentions"]  # type: ignore[no-any-return]
        return None

    @property
    def followups(self) -> list[JSON]:
        """Follow-up messages sent so far (current versions)."""
        messages = self.emulator.state.messages
        return [messages[mid] for mid in self.interaction.followup_ids if mid in messages]

    async def wait_followup(self, index: int = 0, timeout: float = 5.0) -> JSON:
        """The ``index``-th follow-up message, waiting up to ``timeout`` s for it."""
        try:
            await self.emulator.state.wait_for(
                lambda: len(self.interaction.followup_ids) > index, timeout
            )
        except TimeoutError:
            raise NoReply(f"no follow-up #{index} within {timeout} s", self.interaction) from None
        return self.emulator.state.messages[self.interaction.followup_ids[index]]
