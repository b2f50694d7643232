"""The cheap request path of audited pages: views from many threads at once still form one
verified hash chain with one entry each, entries that arrive while a group is being written
share the next commit, and a busy session writes its last-seen time only every
`TOUCH_EVERY` while the idle timeout is still enforced."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.api import entities
from moneytrail.api.deps import AppState
from moneytrail.cases import audit
from moneytrail.cases.auth import TOUCH_EVERY, resume
from moneytrail.cases.errors import AuthError
from moneytrail.cases.models import AuditEntry, AuthSession
from tests.api.test_entities import Login
from tests.api.world import PEOPLE

THREADS, EACH = 8, 5


def _state(client: TestClient) -> AppState:
    state: AppState = client.app.state.moneytrail  # type: ignore[attr-defined]
    return state


def _views(state: AppState, token: str) -> int:
    """Resume the session and view a person `EACH` times, a session per view."""
    for _ in range(EACH):
        with state.sessions() as db:
            entities.person(state, db, resume(db, token, state.policy), PEOPLE[1])
    return EACH


def _reads(db: Session) -> int:
    stmt = select(func.count()).where(AuditEntry.action == entities.ENTITY_READ)
    return int(db.scalar(stmt) or 0)


def test_parallel_views_form_one_verified_chain(client: TestClient, login: Login) -> None:
    state, token = _state(client), login("demo.analyst")["Authorization"].split()[1]
    with state.sessions() as db:
        before = _reads(db)
    with ThreadPoolExecutor(THREADS) as pool:
        done = sum(pool.map(lambda _: _views(state, token), range(THREADS)))
    with state.sessions() as db:
        assert _reads(db) - before == done == THREADS * EACH
        report = audit.verify(db)
        assert report.ok, report.problem


def test_appends_that_wait_for_a_commit_share_the_next_one(
    client: TestClient, login: Login
) -> None:
    """While another transaction holds the chain head, the first append waits in its own
    group and the rest queue; once the head is free, they all go in one more commit."""
    state, token = _state(client), login("demo.analyst")["Authorization"].split()[1]
    writer = state.audit_writer()
    with state.sessions() as db:
        who = resume(db, token, state.policy)
        before, commits = _reads(db), writer.commits
    blocker = state.sessions()
    audit.append(blocker, who, "test.hold", "head", "ok", {})  # the head stays locked
    with ThreadPoolExecutor(THREADS) as pool:
        done = [
            pool.submit(writer.append, who, entities.ENTITY_READ, f"party:{i}", "ok", {"i": i})
            for i in range(THREADS)
        ]
        deadline = time.monotonic() + 20
        while writer.waiting() < THREADS - 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert writer.waiting() == THREADS - 1  # one writes (blocked), the rest wait
        assert not any(f.done() for f in done)  # none returns before its commit
        blocker.commit()
        blocker.close()
        seqs = sorted(f.result().seq for f in done)
    assert writer.commits - commits == 2
    assert seqs == list(range(seqs[0], seqs[0] + THREADS))
    with state.sessions() as db:
        assert _reads(db) - before == THREADS
        report = audit.verify(db)
        assert report.ok, report.problem


def test_a_failed_group_fails_its_appends_and_the_next_group_still_commits(
    client: TestClient, login: Login
) -> None:
    state, token = _state(client), login("demo.analyst")["Authorization"].split()[1]
    writer = state.audit_writer()
    with state.sessions() as db:
        who = resume(db, token, state.policy)
    with pytest.raises(TypeError):  # a detail that is not JSON fails its group's commit
        writer.append(who, entities.ENTITY_READ, "party:x", "ok", {"bad": object()})
    entry = writer.append(who, entities.ENTITY_READ, "party:y", "ok", {})
    with state.sessions() as db:
        report = audit.verify(db)
        assert report.ok, report.problem
        assert report.head_seq == entry.seq


def _last_seen(sessions: sessionmaker[Session], token_id: int) -> object:
    with sessions() as db:
        return db.scalar(select(AuthSession.last_seen).where(AuthSession.id == token_id))


def test_last_seen_moves_in_steps_and_idle_sessions_still_end(
    client: TestClient, login: Login
) -> None:
    state, token = _state(client), login("demo.analyst")["Authorization"].split()[1]
    with state.sessions() as db:
        stored = db.scalars(select(AuthSession).order_by(AuthSession.id.desc())).first()
        assert stored is not None
        sid, t0 = stored.id, stored.last_seen
    with state.sessions() as db:
        resume(db, token, state.policy, now=t0 + TOUCH_EVERY / 2)
    assert _last_seen(state.sessions, sid) == t0  # within a step: nothing written
    later = t0 + TOUCH_EVERY
    with state.sessions() as db:
        resume(db, token, state.policy, now=later)
    assert _last_seen(state.sessions, sid) == later
    idle = later + state.policy.idle_timeout + timedelta(seconds=1)
    with state.sessions() as db, pytest.raises(AuthError, match="expired"):
        resume(db, token, state.policy, now=idle)
    with state.sessions() as db, pytest.raises(AuthError, match="no such session"):
        resume(db, token, state.policy, now=idle)
