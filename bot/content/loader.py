"""The loader's file side: find candidate files under CONTENT_DIR and read changed ones.

:func:`scan` walks the folder (stat only, no reads). :func:`load_batch` reads, hashes and parses
a batch of files; it is a top-level function so that a process pool can run it, and it returns
plain picklable :class:`~bot.content.model.Outcome` values.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.content.model import Outcome, Problem, Skipped, SourceFile, Translation
from bot.content.parse import is_candidate, parse_translation
from bot.search.index import search_document

PARSER_VERSION = 1
"""Bump when parsing or summaries change what a file yields: every file is parsed again."""


class ContentDirError(RuntimeError):
    """CONTENT_DIR is missing, not a folder or unreadable; the message says which."""


@dataclass(frozen=True, slots=True)
class Job:
    """A file to read: ``known_hash`` is the hash stored for it, ``None`` to force a parse."""

    path: str
    mtime_ns: int
    size: int
    known_hash: str | None


def scan(content_dir: Path) -> list[SourceFile]:
    """Every candidate post file below ``content_dir``, sorted by relative path.

    Hidden files and folders (``.git``) are skipped, symbolic links are followed for files
    only. Raises :class:`ContentDirError` when ``content_dir`` is not a readable folder.
    """
    if not content_dir.exists():
        raise ContentDirError(f"content folder {str(content_dir)!r} does not exist (CONTENT_DIR)")
    if not content_dir.is_dir():
        raise ContentDirError(f"content folder {str(content_dir)!r} is not a folder (CONTENT_DIR)")
    found: list[SourceFile] = []
    pending = [(str(content_dir), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            if not prefix:
                raise ContentDirError(
                    f"content folder {str(content_dir)!r} cannot be read: {error.strerror}"
                ) from None
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, relative + "/"))
            elif is_candidate(relative):
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                found.append(SourceFile(relative, stat.st_mtime_ns, stat.st_size))
    found.sort(key=lambda source: source.path)
    return found


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
