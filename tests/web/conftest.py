"""The web app over a demo-seeded SQLite database, and a way to log demo users in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.world import credentials, make_world

Browser = Callable[[str], TestClient]


@pytest.fixture
def web(tmp_path: Path) -> Browser:
    """A new client (its own cookies) of one web app, logged in as the given demo user."""
    app = make_world(tmp_path, web=True).app

    def as_user(username: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        reply = client.post("/login", data=credentials(username))
        assert reply.status_code == 303, reply.text
        return client

    return as_user
