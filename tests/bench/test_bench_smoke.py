"""The benchmark runs end to end at a small size (about 200 files). No timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.report import METRIC_KEYS

ROOT = Path(__file__).resolve().parents[2]

#: Metrics a run must report with a value (not ``null``): the corpus's sizes, the floors and
#: the ratios the targets compare.
REPORTED = (
    "corpus_p10_kib", "corpus_p50_kib", "corpus_p90_kib", "corpus_p99_kib", "corpus_max_kib",
    "corpus_mean_kib", "cold_load_cpus", "cold_load_ratio_wall",
    "floor_reply_same_body_p50_ms", "floor_reply_same_body_p99_ms",
    "floor_autocomplete_p50_ms", "floor_autocomplete_p99_ms", "floor_autocomplete_choices",
    "post_p50_ratio_same_body", "post_p99_ratio_same_body",
    "autocomplete_p50_ratio", "autocomplete_p99_ratio", "search_p99_ms", "serving_rss_mb",
)  # fmt: skip


def test_benchmark_runs_and_reports_every_metric(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--posts", "20", "--languages", "10",
         "--requests", "20", "--warmup", "5", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    metrics = doc["metrics"]
    assert set(metrics) == set(METRIC_KEYS)
    assert metrics["files"] == 200
    assert {key for key in REPORTED if metrics[key] is None} == set()
    assert metrics["floor_autocomplete_choices"] > 0  # the floor returns choices
    assert metrics["reply_errors"] == 0  # every request got its reply
    assert metrics["emulator_violations"] == 0  # and no body Discord would reject
    assert doc["params"]["languages"][:8] == ["en", "es", "pt", "sv", "nl", "ro", "ja", "zh"]
    assert {"cpu", "cores", "python", "sqlite"} <= set(doc["machine"])
    sizes = doc["corpus_sizes"]
    assert sizes["all"]["files"] == 200
    assert {"latin", "japanese", "chinese"} <= set(sizes["scripts"])
    targeted = {row["metric"] for row in doc["targets"] if row["target"]}
    assert {"post_p50_ratio_same_body", "autocomplete_p99_ratio", "search_p99_ms"} <= targeted
    for text in ((out / "results.md").read_text(encoding="utf-8"), done.stdout):
        assert "| metric | value | target | met? |" in text
        assert "| real site (target) |" in text
