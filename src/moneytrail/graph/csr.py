"""The in-memory temporal graph: instruments as int32 nodes, transfers as edges in two CSRs.

`out` holds each node's outgoing edges sorted by time; `inc` holds incoming edges sorted by
time *descending*, stored as negated times, so that one forward kernel also walks backward.
Edge arrays are indexed by edge id, which is the row of the transfer in `table`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
I16 = npt.NDArray[np.int16]
F64 = npt.NDArray[np.float64]


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
    ) -> None:
        self.ids, self.edges, self.out, self.inc = ids, edges, out, inc
        self.node_kind, self.node_country = node_kind, node_country
        self.vocab, self.table, self._data_version = vocab, table, data_version

    @property
    def node_count(self) -> int:
        """How many instruments."""
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        """How many transfers."""
        return int(self.edges.src.size)

    def lookup(self, instruments: list[str]) -> I32:
        """Node ids of the instruments; -1 where an instrument is not in the graph."""
        found = pc.index_in(pa.array(instruments, pa.string()), value_set=self.ids)
        return np.asarray(found.fill_null(-1), dtype=np.int32)

    def names(self, nodes: npt.NDArray[np.integer]) -> list[str]:
        """The instrument ids of nodes."""
        return [str(x) for x in self.ids.take(pa.array(nodes, pa.int64())).to_pylist()]

    @cached_property
    def span(self) -> tuple[int, int]:
        """The first and last transfer time (µs since the epoch); (0, 0) when empty."""
        ts = self.edges.ts
        return (int(ts.min()), int(ts.max())) if ts.size else (0, 0)

    @cached_property
    def version(self) -> str:
        """The data version: given at build, else a BLAKE2b digest of the edge arrays."""
        if self._data_version is not None:
            return self._data_version
        digest = hashlib.blake2b(digest_size=16)
        for array in (self.edges.src, self.edges.dst, self.edges.ts, self.edges.amount_minor):
            digest.update(np.ascontiguousarray(array).tobytes())
        return digest.hexdigest()
