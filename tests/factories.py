"""Small builders for test values and files (no mocks: real dataclasses, real files)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

from bot.content.model import Link, Problem, Translation
from bot.reload_report import Outcome


def translation(
    key: str,
    language: str,
    title: str,
    date: str | None = "2025-01-29",
    *,
    slug: str | None = None,
    path: str | None = None,
    summary: str = "A summary.",
    keywords: tuple[str, ...] = ("KDD", "RAG"),
    links: tuple[Link, ...] = (Link("paper", "https://example.org/paper"),),
) -> Translation:
    return Translation(
        key=key,
        language=language,
        slug=slug or key,
        path=path or f"{language}/{key}.md",
        title=title,
        date=dt.date.fromisoformat(date) if date else None,
        summary=summary,
        keywords=keywords,
        image="https://www.cambioml.com/images/x.jpeg",
        links=links,
        headings=("Intro",),
        text=f"{title} body",
        content_hash=hashlib.sha256(f"{key}{language}{title}{summary}{date}".encode()).hexdigest(),
    )


def ok(t: Translation, mtime_ns: int = 1) -> Outcome:
    return Outcome(t.path, mtime_ns, 100, t.content_hash, "ok", translation=t)


def broken(path: str, reason: str = "front matter is not valid YAML", line: int = 2) -> Outcome:
    return Outcome(path, 1, 10, "bad" + path, "problem", problem=Problem(path, reason, line))


def post_file(
    root: Path,
    relative: str,
    title: str,
    date: str = "2025-01-29",
    body: str = "First paragraph of the post. It has two sentences.",
    extra: str = "",
) -> Path:
    """Write a Markdown post in the site's layout and return its path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: '{title}'\ndate: '{date}'\nkeywords: 'one,two'\n{extra}---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def git(*args: str, cwd: Path) -> str:
    """Run the git command-line tool (as a content author would) and return its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def git_site(root: Path) -> tuple[Path, Path]:
    """A bare repository (the remote, reached over file://) and a working copy that pushes
    to it, in the site's layout: posts under ``blog/<language>/``, one post to start."""
    bare = root / "site.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=root)
    work = root / "work"
    git("clone", "--quiet", bare.as_uri(), str(work), cwd=root)
    git("checkout", "--quiet", "-b", "main", cwd=work)
    post_file(work / "blog", "en/first.md", "First", "2025-01-01")
    (work / "README.md").write_text("the site\n")
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "first", cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)
    return bare, work
