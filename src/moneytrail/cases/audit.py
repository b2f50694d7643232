"""The append-only, hash-chained audit log: append, verify, and export checkpoints.

Each entry's hash is SHA-256 over the canonical JSON of its fields and the previous entry's
hash; a single head row names the last entry and is locked while appending, so concurrent
writers form one chain (several entries may be appended under one lock: `append_many`).
`verify` walks the chain and names the first bad entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal
from moneytrail.cases.db import utcnow
from moneytrail.cases.models import AuditEntry, AuditHead

GENESIS = "0" * 64
FIELDS = ("seq", "at", "username", "agency", "action", "object", "outcome", "detail", "prev_hash")
COLUMNS = (*FIELDS, "hash")


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry, computed from its fields and `prev_hash`."""
    fields = {name: getattr(entry, name) for name in FIELDS}
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


LOCK_HEAD = select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
READ_HEAD = select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
ADD_ENTRY = insert(AuditEntry)
MOVE_HEAD = update(AuditHead).where(AuditHead.id == 1)
ADD_AND_MOVE = ADD_ENTRY.add_cte(
    MOVE_HEAD.values(seq=bindparam("head_seq"), hash=bindparam("head_hash")).cte("moved")
)
"""PostgreSQL: both writes in one statement, one round trip while the head is locked."""


Item = tuple[Principal, str, str, str, Mapping[str, Any]]
"""What one entry records: who, action, object, outcome, detail."""


def append(
    db: Session, who: Principal, action: str, obj: str, outcome: str, detail: Mapping[str, Any]
) -> AuditEntry:
    """Add one entry after the current head (locks the head row until commit). The session's
    pending changes are flushed first and the entry written with plain statements (one on
    PostgreSQL), so that the lock is held for as little work as possible."""
    return append_many(db, [(who, action, obj, outcome, detail)])[0]


def append_many(db: Session, items: Sequence[Item]) -> list[AuditEntry]:
    """Add entries after the current head, chained in the order given, with one lock of the
    head (held until commit) and one insert: how a group of appends shares one commit."""
    db.flush()
    conn = db.connection()
    seq, prev = conn.execute(LOCK_HEAD).one()
    entries = []
    for who, action, obj, outcome, detail in items:
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=utcnow().isoformat(timespec="microseconds"),
            username=who.username,
            agency=who.agency_code,
            action=action,
            object=obj[:120],
            outcome=outcome,
            detail=canonical(dict(detail)),
            prev_hash=prev,
        )
        entry.hash = prev = entry_hash(entry)
        entries.append(entry)
    if not entries:
        return entries
    rows = [{name: getattr(e, name) for name in COLUMNS} for e in entries]
    head = {"seq": seq, "hash": prev}
    if conn.dialect.name == "postgresql" and len(rows) == 1:
        conn.execute(ADD_AND_MOVE, rows[0] | {"head_seq": seq, "head_hash": prev})
    else:
        conn.execute(ADD_ENTRY, rows)
        conn.execute(MOVE_HEAD, head)
    return entries


@dataclass(frozen=True, slots=True)
class Problem:
    """The first bad entry found, and what is wrong with it."""

    seq: int
    what: str


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of `verify`."""

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    problem: Problem | None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _walk(entries: Iterable[AuditEntry]) -> Iterator[Problem | tuple[int, str]]:
    """Yield a problem at the first bad entry, else (count, last hash) at the end."""
    expected_seq, prev, count = 1, GENESIS, 0
    for entry in entries:
        if entry.seq != expected_seq:
            yield Problem(entry.seq, f"expected entry {expected_seq} here: entries missing")
            return
        if entry.prev_hash != prev:
            yield Problem(entry.seq, "prev_hash does not match the entry before it")
            return
        if entry_hash(entry) != entry.hash:
            yield Problem(entry.seq, "content changed: its hash does not match its fields")
            return
        expected_seq, prev, count = entry.seq + 1, entry.hash, count + 1
    yield count, prev


def verify(db: Session, anchors: Iterable[tuple[int, str]] = ()) -> Report:
    """Walk the chain; check it against the head row and any exported checkpoints."""
    head = db.execute(READ_HEAD).one()
    rows = db.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))
    outcome = next(_walk(rows))
    if isinstance(outcome, Problem):
        return Report(False, outcome.seq - 1, head.seq, head.hash, outcome)
    count, last = outcome
    problem = None
    if (count, last) != (head.seq, head.hash):
        problem = Problem(count, f"chain ends at entry {count} but the head names {head.seq}")
    problem = problem or _check_anchors(db, anchors)
    return Report(problem is None, count, head.seq, head.hash, problem)


def _check_anchors(db: Session, anchors: Iterable[tuple[int, str]]) -> Problem | None:
    """The first exported checkpoint the chain no longer matches."""
    for seq, digest in anchors:
        stored = db.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))
        if stored != digest:
            return Problem(seq, "differs from an exported checkpoint: chain rewritten")
    return None


def checkpoint(db: Session) -> dict[str, Any]:
    """The head's sequence number and hash, to be anchored outside this database."""
    head = db.execute(READ_HEAD).one()
    return {"seq": head.seq, "hash": head.hash, "at": utcnow().isoformat(timespec="seconds")}


def parse_anchors(lines: Iterable[str]) -> list[tuple[int, str]]:
    """Checkpoints from JSON lines as written by `checkpoint`."""
    found = []
    for line in lines:
        if line.strip():
            data = json.loads(line)
            found.append((int(data["seq"]), str(data["hash"])))
    return found
