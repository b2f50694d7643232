"""Demo data: the agencies and one user per role, with known passwords. DEMO ONLY: these
credentials are published; never seed them into a database that holds real cases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import AgencyKind, Principal, Role
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.models import Agency, User
from moneytrail.cases.totp_vault import seal

DEMO_AGENCIES: tuple[tuple[str, str, AgencyKind, str], ...] = (
    ("GPO", "General Prosecutor's Office", AgencyKind.PROSECUTOR, "KZ"),
    ("KNB", "National Security Committee", AgencyKind.SECURITY, "KZ"),
    ("AFM", "Financial Monitoring Agency (FIU)", AgencyKind.FIU, "KZ"),
    ("MVD", "Ministry of Internal Affairs (police)", AgencyKind.POLICE, "KZ"),
    ("KGD", "State Revenue Committee (customs)", AgencyKind.CUSTOMS, "KZ"),
    ("DEA", "US Drug Enforcement Administration", AgencyKind.FOREIGN, "US"),
)

DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("demo.analyst", "AFM", Role.ANALYST),
    ("demo.investigator", "MVD", Role.INVESTIGATOR),
    ("demo.prosecutor", "GPO", Role.PROSECUTOR),
    ("demo.supervisor", "MVD", Role.SUPERVISOR),
    ("demo.liaison", "AFM", Role.BANK_LIAISON),
    ("demo.auditor", "GPO", Role.AUDITOR),
    ("demo.partner", "DEA", Role.FOREIGN_PARTNER),
)

DEMO_TOTP_SECRET = "MONEYTRAILDEMOTOTPSECRETDEMOONLY"
"""The demo users' shared TOTP secret (base32), so a demo can show the current code."""


def demo_password(username: str) -> str:
    """The demo password of a demo user: its name followed by `-demo`."""
    return f"{username}-demo"


def seed_demo(db: Session, policy: AuthPolicy | None = None) -> int:
    """Create the demo agencies and users once; returns how many users were created."""
    pol = policy or AuthPolicy()
    sealed = seal(pol.sealing_key(), DEMO_TOTP_SECRET)
    codes = {a.code: a for a in db.scalars(select(Agency))}
    for code, name, kind, country in DEMO_AGENCIES:
        if code not in codes:
            codes[code] = Agency(code=code, name=name, kind=kind.value, country=country)
            db.add(codes[code])
    db.flush()
    existing = set(db.scalars(select(User.username)))
    created = 0
    for username, code, role in DEMO_USERS:
        if username in existing:
            continue
        db.add(
            User(
                username=username,
                agency_id=codes[code].id,
                role=role.value,
                password_hash=pol.hasher.hash(demo_password(username)),
                totp_secret=sealed,
            )
        )
        created += 1
    audit.append(db, Principal.anonymous("seed"), "seed.demo", "users", "ok", {"users": created})
    db.commit()
    return created
