"""A seed fixes every byte of a world; another seed gives another world."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.sim.manifest import read_manifest
from moneytrail.sim.world import generate
from tests.sim.conftest import SEED, tiny_config


@pytest.mark.slow
def test_same_seed_same_bytes_other_seed_other_world(world: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(tiny_config(), SEED, again)
    generate(tiny_config(), SEED + 1, other)
    first, second = read_manifest(world), read_manifest(again)
    assert first["files"] == second["files"]
    assert (world / "manifest.json").read_bytes() == (again / "manifest.json").read_bytes()
    third = read_manifest(other)["files"]
    differ = [name for name, digest in first["files"].items() if third.get(name) != digest]
    assert "observable/bank/transfers/transfers-2026-06-01.parquet" in differ
    assert "truth/transfer_labels.parquet" in differ
