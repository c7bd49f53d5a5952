"""Following a git repository: a local bare repository over file://, as a remote would be."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.gitsync import GitError, GitFollower, redact
from bot.reloader import Reloader
from bot.store import Store
from tests.factories import git, git_site, post_file

SITE = "https://www.cambioml.com"


@pytest.fixture
def remote(tmp_path: Path) -> tuple[Path, Path]:
    return git_site(tmp_path)


async def test_clone_follow_and_force_push(remote: tuple[Path, Path], tmp_path: Path) -> None:
    bare, work = remote
    clone = tmp_path / "content"
    follower = GitFollower(bare.as_uri(), clone)  # default branch from the remote
    reloader = Reloader(clone / "blog", tmp_path / "db.sqlite3", SITE)
    try:
        assert await follower.sync() is True
        assert (await reloader.reload()).added == [("first", "en")]
        assert await follower.sync() is False  # nothing new

        post_file(work / "blog", "sv/second.md", "Andra", "2025-02-01")
        git("add", ".", cwd=work)
        git("commit", "--quiet", "-m", "second", cwd=work)
        git("push", "--quiet", "origin", "main", cwd=work)
        assert await follower.sync() is True
        assert (await reloader.reload()).added == [("second", "sv")]

        # a force-push that drops the second commit is followed, local edits are discarded
        (clone / "blog" / "en" / "first.md").write_text("local edit\n")
        git("reset", "--quiet", "--hard", "HEAD~1", cwd=work)
        git("push", "--quiet", "--force", "origin", "main", cwd=work)
        assert await follower.sync() is True
        report = await reloader.reload()
        assert report.removed == [("second", "sv")] and report.problems == []
    finally:
        await reloader.close()
    async with await Store.open(tmp_path / "db.sqlite3") as store:
        assert await store.languages_of("first") == ["en"]


async def test_a_failed_fetch_keeps_the_clone_and_hides_credentials(
    remote: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bare, _ = remote
    clone = tmp_path / "content"
    follower = GitFollower(bare.as_uri(), clone, branch="main")
    await follower.sync()
    head = follower.head
    # a remote that refuses at once (nothing listens on port 9 of this machine)
    follower.url = "http://alice:s3cret@127.0.0.1:9/site.git"
    with caplog.at_level(logging.INFO):
        assert await follower.sync_logged() is False
    assert follower.head == head and (clone / "blog" / "en" / "first.md").is_file()
    assert follower.last_error is not None and "s3cret" not in follower.last_error
    assert "s3cret" not in caplog.text and "alice" not in caplog.text
    assert "fetching the content repository failed" in caplog.text


def test_redact() -> None:
    url = "https://bot:tok3n@git.example.com/site.git"
    assert redact(f"fatal: unable to access '{url}/'", url) == (
        "fatal: unable to access 'https://***@git.example.com/site.git/'"
    )
    assert redact("no secrets here", "https://git.example.com/site.git") == "no secrets here"


async def test_a_folder_that_is_not_the_clone_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    post_file(folder, "en/mine.md", "Mine", "2025-01-01")
    with pytest.raises(GitError, match="not empty"):
        await GitFollower("file:///nowhere.git", folder).sync()
    assert (folder / "en" / "mine.md").is_file()
