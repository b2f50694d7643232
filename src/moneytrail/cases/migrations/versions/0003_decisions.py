"""Stored dropper decisions and their reviews (`moneytrail.decisions`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:05:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("transfer_id", sa.String(length=128), nullable=False),
        sa.Column("src_instrument", sa.String(length=128), nullable=True),
        sa.Column("src_shown", sa.String(length=64), nullable=True),
        sa.Column("dst_instrument", sa.String(length=128), nullable=True),
        sa.Column("dst_shown", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("rules_fired", sa.Text(), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("rules_version", sa.String(length=32), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=400), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("label", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_decision_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("key", name=op.f("uq_decision_key")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_dst_instrument"), ["dst_instrument"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decision_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_transfer_id"), ["transfer_id"], unique=False)

    op.create_table(
        "decision_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_decision_review_decision_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_review")),
    )
    with op.batch_alter_table("decision_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_review_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("decision_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_review_decision_id"))
    op.drop_table("decision_review")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_transfer_id"))
        batch_op.drop_index(batch_op.f("ix_decision_status"))
        batch_op.drop_index(batch_op.f("ix_decision_dst_instrument"))
        batch_op.drop_index(batch_op.f("ix_decision_case_id"))
    op.drop_table("decision")
