"""Where things are in a lake directory.

```
LAKE/catalog.duckdb                       manifest of committed ingests, views over the tables
LAKE/tables/<table>/date=YYYY-MM-DD/part-<ingest>-<n>.parquet   (tables with a time column)
LAKE/tables/<table>/part-<ingest>-<n>.parquet                     (the others)
LAKE/staging/<ingest>/...                 an ingest being written; gone once committed
LAKE/.lock                                held by the one process that writes
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from moneytrail.lake.tables import PARTITION, TableSpec

PART_PREFIX = "part-"
PART_SUFFIX = ".parquet"


@dataclass(frozen=True, slots=True)
class Lake:
    """A lake directory (absolute, so that catalog views work from any directory)."""

    root: Path

    @classmethod
    def at(cls, root: Path) -> Lake:
        """The lake in `root`, created if missing."""
        lake = cls(root.expanduser().resolve())
        lake.tables_dir.mkdir(parents=True, exist_ok=True)
        return lake

    @property
    def tables_dir(self) -> Path:
        return self.root / "tables"

    @property
    def staging_dir(self) -> Path:
        return self.root / "staging"

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.duckdb"

    @property
    def lock_path(self) -> Path:
        return self.root / ".lock"

    def table_dir(self, spec: TableSpec) -> Path:
        """The directory of one table's files."""
        return self.tables_dir / spec.name

    def glob(self, spec: TableSpec) -> str:
        """A glob matching every part file of the table."""
        middle = f"{PARTITION}=*/" if spec.partition_by else ""
        return f"{self.table_dir(spec)}/{middle}{PART_PREFIX}*{PART_SUFFIX}"

    def part_files(self, spec: TableSpec) -> Iterator[Path]:
        """Every part file of the table, committed or not."""
        pattern = f"{PARTITION}=*/{PART_PREFIX}*" if spec.partition_by else f"{PART_PREFIX}*"
        return self.table_dir(spec).glob(pattern + PART_SUFFIX)


def part_name(ingest_id: str, seq: int) -> str:
    """The file name of the `seq`-th part an ingest writes."""
    return f"{PART_PREFIX}{ingest_id}-{seq:05d}{PART_SUFFIX}"


def ingest_of(part: Path) -> str:
    """The ingest id a part file's name carries."""
    return part.name.removeprefix(PART_PREFIX).rsplit("-", 1)[0]


def partition_dir(day: str | None) -> str:
    """The hive-style directory of a day (`date=2024-05-01`), or "" for a flat table."""
    return f"{PARTITION}={day}" if day else ""
