"""A run killed with SIGKILL, run again, ends with exactly the rows of one clean run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from moneytrail.lake.land import LandOptions, land
from moneytrail.model.ids.base import Tokenizer
from tests.lake.files import amlworld_csv

KILLER = Path(__file__).with_name("killer.py")
OPTS = LandOptions(Tokenizer(b"k"))


def _inputs(folder: Path, files: int, rows: int) -> list[Path]:
    folder.mkdir()
    return [amlworld_csv(folder / f"f{i}_Trans.csv", rows + i, bad=(i,)) for i in range(files)]


def snapshot(lake: Path) -> dict[str, Any]:
    """Everything a user can see in the lake, in a comparable form."""
    queries = {
        "transfers": "SELECT * EXCLUDE (ingest_id) FROM transfers ORDER BY transfer_id",
        "labels": "SELECT * FROM labels ORDER BY subject_id",
        "quarantine": 'SELECT "table", file, line, reason, raw FROM quarantine ORDER BY file, line',
        "ingests": "SELECT ingest_id, sha256, file, status, counts FROM ingests ORDER BY file",
    }
    with duckdb.connect(str(lake / "catalog.duckdb"), read_only=True) as con:
        return {name: con.sql(sql).to_arrow_table().to_pylist() for name, sql in queries.items()}


def _kill_run(lake: Path, point: str, files: list[Path]) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, str(KILLER), str(lake), point, *map(str, files)]
    return subprocess.run(command, capture_output=True, timeout=300, check=False)


@pytest.mark.parametrize("point", ["staging", "moving", "manifest"])
def test_killed_at_any_step_then_rerun_equals_a_clean_run(tmp_path: Path, point: str) -> None:
    files = _inputs(tmp_path / "in", files=3, rows=300)
    done = _kill_run(tmp_path / "lake", point, files)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    after_kill = snapshot(tmp_path / "lake")
    assert len(after_kill["ingests"]) == 1  # the first file only: nothing of the second shows
    assert len(after_kill["transfers"]) == 299
    land(files, tmp_path / "lake", OPTS)
    land(files, tmp_path / "clean", OPTS)
    assert snapshot(tmp_path / "lake") == snapshot(tmp_path / "clean")
    leftovers = list((tmp_path / "lake" / "staging").rglob("*.parquet"))
    assert leftovers == []


def _wait_for_parts(lake: Path, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if any((lake / "tables").rglob("part-*.parquet")):
            return
        time.sleep(0.01)


@pytest.mark.slow
def test_killed_at_a_moment_nobody_chose_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    files = _inputs(tmp_path / "in", files=6, rows=10_000)
    lake = tmp_path / "lake"
    command = [sys.executable, str(KILLER), str(lake), "none", *map(str, files)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_parts(lake, process, timeout=240)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "the run ended before it could be killed"
    land(files, lake, OPTS)
    land(files, tmp_path / "clean", OPTS)
    assert snapshot(lake) == snapshot(tmp_path / "clean")
