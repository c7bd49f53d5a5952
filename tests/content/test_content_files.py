"""Reading real files safely: only regular files inside CONTENT_DIR, never blocking, bounded.

FIFOs, sockets, device nodes, symbolic links (to files and folders, inside and outside),
link loops and oversized files, made for real in a temporary folder (no mocks).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.content.loader import MAX_FILE_BYTES, Gone, read_source, scan
from bot.content.model import Problem
from bot.pipeline import Job, load_batch
from bot.reloader import Reloader
from tests.factories import post_file

SITE = "https://www.cambioml.com"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    post_file(root, "en/good.md", "Good")
    return root


def problem_of(root: Path, path: str) -> Problem:
    result = read_source(os.path.realpath(root), path)
    assert isinstance(result, Problem), result
    return result


@pytest.fixture
def unix_socket(site: Path) -> Iterator[Path]:
    path = site / "en" / "sock.md"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    try:
        yield path
    finally:
        server.close()


def test_a_fifo_is_reported_without_blocking(site: Path) -> None:
    os.mkfifo(site / "en" / "x.md")
    assert [source.path for source in scan(site)] == ["en/good.md", "en/x.md"]
    started = time.monotonic()
    found = problem_of(site, "en/x.md")
    assert time.monotonic() - started < 1
    assert found.code == "not-a-file"
    assert "named pipe (FIFO)" in found.reason and "not a regular file" in found.reason


def test_a_socket_is_reported(site: Path, unix_socket: Path) -> None:
    assert "en/sock.md" in [source.path for source in scan(site)]
    found = problem_of(site, "en/sock.md")
    assert (found.code, "socket" in found.reason) == ("not-a-file", True)


def test_a_device_node_is_reported(site: Path) -> None:
    try:
        os.mknod(site / "en" / "null.md", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot create a device node as this user")
    found = problem_of(site, "en/null.md")
    assert (found.code, "device" in found.reason) == ("not-a-file", True)


def test_a_link_to_a_fifo_inside_is_reported_too(site: Path) -> None:
    os.mkfifo(site / "pipe")
    (site / "en" / "linked-pipe.md").symlink_to(site / "pipe")
    assert problem_of(site, "en/linked-pipe.md").code == "not-a-file"


def test_a_link_leading_outside_is_reported_and_not_read(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nsecret text\n", encoding="utf-8")
    (site / "en" / "passwd.md").symlink_to("/etc/passwd")
    (site / "en" / "secret.md").symlink_to(secret)
    (site / "en" / "relative.md").symlink_to("../../secret.md")
    for path in ("en/passwd.md", "en/secret.md", "en/relative.md"):
        found = problem_of(site, path)
        assert found.code == "outside-content", path
        assert "outside the content folder" in found.reason


def test_a_link_inside_is_read_and_the_content_folder_may_be_a_link(
    site: Path, tmp_path: Path
) -> None:
    post_file(site, "shared/original.md", "Original")
    (site / "en" / "alias.md").symlink_to(site / "shared" / "original.md")
    linked_root = tmp_path / "linked-blog"
    linked_root.symlink_to(site)
    data = read_source(os.path.realpath(linked_root), "en/alias.md")
    assert isinstance(data, bytes) and b"title: 'Original'" in data
    outcomes = load_batch(str(linked_root), [Job("en/alias.md", 1, 1, None)], SITE)
    assert outcomes[0].kind == "ok"
    assert outcomes[0].translation is not None and outcomes[0].translation.title == "Original"


def test_linked_folders_inside_are_followed_outside_reported_loops_ended(
    site: Path, tmp_path: Path
) -> None:
    post_file(site, "archive/es/old.md", "Viejo")
    (site / "es").symlink_to(site / "archive" / "es")  # inside: followed
    outside = tmp_path / "elsewhere"
    post_file(outside, "fr/far.md", "Loin")
    (site / "fr").symlink_to(outside / "fr")  # outside: listed, then reported
    (site / "en" / "loop").symlink_to(site)  # a loop: not entered
    (site / "archive" / "es" / "back").symlink_to(site / "archive")  # a longer loop
    paths = [source.path for source in scan(site)]
    assert paths == ["archive/es/old.md", "en/good.md", "es/old.md", "fr"]
    assert problem_of(site, "fr").code == "outside-content"


def test_a_file_deleted_before_the_read_is_gone(site: Path) -> None:
    assert isinstance(read_source(os.path.realpath(site), "en/missing.md"), Gone)


def test_too_large_files_are_reported_with_their_size(site: Path) -> None:
    big = site / "en" / "big.md"
    big.write_bytes(b"---\ntitle: Big\n---\n" + b"x" * (MAX_FILE_BYTES + 10))
    found = problem_of(site, "en/big.md")
    assert found.code == "too-large"
    assert "2.0 MiB" in found.reason and "at most 2 MiB" in found.reason
    assert dict(found.params)["size"] == "2.0 MiB"
    small = read_source(os.path.realpath(site), "en/big.md", limit=MAX_FILE_BYTES * 2)
    assert isinstance(small, bytes)
    exact = read_source(
        os.path.realpath(site), "en/good.md", limit=(site / "en/good.md").stat().st_size
    )
    assert isinstance(exact, bytes)


async def test_a_reload_reports_special_files_at_once(
    site: Path, tmp_path: Path, unix_socket: Path
) -> None:
    os.mkfifo(site / "en" / "x.md")
    (site / "en" / "passwd.md").symlink_to("/etc/passwd")
    (site / "en" / "big.md").write_bytes(b"---\ntitle: Big\n---\n" + b"x" * MAX_FILE_BYTES)
    loader = Reloader(site, tmp_path / "db.sqlite3", SITE)
    try:
        report = await loader.reload()
        again = await loader.reload()  # problems are read again, and still do not block
    finally:
        await loader.close()
    codes = {problem.path: problem.code for problem in report.problems}
    assert codes == {
        "en/x.md": "not-a-file",
        "en/sock.md": "not-a-file",
        "en/passwd.md": "outside-content",
        "en/big.md": "too-large",
    }
    assert report.added == [("good", "en")]
    assert {problem.path for problem in again.problems} == set(codes)


def test_check_command_reports_a_fifo_at_once(site: Path) -> None:
    os.mkfifo(site / "en" / "x.md")
    (site / "en" / "passwd.md").symlink_to("/etc/passwd")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "en/x.md: is a named pipe (FIFO), not a regular file" in result.stdout
    assert "en/passwd.md: is a symbolic link to /etc/passwd, outside the content folder" in (
        result.stdout
    )
