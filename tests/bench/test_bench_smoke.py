"""The benchmark runs end to end at a small size (about 200 files). No timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.run import METRIC_KEYS

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_and_reports_every_metric(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--posts", "20", "--languages", "10",
         "--requests", "20", "--warmup", "5", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(doc["metrics"]) == set(METRIC_KEYS)
    assert doc["metrics"]["files"] == 200
    assert doc["metrics"]["reply_errors"] == 0  # every request got its reply
    assert doc["metrics"]["emulator_violations"] == 0  # and no body Discord would reject
    assert doc["params"]["languages"][:8] == ["en", "es", "pt", "sv", "nl", "ro", "ja", "zh"]
    assert {"cpu", "cores", "python", "sqlite"} <= set(doc["machine"])
    assert "| metric | value | target | met? |" in (out / "results.md").read_text(encoding="utf-8")
    assert "| metric | value | target | met? |" in done.stdout
