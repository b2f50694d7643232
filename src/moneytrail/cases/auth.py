"""Authentication: argon2 passwords, TOTP second factor, lockout after repeated failures,
sessions that expire when idle, and API tokens for systems. Passwords and tokens are kept only
as hashes; TOTP secrets sealed with AES-GCM (`totp_vault`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import Action, AgencyKind, Principal, Role
from moneytrail.cases.db import utcnow
from moneytrail.cases.errors import AuthError, InvalidTransition, NotFound
from moneytrail.cases.models import Agency, ApiToken, AuthSession, User
from moneytrail.cases.service import perform, require_role
from moneytrail.cases.totp_vault import seal, totp_key, unseal
from moneytrail.settings import load_settings


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """How strict login is; the defaults follow common government baselines."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    idle_timeout: timedelta = timedelta(minutes=15)
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    totp_key: bytes | None = None
    """Seals TOTP secrets; None: derived from the environment's settings (`totp_vault`)."""

    def sealing_key(self) -> bytes:
        """The key TOTP secrets are sealed with."""
        return self.totp_key if self.totp_key is not None else totp_key(load_settings())


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
    pol = policy or AuthPolicy()

    def work() -> str:
        require_role(who, Action.USER_ADMIN)
        agency = db.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            raise NotFound(f"agency {agency_code} does not exist")
        secret = pyotp.random_base32()
        sealed = seal(pol.sealing_key(), secret)
        user = User(username=username, agency_id=agency.id, role=role.value, totp_secret=sealed)
        user.password_hash = pol.hasher.hash(password)
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


def _second_factor_ok(policy: AuthPolicy, user: User, code: str | None, now: datetime) -> bool:
    if user.totp_secret is None:
        return True
    secret = unseal(policy.sealing_key(), user.totp_secret, user.username)
    return code is not None and pyotp.TOTP(secret).verify(code, for_time=now, valid_window=1)


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
    if not (_password_ok(policy, user, password) and _second_factor_ok(policy, user, code, now)):
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


TOUCH_EVERY = timedelta(seconds=30)
"""A session's last-seen time is written only once it is this much behind: a busy session
costs no write per request, and an idle session may end up to this much early, never late."""


SessionRow = Row[int, bool, datetime, int, str, str, int, str, str]


SESSION_FIELDS = (
    AuthSession.id, AuthSession.ended, AuthSession.last_seen, User.id, User.username,
    User.role, Agency.id, Agency.code, Agency.kind,
)  # fmt: skip
LIVE_SESSION = (
    select(*SESSION_FIELDS)
    .join(User, User.id == AuthSession.user_id)
    .join(Agency, Agency.id == User.agency_id)
    .where(AuthSession.token_hash == bindparam("token_hash"))
)
"""A session with its user's principal fields, in one query (built once)."""


def _live_session(db: Session, token: str) -> SessionRow | None:
    """The session of the token, if there is one."""
    found: SessionRow | None = (
        db.connection().execute(LIVE_SESSION, {"token_hash": sha256(token)}).one_or_none()
    )
    return found


def resume(
    db: Session, token: str, policy: AuthPolicy | None = None, now: datetime | None = None
) -> Principal:
    """The principal of a live session; a session idle too long is ended and refused. The
    last-seen time moves in steps of `TOUCH_EVERY`, so most requests write nothing here
    (their commit only ends the read)."""
    pol, when = policy or AuthPolicy(), now or utcnow()
    row = _live_session(db, token)
    if row is None or row[1]:
        raise AuthError("no such session")
    session_id, _, last_seen, user_id, name, role, agency_id, code, kind = row
    who = Principal(user_id, name, agency_id, code, AgencyKind(kind), Role(role))
    idle = when - last_seen
    this = update(AuthSession).where(AuthSession.id == session_id)
    if idle > pol.idle_timeout:
        db.execute(this.values(ended=True))
        audit.append(db, who, Action.SESSION.value, f"session:{session_id}", "expired", {})
        db.commit()
        raise AuthError("session expired after inactivity; log in again")
    if idle >= TOUCH_EVERY:
        db.execute(this.values(last_seen=when))
    db.commit()  # ends the read too: on SQLite it holds the write lock (`db`)
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


def revoke_token(db: Session, who: Principal, token_id: int) -> ApiToken:
    """Revoke an API token for good (needs `auth.token_revoke`); it is refused from then on."""

    def work() -> ApiToken:
        require_role(who, Action.TOKEN_REVOKE)
        stored = db.get(ApiToken, token_id)
        if stored is None:
            raise NotFound(f"API token {token_id} does not exist")
        if stored.revoked:
            raise InvalidTransition(f"API token {token_id} ({stored.name}) is revoked already")
        stored.revoked = True
        return stored

    def detail(stored: ApiToken) -> dict[str, object]:
        return {"name": stored.name, "role": stored.role}

    return perform(db, who, Action.TOKEN_REVOKE, f"token:{token_id}", work, detail)


def list_tokens(db: Session, who: Principal) -> list[ApiToken]:
    """Every API token (never the token itself), to find the one to revoke."""

    def work() -> list[ApiToken]:
        require_role(who, Action.USER_ADMIN)
        return list(db.scalars(select(ApiToken).order_by(ApiToken.id)))

    return perform(db, who, Action.USER_ADMIN, "token:*", work, lambda t: {"count": len(t)})


def authenticate_token(db: Session, token: str) -> Principal:
    """The principal of a live API token."""
    stored = db.scalar(select(ApiToken).where(ApiToken.token_hash == sha256(token)))
    if stored is None or stored.revoked:
        obj, why = ("token:?", "unknown") if stored is None else (f"token:{stored.id}", "revoked")
        anonymous = Principal.anonymous("api")
        audit.append(db, anonymous, Action.TOKEN.value, obj, "auth_failed", {"reason": why})
        db.commit()
        raise AuthError("unknown or revoked API token")
    agency = db.get(Agency, stored.agency_id)
    assert agency is not None  # a foreign key guarantees it
    kind = AgencyKind(agency.kind)
    return Principal(None, f"api:{stored.name}", agency.id, agency.code, kind, Role(stored.role))
