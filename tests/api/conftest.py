"""An API client over a demo-seeded SQLite database, and one per demo user, logged in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.world import credentials, make_world


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    """A client of the API, not logged in."""
    return TestClient(make_world(tmp_path, web=False).app)


@pytest.fixture
def login(client: TestClient) -> Callable[[str], dict[str, str]]:
    """Log a demo user in; returns the bearer header."""

    def as_user(username: str) -> dict[str, str]:
        reply = client.post("/v1/auth/login", json=credentials(username))
        assert reply.status_code == 200, reply.text
        return {"Authorization": f"Bearer {reply.json()['token']}"}

    return as_user
