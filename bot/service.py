"""The bot's use cases, free of Discord objects: which language, which translation, which page.

Cogs and views turn an interaction into plain values (user id, guild id, locales), call this
service, and hand its results to :mod:`bot.render`. Raises :class:`~bot.errors.UserError`
for anything the user should be told.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.config import Settings
from bot.content.model import Translation
from bot.errors import UserError
from bot.i18n.catalog import Catalogs, Messages
from bot.i18n.negotiate import Step, Wanted, pick_translation, wanted_language
from bot.i18n.tags import normalize_tag
from bot.render import ListedPost, PostReply, SearchResult
from bot.search import build_match
from bot.store import Store, TitleMatch

POSTS_PER_PAGE = 10
SUGGESTIONS = 3
SEARCH_RESULTS = 8


@dataclass(frozen=True, slots=True)
class Asker:
    """Who is asking, as the interaction tells it: user, guild (``None`` in DMs), the
    Discord client locale and the guild's locale (Discord locale strings such as ``sv-SE``)."""

    user_id: int
    guild_id: int | None = None
    locale: str | None = None
    guild_locale: str | None = None


class PostService:
    """Language resolution and post look-ups over a :class:`~bot.store.Store`."""

    def __init__(self, store: Store, settings: Settings, catalogs: Catalogs) -> None:
        self.store = store
        self.settings = settings
        self.catalogs = catalogs

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

    async def wanted(self, asker: Asker, option: str | None = None) -> Wanted:
        """The reply language by the documented order (see :func:`wanted_language`)."""
        context = await self.store.context(asker.user_id, asker.guild_id)
        guild_default = context.guild_language if asker.guild_id else None
        wanted = wanted_language(
            option=option,
            user_preference=context.user_language,
            guild_default=guild_default,
            locale=asker.locale,
            guild_locale=asker.guild_locale,
            default_language=self.settings.default_language,
            content_languages=context.content_languages,
        )
        order = (context.user_language, guild_default, asker.locale, asker.guild_locale,
                 self.settings.default_language)  # fmt: skip
        return replace(wanted, fallbacks=tuple(tag for tag in order if tag))

    async def find_post(self, text: str, wanted: Wanted) -> tuple[str, list[str]]:
        """The post ``text`` names (key or URL slug, else an exact title in the wanted
        language) and its languages. Raises ``UserError`` with the closest titles when
        nothing matches."""
        found = await self.store.find_post(text)
        if found is not None:
            return found
        matches = await self.store.match_titles(wanted.tag, text, limit=SUGGESTIONS + 1)
        for match in matches:
            if match.title.casefold() == text.strip().casefold():
                return match.key, await self.store.languages_of(match.key)
        query = text.strip()[:80]
        if matches:
            titles = ", ".join(f"“{m.title}”" for m in matches[:SUGGESTIONS])
            raise UserError("error.post-not-found-suggest", query=query, titles=titles)
        raise UserError("error.post-not-found", query=query)

    async def post_reply(
        self,
        key: str,
        wanted: Wanted,
        *,
        exact: str | None = None,
        languages: Sequence[str] | None = None,
    ) -> PostReply:
        """The reply for post ``key``: the wanted translation, else the closest fallback.

        ``exact`` forces one language (a click on the language menu): no fallback notice.
        ``languages``: the post's languages when the caller already has them.
        Raises ``UserError("error.post-not-found")`` if the post vanished in a reload.
        """
        available = tuple(
            languages if languages is not None else await self.store.languages_of(key)
        )
        if not available:
            raise UserError("error.post-not-found", query=key)
        if exact is not None and exact in available:
            shown = exact
        else:
            shown = pick_translation(wanted.tag, available, fallbacks=wanted.fallbacks)
        translation = await self.store.translation(key, shown)
        if translation is None:
            raise UserError("error.post-not-found", query=key)
        notice = None if exact is not None or wanted.step is Step.ANY else wanted.tag
        return PostReply(translation, self.url(translation), available, wanted=notice)

    def url(self, translation: Translation) -> str:
        return self.settings.post_url(translation.language, translation.slug, translation.key)

    async def latest_key(self) -> str:
        key = await self.store.latest_key()
        if key is None:
            raise UserError("posts.empty")
        return key

    async def page(self, page: int, wanted: Wanted) -> tuple[list[ListedPost], int]:
        """Page ``page`` (1-based, clamped) of posts newest first, titles in the wanted
        language or the closest fallback; returns the posts and the number of pages."""
        total = await self.store.count_posts()
        pages = max(1, math.ceil(total / POSTS_PER_PAGE))
        page = min(max(page, 1), pages)
        listings = await self.store.posts_page((page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE)
        fallbacks = wanted.fallbacks
        posts = []
        for listing in listings:
            language = pick_translation(wanted.tag, list(listing.titles), fallbacks=fallbacks)
            url = self.settings.post_url(language, listing.slugs[language], listing.key)
            posts.append(
                ListedPost(listing.key, listing.titles[language], url, language, listing.date)
            )
        return posts, pages

    async def title_choices(self, text: str, wanted: Wanted) -> list[TitleMatch]:
        """Autocomplete hits for ``text``: titles in the wanted language (prefix or substring,
        at most 25, Discord's limit); when none matches, the best search hits instead."""
        matches = await self.store.match_titles(wanted.tag, text)
        if matches or not text.strip():
            return matches
        return await self.store.best_keys(text, prefer=wanted.tag, limit=25)

    async def search(
        self, query: str, wanted: Wanted, language: str | None, limit: int = SEARCH_RESULTS
    ) -> list[SearchResult]:
        """Full-text hits for ``query``, the wanted language first (``language``: only that
        one), each with its URL. Raises ``UserError("search.empty-query")`` when the query
        has no word to look for."""
        if build_match(query, language or wanted.tag) is None:
            raise UserError("search.empty-query")
        hits = await self.store.search(query, language=language, prefer=wanted.tag, limit=limit)
        slugs = await self.store.slugs([(hit.key, hit.language) for hit in hits])
        return [
            SearchResult(
                hit,
                self.settings.post_url(
                    hit.language, slugs.get((hit.key, hit.language), hit.key), hit.key
                ),
            )
            for hit in hits
        ]
