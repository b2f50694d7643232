"""Labelled datasets as canonical transfers plus labels: AMLGentex, AMLSim, simulated worlds.

A `Dataset` holds the transfers (TRANSFER_SCHEMA) and one label row per transfer:
(`transfer_id`, `period`, `label`); `period` orders the temporal split (a day or a step).
Accounts are the transfers' instruments.
"""

from __future__ import annotations

import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from moneytrail.detect.errors import DetectError
from moneytrail.model.transfers import TRANSFER_SCHEMA

EPOCH = "2026-01-01 00:00:00+00"


@dataclass(frozen=True)
class Dataset:
    """Transfers and their labels; `name` says where they came from."""

    name: str
    transfers: pa.Table
    labels: pa.Table


_AMLGENTEX_SQL = """
WITH a2a AS (
  SELECT *, row_number() OVER () AS rn FROM read_parquet(?)
  WHERE nameOrig >= 0 AND nameDest >= 0
)
SELECT 'agx:' || rn AS transfer_id,
  TIMESTAMPTZ '{epoch}' + to_seconds(step * 86400) AS ts,
  CAST(round(amount * 100) AS BIGINT) AS amount_minor, 'EUR' AS currency,
  'bank_transfer' AS channel,
  'acct:' || nameOrig AS src_instrument, 'acct:' || nameDest AS dst_instrument,
  bankOrig AS src_bank, bankDest AS dst_bank,
  step AS period, CAST(isSAR AS INTEGER) AS label, rn AS row
FROM a2a ORDER BY rn
"""


def load_amlgentex(path: Path) -> Dataset:
    """AMLGentex `tx_log.parquet`: account-to-account transfers only (the reference protocol).

    A step is a day and carries no time of day: every transfer is stamped at its day's start,
    so the order of rows within a step (a generator artefact) is never a feature.
    """
    rows = _query(_AMLGENTEX_SQL, [str(path)])
    return _dataset("amlgentex", rows, str(path), "account")


_AMLSIM_SQL = """
WITH t AS (SELECT *, row_number() OVER () AS rn FROM read_csv(?, header = true)),
f AS (SELECT nodeid, isFraud FROM read_csv(?, header = true))
SELECT 'amlsim:' || rn AS transfer_id,
  TIMESTAMPTZ '{epoch}' + to_seconds(time * 86400) AS ts,
  CAST(round(value * 100) AS BIGINT) AS amount_minor, 'USD' AS currency,
  'bank_transfer' AS channel,
  'acct:' || sourceNodeId AS src_instrument, 'acct:' || targetNodeId AS dst_instrument,
  time AS period, CAST(fs.isFraud = 1 AND fd.isFraud = 1 AS INTEGER) AS label, rn AS row
FROM t JOIN f fs ON fs.nodeid = t.sourceNodeId JOIN f fd ON fd.nodeid = t.targetNodeId
ORDER BY rn
"""


def load_amlsim(path: Path) -> Dataset:
    """IBM AMLSim output (`.tgz` or folder): a transfer is laundering when both ends are fraud."""
    if path.is_dir():
        return _amlsim_dir(path)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(path) as tar:
            tar.extractall(tmp, filter="data")
        found = next(Path(tmp).rglob("transactions.csv"), None)
        if found is None:
            raise DetectError(f"{path}: no transactions.csv inside")
        return _amlsim_dir(found.parent)


def _amlsim_dir(folder: Path) -> Dataset:
    params = [str(folder / "transactions.csv"), str(folder / "nodes.csv")]
    rows = _query(_AMLSIM_SQL, params)
    return _dataset("amlsim", rows, str(folder), "account")


def _query(sql: str, params: list[str]) -> pa.Table:
    relation = duckdb.sql(sql.format(epoch=EPOCH), params=params)
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
    labels = rows.select(["transfer_id", "period", "label"])
    return Dataset(name, transfers, labels)


_SIM_SQL = """
SELECT t.* EXCLUDE (transfer_id), t.transfer_id,
  CAST(date_diff('day', TIMESTAMPTZ '{epoch}', t.ts) AS INTEGER) AS period,
  CAST(coalesce(l.is_drug, false) AS INTEGER) AS label
FROM read_parquet(?) t
LEFT JOIN (SELECT transfer_id, bool_or(is_drug) AS is_drug FROM read_parquet(?)
           WHERE ledger = 'bank' GROUP BY 1) l USING (transfer_id)
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
