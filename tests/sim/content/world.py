"""A small generated world for the content tests, and helpers to read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moneytrail.sim.content import generate_content
from tests.sim.content.shops import END, START, make_shops

SEED = 20260301
COUNTS = {"posts_per_shop": 12, "negative_posts": 40, "photos": 4, "negative_photos": 3}


@dataclass(frozen=True)
class Generated:
    """Where one generation wrote its files, and what it returned."""

    out: Path
    truth: Path
    counts: dict[str, int]

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of a truth file."""
        lines = (self.truth / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def export(self, channel: str) -> dict[str, Any]:
        """A channel's parsed result.json."""
        path = self.out / "telegram" / channel / "result.json"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data


def generate(root: Path, seed: int = SEED, photos: bool = True) -> Generated:
    """Generate the test world under `root` (without photos when they are not needed)."""
    out, truth = root / "out", root / "truth"
    counts = dict(COUNTS, photos=0, negative_photos=0) if not photos else COUNTS
    counts = generate_content(seed, make_shops(), out, truth, start=START, end=END, **counts)
    return Generated(out, truth, counts)


def flat_text(message: dict[str, Any]) -> str:
    """A message's text with entity runs joined back in."""
    text = message["text"]
    if isinstance(text, str):
        return text
    return "".join(part if isinstance(part, str) else part["text"] for part in text)
