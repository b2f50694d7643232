"""docs/web.md documents every route of the API, and no route that is gone."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text()


def test_the_docs_list_exactly_the_routes(client: TestClient) -> None:
    documented = set(re.findall(r"`((?:GET|POST) /v1/[^`]+)`", DOC))
    schema = client.get("/openapi.json").json()["paths"]
    routes = {f"{method.upper()} {path}" for path, ops in schema.items() for method in ops}
    assert documented == routes
