"""Command line: ``python -m bot [run | console | check]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import SettingsError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser(
        "check", help="load the content into a temporary store and report problems"
    )
    check.add_argument(
        "content_dir", nargs="?", type=Path, help="folder to check (default: CONTENT_DIR)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"postbot: configuration error: {error}", file=sys.stderr)
        return 2
    if arguments.command == "check":
        from bot import check

        return check.main(arguments.content_dir or settings.content_dir, settings.site_url)
    build_parser().print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
