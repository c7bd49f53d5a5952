"""A first load: an empty store is written batch by batch while the rest parses."""

from __future__ import annotations

from pathlib import Path

from bot.reloader import Reloader
from tests.factories import post_file

SITE = "https://www.cambioml.com"


async def test_a_first_load_writes_batch_by_batch(tmp_path: Path) -> None:
    root = tmp_path / "big"
    for n in range(40):
        post_file(root, f"en/p{n:02}.md", f"Post {n}", "2025-01-01")
    post_file(root, "sv/p00.md", "Inlägg", "2025-01-01", extra="translationKey: p00\n")
    post_file(root, "sv/dup.md", "Dubblett", "2025-01-01", extra="translationKey: p00\n")
    (root / "en" / "broken.md").write_text("---\ntitle: [\n---\n")
    seen: list[int] = []
    loader = Reloader(root, tmp_path / "db.sqlite3", SITE, batch_size=8, pool_threshold=1000)
    try:
        report = await loader.reload(on_apply_batch=seen.append)
        assert len(report.added) == 41 and report.parsed == 43
        # the second file of one post and language (in path order) is the duplicate
        assert {p.path for p in report.problems} == {"en/broken.md", "sv/p00.md"}
        assert seen == sorted(seen) and seen[-1] == 43  # counted across the batches
        again = await loader.reload()  # the fingerprint was recorded at the end
        assert not again.changed and again.parsed == 2  # only the two broken files
    finally:
        await loader.close()
