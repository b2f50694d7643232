"""An API client over a demo-seeded database, on SQLite and on PostgreSQL (a fresh schema,
skipped with the reason when PostgreSQL is not reachable), and a way to log demo users in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.cases.db import open_database
from tests.api.world import credentials, make_world
from tests.cases.conftest import pg_available, pg_url

__all__ = ["pg_available", "pg_url"]  # the PostgreSQL fixtures of the cases tests, reused


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """A client of the API, not logged in, over a fresh database of each backend."""
    if request.param == "sqlite":
        yield TestClient(make_world(tmp_path, web=False).app)
        return
    url, schema = request.getfixturevalue("pg_url")
    sessions = open_database(url, schema, durable=False)
    yield TestClient(make_world(tmp_path, web=False, sessions=sessions).app)
    sessions.kw["bind"].dispose()


@pytest.fixture
def login(client: TestClient) -> Callable[[str], dict[str, str]]:
    """Log a demo user in; returns the bearer header."""

    def as_user(username: str) -> dict[str, str]:
        reply = client.post("/v1/auth/login", json=credentials(username))
        assert reply.status_code == 200, reply.text
        return {"Authorization": f"Bearer {reply.json()['token']}"}

    return as_user
