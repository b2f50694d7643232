"""The canonical tables of the lake: name, Arrow schema, and the column that partitions them.

A table with a time column is stored hive-style by its UTC day (`date=YYYY-MM-DD`; for
passengers, the local day of departure); the others are stored flat. The lake adds
`ingest_id` to every row: the ingest that landed it, whose manifest entry in the catalog
makes the row visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from moneytrail.ingest.schemas import SCHEMAS
from moneytrail.lake.errors import LakeError

INGEST_ID = "ingest_id"
PARTITION = "date"


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One canonical table: what readers land in it and how the lake stores it."""

    name: str
    schema: pa.Schema
    partition_by: str | None = None
    """A timestamp or date column; its UTC day names the row's partition."""

    @property
    def lake_schema(self) -> pa.Schema:
        """The schema of the stored files: the canonical one plus `ingest_id`."""
        if INGEST_ID in self.schema.names:
            return self.schema
        return self.schema.append(pa.field(INGEST_ID, pa.string(), nullable=False))


PARTITIONED_BY = {
    "transfers": "ts",
    "crypto_transfers": "ts",
    "posts": "posted_at",
    "declarations": "declaration_date",
    "passengers": "departure_local",
}
TABLES: tuple[TableSpec, ...] = tuple(
    TableSpec(name, schema, PARTITIONED_BY.get(name)) for name, schema in SCHEMAS.items()
)
BY_NAME = {spec.name: spec for spec in TABLES}
QUARANTINE = "quarantine"


def table_spec(name: str) -> TableSpec:
    """The table of that name; a `LakeError` naming the known ones otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise LakeError(f"unknown table {name!r}; known: {', '.join(BY_NAME)}") from None
