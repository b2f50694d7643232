"""Exactly-once ingestion: one writer at a time, staged files, an atomic commit, recovery.

An ingest writes its files under `staging/<ingest>/`, moves them into `tables/` (each move
an atomic rename within one file system, each file fsynced first) and then commits by
inserting its manifest row. A process killed at any point leaves either a committed ingest
or files no manifest row names; `recover` deletes the latter and the staging directory, so
running the same ingest again gives exactly the rows of one clean run.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from moneytrail.lake.catalog import Catalog, IngestEntry
from moneytrail.lake.errors import LakeError
from moneytrail.lake.layout import Lake, ingest_of
from moneytrail.lake.tables import TABLES


@contextmanager
def writer_lock(lake: Lake) -> Iterator[None]:
    """Hold the lake's write lock (released by the OS if the process dies)."""
    handle = lake.lock_path.open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LakeError(f"{lake.root}: another process is writing to this lake") from None
        yield
    finally:
        handle.close()


def recover(lake: Lake, catalog: Catalog) -> int:
    """Remove staging and every part file of an uncommitted ingest; how many files went."""
    shutil.rmtree(lake.staging_dir, ignore_errors=True)
    committed = set(catalog.committed().values())
    removed = 0
    for spec in TABLES:
        for part in list(lake.part_files(spec)):
            if ingest_of(part) not in committed:
                part.unlink()
                removed += 1
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(lake: Lake, catalog: Catalog, entry: IngestEntry, staged: Sequence[Path]) -> None:
    """Move an ingest's staged files into the tables, then record it in the manifest."""
    root = lake.staging_dir / entry.ingest_id
    folders: set[Path] = set()
    for rel in staged:
        source, target = root / rel, lake.tables_dir / rel
        _fsync(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        folders.add(target.parent)
    for folder in folders:
        _fsync(folder)
    catalog.record(entry)
    shutil.rmtree(root, ignore_errors=True)


def discard(lake: Lake, ingest_id: str) -> None:
    """Drop what an ingest staged (a file that failed as a whole)."""
    shutil.rmtree(lake.staging_dir / ingest_id, ignore_errors=True)
