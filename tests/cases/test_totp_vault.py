"""TOTP secrets are sealed at rest (AES-GCM); migration 0002 seals the ones left in clear."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyotp
import pytest
from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from moneytrail.cases import auth
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.db import alembic_config, make_engine, migrate
from moneytrail.cases.errors import AuthError
from moneytrail.cases.models import User
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password
from moneytrail.cases.totp_vault import is_sealed, seal, totp_key, unseal
from moneytrail.settings import load_settings
from tests.cases.conftest import FAST

KEY = FAST.sealing_key()
T0 = datetime(2026, 11, 23, 9, 0)


def test_stored_secrets_are_sealed_and_still_log_in(
    db: Session, people: dict[Role, Principal]
) -> None:
    stored = db.scalars(select(User.totp_secret)).all()
    assert stored
    assert all(s is not None and is_sealed(s) for s in stored)
    assert not any(DEMO_TOTP_SECRET in (s or "") for s in stored)
    secret = auth.create_user(
        db, people[Role.SUPERVISOR], "new.user", "AFM", Role.ANALYST, "pw-123456", FAST
    )
    row = db.scalar(select(User).where(User.username == "new.user"))
    assert row is not None
    assert row.totp_secret is not None
    assert secret not in row.totp_secret
    assert unseal(KEY, row.totp_secret, "new.user") == secret
    code = pyotp.TOTP(secret).at(T0)
    assert auth.login(db, "new.user", "pw-123456", code, FAST, now=T0)[0].username == "new.user"


def test_wrong_key_clear_or_damaged_secret_is_refused_by_name(db: Session) -> None:
    name = "demo.analyst"
    code = pyotp.TOTP(DEMO_TOTP_SECRET).at(T0)
    other = auth.AuthPolicy(hasher=FAST.hasher, totp_key=b"x" * 32)
    with pytest.raises(AuthError, match=f"user {name}: stored TOTP secret does not open"):
        auth.login(db, name, demo_password(name), code, other, now=T0)
    user = db.scalar(select(User).where(User.username == name))
    assert user is not None
    assert user.totp_secret is not None
    sealed = user.totp_secret
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(AuthError, match="does not open"):
        unseal(KEY, flipped, name)
    user.totp_secret = DEMO_TOTP_SECRET
    db.commit()
    with pytest.raises(AuthError, match=f"user {name}: TOTP secret is stored in clear"):
        auth.login(db, name, demo_password(name), code, FAST, now=T0)


def test_key_is_derived_from_the_token_key_and_differs_from_it(tmp_path: Path) -> None:
    one = load_settings(environ={}, data_dir=tmp_path, token_secret="a")
    two = load_settings(environ={}, data_dir=tmp_path, token_secret="b")
    assert len(totp_key(one)) == 32
    assert totp_key(one) != totp_key(two)
    assert totp_key(one) != one.token_key()
    assert seal(KEY, "S") != seal(KEY, "S")  # a fresh nonce every time


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database of each backend (nothing migrated yet)."""
    if request.param == "sqlite":
        made = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}", durable=False)
    else:
        url, schema = request.getfixturevalue("pg_url")
        made = make_engine(url, schema, durable=False)
    yield made
    made.dispose()


def test_migration_0002_seals_clear_secrets_and_downgrade_opens_them(engine: Engine) -> None:
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO agency (id, code, name, kind, country)"
                " VALUES (1, 'AFM', 'FIU', 'fiu', 'KZ')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO app_user (id, username, agency_id, role, password_hash, totp_secret,"
                " failed_logins, active, version) VALUES (1, 'old.user', 1, 'analyst', 'h',"
                " :secret, 0, TRUE, 1)"
            ),
            {"secret": DEMO_TOTP_SECRET},
        )
    migrate(engine, KEY)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT totp_secret FROM app_user")).scalar_one()
    assert is_sealed(stored)
    assert unseal(KEY, stored, "old.user") == DEMO_TOTP_SECRET
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["totp_key"] = KEY
        command.downgrade(config, "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT totp_secret FROM app_user")).scalar_one() == (
            DEMO_TOTP_SECRET
        )
