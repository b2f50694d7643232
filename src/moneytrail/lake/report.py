"""What an ingest run did, file by file and table by table, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from moneytrail.lake.tables import QUARANTINE, TABLES

Status = Literal["landed", "skipped", "failed", "unknown"]
"""landed: committed now; skipped: committed before (same content); failed: the whole file
is quarantined; unknown: found in a directory and no reader knows it (nothing done)."""


@dataclass(slots=True)
class Counts:
    """Rows of one table from one file: read = landed + quarantined."""

    landed: int = 0
    quarantined: int = 0

    @property
    def read(self) -> int:
        return self.landed + self.quarantined

    def to_json(self) -> dict[str, int]:
        return {"read": self.read, "landed": self.landed, "quarantined": self.quarantined}


@dataclass(slots=True)
class FileResult:
    """One input file: what read it, what became of it, and its rows per table."""

    path: str
    status: Status
    sha256: str | None = None
    format: str | None = None
    ingest_id: str | None = None
    error: str | None = None
    counts: dict[str, Counts] = field(default_factory=dict)

    def count(self, table: str) -> Counts:
        """The counts of a table, created at zero."""
        return self.counts.setdefault(table, Counts())

    def to_json(self) -> dict[str, Any]:
        tables = {name: c.to_json() for name, c in sorted(self.counts.items())}
        return {
            "path": self.path,
            "status": self.status,
            "format": self.format,
            "sha256": self.sha256,
            "ingest_id": self.ingest_id,
            "error": self.error,
            "tables": tables,
        }


@dataclass(slots=True)
class Report:
    """A whole run."""

    lake: str
    files: list[FileResult] = field(default_factory=list)

    def tables(self) -> dict[str, Counts]:
        """Rows per canonical table over the files landed in this run."""
        totals = {spec.name: Counts() for spec in TABLES if spec.name != QUARANTINE}
        for result in self.files:
            for name, counts in result.counts.items():
                total = totals.setdefault(name, Counts())
                total.landed += counts.landed
                total.quarantined += counts.quarantined
        return totals

    def statuses(self) -> dict[str, int]:
        """How many files ended in each status."""
        counts = dict.fromkeys(("landed", "skipped", "failed", "unknown"), 0)
        for result in self.files:
            counts[result.status] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        """The one JSON object `moneytrail ingest --json` prints last."""
        return {
            "lake": self.lake,
            "files": self.statuses(),
            "tables": {name: c.to_json() for name, c in self.tables().items()},
            "details": [result.to_json() for result in self.files],
        }
