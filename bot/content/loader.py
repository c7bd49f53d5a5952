"""The loader's file side: find candidate files under CONTENT_DIR and read them safely.

:func:`scan` walks the folder (stat only, no reads). Reading, hashing and parsing the changed
files is :func:`bot.pipeline.load_batch`, which runs in the parse workers and reads each file
with :func:`read_source`.

Only regular files are read, and only when they lie inside CONTENT_DIR: a symbolic link is
followed when its target, resolved (:func:`os.path.realpath`), stays inside the resolved
CONTENT_DIR; FIFOs, sockets and device nodes are reported, never opened in a way that blocks
(``O_NONBLOCK``, https://man7.org/linux/man-pages/man2/open.2.html), and the opened descriptor
is checked with :func:`os.fstat` so that nothing can be swapped in between.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bot.content.model import Problem, SourceFile
from bot.content.parse import is_candidate

PARSER_VERSION = 3
"""Bump when parsing or summaries change what a file yields: every file is parsed again."""

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are reported (``too-large``) and not parsed."""

MAX_DEPTH = 32
"""Folders deeper than this below CONTENT_DIR are not scanned (a guard against link mazes)."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)


class ContentDirError(RuntimeError):
    """CONTENT_DIR is missing, not a folder or unreadable; the message says which."""


@dataclass(frozen=True, slots=True)
class Gone:
    """The file was deleted between the scan and the read."""


def is_inside(root: str, path: str) -> bool:
    """Whether the resolved ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan(content_dir: Path) -> list[SourceFile]:
    """Every candidate post file below ``content_dir``, sorted by relative path.

    Hidden files and folders (``.git``) are skipped. Symbolic links are followed when their
    target stays inside ``content_dir`` (files and folders alike; a link to a folder that
    holds one already on the way down is not entered, so link loops end). A link whose target
    lies outside is listed all the same, so that reading it reports the problem
    (:func:`read_source`). Only ``stat`` is called: FIFOs and sockets are listed without
    being opened. Raises :class:`ContentDirError` when ``content_dir`` is not a readable
    folder.
    """
    if not content_dir.exists():
        raise ContentDirError(f"content folder {str(content_dir)!r} does not exist (CONTENT_DIR)")
    if not content_dir.is_dir():
        raise ContentDirError(f"content folder {str(content_dir)!r} is not a folder (CONTENT_DIR)")
    root = os.path.realpath(content_dir)
    found: list[SourceFile] = []
    pending: list[tuple[str, str, tuple[str, ...]]] = [(str(content_dir), "", (root,))]
    while pending:
        folder, prefix, ancestors = pending.pop()
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
                if len(ancestors) <= MAX_DEPTH:
                    real = os.path.join(ancestors[-1], entry.name)
                    pending.append((entry.path, relative + "/", (*ancestors, real)))
                continue
            if entry.is_symlink() and entry.is_dir():
                followed = _linked_folder(root, entry, relative, ancestors)
                if isinstance(followed, SourceFile):
                    found.append(followed)
                elif followed is not None:
                    pending.append(followed)
                continue
            if is_candidate(relative):
                source = _source(entry, relative)
                if source is not None:
                    found.append(source)
    found.sort(key=lambda source: source.path)
    return found


def _source(entry: os.DirEntry[str], relative: str) -> SourceFile | None:
    try:
        info = entry.stat()
    except OSError:  # a dangling link, or deleted meanwhile
        return None
    return SourceFile(relative, info.st_mtime_ns, info.st_size)


def _linked_folder(
    root: str, entry: os.DirEntry[str], relative: str, ancestors: tuple[str, ...]
) -> tuple[str, str, tuple[str, ...]] | SourceFile | None:
    """A symbolic link to a folder: a folder to scan when its target is inside ``root`` and
    does not hold one of ``ancestors`` (the resolved folders on the way down: a loop); the
    link itself when the target is outside (reading it reports that); ``None`` to skip it."""
    real = os.path.realpath(entry.path)
    if not is_inside(root, real):
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            return None
        return SourceFile(relative, info.st_mtime_ns, info.st_size)
    if len(ancestors) > MAX_DEPTH or any(is_inside(real, folder) for folder in ancestors):
        return None  # a loop: the target holds a folder already on the way down
    return entry.path, relative + "/", (*ancestors, real)


def read_source(root: str, path: str, limit: int = MAX_FILE_BYTES) -> bytes | Problem | Gone:
    """The bytes of ``path`` (relative to ``root``, which is already resolved), or why not.

    Problems: ``outside-content`` (a link leading out of ``root``), ``not-a-file`` (a
    folder, FIFO, socket or device), ``too-large`` (over ``limit`` bytes; at most
    ``limit + 1`` bytes are read) and ``unreadable``. :class:`Gone` when it no longer exists.
    """
    real = os.path.realpath(os.path.join(root, path))
    if not is_inside(root, real):
        return _outside(path, real)
    try:
        info = os.lstat(real)
        if not stat.S_ISREG(info.st_mode):
            return _not_a_file(path, info.st_mode)
        descriptor = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        return Gone()
    except OSError as error:
        return _unreadable(path, error)
    try:
        return _read_open(root, path, descriptor, limit)
    except OSError as error:
        return _unreadable(path, error)
    finally:
        os.close(descriptor)


def _read_open(root: str, path: str, descriptor: int, limit: int) -> bytes | Problem:
    """Check what ``descriptor`` is (a regular file inside ``root``, not too large), then
    read it: what was checked is what is read, whatever changed on disk meanwhile."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        return _not_a_file(path, info.st_mode)
    try:  # Linux: the path of what was actually opened
        opened = os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        opened = None
    if opened is not None and opened.startswith("/") and not is_inside(root, opened):
        return _outside(path, opened)
    if info.st_size > limit:
        return _too_large(path, info.st_size, limit)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(descriptor, limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:  # it grew after the fstat
        return _too_large(path, size, limit)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_a_file(path: str, mode: int) -> Problem:
    kind = _kind(mode)
    return Problem(path, f"is {kind}, not a regular file; it is not read", code="not-a-file")


def _outside(path: str, target: str) -> Problem:
    return Problem(
        path,
        f"is a symbolic link to {target}, outside the content folder; it is not read",
        code="outside-content",
    )


def _too_large(path: str, size: int, limit: int) -> Problem:
    megabytes = f"{size / (1024 * 1024):.1f} MiB"
    limit_text = f"{limit / (1024 * 1024):g} MiB"
    return Problem(
        path, f"file is too large ({megabytes}, at most {limit_text}); it is not read",
        code="too-large", params=(("size", megabytes), ("limit", limit_text)),
    )  # fmt: skip


def _unreadable(path: str, error: OSError) -> Problem:
    detail = str(error.strerror or error)
    return Problem(
        path, f"cannot be read: {detail}", code="unreadable", params=(("detail", detail),)
    )
