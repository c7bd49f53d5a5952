"""Seeded requests over the corpus, and timing them one at a time through the emulator.

Inputs: users with random Discord locales; ``/post`` keys at random; autocomplete prefixes of
titles in the user's language, their lengths cycling through :data:`PREFIX_LENGTHS` (so one
request in three types one or two letters, the prefixes that match the most titles); search
queries of one, then two, of the language's most common words (:func:`~bench.pools.common_words`:
words in nearly every post, the queries that match the most).
"""

# Waiting on the bot is what this does; ``timeout`` bounds those waits.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.corpus import Corpus, common_words
from bench.stats import Latencies
from bot.emulator import DISCORD_LOCALES, Emulator, NoReply, Reply, User, make_user

#: Autocomplete prefix lengths (characters), cycled through.
PREFIX_LENGTHS = (1, 2, 3, 4, 6, 8)


@dataclass
class Workload:
    """Seeded random requests over the corpus: users with Discord locales, keys, prefixes,
    queries."""

    corpus: Corpus
    rng: random.Random
    users: list[User]
    prefixes: int = 0
    queries: int = 0

    @classmethod
    def make(cls, corpus: Corpus, seed: int, users: int = 64) -> Workload:
        rng = random.Random(f"{seed}:workload")
        locales = sorted(DISCORD_LOCALES)
        people = [make_user(f"user{n}", locale=rng.choice(locales)) for n in range(users)]
        return cls(corpus, rng, people)

    def user(self) -> User:
        return self.rng.choice(self.users)

    def new_user(self) -> User:
        """A user never seen before (``/search`` has a per-user cooldown)."""
        locale = self.rng.choice(sorted(DISCORD_LOCALES))
        return make_user(f"searcher{self.rng.randrange(10**9)}", locale=locale)

    def language_of(self, user: User) -> str:
        tag = user.locale.split("-")[0]
        return tag if tag in self.corpus.languages else "en"

    def key(self) -> str:
        return self.rng.choice(self.corpus.keys)

    def prefix(self, user: User) -> str:
        """The start of a title in the user's language: 1, 2, 3, 4, 6, 8 characters, in turn."""
        title = self.rng.choice(self.corpus.titles[self.language_of(user)])
        length = PREFIX_LENGTHS[self.prefixes % len(PREFIX_LENGTHS)]
        self.prefixes += 1
        return title[:length]

    def query(self, user: User) -> str:
        """One, then two (and so on in turn), of the most common words of the user's
        language."""
        count = 1 + self.queries % 2
        self.queries += 1
        return " ".join(self.rng.sample(common_words(self.language_of(user)), count))


Request = Callable[[Emulator, Workload], Awaitable[tuple[float, bool, bool]]]
"""One request: returns (elapsed seconds, error, empty result)."""


def forget(emu: Emulator, reply: Reply) -> None:
    """Drop a finished interaction's records from the emulator.

    The emulator keeps every interaction, body and message for tests to inspect; over
    thousands of requests that is the harness's memory and garbage-collector load, not the
    bot's, so the benchmark lets go of each one once its latency is taken.
    """
    rec = reply.interaction
    emu.state.interactions.pop(rec.id, None)
    for message_id in (rec.original_message_id, *rec.followup_ids):
        if message_id is not None:
            emu.state.messages.pop(message_id, None)
    tokens = getattr(emu, "_tokens", None)
    if isinstance(tokens, dict):
        tokens.pop(rec.token, None)
    emu.last_reply = None


async def invoke(
    emu: Emulator, command: str, options: dict[str, str], user: User, timeout: float = 30.0
) -> tuple[float, bool, bool]:
    """Run a command that replies with embeds: (elapsed, no embeds or ephemeral, False)."""
    reply = await emu.invoke(command, options, user=user, timeout=timeout)
    forget(emu, reply)
    return reply.elapsed, reply.ephemeral or not reply.embeds, False


async def complete(
    emu: Emulator, command: str, option: str, text: str, user: User
) -> tuple[float, bool, bool]:
    """Ask for ``command``'s ``option`` choices: (elapsed, False, no choices)."""
    choices = await emu.autocomplete(command, {option: text}, option, user=user, timeout=30.0)
    reply = emu.last_reply
    assert reply is not None
    forget(emu, reply)
    return reply.elapsed, False, not choices


async def measure(
    emu: Emulator, work: Workload, request: Request, count: int, warmup: int
) -> Latencies:
    """``warmup`` untimed requests, then ``count`` timed ones, one at a time."""
    for _ in range(warmup):
        await request(emu, work)
    out = Latencies()
    for _ in range(count):
        try:
            elapsed, error, empty = await request(emu, work)
        except NoReply:
            out.errors += 1
            continue
        out.seconds.append(elapsed)
        out.errors += error
        out.empty += empty
    return out


async def loop_until(
    emu: Emulator,
    work: Workload,
    request: Request,
    stop: asyncio.Event,
    out: Latencies,
    limit: int | None = None,
) -> None:
    """Send requests one at a time until ``stop`` is set (or set it after ``limit``)."""
    while not stop.is_set():
        if limit is not None and len(out.seconds) + out.errors >= limit:
            stop.set()
            break
        try:
            elapsed, error, _ = await request(emu, work)
        except NoReply:
            out.errors += 1
            continue
        out.seconds.append(elapsed)
        out.errors += error
