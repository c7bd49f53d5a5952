"""The parse worker's job: read, hash, parse and analyze a batch of changed files.

This is the one place where the content layer (:func:`bot.content.parse.parse_translation`)
and the search layer (:func:`bot.search.index.search_document`) meet, so neither imports the
other. :func:`load_batch` is a top-level function so that a process pool can run it; it returns
plain picklable :class:`~bot.reload_report.Outcome` values.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.model import Problem, Skipped, Translation
from bot.content.parse import parse_translation
from bot.reload_report import Outcome
from bot.search.index import search_document


@dataclass(frozen=True, slots=True)
class Job:
    """A file to read: ``known_hash`` is the hash stored for it, ``None`` to force a parse."""

    path: str
    mtime_ns: int
    size: int
    known_hash: str | None


def load_batch(root: str, jobs: Sequence[Job], site_url: str) -> list[Outcome]:
    """Read and parse ``jobs`` (paths relative to ``root``); never raises for a bad file.

    A file whose bytes hash to its ``known_hash`` is not parsed (``kind="unchanged"``).
    A file deleted since the scan is ``gone``; one that cannot be read is a ``problem``.
    """
    outcomes = []
    for job in jobs:
        try:
            with open(os.path.join(root, job.path), "rb") as handle:
                data = handle.read()
        except FileNotFoundError:  # deleted since the scan: removed, like a file not found
            outcomes.append(Outcome(job.path, job.mtime_ns, job.size, "", "gone"))
            continue
        except OSError as error:
            problem = Problem(
                job.path, f"cannot be read: {error.strerror}", code="unreadable",
                params=(("detail", str(error.strerror)),),
            )  # fmt: skip
            outcomes.append(Outcome(job.path, job.mtime_ns, job.size, "", "problem", None, problem))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest == job.known_hash:
            outcomes.append(Outcome(job.path, job.mtime_ns, len(data), digest, "unchanged"))
            continue
        outcomes.append(_outcome(job, data, digest, site_url))
    return outcomes


def _outcome(job: Job, data: bytes, digest: str, site_url: str) -> Outcome:
    try:
        result = parse_translation(job.path, data, site_url, digest)
    except Exception as error:  # a parser bug must not take down the reload
        result = Problem(job.path, f"could not be parsed ({type(error).__name__}: {error})")
    size = len(data)
    if isinstance(result, Translation):
        return Outcome(
            job.path, job.mtime_ns, size, digest, "ok", translation=result,
            search=search_document(result),
        )  # fmt: skip
    if isinstance(result, Problem):
        return Outcome(job.path, job.mtime_ns, size, digest, "problem", problem=result)
    reason = result.reason if isinstance(result, Skipped) else "not a post"
    return Outcome(job.path, job.mtime_ns, size, digest, "skipped", reason=reason)
