"""The audit chain: verify passes on an honest log and finds every change, insertion,
deletion and reordering (fuzzed with Hypothesis), and exported checkpoints catch rewrites."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import audit, auditing, cases
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.errors import AccessDenied
from moneytrail.cases.models import AuditEntry, AuditHead

N = 24
Tamper = Callable[[Connection], None]


@pytest.fixture
def chain(db: Session, people: dict[Role, Principal]) -> Session:
    """A log of at least N entries, successes and refusals mixed."""
    police, partner = people[Role.INVESTIGATOR], people[Role.FOREIGN_PARTNER]
    while audit.checkpoint(db)["seq"] < N:
        case = cases.create_case(db, police, "c")
        cases.add_note(db, police, case.id, "n")
        with pytest.raises(AccessDenied):
            cases.get_case(db, partner, case.id)
    return db


def test_honest_chain_verifies(chain: Session, people: dict[Role, Principal]) -> None:
    report = auditing.verify_log(chain, people[Role.AUDITOR])
    assert report.ok, report
    assert report.entries == report.head_seq >= N
    with pytest.raises(AccessDenied):
        auditing.verify_log(chain, people[Role.ANALYST])
    rows = auditing.read_log(chain, people[Role.AUDITOR], after=0, limit=3)
    assert [r["seq"] for r in rows] == [1, 2, 3]


def _row(conn: Connection, seq: int) -> dict[str, object]:
    return dict(conn.execute(select(AuditEntry).where(AuditEntry.seq == seq)).mappings().one())


def change(seq: int, field: str, value: str, rehash: bool) -> Tamper:
    def run(conn: Connection) -> None:
        row = _row(conn, seq)
        value_ = value[::-1] + "x" if str(row[field]) == value else value
        value_ = value_[:64]
        new = dict(row, **{field: value_})
        if rehash:
            new["hash"] = audit.entry_hash(AuditEntry(**new))
        conn.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(**new))

    return run


def delete_entry(seq: int) -> Tamper:
    def run(conn: Connection) -> None:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq == seq))

    return run


def insert_entry(seq: int, last: int) -> Tamper:
    """Shift entries up from `seq` and insert a well-formed entry chained to its predecessor."""

    def run(conn: Connection) -> None:
        for s in range(last, seq - 1, -1):
            conn.execute(update(AuditEntry).where(AuditEntry.seq == s).values(seq=s + 1))
        prev = _row(conn, seq - 1)["hash"] if seq > 1 else audit.GENESIS
        forged = AuditEntry(
            seq=seq,
            at="2026-01-01T00:00:00.000000",
            username="x",
            agency="X",
            action="case.read",
            object="case:1",
            outcome="ok",
            detail="{}",
            prev_hash=prev,
        )
        forged.hash = audit.entry_hash(forged)
        values = {c: getattr(forged, c) for c in (*audit.FIELDS, "hash")}
        conn.execute(insert(AuditEntry).values(**values))

    return run


def swap(a: int, b: int) -> Tamper:
    def run(conn: Connection) -> None:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == a).values(seq=-1))
        conn.execute(update(AuditEntry).where(AuditEntry.seq == b).values(seq=a))
        conn.execute(update(AuditEntry).where(AuditEntry.seq == -1).values(seq=b))

    return run


def no_change(conn: Connection) -> None:
    """Leave the log alone."""
    assert conn is not None


def tampers(last: int) -> st.SearchStrategy[Tamper]:
    seqs = st.integers(1, last)
    fields = st.sampled_from(("at", "username", "agency", "action", "object", "outcome", "detail"))
    return st.one_of(
        st.builds(
            change,
            seqs,
            fields,
            st.text(
                st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=8
            ),
            st.booleans(),
        ),
        st.builds(
            change,
            seqs,
            st.sampled_from(("prev_hash", "hash")),
            st.sampled_from(("f" * 64, "0" * 63 + "1")),
            st.just(False),
        ),
        st.builds(delete_entry, seqs),
        st.builds(insert_entry, st.integers(1, last + 1), st.just(last)),
        st.tuples(seqs, seqs).filter(lambda ab: ab[0] != ab[1]).map(lambda ab: swap(*ab)),
    )


@pytest.fixture
def tamper_session(chain: Session) -> Callable[[Tamper], audit.Report]:
    """Apply a tampering inside a transaction, verify, roll back."""
    engine = chain.get_bind()
    assert isinstance(engine, Engine)
    chain.close()

    def attempt(tamper: Tamper) -> audit.Report:
        with engine.connect() as conn:
            trans = conn.begin()
            tamper(conn)
            report = audit.verify(Session(bind=conn))
            trans.rollback()
            return report

    return attempt


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_tampering_is_detected(
    tamper_session: Callable[[Tamper], audit.Report], data: st.DataObject
) -> None:
    last = tamper_session(no_change).head_seq
    tamper = data.draw(tampers(last))
    report = tamper_session(tamper)
    assert not report.ok
    assert report.problem is not None
    assert 0 <= report.problem.seq <= last + 1


def test_a_consistent_rewrite_is_caught_by_checkpoints(
    chain: Session, factory: sessionmaker[Session]
) -> None:
    anchor = audit.checkpoint(chain)
    anchors = audit.parse_anchors([f'{{"seq": 5, "hash": "{_hash_of(chain, 5)}"}}', ""])
    chain.rollback()  # end the read transaction: SQLite lets one writer in at a time
    with factory() as other:
        entries = other.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        prev = audit.GENESIS
        for entry in entries:
            if entry.seq == 5:
                entry.outcome = "ok" if entry.outcome != "ok" else "denied"
            entry.prev_hash = prev
            entry.hash = prev = audit.entry_hash(entry)
        head = other.get(AuditHead, 1)
        assert head is not None
        head.hash = prev
        other.commit()
        assert audit.verify(other).ok
        report = audit.verify(other, anchors)
        assert report.problem == audit.Problem(
            5, "differs from an exported checkpoint: chain rewritten"
        )
    assert anchor["seq"] >= N


def _hash_of(db: Session, seq: int) -> str:
    value = db.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))
    assert value is not None
    return value
