"""What every reader yields, and the context it reads with.

A reader turns one input file into canonical rows. It yields `Landed` batches (rows that
passed validation, already in the canonical table's schema) and `Rejected` rows (with the
file, line and reason), so that for every table: rows read = rows landed + rows rejected.
Readers never raise on bad rows; `ReaderError` is for a file that cannot be read at all
(then the whole file is quarantined as one rejected entry by the pipeline).
Readers that validate whole columns at once may yield `RejectedBatch`es instead of
one `Rejected` per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pyarrow as pa

from moneytrail.errors import MoneytrailError
from moneytrail.model.ids.base import Tokenizer


class ReaderError(MoneytrailError):
    """A file that cannot be read at all; the message names the file and why."""


@dataclass(frozen=True, slots=True)
class Landed:
    """Rows for one canonical table (`transfers`, `parties`, `instruments`, `crypto_transfers`,
    `posts`, `declarations`, `passengers`, `labels`), conforming to that table's schema."""

    table: str
    rows: pa.Table


@dataclass(frozen=True, slots=True)
class Rejected:
    """One input row that failed validation: where it was, why, and its raw text."""

    table: str
    file: str
    line: int | None
    reason: str
    raw: str


REJECT_SCHEMA = pa.schema(
    [
        pa.field("file", pa.string(), nullable=False),
        pa.field("line", pa.int64(), nullable=True),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("raw", pa.string(), nullable=True),
    ]
)


@dataclass(frozen=True, slots=True)
class RejectedBatch:
    """Many rejected rows of one table, as columns `file`, `line`, `reason`, `raw`
    (`REJECT_SCHEMA`)."""

    table: str
    rows: pa.Table


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader needs besides the file: the tokenizer, a source name, options."""

    tokenizer: Tokenizer
    source: str
    options: dict[str, Any] = field(default_factory=dict)
    file_id: str = ""
    """A short id of the file's content, for row ids that are unique and repeatable."""


Item = Landed | Rejected | RejectedBatch


class Reader(Protocol):
    """One input format."""

    name: ClassVar[str]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether the file (its path and first bytes) is in this format."""
        ...

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Landed batches and rejected rows, in file order."""
        ...
