"""The audit log as a service: auditors read it and verify it, and both are audited too;
and a per-process writer that commits the entries of many concurrent page views together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from threading import Event, Lock
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import audit
from moneytrail.cases.access import Action, Principal
from moneytrail.cases.models import AuditEntry
from moneytrail.cases.service import perform, require_role

COLUMNS = ("seq", "at", "username", "agency", "action", "object", "outcome", "detail", "hash")


def read_log(db: Session, who: Principal, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """Entries after sequence number `after`, oldest first (needs `audit.read`)."""

    def work() -> list[dict[str, Any]]:
        require_role(who, Action.AUDIT_READ)
        stmt = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq)
        return [{c: getattr(e, c) for c in COLUMNS} for e in db.scalars(stmt.limit(limit))]

    return perform(db, who, Action.AUDIT_READ, f"audit:{after}+", work)


def verify_log(db: Session, who: Principal) -> audit.Report:
    """Verify the chain (needs `audit.read`); the verification itself is logged after it."""

    def work() -> audit.Report:
        require_role(who, Action.AUDIT_READ)
        return audit.verify(db)

    return perform(db, who, Action.AUDIT_READ, "audit:verify", work, lambda r: {"ok": r.ok})


@dataclass(slots=True)
class _Waiting:
    """One thread's entry, and what became of it."""

    item: audit.Item
    wake: Event = field(default_factory=Event)
    done: bool = False
    entry: AuditEntry | None = None
    error: BaseException | None = None


class AuditWriter:
    """Appends from many threads of one process, written as groups (group commit): the
    first thread to arrive writes every entry queued by then in one transaction (one lock
    of the chain head, one insert, one durable commit); threads arriving meanwhile queue,
    and when that commit is done the first of them writes the next group. Each `append`
    returns only once its own entry is committed, so an entry is as durable as with
    `audit.append` and a commit; the chain stays one chain, in the order of the groups.

    For an entry that is all a transaction writes (an entity page view): an entry that must
    commit or fail together with other changes is written with `audit.append` instead."""

    def __init__(self, sessions: sessionmaker[Session], most: int = 256) -> None:
        self._sessions = sessions
        self._most = most
        self._lock = Lock()
        self._queue: list[_Waiting] = []
        self._busy = False
        self.commits = 0
        """Groups committed so far."""

    def waiting(self) -> int:
        """Entries queued behind the group being written."""
        with self._lock:
            return len(self._queue)

    def append(
        self, who: Principal, action: str, obj: str, outcome: str, detail: Mapping[str, Any]
    ) -> AuditEntry:
        """Add one entry; returns when it is committed (raises what failed the commit)."""
        me = _Waiting((who, action, obj, outcome, dict(detail)))
        with self._lock:
            self._queue.append(me)
            lead, self._busy = not self._busy, True
        if not lead:
            me.wake.wait()
        if not me.done:  # first in the queue: write this group
            self._write_group()
        if me.error is not None:
            raise me.error
        assert me.entry is not None
        return me.entry

    def _write_group(self) -> None:
        with self._lock:
            group, self._queue = self._queue[: self._most], self._queue[self._most :]
        try:
            with self._sessions() as db:
                entries = audit.append_many(db, [w.item for w in group])
                db.commit()
            for waiting, entry in zip(group, entries, strict=True):
                waiting.entry = entry
            self.commits += 1
        except BaseException as exc:
            for waiting in group:
                waiting.error = exc
        finally:
            for waiting in group:
                waiting.done = True
                waiting.wake.set()
            with self._lock:
                if self._queue:
                    self._queue[0].wake.set()
                else:
                    self._busy = False
