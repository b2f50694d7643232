"""The decision log: one `Decision.to_json` line per decision, appended and flushed per batch.

After a crash the log may end in a partial line; `open_log` cuts it off, so that every line
is whole and the transfers it names are exactly those decided.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO


class DecisionLog:
    """An append-only JSON-lines file of decisions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        _cut_partial_line(path)
        self._file: IO[str] = path.open("a", encoding="utf-8")

    def append(self, lines: Iterable[str]) -> None:
        """Write decisions (`Decision.to_json` lines) and flush them to the operating system."""
        self._file.write("".join(line + "\n" for line in lines))
        self._file.flush()

    def offset(self) -> int:
        """Bytes written so far (where a snapshot's log position points)."""
        return self._file.tell()

    def sync(self) -> None:
        """Flush to disk (before a snapshot names this offset)."""
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def logged_since(path: Path, offset: int) -> set[str]:
    """Transfer ids of the whole lines after byte `offset`."""
    if not path.exists():
        return set()
    with path.open("rb") as f:
        f.seek(offset)
        return {json.loads(line)["transfer_id"] for line in f if line.endswith(b"\n")}


def _cut_partial_line(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with path.open("r+b") as f:
            f.truncate(end)
