"""A tiny simulated world shared by the trace tests that score against its truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.sim.world import generate
from tests.sim.conftest import SEED, tiny_config


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a tiny world (seed as the sim tests' `MONEYTRAIL_SIM_TEST_SEED`)."""
    out = tmp_path_factory.mktemp("trace-world")
    generate(tiny_config(), SEED, out)
    return out
