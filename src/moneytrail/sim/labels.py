"""Ground-truth labels of transfers and laundering paths, kept apart from observable data.

Bank transfers are known by their `gseq` until the world writes their day and hands back
their transfer ids (`resolve`); crypto transfers carry their txids from the start. Rows
are streamed to Parquet under `truth/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.sim.writer import TableWriter

NOT_DRUG_STAGES = frozenset({"exchanger_legit_buy", "exchanger_legit_sell", "exchanger_restock"})
"""Stages of exchangers' ordinary trade: labelled, but not drug money."""

_S, _I, _B = pa.string(), pa.int64(), pa.bool_()
SCHEMAS: dict[str, pa.Schema] = {
    "transfer_labels": pa.schema(
        [("transfer_id", _S), ("ledger", _S), ("stage", _S), ("shop_id", _S), ("is_drug", _B)]
    ),
    "path_portions": pa.schema(
        [
            ("transfer_id", _S),
            ("ledger", _S),
            ("path_id", _I),
            ("amount_minor", _I),
            ("currency", _S),
        ]
    ),
    "paths": pa.schema(
        [
            ("path_id", _I),
            ("shop_id", _S),
            ("origin_transfer_id", _S),
            ("buyer_person_id", _S),
            ("amount_minor", _I),
            ("ts", pa.timestamp("us", tz="UTC")),
        ]
    ),
    "path_ends": pa.schema(
        [
            ("path_id", _I),
            ("end_kind", _S),
            ("transfer_id", _S),
            ("held_by_iban", _S),
            ("amount_minor", _I),
        ]
    ),
    "bridges": pa.schema(
        [
            ("fiat_transfer_id", _S),
            ("crypto_txid", _S),
            ("direction", _S),
            ("exchanger_person_id", _S),
            ("kzt_per_usdt", pa.float64()),
            ("spread", pa.float64()),
            ("kzt_minor", _I),
            ("usdt_minor", _I),
            ("shop_id", _S),
        ]
    ),
    "assets": pa.schema(
        [
            ("asset_id", _S),
            ("kind", _S),
            ("shop_id", _S),
            ("owner_person_id", _S),
            ("organizer_person_id", _S),
            ("value_minor", _I),
            ("transfer_id", _S),
            ("description", _S),
        ]
    ),
}


def shop_id(index: int) -> str | None:
    """The id of shop number `index` (None for -1)."""
    return None if index < 0 else f"shop-{index + 1:03d}"


def person_id(index: int) -> str:
    """The id of person number `index`."""
    return f"P{index:08d}"


class LabelSink:
    """Collects label rows; writes them once their transfer ids are known."""

    def __init__(self, truth: Path, group_rows: int, compression: str) -> None:
        self.writers = {
            name: TableWriter(truth / f"{name}.parquet", schema, group_rows, compression)
            for name, schema in SCHEMAS.items()
        }
        self._pending: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
        self._ids: dict[int, str] = {}
        self._previous: dict[int, str] = {}

    def bank_label(self, gseq: int, stage: str, shop: int) -> None:
        """Label a bank transfer."""
        self._add(
            "transfer_labels",
            transfer_id=gseq,
            ledger="bank",
            stage=stage,
            shop_id=shop_id(shop),
            is_drug=stage not in NOT_DRUG_STAGES,
        )

    def crypto_label(self, txid: str, ledger: str, stage: str, shop: int) -> None:
        """Label a crypto transfer."""
        self._add(
            "transfer_labels",
            transfer_id=txid,
            ledger=ledger,
            stage=stage,
            shop_id=shop_id(shop),
            is_drug=stage not in NOT_DRUG_STAGES,
        )

    def portion(self, gseq: int, path: int, amount: int) -> None:
        """Part of a path carried by a bank transfer."""
        self._add(
            "path_portions",
            transfer_id=gseq,
            ledger="bank",
            path_id=path,
            amount_minor=amount,
            currency="KZT",
        )

    def crypto_portion(self, txid: str, path: int, amount: int) -> None:
        """Part of a path carried by a USDT transfer."""
        self._add(
            "path_portions",
            transfer_id=txid,
            ledger="tron",
            path_id=path,
            amount_minor=amount,
            currency="USDT",
        )

    def path_origin(
        self, path: int, gseq: int, shop: int, buyer: int, amount: int, ts: int
    ) -> None:
        """A path starts at a buyer's payment."""
        self._add(
            "paths",
            path_id=path,
            shop_id=shop_id(shop),
            origin_transfer_id=gseq,
            buyer_person_id=person_id(buyer),
            amount_minor=amount,
            ts=ts,
        )

    def path_end(
        self, path: int, kind: str, gseq: int | None, iban: str | None, amount: int
    ) -> None:
        """Part of a path leaves the dropper network (or stays frozen or in transit)."""
        self._add(
            "path_ends",
            path_id=path,
            end_kind=kind,
            transfer_id=gseq,
            held_by_iban=iban,
            amount_minor=amount,
        )

    def bridge(
        self,
        fiat_gseq: int,
        txid: str,
        direction: str,
        exchanger: int,
        rate: float,
        spread: float,
        kzt: int,
        usdt: int,
        shop: int,
    ) -> None:
        """A fiat leg and the crypto leg an exchanger made for it."""
        self._add(
            "bridges",
            fiat_transfer_id=fiat_gseq,
            crypto_txid=txid,
            direction=direction,
            exchanger_person_id=person_id(exchanger),
            kzt_per_usdt=rate,
            spread=spread,
            kzt_minor=kzt,
            usdt_minor=usdt,
            shop_id=shop_id(shop),
        )

    def asset(
        self,
        asset_id: str,
        kind: str,
        shop: int,
        owner: int,
        organizer: int,
        value: int,
        gseq: int,
        description: str,
    ) -> None:
        """A car or flat bought with drug money."""
        self._add(
            "assets",
            asset_id=asset_id,
            kind=kind,
            shop_id=shop_id(shop),
            owner_person_id=person_id(owner),
            organizer_person_id=person_id(organizer),
            value_minor=value,
            transfer_id=gseq,
            description=description,
        )

    def resolve(self, ids: dict[int, str]) -> None:
        """Transfer ids of the day just written; write every row that can now be resolved."""
        self._previous, self._ids = self._ids, ids
        for name, rows in self._pending.items():
            ready: list[dict[str, Any]] = []
            waiting: list[dict[str, Any]] = []
            for row in rows:
                (ready if self._resolve(row) else waiting).append(row)
            self.writers[name].write_rows(ready)
            self._pending[name] = waiting

    def close(self) -> dict[str, int]:
        """Close every table; rows written per table."""
        return {name: writer.close() for name, writer in self.writers.items()}

    def _add(self, table: str, **row: Any) -> None:
        self._pending[table].append(row)

    def _resolve(self, row: dict[str, Any]) -> bool:
        """Replace `gseq`s by transfer ids where known; whether none is left."""
        done = True
        for key in ("transfer_id", "origin_transfer_id", "fiat_transfer_id"):
            value = row.get(key)
            if isinstance(value, int):
                found = self._ids.get(value) or self._previous.get(value)
                row[key] = found if found is not None else value
                done = done and found is not None
        return done
