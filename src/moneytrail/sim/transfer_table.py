"""A day of transfers as an Arrow table in the canonical schema, built with `take`.

Rows are sorted by time; ids are `sim<seed>-<day>-<n>` with `n` the row's rank in the day.
Card numbers are clear: this is raw source data, tokenized by ingestion at the door.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from moneytrail.model.transfers import TRANSFER_SCHEMA
from moneytrail.sim.endpoints import Endpoints
from moneytrail.sim.events import CHANNELS, MCCS, REFERENCES, EventBlock

SOURCE = "moneytrail-sim"
DICTIONARY_COLUMNS = [
    "currency",
    "chain",
    "channel",
    "src_instrument_kind",
    "dst_instrument_kind",
    "src_bank",
    "dst_bank",
    "src_country",
    "dst_country",
    "mcc",
    "reference",
    "source",
    "file",
]
"""Columns of few distinct values, worth dictionary encoding."""
_CHANNEL_NAMES = pa.array([c.value for c in CHANNELS], pa.string())
_MCC_CODES = pa.array(MCCS, pa.string())
_REFERENCE_TEXTS = pa.array(REFERENCES, pa.string())


def _lookup(
    values: pa.Array, index: NDArray[np.int64] | NDArray[np.int16] | NDArray[np.int8]
) -> pa.Array:
    """`values[index]`, null where the index is negative."""
    idx = index.astype(np.int64)
    return values.take(pa.array(idx, mask=idx < 0))


def day_table(
    events: EventBlock, endpoints: Endpoints, prefix: str, file: str
) -> tuple[pa.Table, dict[int, str]]:
    """The day's rows sorted by time, and the transfer id of each tagged (drug) row."""
    order = np.lexsort((events.tag, events.ts))
    events = events.select(order)
    n = len(events)
    rank = pa.array(np.arange(n, dtype=np.int64))
    ids = pc.binary_join_element_wise(prefix, pc.utf8_lpad(pc.cast(rank, pa.string()), 7, "0"), "")
    columns: dict[str, pa.Array] = {
        "transfer_id": ids,
        "ts": pa.array(events.ts, pa.timestamp("us", tz="UTC")),
        "amount_minor": pa.array(events.amount, pa.int64()),
        "currency": pa.repeat(pa.scalar("KZT"), n),
        "chain": pa.nulls(n, pa.string()),
        "channel": _lookup(_CHANNEL_NAMES, events.channel),
    }
    for side, index in (("src", events.src), ("dst", events.dst)):
        taken = endpoints.table.take(pa.array(index, pa.int64()))
        columns[f"{side}_party"] = taken.column("party").combine_chunks()
        columns[f"{side}_instrument"] = taken.column("instrument").combine_chunks()
        columns[f"{side}_instrument_kind"] = taken.column("kind").combine_chunks()
        columns[f"{side}_bank"] = taken.column("bank").combine_chunks()
        columns[f"{side}_country"] = taken.column("country").combine_chunks()
    columns |= {
        "mcc": _lookup(_MCC_CODES, events.mcc),
        "reference": _lookup(_REFERENCE_TEXTS, events.ref),
        "source": pa.repeat(pa.scalar(SOURCE), n),
        "file": pa.repeat(pa.scalar(file), n),
        "row": rank,
    }
    table = pa.Table.from_arrays(
        [columns[name] for name in TRANSFER_SCHEMA.names], schema=TRANSFER_SCHEMA
    )
    tagged = np.flatnonzero(events.tag >= 0)
    mapping = {int(events.tag[i]): f"{prefix}{i:07d}" for i in tagged.tolist()}
    return table, mapping
