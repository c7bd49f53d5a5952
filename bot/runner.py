"""``python -m bot run``: connect to Discord for real, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord

from bot.app import open_bot
from bot.config import Settings

log = logging.getLogger(__name__)
INVITE_PERMISSIONS = discord.Permissions(send_messages=True, embed_links=True)


def configure_logging(level: str) -> None:
    """Log to standard error at ``level`` (LOG_LEVEL); discord.py's own loggers included."""
    discord.utils.setup_logging(level=getattr(logging, level), root=True)


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot with the ``bot`` and ``applications.commands`` scopes."""
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=("bot", "applications.commands")
    )


async def run(settings: Settings) -> int:
    """Log in with DISCORD_TOKEN and serve until stopped; returns the process exit code.

    A missing or rejected token is one line on standard error and exit code 1. The token
    itself is never logged.
    """
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set: put the bot token in .env (see .env.example)")
        return 1
    async with open_bot(settings) as bot:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
        if not await _login(bot, settings.discord_token):
            return 1
        if bot.application_id is not None:
            log.info("invite the bot with: %s", invite_url(bot.application_id))
        try:
            await bot.connect()
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError):
                    loop.remove_signal_handler(signum)
    log.info("stopped")
    return 0


async def _login(bot: discord.Client, token: str) -> bool:
    """Log in; a rejected token or an unreachable Discord is one logged line and ``False``."""
    try:
        await bot.login(token)
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN: check the token in .env (Bot tab)")
        return False
    except (discord.HTTPException, aiohttp.ClientError, OSError) as error:
        log.error("cannot reach Discord to log in: %s", error)
        return False
    return True


async def sync(settings: Settings) -> int:
    """``postbot sync``: log in, sync the commands whether or not they changed, and exit."""
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set: put the bot token in .env (see .env.example)")
        return 1
    async with open_bot(settings, reload_on_start=False, follow=False, force_sync=True) as bot:
        if not await _login(bot, settings.discord_token):  # runs setup_hook, which syncs
            return 1
    return 0 if bot.did_sync else 1


def health(url: str) -> int:
    """``postbot health``: 0 when ``url`` (a running bot's /healthz) answers 200, else 1,
    with the answer on standard output; for container health checks (no curl in the image)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=4) as answer:
            print(answer.read().decode(errors="replace").strip())
            return 0 if answer.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.read().decode(errors="replace").strip())
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {error}")
    return 1
