"""The generated world shared by the content tests (generation takes about a second)."""

from __future__ import annotations

import pytest

from tests.sim.content.world import Generated, generate


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The shared generated world."""
    return generate(tmp_path_factory.mktemp("content"))
