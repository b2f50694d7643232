"""Canonical transfer tables to `Tx` in arrival order, and the known requisites from a table."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.realtime.account import Known
from moneytrail.realtime.tx import Tx, make_tx

_ENDS = ("src_instrument", "dst_instrument", "src_instrument_kind", "dst_instrument_kind")
_PARTIES = ("src_party", "dst_party")


def arrival_order(transfers: pa.Table) -> pa.Table:
    """Transfers as a stream delivers them: by second, then transfer id (the batch tie order)."""
    seconds = pc.divide(transfers["ts"].cast(pa.int64()), 1_000_000)
    keyed = transfers.append_column("_s", seconds)
    return keyed.sort_by([("_s", "ascending"), ("transfer_id", "ascending")]).drop(["_s"])


def txs(transfers: pa.Table) -> list[Tx]:
    """Every row of a TRANSFER_SCHEMA table as a `Tx`, in the table's order."""
    parties = [p for p in _PARTIES if p in transfers.column_names]
    cols = transfers.select(["transfer_id", "ts", "amount_minor", "channel", *_ENDS, *parties])
    return [
        make_tx(r["transfer_id"], r["ts"], r["amount_minor"], r["channel"], _ends(r), _parties(r))
        for r in cols.to_pylist()
    ]


def _ends(r: dict[str, object]) -> tuple[str | None, str | None, str | None, str | None]:
    return tuple(r[name] for name in _ENDS)  # type: ignore[return-value]


def _parties(r: dict[str, object]) -> tuple[str | None, str | None]:
    return tuple(r.get(name) for name in _PARTIES)  # type: ignore[return-value]


def known_of(table: pa.Table | None) -> Known:
    """(instrument, since) rows as instrument → earliest since (epoch seconds)."""
    known: Known = {}
    if table is None:
        return known
    for inst, since in zip(
        table["instrument"].to_pylist(), table["since"].to_pylist(), strict=True
    ):
        if inst is not None and since is not None:
            s = int(since)
            known[inst] = min(s, known.get(inst, s))
    return known
