"""Totals and a daily timeline of a trace."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.transfers import InstrumentKind
from moneytrail.trace.attribution import Attribution
from moneytrail.trace.engine import Reach
from moneytrail.trace.params import SeedMoney
from moneytrail.trace.seeds import Seeds

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
DAY_US = 86_400_000_000
SYNTHETIC = ("source:", "sink:")


@dataclass(frozen=True, slots=True)
class Totals:
    """Counts and sums of a trace; amounts in the graph's unit, `by_currency` in minor units.

    `entered` is what left the seeds (what they received, when that is the traced money);
    `attributed` sums the traced money over every transfer,
    so money that moves three hops counts three times (it is a volume, not a stock).
    """

    transactions: int
    amount: float
    entered: float
    attributed: float
    left_trace: float
    accounts: int
    wallets: int
    countries: tuple[str, ...]
    by_currency: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        data = asdict(self)
        data["countries"] = list(self.countries)
        return data


@dataclass(frozen=True, slots=True)
class Day:
    """One UTC day of traced transfers."""

    day: str
    transactions: int
    amount: float
    attributed: float

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def _by_currency(graph: TemporalGraph, edges: I64) -> dict[str, int]:
    e = graph.edges
    sums = np.bincount(
        e.currency[edges], weights=e.amount_minor[edges], minlength=len(graph.vocab.currency)
    )
    return {str(c): int(s) for c, s in zip(graph.vocab.currency, sums.tolist(), strict=True) if s}


def totals(
    graph: TemporalGraph,
    found: Reach,
    attributed: F64,
    amounts: Attribution,
    seeds: Seeds,
    seed_money: SeedMoney = SeedMoney.SENT,
) -> Totals:
    """The totals of a trace."""
    v = graph.vocab
    kinds = graph.node_kind[found.nodes]
    wallet = np.isin(kinds, [i for i, k in enumerate(v.kind) if k == InstrumentKind.WALLET.value])
    synthetic = np.array([n.startswith(SYNTHETIC) for n in graph.names(found.nodes)], bool)
    countries = {v.country[c] for c in np.unique(graph.node_country[found.nodes]).tolist()}
    traced = np.isin(amounts.edges, found.edges)
    return Totals(
        transactions=int(found.edges.size),
        amount=float(graph.edges.amount[found.edges].sum()),
        entered=float(
            (amounts.received if seed_money == SeedMoney.RECEIVED else amounts.sent)[
                seeds.nodes
            ].sum()
        ),
        attributed=float(attributed.sum()),
        left_trace=float(amounts.carried[~traced].sum()),
        accounts=int((~wallet & ~synthetic).sum()),
        wallets=int(wallet.sum()),
        countries=tuple(sorted(c for c in countries if c)),
        by_currency=_by_currency(graph, found.edges),
    )


def timeline(graph: TemporalGraph, edges: I64, attributed: F64) -> tuple[Day, ...]:
    """Traced transfers per UTC day."""
    days, inverse = np.unique(graph.edges.ts[edges] // DAY_US, return_inverse=True)
    counts = np.bincount(inverse, minlength=days.size)
    amount = np.bincount(inverse, weights=graph.edges.amount[edges], minlength=days.size)
    carried = np.bincount(inverse, weights=attributed, minlength=days.size)
    return tuple(
        Day(str(np.datetime64(int(d), "D")), int(c), float(a), float(t))
        for d, c, a, t in zip(
            days.tolist(), counts.tolist(), amount.tolist(), carried.tolist(), strict=True
        )
    )
