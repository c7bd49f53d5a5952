"""The bot's use cases, free of Discord objects: the only door to the store.

Cogs and views turn an interaction into an :class:`~bot.model.Invoker` and plain option
values, make *one* call here, and hand the result to :mod:`bot.render`. Every result carries
its frame (:class:`~bot.i18n.catalog.Messages` of the reader's interface language, see
:meth:`PostService.frame`). Raises :class:`~bot.errors.UserError` for anything the user should
be told.

Two languages decide a reply:

- the *content* language, which translation of a post is shown: the command's ``language``
  option, the user's ``/language set`` choice, the server default, the Discord client locale,
  the server's Discord locale, ``DEFAULT_LANGUAGE``, any content language
  (:func:`~bot.i18n.negotiate.wanted_language`);
- the *interface* language, the frame around it (labels, buttons, menus, notices, errors,
  language names, dates): the user's choice, else the Discord client locale, else the server
  default, else the server's Discord locale, the first that has a catalog, else English.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from bot.config import Settings
from bot.content.model import Translation
from bot.errors import UserError
from bot.i18n.catalog import FALLBACK_LOCALE, Catalogs, Messages
from bot.i18n.negotiate import Step, Wanted, closest_language, pick_translation, wanted_language
from bot.i18n.tags import normalize_tag
from bot.limits import AUTOCOMPLETE_CHOICES
from bot.model import (
    Invoker,
    LanguageStatus,
    ListedPost,
    PostReply,
    PostsPage,
    SearchPage,
    SearchResult,
)
from bot.search import build_match
from bot.store import Context, Store, TitleMatch

POSTS_PER_PAGE = 10
SUGGESTIONS = 3
SEARCH_RESULTS = 8
QUERY_MAX = 200
"""Characters of a search query that are looked at."""


class PostService:
    """Language resolution, post look-ups and settings over a :class:`~bot.store.Store`."""

    def __init__(self, store: Store, settings: Settings, catalogs: Catalogs) -> None:
        self._store = store
        self.settings = settings
        self.catalogs = catalogs
        self.loading = False
        """True while the first load fills an empty store: look-ups that find nothing say
        "content is loading" instead of "no such post"."""

    # -- languages ---------------------------------------------------------------------

    def messages(self, language: str) -> Messages:
        """UI strings for a content language or Discord locale (English when none fits)."""
        return self.catalogs.for_locale(language)

    @staticmethod
    def parse_language(text: str | None) -> str | None:
        """A ``language`` option as a normal BCP 47 tag; ``None`` stays ``None``.

        Raises ``UserError("error.unknown-language")`` for text that names no language.
        """
        if text is None or not text.strip():
            return None
        tag = normalize_tag(text)
        if tag is None:
            raise UserError("error.unknown-language", tag=text.strip()[:40])
        return tag

    def _frame(self, invoker: Invoker, context: Context) -> Messages:
        guild_default = context.guild_language if invoker.guild_id else None
        for tag in (context.user_language, invoker.locale, guild_default, invoker.guild_locale):
            if tag:
                locale = self.catalogs.match(tag)
                if locale is not None:
                    return self.catalogs.for_locale(locale)
        return self.catalogs.for_locale(FALLBACK_LOCALE)

    def _wanted(self, invoker: Invoker, context: Context, option: str | None) -> Wanted:
        guild_default = context.guild_language if invoker.guild_id else None
        wanted = wanted_language(
            option=option,
            user_preference=context.user_language,
            guild_default=guild_default,
            locale=invoker.locale,
            guild_locale=invoker.guild_locale,
            default_language=self.settings.default_language,
            content_languages=context.content_languages,
        )
        order = (context.user_language, guild_default, invoker.locale, invoker.guild_locale,
                 self.settings.default_language)  # fmt: skip
        return replace(wanted, fallbacks=tuple(tag for tag in order if tag))

    async def server_language(self, guild_id: int, guild_locale: str | None) -> str:
        """The language a server reads by the usual order when no member is asking: its
        default from ``/language server``, its Discord locale, ``DEFAULT_LANGUAGE``, any."""
        context = await self._store.context(0, guild_id)
        return self._wanted(Invoker(0, guild_id, None, guild_locale), context, None).tag

    async def _context(self, invoker: Invoker) -> Context:
        return await self._store.context(invoker.user_id, invoker.guild_id)

    async def frame(self, invoker: Invoker) -> Messages:
        """The reader's interface language (see the module docstring)."""
        return self._frame(invoker, await self._context(invoker))

    async def language_status(self, invoker: Invoker) -> LanguageStatus:
        """What ``/language show`` explains, in the reader's frame."""
        context = await self._context(invoker)
        wanted = self._wanted(invoker, context, None)
        return LanguageStatus(
            user_language=context.user_language,
            guild_language=context.guild_language if invoker.guild_id else None,
            in_guild=invoker.guild_id is not None,
            locale=invoker.locale,
            effective=wanted.tag,
            step=wanted.step,
            messages=self._frame(invoker, context),
        )

    async def content_languages(self) -> list[str]:
        """Every language some post exists in, sorted by tag."""
        return await self._store.content_languages()

    async def content_language(self, text: str, messages: Messages) -> str:
        """``text`` as one of the content's languages, else ``UserError`` naming it."""
        tag = self.parse_language(text)
        assert tag is not None
        match = closest_language(tag, await self._store.content_languages())
        if match is None:
            name = messages.language_name(tag)
            raise UserError("error.language-not-available", language=name)
        return match

    async def set_user_language(self, invoker: Invoker, text: str) -> tuple[str, Messages]:
        """Save ``text`` (a content language) as the user's choice; returns the tag saved
        and the new frame. Raises ``UserError`` for a tag the content does not have."""
        tag = await self.content_language(text, await self.frame(invoker))
        await self._store.set_user_language(invoker.user_id, tag)
        return tag, await self.frame(invoker)

    async def reset_user_language(self, invoker: Invoker) -> Messages:
        """Forget the user's choice; returns the frame that now applies."""
        await self._store.set_user_language(invoker.user_id, None)
        return await self.frame(invoker)

    async def set_guild_language(self, invoker: Invoker, text: str) -> tuple[str, Messages]:
        """Save ``text`` as the default of the invoker's guild (the caller checks rights).
        Raises ``UserError("error.guild-only")`` outside a guild."""
        if invoker.guild_id is None:
            raise UserError("error.guild-only")
        tag = await self.content_language(text, await self.frame(invoker))
        await self._store.set_guild_language(invoker.guild_id, tag)
        return tag, await self.frame(invoker)

    # -- posts -------------------------------------------------------------------------

    async def post(
        self,
        invoker: Invoker,
        *,
        text: str | None = None,
        key: str | None = None,
        option: str | None = None,
        exact: str | None = None,
        matched: str | None = None,
    ) -> PostReply:
        """Everything a post reply needs, in one call: the post ``key`` names (else the one
        ``text`` names: key, URL slug or exact title), its wanted translation (else the
        closest fallback, with a notice) and the reader's frame.

        ``option``: the command's ``language`` option (a tag). ``exact``: show that language
        (a click on the language menu), no notice. ``matched``: the translation a search hit
        found, shown when the reader's language is missing, without a notice. Raises
        ``UserError`` when no post matches (with the closest titles) or it vanished.
        """
        # the languages the reply will likely show, so the store reads only their details
        likely = [exact, matched, *self._steps(invoker, option, self._store.known_languages)]
        context, post_key, translations = await self._store.post_bundle(
            invoker.user_id, invoker.guild_id, key if key is not None else text or "", likely
        )
        wanted = self._wanted(invoker, context, option)
        messages = self._frame(invoker, context)
        if not translations and key is None:  # not a key or slug: an exact title, or nothing
            found = await self._find_post(text or "", wanted)
            _, post_key, translations = await self._store.post_bundle(0, None, found, likely)
        if not translations:
            raise UserError("error.post-not-found", query=(key or text or "").strip()[:80])
        available = tuple(translations)
        if matched is not None and closest_language(wanted.tag, available) is None:
            exact = matched
        if exact is not None and exact in translations:
            shown = exact
        else:
            exact = None
            shown = pick_translation(wanted.tag, available, fallbacks=wanted.fallbacks)
        translation = translations[shown]()
        if translation is None:  # a fallback outside the likely languages: read it whole
            translation = await self._store.translation(post_key or "", shown)
        if translation is None:  # gone since the statement above (a reload)
            raise UserError("error.post-not-found", query=(key or text or "").strip()[:80])
        notice = None if exact is not None or wanted.step is Step.ANY else wanted.tag
        return PostReply(translation, self._url(translation), available, messages, notice)

    async def latest(self, invoker: Invoker) -> PostReply:
        """The newest post, as :meth:`post` gives it. Raises ``UserError("posts.empty")``."""
        key = await self._store.latest_key()
        if key is None:
            raise UserError("error.loading" if self.loading else "posts.empty")
        return await self.post(invoker, key=key)

    async def _find_post(self, text: str, wanted: Wanted) -> str:
        """The post whose title in the wanted language is ``text`` (the key and slug were
        tried already), else ``UserError`` with the closest titles."""
        if self.loading:
            raise UserError("error.loading")
        matches = await self._store.match_titles(wanted.tag, text, limit=SUGGESTIONS + 1)
        for match in matches:
            if match.title.casefold() == text.strip().casefold():
                return match.key
        query = text.strip()[:80]
        if matches:
            titles = ", ".join(f"“{m.title}”" for m in matches[:SUGGESTIONS])
            raise UserError("error.post-not-found-suggest", query=query, titles=titles)
        raise UserError("error.post-not-found", query=query)

    def _url(self, translation: Translation) -> str:
        return self.settings.post_url(translation.language, translation.slug, translation.key)

    async def posts_page(self, invoker: Invoker, page: int) -> PostsPage:
        """Page ``page`` (1-based, clamped) of posts newest first, titles in the wanted
        language or the closest fallback, in the reader's frame."""
        context = await self._context(invoker)
        wanted = self._wanted(invoker, context, None)
        total = await self._store.count_posts()
        if total == 0 and self.loading:
            raise UserError("error.loading")
        pages = max(1, math.ceil(total / POSTS_PER_PAGE))
        page = min(max(page, 1), pages)
        listings = await self._store.posts_page((page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE)
        posts = []
        for listing in listings:
            language = pick_translation(
                wanted.tag, list(listing.titles), fallbacks=wanted.fallbacks
            )
            url = self.settings.post_url(language, listing.slugs[language], listing.key)
            posts.append(
                ListedPost(listing.key, listing.titles[language], url, language, listing.date)
            )
        return PostsPage(tuple(posts), page, pages, self._frame(invoker, context))

    async def title_choices(
        self, invoker: Invoker, text: str, option: str | None = None
    ) -> list[TitleMatch]:
        """Autocomplete hits for ``text``: titles in the wanted language (prefix or substring,
        at most 25, Discord's limit); when none matches, the best search hits instead."""
        matches = None
        for _ in range(2):  # a second time only when a reload changed the content languages
            steps = self._steps(invoker, option, self._store.known_languages)
            matches = await self._store.title_choices(
                invoker.user_id, invoker.guild_id, steps, text, AUTOCOMPLETE_CHOICES
            )
            if matches is not None:
                break
        if matches or not text.strip():
            return matches or []
        wanted = self._wanted(invoker, await self._context(invoker), option)
        return await self._store.best_keys(text, prefer=wanted.tag, limit=AUTOCOMPLETE_CHOICES)

    def _steps(
        self, invoker: Invoker, option: str | None, languages: Sequence[str]
    ) -> list[str | None]:
        """The reply-language order without the saved choices (which the store reads in the
        same statement): the option, then the client locale, the guild locale and the
        default, each matched to a content language as :func:`wanted_language` matches."""
        guild_locale = invoker.guild_locale if invoker.guild_id else None
        matched = [
            closest_language(tag, languages) if tag else None
            for tag in (invoker.locale, guild_locale, self.settings.default_language)
        ]
        option_tag = (closest_language(option, languages) or option) if option else None
        fallback = sorted(languages)[0] if languages else self.settings.default_language
        return [option_tag, matched[0], matched[1], matched[2] or fallback]

    async def search(self, invoker: Invoker, query: str, option: str | None = None) -> SearchPage:
        """Full-text hits for ``query`` (its first 200 characters), the wanted language first
        (``option``: only that language), each with its URL, in the reader's frame. Raises
        ``UserError("search.empty-query")`` when the query has no word to look for."""
        query = query[:QUERY_MAX]
        context = await self._context(invoker)
        wanted = self._wanted(invoker, context, option)
        only = wanted.tag if option else None
        if build_match(query, only or wanted.tag) is None:
            raise UserError("search.empty-query")
        if self.loading and not context.content_languages:
            raise UserError("error.loading")
        hits = await self._store.search(
            query, language=only, prefer=wanted.tag, limit=SEARCH_RESULTS
        )
        results = tuple(
            SearchResult(
                hit.key, hit.language, hit.title, hit.snippet,
                self.settings.post_url(hit.language, hit.slug, hit.key),
            )
            for hit in hits
        )  # fmt: skip
        return SearchPage(query, results, self._frame(invoker, context))

    # -- operations --------------------------------------------------------------------

    async def ping(self) -> None:
        """Raises when the store does not answer (for the health check)."""
        await self._store.ping()

    async def counts(self) -> tuple[int, int]:
        """Visible posts and translations (for metrics)."""
        return await self._store.counts()

    async def synced_hash(self, scope: str) -> str | None:
        """The hash of the command payload last synced for ``scope``
        (``"<application id>:global"`` or ``"<application id>:guild:<id>"``)."""
        return await self._store.meta(f"commands:{scope}")

    async def save_synced_hash(self, scope: str, digest: str) -> None:
        await self._store.set_meta(f"commands:{scope}", digest)
