"""Building the graph: node encoding, CSR order, synthetic ends, currencies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from moneytrail.graph import build
from moneytrail.graph.build import GraphError, build_graph, read_transfers
from tests.graph.tables import transfers


def test_forward_csr_is_grouped_by_source_and_time_ordered() -> None:
    g = build_graph(transfers([("A", "B", 5, 1), ("A", "C", 1, 2), ("B", "A", 3, 3)]))
    a = int(g.lookup(["A"])[0])
    lo, hi = g.out.ptr[a], g.out.ptr[a + 1]
    assert g.out.ts[lo:hi].tolist() == sorted(g.out.ts[lo:hi].tolist())
    assert g.out.edge[lo:hi].tolist() == [1, 0]
    assert g.names(g.out.nbr[lo:hi]) == ["C", "B"]


def test_reverse_csr_holds_incoming_latest_first_as_negated_times() -> None:
    g = build_graph(transfers([("A", "C", 1, 1), ("B", "C", 2, 1)]))
    c = int(g.lookup(["C"])[0])
    lo, hi = g.inc.ptr[c], g.inc.ptr[c + 1]
    assert g.names(g.inc.nbr[lo:hi]) == ["B", "A"]
    assert (-g.inc.ts[lo:hi]).tolist() == [g.edges.ts[1], g.edges.ts[0]]


def test_missing_instrument_becomes_a_source_or_sink_of_its_kind() -> None:
    table = transfers(
        [("A", None, 1, 5), (None, "A", 2, 5)],
        src_instrument_kind=["card", "cash"],
        dst_instrument_kind=["cash", "card"],
    )
    g = build_graph(table)
    assert sorted(g.names(np.arange(g.node_count))) == ["A", "sink:cash", "source:cash"]


def test_unknown_node_looks_up_as_minus_one() -> None:
    g = build_graph(transfers([("A", "B", 1, 1)]))
    assert g.lookup(["B", "nope"]).tolist()[1] == -1


def test_several_currencies_need_rates_and_rates_convert() -> None:
    table = transfers([("A", "B", 1, 1), ("B", "C", 2, 1)], currency=["KZT", "USD"])
    with pytest.raises(GraphError, match="give a rate"):
        build_graph(table)
    g = build_graph(table, rates={"KZT": 1.0, "USD": 500.0})
    assert g.edges.amount.tolist() == [1.0, 500.0]


def test_missing_column_is_named() -> None:
    with pytest.raises(GraphError, match="amount_minor"):
        build_graph(transfers([("A", "B", 1, 1)]).drop_columns(["amount_minor"]))


def test_version_is_stable_and_follows_the_data() -> None:
    one = build_graph(transfers([("A", "B", 1, 1)])).version
    assert one == build_graph(transfers([("A", "B", 1, 1)])).version
    assert one != build_graph(transfers([("A", "B", 1, 2)])).version


def test_dictionary_columns_and_parquet_give_the_same_graph(tmp_path: Path) -> None:
    rows = [("A", "B", 1, 1), ("B", "C", 2, 2), ("C", "A", 3, 3)]
    plain = build_graph(transfers(rows))
    table = transfers(rows)
    for name in ("src_instrument", "dst_instrument", "currency"):
        table = table.set_column(
            table.column_names.index(name), name, pc.dictionary_encode(table.column(name))
        )
    pq.write_table(transfers(rows), tmp_path / "t.parquet")
    for graph in (build_graph(table), build_graph(read_transfers(tmp_path))):
        assert graph.names(graph.edges.src) == plain.names(plain.edges.src)
        assert graph.names(graph.out.nbr) == plain.names(plain.out.nbr)
        assert graph.vocab == plain.vocab


def test_reading_a_missing_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="no such file"):
        read_transfers(tmp_path / "nothing")


@pytest.mark.parametrize("seed", range(5))
def test_rows_in_time_order_need_no_sort_and_give_the_same_csrs(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    hours = np.sort(rng.integers(0, 6, 200)).astype(float)  # many ties
    rows = [
        (f"n{a}", f"n{b}", h, 1.0)
        for a, b, h in zip(rng.integers(0, 9, 200), rng.integers(0, 9, 200), hours, strict=True)
    ]
    ordered = build_graph(transfers(rows))
    monkeypatch.setattr(build, "is_sorted", lambda _ts: False)
    sorted_here = build_graph(transfers(rows))
    for mine, theirs in ((ordered.out, sorted_here.out), (ordered.inc, sorted_here.inc)):
        assert np.array_equal(mine.ptr, theirs.ptr)
        assert np.array_equal(mine.edge, theirs.edge)
        assert np.array_equal(mine.ts, theirs.ts)
