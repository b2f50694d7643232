"""Benchmark: a foreign request of 260,000 accounts created, answered in batches and
reported, through the real services on PostgreSQL (bulk statements), side by side with a
naive per-row ORM baseline on a smaller count, extrapolated. Last line: one JSON object.

    .venv/bin/python benchmarks/foreign_request.py [--accounts 260000] [--baseline 3000]

Uses MONEYTRAIL_DATABASE_URL, else PostgreSQL on 127.0.0.1; works in a fresh schema that it
drops afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from argon2 import PasswordHasher
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import cases, foreign, stats
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.auth import AuthPolicy, principal_of
from moneytrail.cases.db import open_database
from moneytrail.cases.foreign import AccountStatus as S
from moneytrail.cases.foreign import Answer
from moneytrail.cases.models import User
from moneytrail.cases.records import ForeignAccount, ForeignRequest
from moneytrail.cases.seed import seed_demo
from moneytrail.model.ids.base import Tokenizer

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STATUSES = (S.RESTRICTED, S.RESTRICTED, S.PARTIAL, S.REFUSED, S.NOT_FOUND)
T = TypeVar("T")
TOK = Tokenizer(b"bench")


@contextmanager
def fresh_schema(url: str) -> Iterator[sessionmaker[Session]]:
    """A migrated database in a new PostgreSQL schema (or the SQLite file), dropped after."""
    if not url.startswith("postgresql"):
        yield open_database(url)
        return
    schema = f"mt_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        factory = open_database(url, schema)
        yield factory
        factory.kw["bind"].dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """The result of `work` and the seconds it took."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def setup(db: Session) -> tuple[dict[Role, Principal], int]:
    """Demo users and one case shared with the FIU and the foreign partner."""
    fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    seed_demo(db, AuthPolicy(hasher=fast, totp_key=secrets.token_bytes(32)))  # nobody logs in
    people = {Role(u.role): principal_of(db, u) for u in db.scalars(select(User))}
    case = cases.create_case(db, people[Role.INVESTIGATOR], "accounts abroad")
    for agency in ("AFM", "DEA"):
        cases.share_case(db, people[Role.INVESTIGATOR], case.id, agency)
    return people, case.id


def accounts(n: int) -> list[str]:
    """N distinct foreign account numbers."""
    return [f"GE{i % 97:02d}TB{i:016d}" for i in range(n)]


def answers(names: list[str]) -> list[Answer]:
    """A mix of answers, most restricting the account."""
    return [
        Answer(a, STATUSES[i % 5], 0 if i % 5 > 2 else 100 + i % 900) for i, a in enumerate(names)
    ]


def fast(db: Session, n: int, batches: int) -> dict[str, float]:
    """Create, send, answer in batches and report through the services."""
    people, case_id = setup(db)
    names = accounts(n)
    rid, t_create = timed(
        lambda: foreign.create_request(
            db,
            people[Role.INVESTIGATOR],
            case_id,
            "TBCBGE22",
            "DEA",
            names,
            datetime(2027, 1, 1),
            TOK,
        )
    )
    foreign.send(db, people[Role.BANK_LIAISON], rid)
    size = -(-n // batches)
    start = time.perf_counter()
    for b in range(batches):
        batch = answers(names[b * size : (b + 1) * size])
        foreign.respond(db, people[Role.FOREIGN_PARTNER], rid, batch, TOK)
    t_answer = time.perf_counter() - start
    report, t_report = timed(lambda: stats.request_report(db, people[Role.ANALYST], rid))
    assert report["state"] == "completed", report
    return {"create_s": t_create, "answer_s": t_answer, "report_s": t_report}


def naive(db: Session, n: int) -> dict[str, float]:
    """The same work one ORM object and one commit at a time, no service layer."""
    people, case_id = setup(db)
    req = ForeignRequest(
        case_id=case_id,
        bank_bic="TBCBGE22",
        country="GE",
        state="sent",
        partner_agency_id=people[Role.FOREIGN_PARTNER].agency_id or 0,
        deadline=datetime(2027, 1, 1),
        n_accounts=n,
        created_by="bench",
    )
    db.add(req)
    db.commit()
    names = accounts(n)

    def create() -> None:
        for name in names:
            db.add(ForeignAccount(request_id=req.id, account=name))
            db.commit()

    def answer() -> None:
        for a in answers(names):
            row = db.scalars(
                select(ForeignAccount).where(ForeignAccount.account == a.account)
            ).one()
            row.status, row.amount_frozen = a.status.value, a.amount
            db.commit()

    def report() -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in db.scalars(select(ForeignAccount).where(ForeignAccount.request_id == req.id)):
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    return {
        "create_s": timed(create)[1],
        "answer_s": timed(answer)[1],
        "report_s": timed(report)[1],
    }


def main() -> None:
    """Run both, extrapolate the baseline, print one JSON object last."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=260_000)
    parser.add_argument("--baseline", type=int, default=3_000)
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args()
    url = os.environ.get("MONEYTRAIL_DATABASE_URL", DEFAULT_URL)
    with fresh_schema(url) as factory, factory() as db:
        bulk = fast(db, args.accounts, args.batches)
    with fresh_schema(url) as factory, factory() as db:
        base = naive(db, args.baseline)
    bulk_total, base_total = sum(bulk.values()), sum(base.values())
    scale = args.accounts / args.baseline
    result: dict[str, Any] = {
        "benchmark": "foreign_request",
        "backend": url.split(":", 1)[0],
        "accounts": args.accounts,
        "batches": args.batches,
        "bulk_s": {k: round(v, 3) for k, v in bulk.items()} | {"total": round(bulk_total, 2)},
        "baseline_accounts": args.baseline,
        "baseline_s": {k: round(v, 3) for k, v in base.items()} | {"total": round(base_total, 2)},
        "baseline_extrapolated_s": round(base_total * scale, 1),
        "speedup": round(base_total * scale / bulk_total, 1),
        "within_60s": bulk_total <= 60,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
