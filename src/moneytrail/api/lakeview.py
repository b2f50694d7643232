"""The lake's committed parties, instruments and transfers, held in memory and indexed for
the entity pages and the search (read once, through `moneytrail.lake.read.committed_table`).

Rows come back as plain dicts; an instrument seen in several files (a card in every day's
transfers) is one merged row. Cards are only ever tokens and masks, as the lake holds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.api.lakeindex import I64, Index
from moneytrail.lake.read import card_masks, committed_table

TRANSFER_COLUMNS = (
    "transfer_id", "ts", "amount_minor", "currency", "channel", "src_party", "src_instrument",
    "src_instrument_kind", "dst_party", "dst_instrument", "dst_instrument_kind", "mcc",
)  # fmt: skip
CRYPTO_COLUMNS = (
    "chain", "txid", "ts", "from_address", "to_address", "asset", "decimals", "amount_minor",
    "input_addresses",
)  # fmt: skip

PARTY_KEYS = ("party_id", "iin", "phones", "bin")
INSTRUMENT_KEYS = (
    "instrument_id", "holder_party", "iban", "masked_cards", "card_tokens", "address", "username",
)  # fmt: skip
TRANSFER_KEYS = ("src_instrument", "dst_instrument", "src_party", "dst_party")


def _newest_first(table: pa.Table, columns: Iterable[str]) -> pa.Table:
    return table.select(list(columns)).sort_by([("ts", "descending")]).combine_chunks()


def merge(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One row from several of the same instrument: first value of each field, lists united."""
    if not rows:
        return None
    merged = dict(rows[0])
    for row in rows[1:]:
        for key, value in row.items():
            if isinstance(value, list):
                merged[key] = sorted({*(merged.get(key) or ()), *value})
            elif merged.get(key) is None:
                merged[key] = value
    return merged


@dataclass(frozen=True)
class LakeView:
    """Indexed, read-only tables of one lake."""

    parties: pa.Table
    instruments: pa.Table
    transfers: pa.Table
    crypto: pa.Table
    party_by: dict[str, Index]
    instrument_by: dict[str, Index]
    transfer_by: dict[str, Index]
    crypto_by: dict[str, Index]
    masks: dict[str, str]
    merged: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    """Instruments merged so far (a cache; rows never change once committed)."""
    merged_parties: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    """Parties merged so far (likewise)."""

    @classmethod
    def load(cls, lake: Path) -> LakeView:
        """Read and index the lake's committed tables."""
        parties = committed_table(lake, "parties", missing_ok=True).combine_chunks()
        instruments = committed_table(lake, "instruments", missing_ok=True).combine_chunks()
        transfers = _newest_first(
            committed_table(lake, "transfers", missing_ok=True), TRANSFER_COLUMNS
        )
        crypto = _newest_first(
            committed_table(lake, "crypto_transfers", missing_ok=True), CRYPTO_COLUMNS
        )
        return cls(
            parties,
            instruments,
            transfers,
            crypto,
            {k: Index.build(parties, k) for k in PARTY_KEYS if k in parties.column_names},
            {k: Index.build(instruments, k) for k in INSTRUMENT_KEYS},
            {k: Index.build(transfers, k) for k in TRANSFER_KEYS},
            {
                "out": Index.build(crypto, "from_address", "input_addresses"),
                "in": Index.build(crypto, "to_address"),
            },
            card_masks(instruments),
        )

    def party(self, party_id: str) -> dict[str, Any] | None:
        """The party of that id, merged over the files that named it."""
        if party_id not in self.merged_parties:
            rows = self.party_by["party_id"].rows_of(party_id)
            self.merged_parties[party_id] = merge(_rows(self.parties, rows))
        found = self.merged_parties[party_id]
        return dict(found) if found is not None else None

    def parties_by(self, column: str, value: str) -> list[dict[str, Any]]:
        """Parties whose `column` (`iin`, `phones`, `bin`) holds the value."""
        index = self.party_by.get(column)
        return _rows(self.parties, index.rows_of(value)) if index else []

    def instrument(self, instrument_id: str) -> dict[str, Any] | None:
        """The instrument of that id, merged over the files that named it."""
        if instrument_id not in self.merged:
            rows = self.instrument_by["instrument_id"].rows_of(instrument_id)
            self.merged[instrument_id] = merge(_rows(self.instruments, rows))
        found = self.merged[instrument_id]
        return dict(found) if found is not None else None

    def masked(self, instrument_id: str | None) -> str | None:
        """A card's masked number (first 6, last 4) as the lake keeps it, else None."""
        return self.masks.get(instrument_id or "")

    def instruments_by(self, column: str, value: str) -> list[dict[str, Any]]:
        """Instruments (merged, one per id) whose `column` holds the value."""
        rows = _rows(self.instruments, self.instrument_by[column].rows_of(value))
        ids = dict.fromkeys(str(r["instrument_id"]) for r in rows)
        return [m for i in ids if (m := self.instrument(i)) is not None]

    def transfers_of(self, column: str, key: str, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """How many transfers have `key` in `column`, and the newest `limit` of them."""
        rows = self.transfer_by[column].rows_of(key)
        return int(rows.size), _rows(self.transfers, _newest(rows, limit))

    def counterparties(self, column: str, key: str, limit: int) -> list[dict[str, Any]]:
        """The other ends of all transfers with `key` in `column` (`src_instrument` for what
        it sent, `dst_instrument` for what it received): count and sum per currency, most
        transfers first."""
        other = "dst_instrument" if column.startswith("src") else "src_instrument"
        top = self._totals(column, key, [other, f"{other}_kind"], limit)
        return [
            {"instrument": k[0], "kind": k[1], "currency": k[2], "transfers": n, "amount_minor": a}
            for k, (n, a) in top
        ]

    def party_counterparties(self, column: str, key: str, limit: int) -> list[dict[str, Any]]:
        """The parties at the other end of all transfers with `key` in `column` (`src_party`
        for what the party sent, `dst_party` for what it received), as `counterparties`;
        transfers whose other end names no party are left out."""
        other = "dst_party" if column.startswith("src") else "src_party"
        top = self._totals(column, key, [other], limit, skip_null=True)
        return [
            {"party": k[0], "currency": k[1], "transfers": n, "amount_minor": a}
            for k, (n, a) in top
        ]

    def _totals(
        self, column: str, key: str, by: list[str], limit: int, skip_null: bool = False
    ) -> list[tuple[tuple[Any, ...], list[int]]]:
        """Count and sum of the transfers with `key` in `column`, per `by` and currency."""
        rows = self.transfer_by[column].rows_of(key)
        taken = _rows(self.transfers, rows, [*by, "currency", "amount_minor"])
        sums: dict[tuple[Any, ...], list[int]] = {}
        for r in taken:
            if skip_null and r[by[0]] is None:
                continue
            total = sums.setdefault((*(r[b] for b in by), r["currency"]), [0, 0])
            total[0] += 1
            total[1] += int(r["amount_minor"])
        return sorted(sums.items(), key=lambda kv: (-kv[1][0], str(kv[0][0])))[:limit]

    def summary(self, column: str, key: str) -> dict[str, Any]:
        """All transfers with `key` in `column`: how many, the first and last time, and the
        total of each currency (minor units)."""
        rows = self.transfer_by[column].rows_of(key)
        if rows.size == 0:
            return {"count": 0, "first": None, "last": None, "totals": {}}
        taken = self.transfers.select(["ts", "currency", "amount_minor"]).take(
            pa.array(rows, pa.int64())
        )
        stamps = taken.column("ts")
        totals = taken.group_by("currency").aggregate([("amount_minor", "sum")])
        return {
            "count": int(rows.size),
            "first": pc.min(stamps).as_py(),
            "last": pc.max(stamps).as_py(),
            "totals": dict(
                zip(
                    totals.column("currency").to_pylist(),
                    totals.column("amount_minor_sum").to_pylist(),
                    strict=True,
                )
            ),
        }

    def crypto_of(
        self, direction: str, address: str, limit: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """How many on-chain transfers leave (`out`) or reach (`in`) the address, newest first."""
        rows = self.crypto_by[direction].rows_of(address)
        found = _rows(self.crypto.drop_columns(["input_addresses"]), _newest(rows, limit))
        return int(rows.size), found


def _newest(rows: I64, limit: int) -> I64:
    return rows[:limit]  # tables are sorted newest first, and index rows ascend


def _rows(table: pa.Table, rows: I64, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The rows as dicts (of the columns named, else all)."""
    if rows.size == 0:
        return []
    chosen = table.select(columns) if columns else table
    taken: list[dict[str, Any]] = chosen.take(pa.array(rows, pa.int64())).to_pylist()
    return taken
