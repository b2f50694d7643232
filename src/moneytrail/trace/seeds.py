"""Seeds: identifiers as investigators type them, resolved to the graph's instruments.

A value found as written is taken as is. Otherwise it is checked as an identifier: a clear
card number becomes its keyed token (`card:<hex>`), a phone its E.164 form (tried as is and
as `phone:<E.164>`), other kinds their normalised form. What fails a check, or is valid but
not in the transfers, is reported by name with the reason; the trace runs on the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.registry import check


@dataclass(frozen=True, slots=True)
class Seed:
    """A seed as given, the instrument it names, and its node."""

    given: str
    instrument: str
    node: int


@dataclass(frozen=True, slots=True)
class BadSeed:
    """A seed that was not traced, and why."""

    given: str
    reason: str


@dataclass(frozen=True, slots=True)
class Seeds:
    """The seeds that will be traced and those that will not."""

    valid: tuple[Seed, ...]
    bad: tuple[BadSeed, ...]

    @property
    def nodes(self) -> npt.NDArray[np.int32]:
        """The node ids of the valid seeds, as int32."""
        return np.array([s.node for s in self.valid], dtype=np.int32)


def _candidates(value: str, tokenizer: Tokenizer | None) -> list[str] | str:
    """Instrument ids the value may be stored as, or why it is not an identifier."""
    result = check(value, None, tokenizer)
    if not result.valid:
        return f"{result.kind.value}: {result.reason}"
    if result.kind == IdKind.CARD:
        return [result.token] if result.token else "a card number needs the token key"
    normal = result.normalized or value
    return [normal, f"{result.kind.value}:{normal}"]


Lookup = Callable[[list[str]], npt.NDArray[np.int32]]
"""Node ids of instruments, -1 where one is not in the transfers."""


def resolve_seeds(graph: TemporalGraph, values: list[str], tokenizer: Tokenizer | None) -> Seeds:
    """Each value resolved to a node, or reported with the reason it cannot be."""
    return resolve_names(graph.lookup, values, tokenizer)


def resolve_names(lookup: Lookup, values: list[str], tokenizer: Tokenizer | None) -> Seeds:
    """`resolve_seeds` by any lookup of instruments (a graph's, or a query on Spark)."""
    valid: list[Seed] = []
    bad: list[BadSeed] = []
    direct = lookup(values)
    for value, node in zip(values, direct.tolist(), strict=True):
        if node >= 0:
            valid.append(Seed(value, value, node))
            continue
        found = _candidates(value.strip(), tokenizer)
        if isinstance(found, str):
            bad.append(BadSeed(value, found))
            continue
        hits = [(c, n) for c, n in zip(found, lookup(found).tolist(), strict=True) if n >= 0]
        if hits:
            valid.append(Seed(value, hits[0][0], hits[0][1]))
        else:
            bad.append(BadSeed(value, "valid, but not in the transfers"))
    return Seeds(tuple(valid), tuple(bad))
