"""Discord's limits on what a bot sends, in one place; every module of the bot uses these.

Sources, Discord's developer documentation:

- embeds: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
- components (buttons, select menus, custom ids):
  https://discord.com/developers/docs/components/reference
- autocomplete choices, command names and descriptions:
  https://discord.com/developers/docs/interactions/application-commands#application-command-object
- the interaction deadline:
  https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction

The local emulator (:mod:`bot.emulator`) keeps its own copy of these numbers on purpose, so
that a wrong number here is caught by the tests instead of agreed with.
"""

from __future__ import annotations

EMBED_TITLE = 256
"""Characters in an embed's title."""
EMBED_DESCRIPTION = 4096
"""Characters in an embed's description."""
EMBED_FIELDS = 25
"""Fields in one embed."""
FIELD_NAME = 256
"""Characters in a field's name."""
FIELD_VALUE = 1024
"""Characters in a field's value."""
FOOTER_TEXT = 2048
"""Characters in an embed's footer text."""
EMBED_TOTAL = 6000
"""Characters in all of an embed's titles, descriptions, field names and values, footer and
author name together (and in all embeds of one message)."""

CUSTOM_ID = 100
"""Characters in a component's ``custom_id``."""
BUTTON_LABEL = 80
"""Characters in a button's label."""
SELECT_OPTIONS = 25
"""Options in one select menu."""
SELECT_OPTION_LABEL = 100
"""Characters in a select option's label (and its value)."""
SELECT_OPTION_DESCRIPTION = 100
"""Characters in a select option's description."""
SELECT_PLACEHOLDER = 150
"""Characters in a select menu's placeholder."""

AUTOCOMPLETE_CHOICES = 25
"""Choices in one autocomplete answer."""
CHOICE_NAME = 100
"""Characters in a choice's name (what the user sees)."""
CHOICE_VALUE = 100
"""Characters in a string choice's value."""
COMMAND_NAME = 32
"""Characters in a command or option name (and its localizations)."""
COMMAND_DESCRIPTION = 100
"""Characters in a command or option description (and its localizations)."""

INTERACTION_DEADLINE = 3.0
"""Seconds Discord gives a bot to answer an interaction (or defer it)."""
