"""Seal TOTP secrets at rest: widen `app_user.totp_secret` and encrypt every secret still
stored in clear (AES-256-GCM, see `moneytrail.cases.totp_vault`).

The key is the one handed in by `moneytrail.cases.db.migrate` (Alembic attribute
`totp_key`), else the one the environment's settings give (`MONEYTRAIL_TOKEN_SECRET` or
`MONEYTRAIL_DATA_DIR/token.key`). Downgrading opens them again with the same key.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:55:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from moneytrail.cases.totp_vault import STORED_LENGTH, is_sealed, seal, totp_key, unseal
from moneytrail.settings import load_settings

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USERS = sa.table(
    "app_user",
    sa.column("id", sa.Integer()),
    sa.column("username", sa.String()),
    sa.column("totp_secret", sa.String()),
)


def _key() -> bytes:
    given = context.config.attributes.get("totp_key")
    return given if isinstance(given, bytes) else totp_key(load_settings())


def _rows() -> list[tuple[int, str, str]]:
    stmt = sa.select(USERS.c.id, USERS.c.username, USERS.c.totp_secret).where(
        USERS.c.totp_secret.is_not(None)
    )
    return [(row[0], row[1], row[2]) for row in op.get_bind().execute(stmt)]


def _store(user_id: int, value: str) -> None:
    update = sa.update(USERS).where(USERS.c.id == user_id).values(totp_secret=value)
    op.get_bind().execute(update)


def upgrade() -> None:
    """Widen the column, then seal every clear secret."""
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=64),
            type_=sa.String(length=STORED_LENGTH),
            existing_nullable=True,
        )
    clear = [(uid, value) for uid, _name, value in _rows() if not is_sealed(value)]
    if clear:
        key = _key()
        for uid, value in clear:
            _store(uid, seal(key, value))


def downgrade() -> None:
    """Open every sealed secret again, then narrow the column."""
    sealed = [(uid, name, value) for uid, name, value in _rows() if is_sealed(value)]
    if sealed:
        key = _key()
        for uid, name, value in sealed:
            _store(uid, unseal(key, value, name))
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=STORED_LENGTH),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
