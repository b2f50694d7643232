"""Cases tests run on SQLite always and on PostgreSQL when it is reachable; each test gets a
fresh database (a file, or a schema dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases.access import Principal, Role
from moneytrail.cases.auth import AuthPolicy, principal_of
from moneytrail.cases.db import open_database
from moneytrail.cases.models import User
from moneytrail.cases.seed import seed_demo
from moneytrail.model.ids.base import Tokenizer

PG_URL = os.environ.get(
    "MONEYTRAIL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FAST = AuthPolicy(
    hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1), totp_key=b"k" * 32
)


def _pg_reachable() -> bool:
    try:
        with create_engine(PG_URL, connect_args={"connect_timeout": 2}).connect():
            return True
    except OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_available() -> bool:
    """Whether PostgreSQL answers (checked once per run)."""
    return _pg_reachable()


@pytest.fixture
def pg_url(pg_available: bool) -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL schema for one test, dropped after it."""
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    schema = f"mt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield PG_URL, schema
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh, migrated database of each backend."""
    if request.param == "sqlite":
        made = open_database(f"sqlite:///{tmp_path / 'cases.sqlite'}", durable=False)
    else:
        url, schema = request.getfixturevalue("pg_url")
        made = open_database(url, schema, durable=False)
    yield made
    bind = made.kw["bind"]
    bind.dispose()


@pytest.fixture
def db(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session on a fresh database seeded with the demo agencies and users."""
    with factory() as session:
        seed_demo(session, FAST)
        yield session


@pytest.fixture
def people(db: Session) -> dict[Role, Principal]:
    """The demo user of each role, as a principal."""
    users = db.scalars(select(User)).all()
    return {Role(u.role): principal_of(db, u) for u in users}


@pytest.fixture
def tokenizer() -> Tokenizer:
    """A tokenizer with a fixed test key."""
    return Tokenizer(b"test-key")
