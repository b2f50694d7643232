"""Fixtures of the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.external import AMLSIM


@pytest.fixture(scope="session")
def amlsim_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AMLSim sample extracted, as people usually have it."""
    import tarfile

    folder = tmp_path_factory.mktemp("amlsim")
    with tarfile.open(AMLSIM) as archive:
        archive.extractall(folder, filter="data")
    return folder / "20K_fanin200cycle200"


@pytest.fixture(scope="session")
def gentex_sample() -> bytes:
    """The first 300 AMLGentex transactions as a Parquet file's bytes."""
    import io

    import pyarrow.parquet as pq

    from tests.ingest.external import AMLGENTEX

    buffer = io.BytesIO()
    pq.write_table(pq.read_table(AMLGENTEX).slice(0, 300), buffer)
    return buffer.getvalue()
