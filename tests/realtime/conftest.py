"""A tiny simulated world, its transfers in arrival order, and an online model trained once."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import load
from moneytrail.features.engine import duckdb_engine
from moneytrail.realtime.online_model import train_online
from moneytrail.sim.world import generate
from tests.detect.conftest import amlgentex_like
from tests.sim.conftest import tiny_config


def whole_seconds(transfers: pa.Table) -> pa.Table:
    """Times cut to whole seconds (the two batch engines turn sub-seconds into t differently)."""
    micros = transfers["ts"].cast(pa.int64())
    cut = pc.multiply(pc.divide(micros, 1_000_000), 1_000_000)
    index = transfers.schema.get_field_index("ts")
    return transfers.set_column(index, "ts", cut.cast(transfers.schema.field("ts").type))


@pytest.fixture(scope="session")
def sim_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny world of seed 7 (about 15,000 bank transfers over a month)."""
    out = tmp_path_factory.mktemp("rt_world")
    generate(tiny_config(), 7, out)
    return out


@pytest.fixture(scope="session")
def sim_transfers(sim_world: Path) -> pa.Table:
    """The world's bank transfers, times in whole seconds."""
    return whole_seconds(load(f"sim:{sim_world}").transfers)


@pytest.fixture(scope="session")
def online_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `gbm-online-v1` folder trained on a small AMLGentex-shaped file."""
    folder = tmp_path_factory.mktemp("rt_model")
    model, _ = train_online(duckdb_engine(), load(f"amlgentex:{amlgentex_like(folder)}"))
    return gbm.save(model, folder / "models")
