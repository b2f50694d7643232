"""Authentication: argon2 passwords, TOTP second factor, lockout after repeated failures,
sessions that expire when idle, and API tokens for systems. Only hashes of secrets are kept."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import Action, AgencyKind, Principal, Role
from moneytrail.cases.db import utcnow
from moneytrail.cases.errors import AuthError, NotFound
from moneytrail.cases.models import Agency, ApiToken, AuthSession, User
from moneytrail.cases.service import perform, require_role


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """How strict login is; the defaults follow common government baselines."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    idle_timeout: timedelta = timedelta(minutes=15)
    hasher: PasswordHasher = field(default_factory=PasswordHasher)


def sha256(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(db: Session, user: User) -> Principal:
    """The principal a user acts as."""
    agency = db.get(Agency, user.agency_id)
    assert agency is not None  # a foreign key guarantees it
    return Principal(
        user.id, user.username, agency.id, agency.code, AgencyKind(agency.kind), Role(user.role)
    )


def create_user(
    db: Session,
    who: Principal,
    username: str,
    agency_code: str,
    role: Role,
    password: str,
    policy: AuthPolicy | None = None,
) -> str:
    """Create a user (needs `user.admin`); returns the TOTP secret to enrol in an authenticator."""
    hasher = (policy or AuthPolicy()).hasher

    def work() -> str:
        require_role(who, Action.USER_ADMIN)
        agency = db.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            raise NotFound(f"agency {agency_code} does not exist")
        secret = pyotp.random_base32()
        user = User(username=username, agency_id=agency.id, role=role.value, totp_secret=secret)
        user.password_hash = hasher.hash(password)
        db.add(user)
        return secret

    return perform(db, who, Action.USER_ADMIN, f"user:{username}", work)


def add_agency(
    db: Session, who: Principal, code: str, name: str, kind: AgencyKind, country: str = "KZ"
) -> int:
    """Register an agency (needs `user.admin`); returns its id."""

    def work() -> int:
        require_role(who, Action.USER_ADMIN)
        agency = Agency(code=code, name=name, kind=kind.value, country=country)
        db.add(agency)
        db.flush()
        return agency.id

    return perform(db, who, Action.USER_ADMIN, f"agency:{code}", work)


def _password_ok(policy: AuthPolicy, user: User, password: str) -> bool:
    try:
        return policy.hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _second_factor_ok(user: User, code: str | None, now: datetime) -> bool:
    if user.totp_secret is None:
        return True
    return code is not None and pyotp.TOTP(user.totp_secret).verify(
        code, for_time=now, valid_window=1
    )


def _check_login(
    db: Session,
    user: User | None,
    password: str,
    code: str | None,
    policy: AuthPolicy,
    now: datetime,
) -> User:
    if user is None or not user.active:
        policy.hasher.hash(password)  # as slow as a check, so timing does not reveal users
        raise AuthError("unknown user, wrong password or wrong one-time code")
    if user.locked_until is not None and user.locked_until > now:
        raise AuthError(f"account locked until {user.locked_until.isoformat(timespec='minutes')}")
    if not (_password_ok(policy, user, password) and _second_factor_ok(user, code, now)):
        user.failed_logins += 1
        if user.failed_logins >= policy.max_failures:
            user.locked_until, user.failed_logins = now + policy.lockout, 0
        db.commit()  # the failure counts even though the login is refused
        raise AuthError("unknown user, wrong password or wrong one-time code")
    user.failed_logins, user.locked_until = 0, None
    return user


def login(
    db: Session,
    username: str,
    password: str,
    code: str | None,
    policy: AuthPolicy | None = None,
    now: datetime | None = None,
) -> tuple[Principal, str]:
    """Check password and one-time code; returns the principal and a new session token."""
    pol, when = policy or AuthPolicy(), now or utcnow()
    who = Principal.anonymous(username)

    def work() -> tuple[Principal, str]:
        user = db.scalar(select(User).where(User.username == username))
        user = _check_login(db, user, password, code, pol, when)
        token = secrets.token_urlsafe(32)
        db.add(
            AuthSession(token_hash=sha256(token), user_id=user.id, created_at=when, last_seen=when)
        )
        return principal_of(db, user), token

    return perform(db, who, Action.LOGIN, f"user:{username}", work)


def resume(
    db: Session, token: str, policy: AuthPolicy | None = None, now: datetime | None = None
) -> Principal:
    """The principal of a live session; a session idle too long is ended and refused."""
    pol, when = policy or AuthPolicy(), now or utcnow()
    stored = db.scalar(select(AuthSession).where(AuthSession.token_hash == sha256(token)))
    if stored is None or stored.ended:
        raise AuthError("no such session")
    user = db.get(User, stored.user_id)
    assert user is not None  # a foreign key guarantees it
    who = principal_of(db, user)
    if when - stored.last_seen > pol.idle_timeout:
        stored.ended = True
        db.commit()
        audit.append(db, who, Action.SESSION.value, f"session:{stored.id}", "expired", {})
        db.commit()
        raise AuthError("session expired after inactivity; log in again")
    stored.last_seen = when
    db.commit()
    return who


def logout(db: Session, token: str) -> None:
    """End a session."""
    stored = db.scalar(select(AuthSession).where(AuthSession.token_hash == sha256(token)))
    if stored is not None:
        stored.ended = True
        db.commit()


def issue_token(db: Session, who: Principal, name: str, agency_code: str, role: Role) -> str:
    """A new API token for a system (needs `user.admin`); shown once, stored only as a hash."""

    def work() -> str:
        require_role(who, Action.USER_ADMIN)
        agency = db.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            raise NotFound(f"agency {agency_code} does not exist")
        token = f"mt_{secrets.token_urlsafe(32)}"
        db.add(ApiToken(name=name, agency_id=agency.id, role=role.value, token_hash=sha256(token)))
        return token

    return perform(db, who, Action.TOKEN, f"token:{name}", work)


def authenticate_token(db: Session, token: str) -> Principal:
    """The principal of a live API token."""
    stored = db.scalar(select(ApiToken).where(ApiToken.token_hash == sha256(token)))
    if stored is None or stored.revoked:
        audit.append(
            db, Principal.anonymous("api"), Action.TOKEN.value, "token:?", "auth_failed", {}
        )
        db.commit()
        raise AuthError("unknown or revoked API token")
    agency = db.get(Agency, stored.agency_id)
    assert agency is not None  # a foreign key guarantees it
    kind = AgencyKind(agency.kind)
    return Principal(None, f"api:{stored.name}", agency.id, agency.code, kind, Role(stored.role))
