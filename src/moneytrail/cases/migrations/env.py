"""Alembic environment: runs on the connection handed in by `moneytrail.cases.db.migrate`,
or on `sqlalchemy.url` when run by the `alembic` command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from moneytrail.cases import models, records
from moneytrail.cases.db import Base
from moneytrail.decisions import records as decision_records

REGISTERED = (models, records, decision_records)  # importing them registers their tables


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Migrate on the given connection, or open one from the configured URL."""
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    with create_engine(url).begin() as connection:
        _run(connection)


run_migrations()
