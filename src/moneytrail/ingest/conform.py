"""The last check before rows land: the table's exact schema, required values, no clear cards.

Every reader's batches pass here, so that a reader's slip cannot put a row without its
required values, or a card number in clear, into the lake: such rows are rejected with the
reason. A batch that cannot take the table's schema at all is the reader's fault: the file
fails as a whole (`ReaderError`).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest import vector as v
from moneytrail.ingest.contract import Landed, ReaderError, RejectedBatch
from moneytrail.ingest.readers.common import json_raws, rejects, split
from moneytrail.ingest.schemas import SCHEMAS
from moneytrail.model.records import CARD_TOKEN
from moneytrail.model.transfers import InstrumentKind

_CARD = InstrumentKind.CARD.value


def schema_of(table: str) -> pa.Schema:
    """The canonical schema of a table; `ReaderError` for a table that does not exist."""
    try:
        return SCHEMAS[table]
    except KeyError:
        raise ReaderError(f"no canonical table {table!r}") from None


def conform(item: Landed, file: str) -> tuple[pa.Table, RejectedBatch | None]:
    """The rows in the table's schema that may land, and a batch of those that may not."""
    schema = schema_of(item.table)
    rows = _cast(item.rows, schema, item.table)
    checks = v.Checks(rows.num_rows)
    for field in schema:
        if not field.nullable and rows.column(field.name).null_count:
            checks.fail_where(pc.is_null(rows.column(field.name)), f"{field.name}: required")
    if item.table == "transfers":
        for side in ("src", "dst"):
            _refuse_clear_cards(rows, side, checks)
    good, bad, reasons = split(rows, checks.reasons())
    if not bad.num_rows:
        return good, None
    lines = bad.column("row") if "row" in bad.column_names else pa.nulls(bad.num_rows, pa.int64())
    return good, rejects(item.table, file, lines, reasons, json_raws(bad))


def _cast(rows: pa.Table, schema: pa.Schema, table: str) -> pa.Table:
    if rows.schema.equals(schema, check_metadata=False):
        return rows
    arrays = []
    for field in schema:
        if field.name in rows.column_names:
            arrays.append(_cast_column(rows.column(field.name), field, table))
        elif field.nullable:
            arrays.append(pa.nulls(rows.num_rows, field.type))
        else:
            raise ReaderError(f"{table}: a batch lacks the required column {field.name!r}")
    return pa.Table.from_arrays(arrays, schema=schema)


def _cast_column(column: v.Column, field: pa.Field, table: str) -> v.Column:
    try:
        return pc.cast(column, field.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise ReaderError(f"{table}.{field.name}: not {field.type}: {exc}") from exc


def _refuse_clear_cards(rows: pa.Table, side: str, checks: v.Checks) -> None:
    kind, value = rows.column(f"{side}_instrument_kind"), rows.column(f"{side}_instrument")
    is_card = pc.equal(kind, _CARD)
    if not pc.any(is_card).as_py():
        return
    tokenized = pc.match_substring_regex(value, f"^{CARD_TOKEN.pattern}$")
    clear = pc.and_kleene(is_card, pc.invert(pc.fill_null(tokenized, False)))
    checks.fail_where(clear, f"{side}_instrument: a card must be a keyed token, never in clear")
