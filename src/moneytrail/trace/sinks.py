"""Where traced money ends: ranked sinks, each category a short rule over the flow.

- `accumulator`: keeps traced money (received minus sent): organizer candidates.
- `cash_out`: sends traced money to cash (ATM withdrawal channel, or a cash sink).
- `foreign_exit`: receives traced money at a bank outside the home country.
- `crypto_exit`: receives traced money as a wallet or through an exchange trade, or as a
  P2P trader whose USDT leg for it was matched (a fiat→crypto bridge).
A backward trace has one category, `origin`: where the seeds' money came from and stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.transfers import Channel, InstrumentKind
from moneytrail.trace.engine import Reach
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.seeds import Seeds

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
CRYPTO_CHANNELS = (Channel.EXCHANGE_TRADE.value, Channel.CRYPTO_TRANSFER.value)


@dataclass(frozen=True, slots=True)
class Sink:
    """One ranked sink: the instrument, how much traced money, over how many transfers."""

    category: str
    instrument: str
    kind: str | None
    country: str | None
    amount: float
    transfers: int

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "category": self.category,
            "instrument": self.instrument,
            "kind": self.kind,
            "country": self.country,
            "amount": self.amount,
            "transfers": self.transfers,
        }


def _sinks(
    graph: TemporalGraph,
    category: str,
    nodes: npt.NDArray[np.integer],
    amounts: F64,
    counts: I64,
    top: int,
) -> list[Sink]:
    keep = np.flatnonzero(amounts > 0)
    keep = keep[np.argsort(-amounts[keep], kind="stable")[:top]]
    names = graph.names(nodes[keep])
    v = graph.vocab
    return [
        Sink(
            category,
            name,
            v.kind[graph.node_kind[nodes[i]]],
            v.country[graph.node_country[nodes[i]]],
            float(amounts[i]),
            int(counts[i]),
        )
        for i, name in zip(keep.tolist(), names, strict=True)
    ]


def _by_node(
    graph: TemporalGraph,
    category: str,
    ends: npt.NDArray[np.int32],
    mask: B,
    attributed: F64,
    top: int,
) -> list[Sink]:
    """Traced edges selected by `mask`, summed per end node."""
    nodes, inverse = np.unique(ends[mask], return_inverse=True)
    amounts = np.bincount(inverse, attributed[mask], nodes.size).astype(np.float64)
    counts = np.bincount(inverse, minlength=nodes.size).astype(np.int64)
    return _sinks(graph, category, nodes, amounts, counts, top)


def _codes(labels: tuple[str | None, ...], wanted: tuple[str, ...]) -> list[int]:
    return [i for i, label in enumerate(labels) if label in wanted]


def _edge_masks(graph: TemporalGraph, edges: I64, home: str) -> dict[str, tuple[bool, B]]:
    """Per edge category: whether it is summed at the source, and which traced edges it has."""
    e, v = graph.edges, graph.vocab
    dst_kind = graph.node_kind[e.dst[edges]]
    cash = np.isin(e.channel[edges], _codes(v.channel, (Channel.ATM_CASH_OUT.value,)))
    cash |= np.isin(dst_kind, _codes(v.kind, (InstrumentKind.CASH.value,)))
    abroad = np.isin(
        e.dst_country[edges], _codes(v.country, tuple(c for c in v.country if c and c != home))
    )
    crypto = np.isin(e.channel[edges], _codes(v.channel, CRYPTO_CHANNELS))
    crypto |= np.isin(dst_kind, _codes(v.kind, (InstrumentKind.WALLET.value,)))
    crypto &= ~np.isin(
        graph.node_kind[e.src[edges]], _codes(v.kind, (InstrumentKind.WALLET.value,))
    )
    if graph.pair is not None:  # the tenge leg of a fiat→crypto bridge
        bought = np.isin(edges, graph.pair[graph.pair >= 0])
        crypto |= bought & ~np.isin(e.channel[edges], _codes(v.channel, CRYPTO_CHANNELS))
    return {
        "cash_out": (True, cash),
        "foreign_exit": (False, abroad),
        "crypto_exit": (False, crypto),
    }


def _traced_in(graph: TemporalGraph, found: Reach, backward: bool) -> I64:
    """Per reached node, how many traced transfers brought it money (in trace direction)."""
    ends = (graph.edges.src if backward else graph.edges.dst)[found.edges]
    local = np.searchsorted(found.nodes, ends)
    return np.bincount(local, minlength=found.nodes.size).astype(np.int64)


def rank_sinks(
    graph: TemporalGraph,
    params: TraceParams,
    found: Reach,
    attributed: F64,
    held: F64,
    seeds: Seeds,
) -> tuple[Sink, ...]:
    """The top sinks of every category, largest amount first within a category."""
    not_seed = ~np.isin(found.nodes, seeds.nodes)
    counts = _traced_in(graph, found, params.direction == Direction.BACKWARD)
    held = np.where(not_seed, held, 0.0)
    if params.direction == Direction.BACKWARD:
        return tuple(_sinks(graph, "origin", found.nodes, held, counts, params.top))
    out = _sinks(graph, "accumulator", found.nodes, held, counts, params.top)
    e = graph.edges
    for category, (at_source, mask) in _edge_masks(graph, found.edges, params.home_country).items():
        ends = (e.src if at_source else e.dst)[found.edges]
        out += _by_node(graph, category, ends, mask, attributed, params.top)
    return tuple(out)
