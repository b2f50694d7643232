"""A small real world for the API and web tests: a seeded SQLite cases database, the demo
users with a fast password hasher, and a transfers table with tokenized cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pyotp
from argon2 import PasswordHasher
from fastapi import FastAPI
from pydantic import SecretStr

from moneytrail.cases import auth, cases, freeze
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import open_database
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.settings import Settings

FAST = AuthPolicy(hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
SECRET = "web-test-token-key"
TOKENS = Tokenizer(SECRET.encode())
PANS = [complete_pan(f"44004312345678{i}") for i in range(4)]
CARDS = [TOKENS.token(IdKind.CARD, pan) for pan in PANS]
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
ROWS = [  # (src, dst, hours after T0, tenge)
    (CARDS[0], CARDS[1], 0, 50_000),
    (CARDS[1], CARDS[2], 1, 30_000),
    (CARDS[1], CARDS[3], 2, 20_000),
    (CARDS[2], None, 30, 29_000),
]


def write_transfers(path: Path) -> Path:
    """A small transfers Parquet file: a card paying a dropper who passes it on and cashes out."""
    n = len(ROWS)
    table = pa.table(
        {
            "transfer_id": [f"t{i}" for i in range(n)],
            "ts": pa.array(
                [T0 + timedelta(hours=h) for _, _, h, _ in ROWS], pa.timestamp("us", tz="UTC")
            ),
            "amount_minor": pa.array([a * 100 for *_, a in ROWS], pa.int64()),
            "currency": ["KZT"] * n,
            "channel": ["p2p", "p2p", "p2p", "atm_cash_out"],
            "src_instrument": pa.array([s for s, *_ in ROWS], pa.string()),
            "dst_instrument": pa.array([d for _, d, *_ in ROWS], pa.string()),
            "source": ["test"] * n,
        }
    )
    pq.write_table(table, path)
    return path


def settings_for(tmp: Path) -> Settings:
    """Settings with their own data directory and a fixed tokenization key."""
    return Settings(data_dir=tmp, token_secret=SecretStr(SECRET))


def code() -> str:
    """The demo users' current one-time code."""
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def credentials(username: str) -> dict[str, str]:
    """A demo user's login."""
    return {"username": username, "password": demo_password(username), "code": code()}


@dataclass(frozen=True)
class World:
    """The app under test and where its files are."""

    app: FastAPI
    transfers: Path


def make_world(tmp: Path, web: bool) -> World:
    """A demo-seeded app (API only, or with the web UI) over a fresh SQLite database."""
    from moneytrail.api.app import create_app as api_app
    from moneytrail.web.app import create_app as web_app

    transfers = write_transfers(tmp / "transfers.parquet")
    sessions = open_database(f"sqlite:///{tmp / 'cases.sqlite'}", durable=False)
    factory = web_app if web else api_app
    app = factory(settings_for(tmp), transfers=transfers, sessions=sessions, demo=True, policy=FAST)
    return World(app, transfers)


def populate(app: FastAPI) -> int:
    """Through the real services: a case with outcomes and a card frozen by the bank (so the
    statistics have something to show); returns the case id."""
    sessions = app.state.moneytrail.sessions
    with sessions() as db:
        mvd, gpo, afm = (
            auth.login(db, name, demo_password(name), code(), FAST)[0]
            for name in ("demo.investigator", "demo.prosecutor", "demo.liaison")
        )
        case = cases.create_case(db, mvd, "Operation Winter").id
        for agency in ("GPO", "AFM"):
            cases.share_case(db, mvd, case, agency)
        cases.record_outcome(db, mvd, case, cases.OutcomeKind.ARREST, 3)
        cases.record_outcome(db, mvd, case, cases.OutcomeKind.LAB, 1)
        made = freeze.request_freeze(db, mvd, case, PANS[2], "Halyk", "dropper", TOKENS).id
        freeze.advance(db, gpo, made, freeze.FreezeEvent.SANCTION, "sanctioned")
        freeze.advance(db, afm, made, freeze.FreezeEvent.ACKNOWLEDGE, "received")
        freeze.advance(db, afm, made, freeze.FreezeEvent.EXECUTE, "frozen", 12_500_000)
        return case
