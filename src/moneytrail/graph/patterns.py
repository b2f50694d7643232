"""Typologies as graph reads: transfer cycles, many-to-one then cash-out, fast in fast out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.graph.kernels.motifs import fan_in_before, fast_in_fast_out
from moneytrail.graph.kernels.reach import first_at
from moneytrail.model.transfers import Channel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def cycles(
    graph: TemporalGraph, node: int, window: I64, max_len: int = 6, limit: int = 1000
) -> list[list[int]]:
    """Time-respecting transfer cycles through `node` (edge ids, each transfer at or after the
    one before, all in the window), of at most `max_len` transfers; at most `limit` of them."""
    found: list[list[int]] = []
    out, path = graph.out, []

    def walk(u: int, after: int, on_path: set[int]) -> None:
        lo = first_at(out.ts, int(out.ptr[u]), int(out.ptr[u + 1]), after)
        hi = first_at(out.ts, lo, int(out.ptr[u + 1]), int(window[1]) + 1)
        for p in range(lo, hi):
            if len(found) >= limit:
                return
            v = int(out.nbr[p])
            path.append(int(out.edge[p]))
            if v == node:
                found.append(list(path))
            elif v not in on_path and len(path) < max_len:
                walk(v, int(out.ts[p]), on_path | {v})
            path.pop()

    walk(node, int(window[0]), {node})
    return found


@dataclass(frozen=True, slots=True)
class FanInCashOut:
    """A cash-out transfer preceded by money from many distinct senders into its source."""

    node: int
    edge: int
    senders: int


def fan_in_cash_out(graph: TemporalGraph, min_senders: int, within_us: int) -> list[FanInCashOut]:
    """Cash-outs (ATM channel) whose source got money from at least `min_senders` distinct
    senders in the `within_us` µs before; most senders first."""
    codes = [i for i, c in enumerate(graph.vocab.channel) if c == Channel.ATM_CASH_OUT.value]
    e, inc = graph.edges, graph.inc
    cash = np.flatnonzero(np.isin(e.channel, codes)).astype(np.int64)
    counts = fan_in_before(inc.ptr, inc.nbr, inc.ts, e.src, e.ts, cash, within_us)
    hits = np.flatnonzero(counts >= min_senders)
    hits = hits[np.argsort(-counts[hits], kind="stable")]
    return [FanInCashOut(int(e.src[cash[i]]), int(cash[i]), int(counts[i])) for i in hits]


def fast_out_share(graph: TemporalGraph, within_us: int) -> F64:
    """Per node, the share of money in that left again within `within_us` µs (FIFO order)."""
    out, inc = graph.out, graph.inc
    return fast_in_fast_out(out.ptr, out.ts, out.amount, inc.ptr, inc.ts, inc.amount, within_us)
