"""The files an ingest is given: directories expanded, each file hashed and peeked at."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from moneytrail.lake.errors import LakeError

HEAD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Source:
    """One input file; `explicit` when it was named rather than found in a directory."""

    path: Path
    explicit: bool

    def sha256(self) -> str:
        """The hex SHA-256 of the file's bytes."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 22):
                digest.update(block)
        return digest.hexdigest()

    def head(self) -> bytes:
        """The first bytes, for format detection."""
        with self.path.open("rb") as handle:
            return handle.read(HEAD_BYTES)


def expand(paths: Iterable[Path]) -> Iterator[Source]:
    """Each named file, and every file under each named directory (sorted, hidden ones not)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden:
                    yield Source(found.resolve(), explicit=False)
        elif path.is_file():
            yield Source(path.resolve(), explicit=True)
        else:
            raise LakeError(f"{path}: no such file or directory")
