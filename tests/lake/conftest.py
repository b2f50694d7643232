"""Lakes shared by the lake tests, built once per test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from moneytrail.lake.engine import SparkEngine
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.layout import Lake
from moneytrail.model.ids.base import Tokenizer
from tests.ingest.external import AMLGENTEX


@pytest.fixture(scope="session")
def gentex_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """A lake holding the AMLGentex transactions."""
    root = tmp_path_factory.mktemp("gentex") / "lake"
    land([AMLGENTEX], root, LandOptions(Tokenizer(b"k")))
    return Lake.at(root)


@pytest.fixture(scope="session")
def spark_gentex(gentex_lake: Lake) -> Iterator[SparkEngine]:
    """Spark in local mode over the AMLGentex lake (the session is started once)."""
    engine = SparkEngine(gentex_lake, "local[2]")
    yield engine
    engine.close()
