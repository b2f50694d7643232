"""Tables of stored decisions and their reviews, on the cases database's metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moneytrail.cases.db import Base, utcnow


class StoredDecision(Base):
    """One automated decision as the detector made it, and where its review stands.

    `key` is the SHA-256 of the decision's canonical JSON, so importing a log twice stores
    each decision once. Accounts are kept as the lake's instrument ids (cards as keyed
    tokens) with a display form (cards masked, first 6 and last 4 digits).
    """

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    transfer_id: Mapped[str] = mapped_column(String(128), index=True)
    src_instrument: Mapped[str | None] = mapped_column(String(128))
    src_shown: Mapped[str | None] = mapped_column(String(64))
    dst_instrument: Mapped[str | None] = mapped_column(String(128), index=True)
    dst_shown: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    rules_fired: Mapped[str] = mapped_column(Text)
    model_version: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(32))
    data_hash: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(400))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), index=True)
    label: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's API)


class DecisionReview(Base):
    """One step of a decision's review: confirm, overturn, lift or attach, by whom and why."""

    __tablename__ = "decision_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text)
