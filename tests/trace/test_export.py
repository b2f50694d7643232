"""Evidence exports: FtM lines valid against the FtM model, GEXF readable by networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from moneytrail.graph.build import build_graph
from moneytrail.model.ftm import check_jsonl
from moneytrail.trace.api import trace
from moneytrail.trace.export import ExportError, write_ftm, write_gexf
from moneytrail.trace.params import Policy, TraceParams
from tests.graph.tables import transfers

ROWS = [("A", "B", 1, 100), ("C", "B", 2, 100), ("B", "D", 3, 150)]


def test_ftm_lines_are_the_traced_payments(tmp_path: Path) -> None:
    g = build_graph(transfers(ROWS))
    r = trace(g, ["A"], TraceParams())
    path = tmp_path / "trace.ftm.jsonl"
    assert write_ftm(g, r, path) == 2
    checks = list(check_jsonl(path))
    assert [c.errors for c in checks] == [(), ()]
    assert {c.schema for c in checks} == {"Payment"}
    numbers = {json.loads(line)["properties"]["transactionNumber"][0] for line in path.open()}
    assert numbers == {"t0", "t2"}


def test_ftm_needs_the_table(tmp_path: Path) -> None:
    g = build_graph(transfers(ROWS), keep_table=False)
    with pytest.raises(ExportError):
        write_ftm(g, trace(g, ["A"]), tmp_path / "x.jsonl")


def test_gexf_has_nodes_edges_and_amounts(tmp_path: Path) -> None:
    g = build_graph(transfers(ROWS))
    r = trace(g, ["A"], TraceParams(policy=Policy.HAIRCUT))
    path = tmp_path / "trace.gexf"
    write_gexf(g, r, path)
    read = nx.read_gexf(path)
    assert set(read.nodes) == {"A", "B", "D"}
    assert read.edges["B", "D"]["attributed"] == pytest.approx(75.0)
    assert read.nodes["D"]["hop"] == 2
