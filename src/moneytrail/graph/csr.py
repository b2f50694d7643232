"""The in-memory temporal graph: instruments as int32 nodes, transfers as edges in two CSRs.

`out` holds each node's outgoing edges sorted by time; `inc` holds incoming edges sorted by
time *descending*, stored as negated times, so that one forward kernel also walks backward.
Edge arrays are indexed by edge id, which is the row of the transfer in `table`.

`opening` is each node's balance before the data's first transfer (in the trace unit), where
known: it dilutes traced money like any clean inflow.

A `stop` node passes nothing on: a trace that reaches it ends there (an ATM, where cash
leaves the banks; a service's wallet, whose customers' money it pools).

`pair` links two edges that are one movement of money through an intermediary who converts
it (a tenge payment to an exchanger and the USDT the exchanger sent for it): `pair[b] = a`
says edge `b` carries on what edge `a` brought, and nothing else.

A graph built from part of a larger table (the rows a Spark trace collected) keeps, per
edge, its row in the whole table (`rows`) and the whole table's time span (`span`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.graph.workspace import WorkspacePool

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
I16 = npt.NDArray[np.int16]
F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]
NO_LINKS: tuple[I64, U8] = (np.zeros(0, np.int64), np.zeros(0, np.uint8))
"""Link arrays of a graph without pairs: the kernels then skip every link check."""


@dataclass(frozen=True, slots=True)
class Csr:
    """One direction: `ptr[v]:ptr[v+1]` are v's edges; `nbr` the other end, `edge` the edge id."""

    ptr: I64
    nbr: I32
    ts: I64
    amount: F64
    edge: I64


@dataclass(frozen=True, slots=True)
class Vocab:
    """Small string vocabularies behind the int16 codes of edge and node attributes."""

    currency: tuple[str | None, ...]
    channel: tuple[str | None, ...]
    country: tuple[str | None, ...]
    kind: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Edges:
    """Per-edge arrays by edge id (table row): ends, time (µs UTC), amounts and codes."""

    src: I32
    dst: I32
    ts: I64
    amount: F64
    amount_minor: I64
    currency: I16
    channel: I16
    dst_country: I16


class TemporalGraph:
    """A transfer graph ready for tracing; build it with `moneytrail.graph.build`."""

    def __init__(
        self,
        ids: pa.Array,
        edges: Edges,
        out: Csr,
        inc: Csr,
        node_kind: I16,
        node_country: I16,
        vocab: Vocab,
        table: pa.Table | None = None,
        data_version: str | None = None,
        pair: I64 | None = None,
        aliases: Mapping[str, str] | None = None,
        stop: U8 | None = None,
        opening: F64 | None = None,
        rows: I64 | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.ids, self.edges, self.out, self.inc = ids, edges, out, inc
        self.node_kind, self.node_country = node_kind, node_country
        self.vocab, self.table, self._data_version = vocab, table, data_version
        self.pair = pair if pair is not None and bool((pair >= 0).any()) else None
        self.aliases: Mapping[str, str] = aliases or {}
        self.stop = stop if stop is not None and bool(stop.any()) else None
        self.opening = opening if opening is not None else np.zeros(0, np.float64)
        self.rows, self._span = rows, span

    @property
    def node_count(self) -> int:
        """How many instruments."""
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        """How many transfers."""
        return int(self.edges.src.size)

    def lookup(self, instruments: list[str]) -> I32:
        """Node ids of the instruments (or of what they are aliases of, such as an address of a
        Bitcoin cluster); -1 where an instrument is not in the graph."""
        names = [self.aliases.get(i, i) for i in instruments] if self.aliases else instruments
        found = pc.index_in(pa.array(names, pa.string()), value_set=self.ids)
        return np.asarray(found.fill_null(-1), dtype=np.int32)

    def names(self, nodes: npt.NDArray[np.integer]) -> list[str]:
        """The instrument ids of nodes."""
        return [str(x) for x in self.ids.take(pa.array(nodes, pa.int64())).to_pylist()]

    def row(self, edge: int) -> int:
        """The row of an edge in the whole table: its id, unless the graph is part of a
        larger table (`rows`, see `build_graph`'s `part`)."""
        return edge if self.rows is None else int(self.rows[edge])

    @cached_property
    def span(self) -> tuple[int, int]:
        """The first and last transfer time (µs since the epoch); (0, 0) when empty; for a
        part of a larger table, the whole table's."""
        if self._span is not None:
            return self._span
        ts = self.edges.ts
        return (int(ts.min()), int(ts.max())) if ts.size else (0, 0)

    @cached_property
    def _forward_links(self) -> tuple[I64, U8]:
        return _links(self.out, self.pair, self.stop, backward=False)

    @cached_property
    def _backward_links(self) -> tuple[I64, U8]:
        return _links(self.inc, self.pair, self.stop, backward=True)

    def links(self, backward: bool) -> tuple[I64, U8]:
        """`then` and `gated` per position of the CSR walked (see `kernels.reach`)."""
        return self._backward_links if backward else self._forward_links

    @cached_property
    def workspaces(self) -> WorkspacePool:
        """Scratch arrays for traces over this graph, reused from trace to trace."""
        return WorkspacePool(self.node_count, self.edge_count)

    @cached_property
    def version(self) -> str:
        """The data version: given at build, else a BLAKE2b digest of the edge arrays."""
        if self._data_version is not None:
            return self._data_version
        digest = hashlib.blake2b(digest_size=16)
        for array in (self.edges.src, self.edges.dst, self.edges.ts, self.edges.amount_minor):
            digest.update(np.ascontiguousarray(array).tobytes())
        return digest.hexdigest()


def _links(csr: Csr, pair: I64 | None, stop: U8 | None, backward: bool) -> tuple[I64, U8]:
    """Forward, the first edge of a pair leads to the second, which is gated; backward, the
    second leads to the first. The edges a stop node would pass money on by are gated."""
    if pair is None and stop is None:
        return NO_LINKS
    then = np.full(csr.edge.size, -1, np.int64)
    gated = np.zeros(csr.edge.size, np.uint8)
    if stop is not None:
        gated[:] = np.repeat(stop, np.diff(csr.ptr))
    if pair is None:
        return then, gated
    position = np.empty(csr.edge.size, np.int64)
    position[csr.edge] = np.arange(csr.edge.size, dtype=np.int64)
    second = np.flatnonzero(pair >= 0)
    first = pair[second]
    lead, gate = (second, first) if backward else (first, second)
    then[position[lead]] = position[gate]
    gated[position[gate]] = 1
    return then, gated
