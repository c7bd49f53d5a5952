"""``python -m bot i18n``: how complete each UI catalog is, for translators (rich output).

``python -m bot i18n`` prints one row per catalog (entries of its own, inherited from its
base language, missing) and lists the missing keys; it exits 1 when any catalog misses an
entry. ``python -m bot i18n init LOCALE`` starts a new catalog (:func:`init_catalog`).
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from bot.i18n.catalog import Catalogs
from bot.i18n.maintain import coverage, init_catalog


def main(action: str | None, locale: str | None, console: Console | None = None) -> int:
    """Run the subcommand; returns the exit code (2 for a bad ``init``)."""
    out = console or Console()
    if action == "init":
        if not locale:
            out.print("postbot i18n init: name a locale, e.g. de or pt_BR", style="red")
            return 2
        try:
            path = init_catalog(locale)
        except (FileExistsError, ValueError) as error:
            out.print(f"postbot i18n init: {error}", style="red")
            return 2
        out.print(f"Created {path}: translate its msgstr entries, then run the tests.")
        return 0
    catalogs = Catalogs.load()
    table = Table(title="UI catalogs (bot/locales)")
    for column in ("locale", "own", "inherited", "missing", "of"):
        table.add_column(column, justify="left" if column == "locale" else "right")
    rows = coverage(catalogs)
    for row in rows:
        missing = str(len(row.missing)) if row.missing else "–"
        table.add_row(row.locale, str(row.own), str(row.inherited or "–"), missing, str(row.total))
    out.print(table)
    incomplete = [row for row in rows if row.missing]
    for row in incomplete:
        out.print(f"[bold]{row.locale}[/bold] misses: {', '.join(row.missing)}")
    for problem in catalogs.problems:
        out.print(f"skipped entry: {problem}", style="yellow")
    return 1 if incomplete or catalogs.problems else 0


if __name__ == "__main__":
    sys.exit(main(None, None))
