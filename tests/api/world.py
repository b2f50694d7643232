"""A small real world for the API and web tests: a seeded cases database (SQLite, or a given
one), the demo users with a fast password hasher, a transfers table with tokenized cards,
and a lake holding people, a company, their cards and accounts, those transfers (and two of
the company's, in the lake only) and a TRON wallet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pyotp
from argon2 import PasswordHasher
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import auth, cases, freeze
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import open_database
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password
from moneytrail.lake.land import LandOptions, land
from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.ids.registry import check
from moneytrail.model.record_schemas import (
    INSTRUMENT_SCHEMA,
    PARTY_SCHEMA,
    instrument_row,
    party_row,
)
from moneytrail.model.records import (
    BankAccountRecord,
    CompanyRecord,
    CryptoWalletRecord,
    PersonRecord,
)
from moneytrail.model.transfers import TRANSFER_SCHEMA, InstrumentKind
from moneytrail.settings import Settings

FAST = AuthPolicy(
    hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1), totp_key=b"t" * 32
)
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


MASKS = [str(check(pan).masked) for pan in PANS]
PEOPLE = ("900101300017", "850505400127")
"""IINs of the two people of the lake: the payer (card 0) and the dropper (cards 1 and 2)."""
IBAN = "KZ201338190976733866"
WALLET = "TXu73LCJtw4H8PPwYZ5AXx3tifwTjs45F9"
OTHER_WALLET = "TLxkuuwv1FUHHLSFfqMQqE9bwBMXevKxa9"
HOLDERS = {0: PEOPLE[0], 1: PEOPLE[1], 2: PEOPLE[1]}
COMPANY_BIN = "190340000007"
COMPANY = f"bin:{COMPANY_BIN}"
"""The party id of the lake's company (as goAML's reader names a company by its BIN)."""
COMPANY_IBAN = "KZ86125KZT5004100100"
CORPORATE_PAN = complete_pan("440043999999990")
CORPORATE_CARD = TOKENS.token(IdKind.CARD, CORPORATE_PAN)
"""A card on the company's account held by the payer (person 0): how the lake relates them."""
CORPORATE_MASK = str(check(CORPORATE_PAN).masked)
COMPANY_ROWS = [  # (src, src kind, src party, dst, dst kind, dst party, hours after T0, tenge)
    (COMPANY_IBAN, "account", COMPANY, CARDS[0], "card", PEOPLE[0], -24, 100_000),
    (CARDS[3], "card", None, COMPANY_IBAN, "account", COMPANY, 40, 5_000),
]
"""The company's transfers, in the lake only: it pays the payer, an unknown card pays it."""


def _instruments() -> list[BankAccountRecord | CryptoWalletRecord]:
    cards: list[BankAccountRecord | CryptoWalletRecord] = [
        BankAccountRecord(
            id=card,
            kind=InstrumentKind.CARD,
            holder_id=HOLDERS.get(i),
            iban=IBAN if i == 1 else None,
            card_tokens=(card,),
            masked_cards=(MASKS[i],),
        )
        for i, card in enumerate(CARDS)
    ]
    account = BankAccountRecord(id=IBAN, iban=IBAN, holder_id=PEOPLE[1], currency="KZT")
    wallet = CryptoWalletRecord(id=f"tron:{WALLET}", address=WALLET, chain="tron", label="OTC X")
    corporate = [
        BankAccountRecord(id=COMPANY_IBAN, iban=COMPANY_IBAN, holder_id=COMPANY, currency="KZT"),
        BankAccountRecord(
            id=CORPORATE_CARD,
            kind=InstrumentKind.CARD,
            holder_id=PEOPLE[0],
            iban=COMPANY_IBAN,
            card_tokens=(CORPORATE_CARD,),
            masked_cards=(CORPORATE_MASK,),
        ),
    ]
    return [*cards, account, wallet, *corporate]


def _crypto() -> pa.Table:
    rows = [
        {"txid": f"{i:064x}", "leg": 0, "leg_kind": "transfer", "ts": T0 + timedelta(hours=3 + i)}
        | {"chain": "tron", "asset": "USDT", "decimals": 6, "amount_minor": (i + 1) * 10**8}
        | {"from_address": a, "to_address": b, "source": "test"}
        for i, (a, b) in enumerate([(OTHER_WALLET, WALLET), (WALLET, OTHER_WALLET)])
    ]
    full = [dict.fromkeys(CRYPTO_TRANSFER_SCHEMA.names) | r for r in rows]
    return pa.Table.from_pylist(full, CRYPTO_TRANSFER_SCHEMA)


def _lake_transfers() -> pa.Table:
    rows = []
    for i, (src, dst, hours, tenge) in enumerate(ROWS):
        rows.append(
            dict.fromkeys(TRANSFER_SCHEMA.names)
            | {"transfer_id": f"t{i}", "ts": T0 + timedelta(hours=hours), "currency": "KZT"}
            | {"amount_minor": tenge * 100, "channel": "p2p" if dst else "atm_cash_out"}
            | {"src_instrument": src, "src_instrument_kind": "card", "source": "test"}
            | {"dst_instrument": dst or "ATM-1", "dst_instrument_kind": "card" if dst else "cash"}
            | {"src_party": HOLDERS.get(CARDS.index(src))}
            | {"dst_party": HOLDERS.get(CARDS.index(dst)) if dst else None}
        )
    for i, (src, src_kind, src_party, dst, dst_kind, dst_party, hours, tenge) in enumerate(
        COMPANY_ROWS
    ):
        rows.append(
            dict.fromkeys(TRANSFER_SCHEMA.names)
            | {"transfer_id": f"c{i}", "ts": T0 + timedelta(hours=hours), "currency": "KZT"}
            | {"amount_minor": tenge * 100, "channel": "transfer", "source": "test"}
            | {"src_instrument": src, "src_instrument_kind": src_kind, "src_party": src_party}
            | {"dst_instrument": dst, "dst_instrument_kind": dst_kind, "dst_party": dst_party}
        )
    return pa.Table.from_pylist(rows, TRANSFER_SCHEMA)


def write_lake(tmp: Path) -> Path:
    """Land the people and the company, instruments, transfers and crypto transfers in a lake
    under `tmp`."""
    src = tmp / "lake-input"
    src.mkdir(parents=True, exist_ok=True)
    people: list[PersonRecord | CompanyRecord] = [
        PersonRecord(id=PEOPLE[0], name="Иванов Иван", iin=PEOPLE[0], phones=("+77011234567",)),
        PersonRecord(id=PEOPLE[1], name="Петрова Анна", iin=PEOPLE[1], city="Almaty"),
        CompanyRecord(
            id=COMPANY,
            name="ТОО «Альфа Трейд»",
            bin=COMPANY_BIN,
            jurisdiction="KZ",
            registration_date=date(2019, 3, 4),
            sector="wholesale",
            city="Almaty",
        ),
    ]
    pq.write_table(
        pa.Table.from_pylist([party_row(p) for p in people], PARTY_SCHEMA), src / "p.parquet"
    )
    rows = [instrument_row(i) for i in _instruments()]
    pq.write_table(pa.Table.from_pylist(rows, INSTRUMENT_SCHEMA), src / "i.parquet")
    pq.write_table(_lake_transfers(), src / "t.parquet")
    pq.write_table(_crypto(), src / "c.parquet")
    land([src], tmp / "lake", LandOptions(TOKENS))
    return tmp / "lake"


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


def make_world(tmp: Path, web: bool, sessions: sessionmaker[Session] | None = None) -> World:
    """A demo-seeded app (API only, or with the web UI) over a fresh database (SQLite unless
    `sessions` is given) and the lake of `write_lake`."""
    from moneytrail.api.app import create_app as api_app
    from moneytrail.web.app import create_app as web_app

    transfers = write_transfers(tmp / "transfers.parquet")
    lake = write_lake(tmp)
    sessions = sessions or open_database(f"sqlite:///{tmp / 'cases.sqlite'}", durable=False)
    factory = web_app if web else api_app
    app = factory(
        settings_for(tmp),
        transfers=transfers,
        sessions=sessions,
        demo=True,
        policy=FAST,
        lake=lake,
    )
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
