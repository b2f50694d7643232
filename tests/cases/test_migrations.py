"""The shipped migrations build exactly the tables the models declare, from the package."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import db as cases_db
from moneytrail.cases.db import Base, current_revision, head_revision


def test_migrations_match_the_models(factory: sessionmaker[Session]) -> None:
    engine = factory.kw["bind"]
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrations_live_inside_the_package() -> None:
    assert (cases_db.MIGRATIONS / "env.py").is_file()
    assert cases_db.MIGRATIONS.parent.name == "cases"
