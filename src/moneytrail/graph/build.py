"""Build a `TemporalGraph` from transfers: an Arrow table or a Parquet file or directory.

Instruments are dictionary-encoded to int32 node ids. A side with no instrument (cash at an
ATM, say) becomes `source:<kind>` or `sink:<kind>`: a source only sends and a sink only
receives, so two unrelated flows never meet through "cash". Amounts are traced in one unit:
the single currency of the table, or a base currency through `rates` (value of one major
unit of each currency in the base); several currencies without rates are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from moneytrail.errors import MoneytrailError
from moneytrail.graph.csr import Csr, Edges, TemporalGraph, Vocab
from moneytrail.graph.encode import encode, labels
from moneytrail.graph.kernels.sort import (
    gather,
    group_by_node,
    is_sorted,
    latest_first,
    sort_segments,
)
from moneytrail.model.transfers import MINOR_UNITS, InstrumentKind

STRINGS = pa.dictionary(pa.int32(), pa.string())
DICTIONARY_COLUMNS = ("src_instrument", "dst_instrument", "currency", "channel")
"""Read dictionary-encoded from Parquet, so that building skips hashing every row."""
REQUIRED = ("ts", "amount_minor", "currency", "channel", "src_instrument", "dst_instrument")
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


class GraphError(MoneytrailError):
    """Transfers cannot be made into a graph; the message says which column or value."""


@dataclass(frozen=True, slots=True)
class Part:
    """What a table that is part of a larger one keeps of the whole: each row's row in it
    (ascending), its instruments in the order the whole table's graph numbers them (at least
    those of the part), and its time span (µs)."""

    rows: I64
    order: pa.Array
    span: tuple[int, int]


def _renumbered(ids: pa.Array, ends: I32, order: pa.Array) -> tuple[pa.Array, I32]:
    """Node ids renumbered so that instruments come in `order`."""
    place = pc.index_in(ids, value_set=order)
    if place.null_count:
        raise GraphError(f"{place.null_count} instruments of the part are not in its order")
    perm = np.argsort(np.asarray(place, np.int64), kind="stable")
    code = np.empty(perm.size, np.int32)
    code[perm] = np.arange(perm.size, dtype=np.int32)
    return ids.take(pa.array(perm)), code[ends]


def read_transfers(path: Path) -> pa.Table:
    """The transfers of a Parquet file or a directory of them."""
    if not path.exists():
        raise GraphError(f"{path}: no such file or directory")
    dictionaries = ds.ParquetReadOptions(dictionary_columns=list(DICTIONARY_COLUMNS))
    dataset = ds.dataset(path, format=ds.ParquetFileFormat(read_options=dictionaries))
    missing = [c for c in REQUIRED if c not in dataset.schema.names]
    if missing:
        raise GraphError(f"{path}: transfers lack columns {', '.join(missing)}")
    return dataset.to_table()


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    """A string column, kept dictionary-encoded if it is (all nulls if it is absent)."""
    if name not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
    column = table.column(name)
    return column.cast(STRINGS if pa.types.is_dictionary(column.type) else pa.string())


def _ends(table: pa.Table, side: str, role: str) -> pa.ChunkedArray:
    """Instrument ids of one side; `source:<kind>` / `sink:<kind>` where there is none."""
    ends = _column(table, f"{side}_instrument")
    if ends.null_count == 0:
        return ends
    kind = pc.fill_null(_column(table, f"{side}_instrument_kind").cast(pa.string()), "external")
    return pc.coalesce(ends.cast(pa.string()), pc.binary_join_element_wise(role, kind, ":"))


def _both(src: pa.ChunkedArray, dst: pa.ChunkedArray) -> pa.ChunkedArray:
    """Source side rows, then destination side rows, as one column."""
    if src.type != dst.type:
        src, dst = src.cast(pa.string()), dst.cast(pa.string())
    return pa.chunked_array(src.chunks + dst.chunks, src.type)


def factors(currencies: tuple[str | None, ...], rates: Mapping[str, float] | None) -> F64:
    """Per currency code, the base units one minor unit is worth."""
    unknown = [c for c in currencies if c not in MINOR_UNITS]
    if unknown:
        raise GraphError(f"unknown currencies {unknown}: known are {sorted(MINOR_UNITS)}")
    if rates is None and len(currencies) > 1:
        raise GraphError(f"transfers in {sorted(map(str, currencies))}: give a rate for each")
    table = dict(rates) if rates is not None else {str(c): 1.0 for c in currencies}
    missing = [c for c in currencies if c not in table]
    if missing:
        raise GraphError(f"no rate for {missing}")
    return np.array([table[str(c)] / 10 ** MINOR_UNITS[str(c)] for c in currencies], np.float64)


def _side_attr(n: int, src: I32, dst: I32, codes: I32) -> npt.NDArray[np.int16]:
    """A node attribute from both sides' codes (a destination side wins over a source side)."""
    out = np.full(n, -1, np.int16)
    out[src] = codes[: src.size]
    out[dst] = codes[src.size :]
    return out


def _csr(keys: I32, other: I32, ts: I64, amount: F64, sign: int, n: int, ordered: bool) -> Csr:
    """Edges grouped by `keys`, each group in time order (`sign` -1: descending, negated);
    `ordered`: the rows are in time order already, so grouping needs no sort."""
    if not ordered:
        rows = np.arange(keys.size, dtype=np.int64)
    else:
        rows = np.arange(keys.size, dtype=np.int64) if sign > 0 else latest_first(ts)
    ptr, edge = group_by_node(keys, rows, n)
    if not ordered:
        sort_segments(ptr, edge, ts, sign)
    return Csr(ptr, *gather(edge, other, ts, amount, sign), edge)


def _csrs(edges: Edges, n: int) -> tuple[Csr, Csr]:
    """The forward and the reverse CSR, built side by side (the kernels release the GIL)."""
    e = edges
    ordered = bool(is_sorted(e.ts))
    with ThreadPoolExecutor(2) as pool:
        out = pool.submit(_csr, e.src, e.dst, e.ts, e.amount, 1, n, ordered)
        inc = pool.submit(_csr, e.dst, e.src, e.ts, e.amount, -1, n, ordered)
        return out.result(), inc.result()


def _edges(
    table: pa.Table, ends: I32, country: I32, rates: Mapping[str, float] | None
) -> tuple[Edges, Vocab]:
    """Per-edge arrays, and the currency and channel vocabularies of their codes."""
    m = table.num_rows
    ts = np.asarray(table.column("ts").cast(pa.timestamp("us", tz="UTC")).cast(pa.int64()))
    minor = np.asarray(table.column("amount_minor"), np.int64)
    currencies, cur = encode(table.column("currency"))
    channels, channel = encode(table.column("channel"))
    amount = minor * factors(labels(currencies), rates)[cur]
    codes = (cur.astype(np.int16), channel.astype(np.int16), country[m:].astype(np.int16))
    edges = Edges(ends[:m], ends[m:], ts.astype(np.int64), amount, minor, *codes)
    return edges, Vocab(labels(currencies), labels(channels), (), ())


def _sides(table: pa.Table, name: str) -> pa.ChunkedArray:
    """The `src_<name>` rows, then the `dst_<name>` rows."""
    return _both(_column(table, f"src_{name}"), _column(table, f"dst_{name}"))


def _check_pairs(pair: I64 | None, ts: I64) -> None:
    """A pair's second edge must be a row of the table at or after its first."""
    if pair is None:
        return
    if pair.size != ts.size or pair.max(initial=-1) >= ts.size:
        raise GraphError(f"pair has {pair.size} rows for {ts.size} transfers, or a bad row")
    second = np.flatnonzero(pair >= 0)
    late = second[ts[pair[second]] > ts[second]]
    if late.size:
        raise GraphError(f"paired rows {late[:5].tolist()} happen before the rows they carry on")


def _stops(
    ids: pa.Array,
    node_kind: npt.NDArray[np.int16],
    kinds: tuple[str | None, ...],
    services: Sequence[str],
    aliases: Mapping[str, str],
) -> npt.NDArray[np.uint8]:
    """Per node, 1 where a trace stops: cash instruments and the given services."""
    cash = [i for i, k in enumerate(kinds) if k == InstrumentKind.CASH.value]
    stop = np.isin(node_kind, cash).astype(np.uint8)
    if services:
        names = pa.array([aliases.get(s, s) for s in services], pa.string())
        stop[np.asarray(pc.is_in(ids, value_set=names))] = 1
    return stop


def _opening(
    ids: pa.Array, balances: Mapping[str, float] | None, aliases: Mapping[str, str]
) -> F64 | None:
    """Per node, its known balance before the first transfer (0 where unknown)."""
    if not balances:
        return None
    names = pa.array([aliases.get(k, k) for k in balances], pa.string())
    nodes = np.asarray(pc.index_in(names, value_set=ids).fill_null(-1), np.int64)
    values = np.fromiter(balances.values(), np.float64, len(balances))
    opening = np.zeros(len(ids), np.float64)
    np.add.at(opening, nodes[nodes >= 0], values[nodes >= 0])
    return opening


def build_graph(
    table: pa.Table,
    rates: Mapping[str, float] | None = None,
    *,
    data_version: str | None = None,
    keep_table: bool = True,
    pair: I64 | None = None,
    aliases: Mapping[str, str] | None = None,
    services: Sequence[str] = (),
    balances: Mapping[str, float] | None = None,
    part: Part | None = None,
) -> TemporalGraph:
    """The graph of a transfers table (`TRANSFER_SCHEMA` columns; `REQUIRED` at least);
    `pair` per row: the row whose money this row carries on, or -1 (see `TemporalGraph`);
    `aliases`: other names of instruments, for lookups; `services`: instruments a trace stops
    at, as it stops at every `cash` instrument (an ATM); `balances`: instruments' balances
    before the first transfer, in the trace unit; `part`: the table is part of a larger one
    (nodes numbered, rows and span reported as the whole table's graph would)."""
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise GraphError(f"transfers lack columns {', '.join(missing)}")
    ids, ends = encode(_both(_ends(table, "src", "source"), _ends(table, "dst", "sink")))
    if part is not None:
        ids, ends = _renumbered(ids, ends, part.order)
    countries, country = encode(_sides(table, "country"))
    kinds, kind = encode(_sides(table, "instrument_kind"))
    edges, vocab = _edges(table, ends, country, rates)
    _check_pairs(pair, edges.ts)
    n = len(ids)
    out, inc = _csrs(edges, n)
    node_kind = _side_attr(n, edges.src, edges.dst, kind)
    return TemporalGraph(
        ids=ids,
        edges=edges,
        out=out,
        inc=inc,
        node_kind=node_kind,
        node_country=_side_attr(n, edges.src, edges.dst, country),
        vocab=Vocab(vocab.currency, vocab.channel, labels(countries), labels(kinds)),
        table=table if keep_table else None,
        data_version=data_version,
        pair=pair,
        aliases=aliases,
        stop=_stops(ids, node_kind, labels(kinds), services, aliases or {}),
        opening=_opening(ids, balances, aliases or {}),
        rows=None if part is None else part.rows,
        span=None if part is None else part.span,
    )
