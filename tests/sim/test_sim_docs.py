"""docs/sim.md documents every parameter of a world and every stage label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from moneytrail.sim.config import SimConfig

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sim.md").read_text(encoding="utf-8")


def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every leaf key of a config model, dotted."""
    out = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            out += keys(kind, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


@pytest.mark.parametrize("key", keys(SimConfig))
def test_every_parameter_is_documented(key: str) -> None:
    assert f"| `{key}` |" in DOC


def test_every_stage_is_documented(world: Path) -> None:
    import pyarrow.parquet as pq

    stages = set(pq.read_table(world / "truth/transfer_labels.parquet").column("stage").to_pylist())
    documented = set(re.findall(r"`([a-z0-9_]+)`", DOC))
    assert stages <= documented
