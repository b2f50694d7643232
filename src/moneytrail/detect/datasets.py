"""Labelled datasets as canonical transfers plus labels: AMLGentex, AMLSim, simulated worlds.

A `Dataset` holds the transfers (TRANSFER_SCHEMA) and one label row per transfer:
(`transfer_id`, `period`, `label`, optionally who is a party: `LABEL_COLUMNS`); `period`
orders the temporal split (a day or a step).
Accounts are the transfers' instruments.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.detect.errors import DetectError
from moneytrail.ingest.contract import (
    Landed,
    ReadContext,
    Reader,
    ReaderError,
    Rejected,
    RejectedBatch,
)
from moneytrail.ingest.readers.amlgentex import AmlGentexReader
from moneytrail.ingest.readers.amlsim import MEMBERS, AmlSimReader
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.transfers import TRANSFER_SCHEMA, InstrumentKind

EPOCH = "2026-01-01 00:00:00+00:00"
EPOCH_DAY = EPOCH[:10]
"""Day 0 of stepped datasets (AMLGentex steps, AMLSim times, simulated worlds)."""


LABEL_COLUMNS = ("transfer_id", "period", "label", "src_requisite", "dst_requisite")
"""Columns of `Dataset.labels`; the last two are optional: whether a laundering transfer's
sender, its receiver, is a requisite of the laundering (a shop's paying customer, a dealer
selling it a car and a courier it pays are not). Without them both ends are."""


@dataclass(frozen=True)
class Dataset:
    """Transfers and their labels; `name` says where they came from."""

    name: str
    transfers: pa.Table
    labels: pa.Table


def load_amlgentex(path: Path) -> Dataset:
    """AMLGentex `tx_log.parquet`: account-to-account transfers only (the reference protocol).

    Read by the ingest reader; the external source and sink are dropped. A step is a day and
    carries no time of day: every transfer is stamped at its day's start, so the order of
    rows within a step (a generator artefact) is never a feature.
    """
    tables = _ingested(AmlGentexReader(), [path])
    transfers = tables["transfers"]
    a2a = pc.and_(
        pc.equal(transfers["src_instrument_kind"], InstrumentKind.ACCOUNT.value),
        pc.equal(transfers["dst_instrument_kind"], InstrumentKind.ACCOUNT.value),
    )
    return _labelled("amlgentex", transfers.filter(a2a), _positive(tables, "transfer"))


def load_amlsim(path: Path) -> Dataset:
    """IBM AMLSim output (`.tgz` or folder): a transfer is laundering when both ends are fraud."""
    files = [path / name for name in MEMBERS] if path.is_dir() else [path]
    tables = _ingested(AmlSimReader(), files)
    transfers = tables["transfers"]
    fraud = _positive(tables, "instrument")
    both = pc.and_(
        pc.is_in(transfers["src_instrument"], fraud), pc.is_in(transfers["dst_instrument"], fraud)
    )
    return _labelled("amlsim", transfers, pc.filter(transfers["transfer_id"], both))


def _ingested(reader: Reader, paths: list[Path]) -> dict[str, pa.Table]:
    """Every table the ingest reader lands from `paths`; any rejected row is an error.

    These benchmark files hold no card numbers, so the tokenizer's key is a throwaway one.
    """
    ctx = ReadContext(Tokenizer(secrets.token_bytes(32)), reader.name, {"start": EPOCH_DAY})
    parts: dict[str, list[pa.Table]] = {}
    for path in paths:
        try:
            for item in reader.read(path, ctx):
                if isinstance(item, Landed):
                    parts.setdefault(item.table, []).append(item.rows)
                else:
                    raise DetectError(f"{path}: a row was rejected: {_first_reject(item)}")
        except (ReaderError, OSError) as err:
            raise DetectError(f"{path}: {err}") from err
    if "transfers" not in parts:
        raise DetectError(f"{', '.join(map(str, paths))}: no transfers in it")
    return {name: pa.concat_tables(tables) for name, tables in parts.items()}


def _first_reject(item: Rejected | RejectedBatch) -> str:
    if isinstance(item, Rejected):
        return f"{item.file} line {item.line}: {item.reason}"
    row = item.rows.slice(0, 1).to_pylist()[0]
    return f"{row['file']} line {row['line']}: {row['reason']}"


def _positive(tables: dict[str, pa.Table], kind: str) -> pa.Array:
    """Ids of the subjects of `kind` that carry a label."""
    labels = tables.get("labels", pa.table({"subject_kind": [], "subject_id": []}))
    rows = labels.filter(pc.equal(labels["subject_kind"], kind))
    return rows["subject_id"].combine_chunks().cast(pa.string())


def _labelled(name: str, transfers: pa.Table, positive: pa.Array) -> Dataset:
    """Labels (1 for ids in `positive`) and the period (whole days since the epoch day)."""
    epoch = pa.scalar(datetime.fromisoformat(EPOCH), pa.timestamp("us", tz="UTC"))
    days = pc.divide(pc.subtract(transfers["ts"], epoch).cast(pa.int64()), 86_400_000_000)
    label = pc.is_in(transfers["transfer_id"], positive).cast(pa.int32())
    labels = pa.table({"transfer_id": transfers["transfer_id"], "period": days, "label": label})
    return Dataset(name, transfers, labels)


def _listed(stages: tuple[str, ...]) -> str:
    return ", ".join(f"'{s}'" for s in stages)


def _query(sql: str, params: list[str]) -> pa.Table:
    text = sql.format(epoch=EPOCH, customers=_listed(CUSTOMER_STAGES), payees=_listed(PAYEE_STAGES))
    relation = duckdb.sql(text, params=params)
    if relation is None:
        raise DetectError("the loader query returned no rows")
    return relation.to_arrow_table()


def _dataset(name: str, rows: pa.Table, file: str, kind: str) -> Dataset:
    n = rows.num_rows
    columns = []
    for field in TRANSFER_SCHEMA:
        if field.name in rows.column_names and not (
            field.name.endswith("_instrument_kind") and rows[field.name].null_count == n
        ):
            columns.append(rows[field.name].cast(field.type))
        elif field.name in ("src_instrument_kind", "dst_instrument_kind"):
            columns.append(pa.array([kind] * n, pa.string()))
        elif field.name == "source":
            columns.append(pa.array([name] * n, pa.string()))
        elif field.name == "file":
            columns.append(pa.array([file] * n, pa.string()))
        else:
            columns.append(pa.nulls(n, field.type))
    transfers = pa.Table.from_arrays(columns, schema=TRANSFER_SCHEMA)
    labels = rows.select([c for c in LABEL_COLUMNS if c in rows.column_names])
    return Dataset(name, transfers, labels)


CUSTOMER_STAGES = ("buyer_payment", "buyer_crypto_fiat_leg")
"""Sim stages whose sender is a shop's customer, not a party to the laundering."""
PAYEE_STAGES = ("asset_purchase", "courier_pay")
"""Sim stages whose receiver the shop pays for goods or work (a car dealer, a courier): drug
money reaches it, but it is not a requisite where a shop is paid or its money is moved."""

_SIM_SQL = """
SELECT t.* EXCLUDE (transfer_id), t.transfer_id,
  CAST(date_diff('day', TIMESTAMPTZ '{epoch}', t.ts) AS INTEGER) AS period,
  CAST(coalesce(l.is_drug, false) AS INTEGER) AS label,
  coalesce(l.src_requisite, false) AS src_requisite,
  coalesce(l.dst_requisite, false) AS dst_requisite
FROM read_parquet(?) t
LEFT JOIN (SELECT transfer_id, bool_or(is_drug) AS is_drug,
                  bool_or(is_drug AND stage NOT IN ({customers})) AS src_requisite,
                  bool_or(is_drug AND stage NOT IN ({payees})) AS dst_requisite
           FROM read_parquet(?) WHERE ledger = 'bank' GROUP BY 1) l USING (transfer_id)
ORDER BY t.ts, t.transfer_id
"""


def load_sim(path: Path) -> Dataset:
    """A world written by `moneytrail sim`: bank transfers, labelled drug-related or not."""
    files = [
        str(path / "observable/bank/transfers/*.parquet"),
        str(path / "truth/transfer_labels.parquet"),
    ]
    rows = _query(_SIM_SQL, files)
    return _dataset("sim", rows, str(path), "card")


LOADERS = {"amlgentex": load_amlgentex, "amlsim": load_amlsim, "sim": load_sim}


def load(spec: str) -> Dataset:
    """A dataset from `KIND:PATH` (kinds: amlgentex, amlsim, sim)."""
    kind, sep, path = spec.partition(":")
    if not sep or kind not in LOADERS:
        raise DetectError(f"dataset must be KIND:PATH with KIND in {sorted(LOADERS)}: {spec!r}")
    return LOADERS[kind](Path(path))
