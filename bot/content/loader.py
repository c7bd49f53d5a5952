"""The loader's file side: find candidate files under CONTENT_DIR.

:func:`scan` walks the folder (stat only, no reads). Reading, hashing and parsing the changed
files is :func:`bot.pipeline.load_batch`, which runs in the parse workers.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.content.model import SourceFile
from bot.content.parse import is_candidate

PARSER_VERSION = 2
"""Bump when parsing or summaries change what a file yields: every file is parsed again."""


class ContentDirError(RuntimeError):
    """CONTENT_DIR is missing, not a folder or unreadable; the message says which."""


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
