"""From a labelled dataset to a feature matrix, a temporal split and known requisites."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from moneytrail.detect import ends
from moneytrail.detect.datasets import Dataset
from moneytrail.detect.ends import Ends
from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.pipeline import feature_names, transfer_features
from moneytrail.model.transfers import InstrumentKind

SPLIT = (0.6, 0.8)
"""Quantiles of the period that end training and validation (the reference protocol)."""
REPORT_DELAY_S = 86_400
"""A laundering label becomes a known requisite one day after the transfer."""
REQUISITE_KINDS = tuple(
    k.value
    for k in (
        InstrumentKind.CARD,
        InstrumentKind.ACCOUNT,
        InstrumentKind.PHONE,
        InstrumentKind.WALLET,
    )
)
"""Kinds of instrument a known requisite can be (never cash, a merchant or external)."""
KNOWN_FLAGS = ["src_known", "dst_known"]
"""Names of `known_flags` columns: the sender, the receiver is a known requisite."""


@dataclass(frozen=True)
class Matrix:
    """Features, labels and split of every transfer, in the dataset's order."""

    x: NDArray[np.float64]
    y: NDArray[np.int_]
    period: NDArray[np.float64]
    src: NDArray[np.object_]
    dst: NDArray[np.object_]
    transfer_id: NDArray[np.object_]
    features: list[str]
    ends: list[Ends] | None = None
    """What the rules see of each transfer's sender and receiver (None: nothing)."""


def data_hash(ds: Dataset) -> str:
    """SHA-256 over the transfers' ids, times, amounts, ends and the labels."""
    digest = hashlib.sha256()
    for col in ("transfer_id", "ts", "amount_minor", "src_instrument", "dst_instrument"):
        digest.update(ds.transfers[col].cast(pa.string()).to_string().encode())
    digest.update(ds.labels["label"].cast(pa.string()).to_string().encode())
    return digest.hexdigest()


def cutoffs(period: NDArray[np.float64]) -> tuple[float, float]:
    """Period values where validation and test start."""
    lo, hi = np.quantile(period, SPLIT)
    return float(lo), float(hi)


def known_before(ds: Dataset, until: float) -> pa.Table:
    """Requisites of laundering transfers of periods before `until`, known after a delay.

    A requisite is an end that can be blocked (`REQUISITE_KINDS`) and is a party to the
    laundering (`datasets.LABEL_COLUMNS`): a cash terminal, a merchant or a paying customer
    is never one."""
    labels = ds.labels
    rows = ds.transfers.append_column("label", labels["label"]).append_column(
        "period", labels["period"]
    )
    bad = pc.and_(pc.equal(rows["label"], 1), pc.less(rows["period"], until))
    since = pc.add(pc.divide(rows["ts"].cast(pa.int64()), 1_000_000), REPORT_DELAY_S)
    parts = []
    for end in ("src", "dst"):
        party = labels[f"{end}_requisite"] if f"{end}_requisite" in labels.column_names else bad
        kind = pc.is_in(rows[f"{end}_instrument_kind"], pa.array(REQUISITE_KINDS))
        keep = pc.and_(pc.and_(bad, party), pc.and_(kind, pc.is_valid(rows[f"{end}_instrument"])))
        part = pa.table({"instrument": rows[f"{end}_instrument"], "since": since})
        parts.append(part.filter(pc.fill_null(keep, False)))
    return pa.concat_tables(parts)


def known_flags(m: Matrix, t: NDArray[np.float64], known: pa.Table) -> NDArray[np.float64]:
    """The raw list, no graph: per transfer of `m` at times `t` (epoch seconds, floored as the
    features floor them), whether its sender and whether its receiver are known requisites
    by then (columns `KNOWN_FLAGS`, 1 or 0)."""
    first = known.group_by("instrument").aggregate([("since", "min")])
    since = dict(zip(first["instrument"].to_pylist(), first["since_min"].to_pylist(), strict=True))
    at = np.floor(t)
    cols = [
        np.array([since.get(a, np.inf) for a in ends.tolist()], dtype=np.float64) <= at
        for ends in (m.src, m.dst)
    ]
    return np.column_stack(cols).astype(np.float64)


def features_of(engine: Engine, transfers: pa.Table, known: pa.Table | None) -> pa.Table:
    """The feature table of canonical transfers, computed on `engine`."""
    frame = engine.from_arrow(transfers, "transfers")
    known_frame = engine.from_arrow(known, "known") if known is not None else None
    return to_arrow(transfer_features(engine, frame, known_frame))


def _columns(table: pa.Table, names: list[str]) -> NDArray[np.float64]:
    return np.column_stack(
        [table[n].cast(pa.float64()).to_numpy(zero_copy_only=False) for n in names]
    )


def feature_rows(
    engine: Engine, transfers: pa.Table, known: pa.Table | None
) -> tuple[NDArray[np.object_], NDArray[np.float64]]:
    """Transfer ids and their model inputs (columns in `feature_names()` order)."""
    feats = features_of(engine, transfers, known).sort_by("transfer_id")
    ids = feats["transfer_id"].to_numpy(zero_copy_only=False)
    return ids, _columns(feats, feature_names())


def matrix(engine: Engine, ds: Dataset, known: pa.Table | None) -> Matrix:
    """Compute features on `engine` and line them up with the labels."""
    feats = features_of(engine, ds.transfers, known)
    joined = (
        ds.labels.join(feats, "transfer_id", join_type="left outer")
        .join(ds.transfers.select(["transfer_id", *_KEPT]), "transfer_id")
        .sort_by("transfer_id")
    )
    names = feature_names()
    return Matrix(
        x=_columns(joined, names),
        y=joined["label"].to_numpy().astype(int),
        period=joined["period"].cast(pa.float64()).to_numpy(),
        src=joined["src_instrument"].to_numpy(zero_copy_only=False),
        dst=joined["dst_instrument"].to_numpy(zero_copy_only=False),
        transfer_id=joined["transfer_id"].to_numpy(zero_copy_only=False),
        features=names,
        ends=ends.table_ends(joined),
    )


_KEPT = ("src_instrument", "dst_instrument", *ends.COLUMNS)
"""The transfer columns a matrix keeps besides the features: its ends."""
