"""What the rules see of a transfer's two ends: the instrument's kind and whether its holder
is a legal entity (the party a Kazakh BIN)."""

from __future__ import annotations

from typing import NamedTuple

import pyarrow as pa

from moneytrail.model.ids.kz import looks_like_bin

COMPANY = "company"
"""In a rule's skip set: any end whose holder is a legal entity, whatever its kind."""


class End(NamedTuple):
    """One end of a transfer as a rule sees it."""

    kind: str | None
    company: bool = False


NOWHERE = End(None)
"""An end nothing is known about."""


def end_of(kind: str | None, party: str | None) -> End:
    """The end of an instrument of `kind` held by `party` (an IIN, a BIN or unknown)."""
    return End(kind, party is not None and looks_like_bin(party))


def skipped(skip: frozenset[str], end: End) -> bool:
    """Whether a rule that skips `skip` (kinds, or `COMPANY`) ignores this end."""
    return end.kind in skip or (end.company and COMPANY in skip)


Ends = tuple[End, End]
"""A transfer's sender and receiver."""

COLUMNS = ("src_instrument_kind", "src_party", "dst_instrument_kind", "dst_party")
"""The canonical transfer columns the ends are read from."""


def ends_of(
    src_kind: str | None, src_party: str | None, dst_kind: str | None, dst_party: str | None
) -> Ends:
    """A transfer's sender and receiver from their instruments' kinds and holders."""
    return end_of(src_kind, src_party), end_of(dst_kind, dst_party)


def table_ends(transfers: pa.Table) -> list[Ends]:
    """Each row's ends, in the table's order (its `COLUMNS`)."""
    cols = [transfers[c].to_pylist() for c in COLUMNS]
    return [ends_of(*row) for row in zip(*cols, strict=True)]
