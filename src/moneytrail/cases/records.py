"""Tables of cases and what hangs off them: sharing, evidence, notes, tasks, outcomes,
freeze requests (domestic and foreign), state transitions and the asset ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moneytrail.cases.db import Base, utcnow

_VERSIONED = "version_id_col"


class Case(Base):
    """An investigation owned by one agency and shared with others."""

    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {_VERSIONED: version}  # noqa: RUF012 (SQLAlchemy's API)


class CaseShare(Base):
    """A member agency of a case (other than its owner)."""

    __tablename__ = "case_share"
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    shared_by: Mapped[str] = mapped_column(String(64))
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(Base):
    """A trace, alert, ad, screening hit or document, with its content hash and provenance."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))
    source_ref: Mapped[str] = mapped_column(String(400))
    collected_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    """A note on a case; card numbers in it are masked before it is stored."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Task(Base):
    """A task one agency gives another within a case, with a deadline."""

    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    to_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by: Mapped[str] = mapped_column(String(64))
    done_by: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {_VERSIONED: version}  # noqa: RUF012 (SQLAlchemy's API)


class Outcome(Base):
    """A result a case reports: labs dismantled, groups disrupted, arrests."""

    __tablename__ = "outcome"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Freeze(Base):
    """A domestic block of one card or account at one bank; the PAN only as token and mask."""

    __tablename__ = "freeze"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(8))
    target_token: Mapped[str] = mapped_column(String(80), index=True)
    target_masked: Mapped[str] = mapped_column(String(40))
    bank: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8), default="KZT")
    amount_frozen: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {_VERSIONED: version}  # noqa: RUF012 (SQLAlchemy's API)


class Transition(Base):
    """One move of a state machine: what, from, to, who, when, why."""

    __tablename__ = "transition"
    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class ForeignRequest(Base):
    """A bulk request to one foreign bank, sent through the FIU channel."""

    __tablename__ = "foreign_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    bank_bic: Mapped[str] = mapped_column(String(11))
    country: Mapped[str] = mapped_column(String(2))
    partner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    state: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    last_reminder_at: Mapped[datetime | None]
    n_accounts: Mapped[int] = mapped_column(Integer, default=0)
    n_answered: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {_VERSIONED: version}  # noqa: RUF012 (SQLAlchemy's API)


class ForeignAccount(Base):
    """One account of a foreign request and the bank's answer for it."""

    __tablename__ = "foreign_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foreign_request.id"), index=True)
    account: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    unit: Mapped[str] = mapped_column(String(8), default="USD")
    amount_frozen: Mapped[int] = mapped_column(BigInteger, default=0)
    answered_at: Mapped[datetime | None]


class LedgerEntry(Base):
    """One leg of a balanced ledger transaction; amounts in minor units of `unit`."""

    __tablename__ = "ledger_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    txn: Mapped[str] = mapped_column(String(32), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    asset_kind: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(8))
    account: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    kzt_value: Mapped[int] = mapped_column(BigInteger)
    operation: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(200))
    posted_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
