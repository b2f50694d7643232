"""Bulk writes for large requests: COPY, and UPDATE ... FROM a COPY-filled temporary table,
on PostgreSQL; executemany elsewhere. Both run inside the caller's transaction. Table and
column names come from the models, never from input."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, text, update
from sqlalchemy.orm import Session


def _is_postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def insert_rows(db: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys (COPY on PostgreSQL)."""
    if not rows:
        return
    if not _is_postgres(db):
        db.execute(insert(table), list(rows))
        return
    _copy(db, table.name, list(rows[0]), rows)


def _copy(db: Session, name: str, names: list[str], rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows into a table on the session's own connection (PostgreSQL only)."""
    raw = db.connection().connection.driver_connection
    assert raw is not None  # a live PostgreSQL connection
    sql = f"COPY {name} ({', '.join(names)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])


def update_rows(
    db: Session, table: Table, rows: Sequence[dict[str, Any]], constant: dict[str, Any]
) -> None:
    """Update rows by `id`: each row's values plus the same `constant` values for all."""
    if not rows:
        return
    if not _is_postgres(db):
        sets = {n: bindparam(f"b_{n}") for n in rows[0] if n != "id"} | constant
        stmt = update(table).where(table.c.id == bindparam("b_id")).values(**sets)
        db.execute(stmt, [{f"b_{k}": v for k, v in r.items()} for r in rows])
        return
    names = list(rows[0])
    temp = f"bulk_{uuid.uuid4().hex[:12]}"
    db.execute(
        text(
            f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS "
            f"SELECT {', '.join(names)} FROM {table.name} WITH NO DATA"
        )
    )
    _copy(db, temp, names, rows)
    assigned = [f"{n} = {temp}.{n}" for n in names if n != "id"]
    assigned += [f"{k} = :{k}" for k in constant]
    where = f"{table.name}.id = {temp}.id"
    db.execute(
        text(f"UPDATE {table.name} SET {', '.join(assigned)} FROM {temp} WHERE {where}"), constant
    )
