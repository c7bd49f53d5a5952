"""The offline console: type slash commands as in Discord, see what Discord would show.

``python -m bot console [--locale es-ES] [--user-id N] [--admin] [--command LINE]`` runs the
real bot (:func:`bot.app.open_bot`) on the local Discord emulator, with the operator's
CONTENT_DIR and DATABASE_PATH (so ``/language set`` is stored there, for the console user's
fixed id unless ``--user-id``).

What one types at the ``›`` prompt:

- ``/post kdd-workshop-2024``, ``/post post:"KDD 2024" language:sv``, ``/language set sv``:
  a slash command; options by name (``name:value``) or by position in the command's order;
  quotes for values with spaces; command, subcommand and option names in English or in the
  user's Discord language (``/artículo`` for es-ES).
- Tab completes command names, subcommands, option names and values (the bot's own
  autocomplete, through the emulator); a line ending in ``?`` (``/post kd?``) lists the
  suggestions as ``name → value`` and gives the line back to edit.
- ``1`` presses button 1 of the last message with buttons/selects; ``2 es`` or ``2 3`` picks
  the option with value ``es`` (or option number 3) in select 2.
- ``help`` (or ``/help``) lists the commands; ``exit``, ``quit`` or Ctrl-D leaves; Ctrl-C
  clears the line.

Without a terminal on standard input, lines are read from it until its end (for scripts).
``--command LINE`` runs one line and exits: 0, or 1 when it could not be parsed or the bot did
not answer. Whatever the mode, a body the bot sent that Discord would reject (the emulator's
checks, as in the tests) is printed in red and makes the exit code 1.
"""

from bot.console.app import run_console

__all__ = ["run_console"]
