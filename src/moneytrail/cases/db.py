"""The cases database: engine, sessions, and Alembic migrations shipped inside the package."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every cases table."""

    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo: every timestamp in the cases database is naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def _serialize_sqlite(engine: Engine, durable: bool) -> None:
    """SQLite: take the write lock at BEGIN, so concurrent writers wait instead of failing;
    without `durable`, commits are not synced to disk (tests and throwaway databases)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA busy_timeout=30000")
        dbapi_conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'OFF'}")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, schema: str | None = None, durable: bool = True) -> Engine:
    """An engine for `url`; on PostgreSQL `schema` becomes the search path (tests use it).
    Without `durable`, commits return before they reach the disk (tests, benchmarks' scratch)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _serialize_sqlite(engine, durable)
        return engine
    options = ([f"-csearch_path={schema}"] if schema else []) + (
        [] if durable else ["-csynchronous_commit=off"]
    )
    args = {"options": " ".join(options)} if options else {}
    return create_engine(url, connect_args=args, pool_size=10, max_overflow=20)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision shipped in the package."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def migrate(engine: Engine, totp_key: bytes | None = None) -> str | None:
    """Upgrade the database to the newest revision; returns it. `totp_key` seals TOTP
    secrets found in clear (default: the key of the environment's settings)."""
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        if totp_key is not None:
            config.attributes["totp_key"] = totp_key
        command.upgrade(config, "head")
    return current_revision(engine)


def open_database(
    url: str, schema: str | None = None, durable: bool = True, totp_key: bytes | None = None
) -> sessionmaker[Session]:
    """A session factory on an up-to-date database (upgraded on first use, see `migrate`)."""
    engine = make_engine(url, schema, durable)
    if current_revision(engine) != head_revision(engine):
        migrate(engine, totp_key)
    return sessionmaker(engine, expire_on_commit=False)
