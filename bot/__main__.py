"""Command line: ``postbot`` (or ``python -m bot``) ``[run | console | check | i18n | sync |
health]``.

With no subcommand the bot runs when DISCORD_TOKEN is set, else the offline console starts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Settings, SettingsError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="postbot", description=__doc__)
    commands = parser.add_subparsers(
        dest="subcommand", metavar="{run,console,check,i18n,sync,health}"
    )
    commands.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    console = commands.add_parser(
        "console", help="try every command offline, on a local Discord emulator"
    )
    console.add_argument("--locale", default="en-US", help="your Discord client locale")
    console.add_argument("--user-id", type=int, default=None, help="act as this user id")
    console.add_argument("--admin", action="store_true", help="act with Manage Server")
    console.add_argument(
        "--command", help='run one command and exit, e.g. "/post kdd-workshop-2024"'
    )
    check = commands.add_parser(
        "check", help="load the content into a temporary store and report problems"
    )
    check.add_argument(
        "content_dir", nargs="?", type=Path, help="folder to check (default: CONTENT_DIR)"
    )
    shape = check.add_mutually_exclusive_group()
    shape.add_argument(
        "--all", action="store_true", help="list every post by language (one column each)"
    )
    shape.add_argument(
        "--json", action="store_true", help="print one JSON document (posts, problems) for CI"
    )
    i18n = commands.add_parser(
        "i18n", help="per UI locale: entries translated and missing; `i18n init LOCALE` starts one"
    )
    i18n.add_argument("action", nargs="?", choices=["init"], help="start a new catalog")
    i18n.add_argument("locale", nargs="?", help="gettext locale for init, e.g. de or pt_BR")
    commands.add_parser("sync", help="sync the slash commands to Discord now, even if unchanged")
    health = commands.add_parser("health", help="exit 0 when a running bot's /healthz is 200")
    health.add_argument(
        "--url", help="default: http://127.0.0.1:$HEALTH_PORT/healthz (HEALTH_PORT from .env)"
    )
    return parser


def _console(settings: Settings, arguments: argparse.Namespace) -> int:
    from bot.console import run_console

    return asyncio.run(
        run_console(
            settings,
            locale=arguments.locale,
            user_id=arguments.user_id,
            admin=arguments.admin,
            command=arguments.command,
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.subcommand == "i18n":  # needs no settings
        from bot.i18n.report import main as i18n_main

        return i18n_main(arguments.action, arguments.locale)
    if arguments.subcommand == "health" and arguments.url:
        from bot.runner import health

        return health(arguments.url)
    try:
        # `check` opens no database and reports an unreadable content folder itself
        settings = load_settings(check_paths=arguments.subcommand != "check")
    except SettingsError as error:
        print(f"postbot: configuration error: {error}", file=sys.stderr)
        return 2
    if arguments.subcommand == "check":  # before importing discord.py: it needs none of it
        from bot import check

        return check.main(
            arguments.content_dir or settings.content_dir,
            settings.site_url,
            wide=arguments.all,
            json_output=arguments.json,
        )
    from bot.runner import configure_logging, run

    if arguments.subcommand == "console":
        return _console(settings, arguments)
    if arguments.subcommand == "health":
        from bot.runner import health

        return health(f"http://127.0.0.1:{settings.health_port or 8080}/healthz")
    configure_logging(settings.log_level)
    if arguments.subcommand == "sync":
        from bot.runner import sync

        return asyncio.run(sync(settings))
    if arguments.subcommand == "run" or settings.discord_token:
        return asyncio.run(run(settings))
    if not sys.stdin.isatty():
        print(
            "postbot: no DISCORD_TOKEN and no terminal on standard input, so not starting the "
            "offline console; set DISCORD_TOKEN in .env or run `python -m bot console`."
        )
        return 0
    print(
        "postbot: no DISCORD_TOKEN set, so starting the offline console "
        "(put a token in .env to connect to Discord)."
    )
    arguments.locale, arguments.user_id, arguments.admin, arguments.command = (
        "en-US",
        None,
        False,
        None,
    )
    return _console(settings, arguments)


if __name__ == "__main__":
    sys.exit(main())
