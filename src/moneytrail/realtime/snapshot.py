"""State snapshots: the accounts, the cycle index and the stream position, written atomically.

A snapshot does not depend on the number of workers: accounts are merged when written and
split again by `shard_of` when read. Pickle is used because the state is this program's own
objects; a snapshot is only ever read by the service that wrote it (never from outside).
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from moneytrail.realtime.account import AccountState
from moneytrail.realtime.errors import RealtimeError
from moneytrail.realtime.patterns import CycleIndex

FORMAT = 4
"""2: window legs kept as arrays (`windowstore.WindowLegs`) in each account; 3: each
receiving account's count of block-level transfers (`detect.blockhits`); 4: the accounts one
hop from a known requisite move from the accounts to the router (`realtime.hops`)."""


@dataclass
class Snapshot:
    """What a restart needs: the state, the last stream sequence applied, the log offset."""

    accounts: dict[str, AccountState]
    cycles: CycleIndex
    seen: int
    position: int
    log_offset: int
    model_version: str
    block_hits: dict[str, int]
    """Receiving account → its received transfers at or above the block threshold."""
    hops: dict[str, int]
    """Account → when it first dealt with a known requisite (`realtime.hops`)."""


def write(path: Path, snap: Snapshot) -> None:
    """Write to a temporary file, flush it to disk, then rename over the old snapshot."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump((FORMAT, snap), f, protocol=pickle.HIGHEST_PROTOCOL)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read(path: Path) -> Snapshot | None:
    """The snapshot at `path`, or None when there is none yet."""
    if not path.exists():
        return None
    with path.open("rb") as f:
        fmt, snap = pickle.load(f)
    if fmt != FORMAT or not isinstance(snap, Snapshot):
        raise RealtimeError(
            f"{path}: a snapshot of format {fmt}, this service reads format {FORMAT} only "
            "(format 3 added the accounts' block-level transfer counts, format 4 the accounts "
            "one hop from known requisites); move it away and "
            "replay the stream from its start"
        )
    return snap
