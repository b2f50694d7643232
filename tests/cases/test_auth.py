"""Authentication: argon2 hashes, TOTP, lockout, idle timeout, API tokens stored as hashes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import auth
from moneytrail.cases.access import AgencyKind, Principal, Role
from moneytrail.cases.errors import (
    AccessDenied,
    AuthError,
    InvalidInput,
    InvalidTransition,
    NotFound,
)
from moneytrail.cases.models import ApiToken, AuditEntry, User
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password
from tests.cases.conftest import FAST

T0 = datetime(2026, 11, 23, 9, 0)
NAME = "demo.prosecutor"


def _code(at: datetime) -> str:
    return pyotp.TOTP(DEMO_TOTP_SECRET).at(at)


def _login(db: Session, password: str, at: datetime, code: str | None = None) -> str:
    return auth.login(db, NAME, password, code or _code(at), FAST, now=at)[1]


def test_login_needs_password_and_code(db: Session) -> None:
    user = db.scalars(select(User).where(User.username == NAME)).one()
    assert user.password_hash.startswith("$argon2id$")
    who, token = auth.login(db, NAME, demo_password(NAME), _code(T0), FAST, now=T0)
    assert (who.role, who.agency_code) == (Role.PROSECUTOR, "GPO")
    assert auth.resume(db, token, FAST, now=T0 + timedelta(minutes=5)) == who
    with pytest.raises(AuthError, match="one-time code"):
        _login(db, demo_password(NAME), T0, code="000000")
    with pytest.raises(AuthError, match="one-time code"):
        _login(db, "guess", T0)
    outcomes = db.scalars(select(AuditEntry.outcome).where(AuditEntry.action == "auth.login"))
    assert list(outcomes) == ["ok", "auth_failed", "auth_failed"]


def test_lockout_after_repeated_failures(db: Session) -> None:
    for _ in range(FAST.max_failures):
        with pytest.raises(AuthError):
            _login(db, "wrong", T0)
    with pytest.raises(AuthError, match="locked until"):
        _login(db, demo_password(NAME), T0 + timedelta(minutes=1))
    later = T0 + FAST.lockout + timedelta(seconds=1)
    assert _login(db, demo_password(NAME), later)


def test_idle_session_expires(db: Session) -> None:
    token = _login(db, demo_password(NAME), T0)
    auth.resume(db, token, FAST, now=T0 + timedelta(minutes=14))
    with pytest.raises(AuthError, match="expired"):
        auth.resume(db, token, FAST, now=T0 + timedelta(minutes=30))
    with pytest.raises(AuthError, match="no such session"):
        auth.resume(db, token, FAST, now=T0 + timedelta(minutes=31))


def test_api_tokens_are_stored_only_as_hashes(db: Session, people: dict[Role, Principal]) -> None:
    with pytest.raises(AccessDenied):
        auth.issue_token(db, people[Role.ANALYST], "bank-gw", "AFM", Role.SYSTEM)
    token = auth.issue_token(db, people[Role.SUPERVISOR], "bank-gw", "AFM", Role.SYSTEM)
    stored = db.scalars(select(ApiToken.token_hash)).one()
    assert token not in stored
    assert stored == auth.sha256(token)
    who = auth.authenticate_token(db, token)
    assert (who.username, who.role, who.agency_code) == ("api:bank-gw", Role.SYSTEM, "AFM")
    with pytest.raises(AuthError):
        auth.authenticate_token(db, token + "x")


def test_revoked_token_is_refused_and_both_are_audited(
    db: Session, people: dict[Role, Principal]
) -> None:
    admin = people[Role.SUPERVISOR]
    token = auth.issue_token(db, admin, "scoring", "AFM", Role.SYSTEM)
    (listed,) = auth.list_tokens(db, admin)
    assert (listed.name, listed.revoked) == ("scoring", False)
    with pytest.raises(AccessDenied, match=r"may not auth\.token_revoke"):
        auth.revoke_token(db, people[Role.ANALYST], listed.id)
    assert auth.authenticate_token(db, token).username == "api:scoring"
    assert auth.revoke_token(db, admin, listed.id).revoked
    with pytest.raises(AuthError, match="unknown or revoked"):
        auth.authenticate_token(db, token)
    with pytest.raises(InvalidTransition, match="revoked already"):
        auth.revoke_token(db, admin, listed.id)
    with pytest.raises(NotFound):
        auth.revoke_token(db, admin, listed.id + 99)
    rows = db.scalars(select(AuditEntry).where(AuditEntry.object == f"token:{listed.id}"))
    trail = [(e.username, e.action, e.outcome) for e in rows]
    assert trail == [
        ("demo.analyst", "auth.token_revoke", "denied"),
        ("demo.supervisor", "auth.token_revoke", "ok"),
        ("api", "auth.token", "auth_failed"),
        ("demo.supervisor", "auth.token_revoke", "invalid"),
    ]


def test_new_user_gets_a_totp_secret(db: Session, people: dict[Role, Principal]) -> None:
    admin = people[Role.SUPERVISOR]
    secret = auth.create_user(db, admin, "new.analyst", "AFM", Role.ANALYST, "pw-123456", FAST)
    who, _ = auth.login(db, "new.analyst", "pw-123456", pyotp.TOTP(secret).at(T0), FAST, now=T0)
    assert who.username == "new.analyst"


def test_a_duplicate_is_refused_and_audited(db: Session, people: dict[Role, Principal]) -> None:
    admin = people[Role.SUPERVISOR]
    with pytest.raises(InvalidInput, match="conflicts with existing data"):
        auth.add_agency(db, admin, "AFM", "again", AgencyKind.FIU)
    last = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (last.object, last.outcome) == ("agency:AFM", "invalid")


def test_an_unknown_user_gets_the_same_answer(db: Session) -> None:
    with pytest.raises(AuthError, match="unknown user, wrong password or wrong one-time code"):
        auth.login(db, "nobody", "pw", "123456", FAST, now=T0)
