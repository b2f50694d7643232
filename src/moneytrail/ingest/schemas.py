"""The canonical tables readers land rows in, and the schemas of those not in `model`.

Transfers, parties, instruments and crypto transfers are declared in `moneytrail.model`;
declared here are labels and the quarantine, which only ingestion makes, and posts,
customs declarations and passengers. Every table carries provenance:
`source`, `file`, `row` (the line number in a text file, the 1-based row number otherwise).
"""

from __future__ import annotations

import pyarrow as pa

from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA
from moneytrail.model.record_schemas import INSTRUMENT_SCHEMA, PARTY_SCHEMA
from moneytrail.model.transfers import TRANSFER_SCHEMA


def _str(name: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, pa.string(), nullable=nullable)


def _ts(name: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, pa.timestamp("us", tz="UTC"), nullable=nullable)


def _provenance() -> list[pa.Field]:
    return [_str("source", False), _str("file"), pa.field("row", pa.int64(), nullable=True)]


def _meta(name: str) -> dict[str, str]:
    return {"moneytrail.schema": name, "moneytrail.version": "1"}


LABEL_SCHEMA = pa.schema(
    [
        _str("subject_kind", False),
        _str("subject_id", False),
        _str("label", False),
        _str("typology"),
        _str("group_id"),
        _ts("since"),
        *_provenance(),
    ],
    metadata=_meta("label"),
)
"""A positive ground-truth label of a benchmark or simulated data set.

`subject_kind` is `transfer`, `instrument` or `party`; `subject_id` the id in that table;
`label` what is true of it (`laundering`, `dropper`, ...); `typology` the pattern it took
part in (`fan_in`, `cycle`, ...), `group_id` the pattern instance, `since` when it began.
A subject of a labelled source without a label row is negative."""

QUARANTINE_SCHEMA = pa.schema(
    [
        _str("table", False),
        _str("file", False),
        pa.field("line", pa.int64(), nullable=True),
        _str("reason", False),
        _str("raw"),
        _str("ingest_id", False),
    ],
    metadata=_meta("quarantine"),
)
"""An input row that did not land: its table, file, line, the reason and its raw text."""

POST_SCHEMA = pa.schema(
    [
        _str("post_id", False),
        _str("platform", False),
        _str("channel"),
        _str("author"),
        pa.field("message_id", pa.int64(), nullable=True),
        _ts("posted_at", False),
        _ts("edited_at"),
        _str("text"),
        _str("url"),
        pa.field("media", pa.list_(pa.string()), nullable=True),
        _str("language"),
        pa.field("links", pa.list_(pa.string()), nullable=True),
        pa.field("card_tokens", pa.list_(pa.string()), nullable=True),
        *_provenance(),
    ],
    metadata=_meta("post"),
)
"""A message, web page or street ad as found: `platform` is `telegram`, `web` or `street`.

`text` is kept as evidence with card numbers masked; `card_tokens` are the keyed tokens of
the valid card numbers it named (to join with `instruments`), `links` the links behind
its words."""

DECLARATION_SCHEMA = pa.schema(
    [
        _str("declaration_id", False),
        _str("declaration_no", False),
        pa.field("item_no", pa.int32(), nullable=False),
        pa.field("declaration_date", pa.date32(), nullable=False),
        *map(_str, ["customs_post_code", "customs_post_name", "importer_bin", "importer_name"]),
        *map(_str, ["exporter_name", "exporter_country", "origin_country", "goods_description"]),
        *map(_str, ["hs_code", "cas_number"]),
        pa.field("quantity", pa.float64(), nullable=True),
        _str("unit"),
        pa.field("net_weight_kg", pa.float64(), nullable=True),
        pa.field("gross_weight_kg", pa.float64(), nullable=True),
        pa.field("invoice_value", pa.decimal128(18, 2), nullable=True),
        _str("currency"),
        *_provenance(),
    ],
    metadata=_meta("declaration"),
)
"""One goods line of an import customs declaration; `declaration_id` is `<number>/<item>`."""

PASSENGER_SCHEMA = pa.schema(
    [
        _str("passenger_id", False),
        _str("message_kind", False),
        _str("role", False),
        _str("carrier"),
        _str("flight_no"),
        _str("departure_airport"),
        _str("arrival_airport"),
        pa.field("departure_local", pa.timestamp("us"), nullable=False),
        pa.field("arrival_local", pa.timestamp("us"), nullable=True),
        *map(_str, ["last_name", "first_name", "middle_name"]),
        pa.field("birth_date", pa.date32(), nullable=True),
        *map(_str, ["gender", "nationality", "document_type", "document_number"]),
        _str("document_country"),
        pa.field("document_expiry", pa.date32(), nullable=True),
        *map(_str, ["booking_ref", "seat", "form_of_payment"]),
        *_provenance(),
    ],
    metadata=_meta("passenger"),
)
"""A traveller on one flight as an API (PAXLST) or PNR (PNRGOV) message lists them.

`role` is `passenger`, `infant` or `crew`; times are the airports' local times, as the
messages carry them (no zone); `nationality` and `document_country` are ISO alpha-2."""

SCHEMAS: dict[str, pa.Schema] = {
    "transfers": TRANSFER_SCHEMA,
    "crypto_transfers": CRYPTO_TRANSFER_SCHEMA,
    "parties": PARTY_SCHEMA,
    "instruments": INSTRUMENT_SCHEMA,
    "posts": POST_SCHEMA,
    "declarations": DECLARATION_SCHEMA,
    "passengers": PASSENGER_SCHEMA,
    "labels": LABEL_SCHEMA,
    "quarantine": QUARANTINE_SCHEMA,
}
"""Every canonical table readers land rows in (and the quarantine), by name."""
