"""What readers share to land rows: table schemas, batches, rejections, deterministic ids.

Transfers stream out in batches. Parties and instruments are kept per file, one row per id
(the first occurrence wins, later names become aliases) and land when the file is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.ingest.contract import Item, Landed, Rejected
from moneytrail.ingest.redact import redact_pans
from moneytrail.ingest.schemas import SCHEMAS

TRANSFERS, PARTIES, INSTRUMENTS, CRYPTO = "transfers", "parties", "instruments", "crypto_transfers"
KEYED = {PARTIES: "party_id", INSTRUMENTS: "instrument_id"}
BATCH_ROWS = 10_000
RAW_CHARS = 2_000


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix:` and 32 hex digits of SHA-256 over the parts: the same parts, the same id."""
    key = "\x1f".join("" if part is None else str(part) for part in parts)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}:{digest[:32]}"


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def blank(table: str, **cells: Any) -> dict[str, Any]:
    """A row of `table`: the given cells, the others null; KeyError on an unknown column."""
    names = SCHEMAS[table].names
    if unknown := set(cells) - set(names):
        raise KeyError(f"not {table} columns: {sorted(unknown)}")
    return dict.fromkeys(names) | cells


def storable(text: str) -> str:
    """The text with undecodable bytes (kept as surrogates on reading) as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def reject(table: str, file: Path | str, line: int | None, reason: str, raw: str) -> Rejected:
    """A rejected row, its reason and raw text with card numbers masked, the raw text cut,
    bytes that were not UTF-8 shown as U+FFFD."""
    text = redact_pans(storable(raw))
    if len(text) > RAW_CHARS:
        text = text[:RAW_CHARS] + "…"
    return Rejected(table, str(file), line, redact_pans(storable(reason)), text)


def scrub(row: dict[str, Any]) -> dict[str, Any]:
    """The row with card numbers masked in every text cell (ids built from a typed account
    number included), so that no clear PAN lands whatever column a source put it in."""
    for column, value in row.items():
        if isinstance(value, str):
            row[column] = redact_pans(value)
        elif isinstance(value, list):
            row[column] = [redact_pans(v) if isinstance(v, str) else v for v in value]
    return row


def _merge(kept: dict[str, Any], row: dict[str, Any]) -> None:
    """Fill the kept row's empty cells from a later row; another name becomes an alias."""
    for column, value in row.items():
        if kept.get(column) is None and value is not None:
            kept[column] = value
    name = row.get("name")
    if "aliases" in kept and name and name != kept.get("name"):
        aliases = list(kept.get("aliases") or [])
        kept["aliases"] = aliases if name in aliases else [*aliases, name]


@dataclass
class Tables:
    """Rows waiting to land: transfers and crypto legs in batches, parties and instruments by id."""

    batch_rows: int = BATCH_ROWS
    pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    keyed: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> Iterator[Landed]:
        """Queue one row (free text scrubbed of card numbers); a batch lands when it is full."""
        row = scrub(dict(row))
        if table in KEYED:
            rows = self.keyed.setdefault(table, {})
            key = row[KEYED[table]]
            if key in rows:
                _merge(rows[key], row)
            else:
                rows[key] = row
            return
        batch = self.pending.setdefault(table, [])
        batch.append(row)
        if len(batch) >= self.batch_rows:
            yield self._land(table, batch)
            self.pending[table] = []

    def add_all(self, rows: list[tuple[str, dict[str, Any]]]) -> Iterator[Landed]:
        """Queue rows of several tables."""
        for table, row in rows:
            yield from self.add(table, row)

    def flush(self) -> Iterator[Item]:
        """Land everything still waiting."""
        for table, batch in self.pending.items():
            if batch:
                yield self._land(table, batch)
        for table, rows in self.keyed.items():
            if rows:
                yield self._land(table, list(rows.values()))
        self.pending, self.keyed = {}, {}

    @staticmethod
    def _land(table: str, rows: list[dict[str, Any]]) -> Landed:
        return Landed(table, pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
