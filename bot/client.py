"""The bot: an ``AutoShardedBot`` with its resources injected, its cogs, translator and sync."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.announce import Announcer
from bot.announce_service import AnnounceService
from bot.clock import VisibilityClock
from bot.cogs.admin import AdminCog
from bot.cogs.announce import AnnounceCog
from bot.cogs.language import LanguageCog
from bot.cogs.posts import PostsCog
from bot.cogs.search import SearchCog
from bot.config import Settings
from bot.gitsync import GitFollower
from bot.health import HealthServer, Metrics
from bot.i18n.catalog import Catalogs
from bot.i18n.dates import warm_locale_data
from bot.i18n.translator import CatalogTranslator
from bot.interactions import is_user_error, respond_error
from bot.reload_report import ReloadReport
from bot.reloader import Reloader
from bot.service import PostService
from bot.store import Store
from bot.sync import sync_if_changed
from bot.views import PAGER_TIMEOUT, LanguageSelect, OpenResult
from bot.watch import ContentWatcher

log = logging.getLogger(__name__)


class PostBot(commands.AutoShardedBot):
    """postbot. Open the store, make the reloader and catalogs, then pass them in.

    On start-up (``setup_hook``) it adds its cogs, sets the command translator, syncs the
    commands (to ``settings.dev_guild_id`` when set, else globally) and starts a reload in the
    background while serving what the store already holds. ``reload_on_start=False`` skips
    that reload (tests that drive reloads themselves).
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        reloader: Reloader,
        catalogs: Catalogs,
        *,
        reload_on_start: bool = True,
        follow: bool | None = None,
        reload_cooldown: float | None = None,
        pager_timeout: float = PAGER_TIMEOUT,
        force_sync: bool = False,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix=commands.when_mentioned, intents=intents, help_command=None,
            tree_cls=TimedTree, **options,
        )  # fmt: skip
        self.force_sync = force_sync
        self.did_sync = False
        self.metrics = Metrics()
        self.health: HealthServer | None = None
        self.settings = settings
        self.store = store
        self.reloader = reloader
        self.catalogs = catalogs
        self.service = PostService(store, settings, catalogs)
        self.reload_on_start = reload_on_start
        self.reload_cooldown = reload_cooldown
        self.pager_timeout = pager_timeout
        self.follow = reload_on_start if follow is None else follow
        self.watcher: ContentWatcher | None = None
        self.clock = VisibilityClock(reloader)
        self.announcements = AnnounceService(store, self.service)
        self.announcer = Announcer(self, self.announcements, sent=self.metrics.announcements.inc)
        self.git = (
            GitFollower(
                settings.content_git_url,
                settings.content_dir,
                branch=settings.content_git_branch,
                period=settings.content_git_seconds,
            )
            if settings.content_git_url
            else None
        )
        self.startup_reload: asyncio.Task[None] | None = None
        self._warm_up: asyncio.Task[None] | None = None
        self.tree.error(self._on_tree_error)
        reloader.listeners.append(self.after_reload)

    async def setup_hook(self) -> None:
        await self.add_cog(PostsCog(self.service, pager_timeout=self.pager_timeout))
        await self.add_cog(LanguageCog(self.service))
        admin_options = {} if self.reload_cooldown is None else {"cooldown": self.reload_cooldown}
        await self.add_cog(AdminCog(self.service, self.reloader, **admin_options))
        await self.add_cog(SearchCog(self.service))
        await self.add_cog(AnnounceCog(self.announcements))
        self.add_dynamic_items(LanguageSelect, OpenResult)
        if self.settings.health_port is not None:
            self.health = HealthServer(
                self, self.metrics, self.service.ping,
                host=self.settings.health_host, port=self.settings.health_port,
            )  # fmt: skip
            await self.health.start()
        await self.tree.set_translator(CatalogTranslator(self.catalogs))
        await self.sync_commands()
        self.clock.start()
        if self.reload_on_start:
            # an empty store answers "content is loading" until the first load ends
            self.service.loading = not await self.service.content_languages()
            self.startup_reload = asyncio.create_task(self._start_content())
        elif self.follow:
            self._start_following()
        self._warm_up = asyncio.create_task(self._load_locale_data())
        gc.freeze()  # what start-up built lives for good: keep it out of every collection

    async def sync_commands(self) -> bool:
        """Sync the commands where they belong (DEV_GUILD_ID, else globally) when they
        changed since the last sync, or always with ``force_sync``; returns whether it did."""
        guild_id = self.settings.dev_guild_id
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        assert self.application_id is not None
        self.did_sync = await sync_if_changed(
            self.tree, self.service, self.application_id, guild=guild, force=self.force_sync
        )
        return self.did_sync

    async def _start_content(self) -> None:
        """First start: clone or fetch the content repository (when one is followed), load,
        then follow the content by itself."""
        if self.git is not None:
            await self.git.sync_logged()
        await self._reload_in_background()
        if self.follow:
            self._start_following()

    def _start_following(self) -> None:
        settings = self.settings
        self.watcher = ContentWatcher(
            self.reloader,
            settings.posts_dir,
            watch=settings.content_watch,
            rescan_seconds=settings.content_rescan_seconds,
        )
        self.watcher.start()
        if self.git is not None:
            self.git.on_change = self.watcher.changed
            self.git.start()

    async def after_reload(self, report: ReloadReport) -> None:
        """What follows every reload, whoever asked for it (start-up, watcher, /reload, a
        publish time passing): announcements, once the gateway is ready."""
        self.metrics.reloaded(report)
        posts, translations = await self.service.counts()
        self.metrics.posts.set(posts)
        self.metrics.translations.set(translations)
        if self.is_ready():
            await self.announcer.after_reload(report)

    async def on_ready(self) -> None:
        # posts added while the bot was away are announced once it knows its servers
        await self.announcer.after_reload(ReloadReport())

    async def _reload_in_background(self) -> None:
        try:
            report = await self.reloader.reload()
        except Exception:
            log.exception("start-up reload failed; serving the content already stored")
            self.metrics.reloads.labels("error").inc()
            return
        finally:
            self.service.loading = False
        log.info(
            "content loaded: %d added, %d updated, %d removed, %d unchanged, %d problems in %.2fs",
            len(report.added),
            len(report.updated),
            len(report.removed),
            report.unchanged,
            len(report.problems),
            report.seconds,
        )
        for problem in report.problems:
            log.warning("content problem: %s", problem)

    async def _load_locale_data(self) -> None:
        """Load Babel's data for every content language now, off the event loop, instead of
        on the first reply in each language (about 100 ms each)."""
        languages = await self.store.content_languages()
        ui_locales = self.catalogs.locales
        await asyncio.to_thread(warm_locale_data, languages, ui_locales)

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        outcome = "user_error" if is_user_error(error) else "error"
        self.metrics.command_done(_command_name(interaction), outcome, _started(interaction))
        await respond_error(interaction, error)

    async def on_app_command_completion(
        self, interaction: discord.Interaction[Any], command: Any
    ) -> None:
        self.metrics.command_done(_command_name(interaction), "ok", _started(interaction))

    async def close(self) -> None:
        if self.health is not None:
            await self.health.close()
        await self.clock.close()
        if self.git is not None:
            await self.git.close()
        if self.watcher is not None:
            await self.watcher.close()
        for task in (self.startup_reload, self._warm_up):
            if task is not None and not task.done():
                task.cancel()
        await super().close()


class TimedTree(app_commands.CommandTree[Any]):
    """The command tree, noting when each interaction arrived (for the latency histogram)."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        interaction.extras["started"] = time.perf_counter()
        return True


def _started(interaction: discord.Interaction[Any]) -> float | None:
    started = interaction.extras.get("started")
    return float(started) if isinstance(started, float) else None


def _command_name(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "?"
