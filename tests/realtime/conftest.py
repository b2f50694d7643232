"""A tiny simulated world, its transfers in arrival order, and an online model trained once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import load
from moneytrail.features.engine import duckdb_engine
from moneytrail.realtime.online_model import train_online
from moneytrail.realtime.replay import arrival_order, txs
from moneytrail.realtime.service import DecisionService
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


HITS_N = 2500
"""Transfers (in arrival order) the block-hits model is tuned on and tested with."""


@pytest.fixture(scope="session")
def hits_model(
    online_model: Path, sim_transfers: pa.Table, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The online model blocking on an account's 2nd block-level transfer, its block threshold
    at the 90th percentile of the first `HITS_N` transfers' scores (so that many receivers
    get one block-level transfer, and many two or more)."""
    model = gbm.load(online_model)
    batch = txs(arrival_order(sim_transfers).slice(0, HITS_N))
    service = DecisionService(model, {})
    chunks = (service.decide(batch[i : i + 128]) for i in range(0, len(batch), 128))
    scores = [d.score for chunk in chunks for d in chunk]
    cut = float(np.quantile(scores, 0.9))
    t = model.thresholds
    model.thresholds = replace(t, block=cut, review=min(t.review, cut), block_hits=2)
    return gbm.save(model, tmp_path_factory.mktemp("rt_hits_model"))
