"""The same seed gives byte-identical files; another seed gives other content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.sim.content.world import SEED, Generated, generate


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by relative path."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_seed_gives_identical_bytes(generated: Generated, tmp_path: Path) -> None:
    again = generate(tmp_path)
    first = digests(generated.out.parent)
    assert first == digests(tmp_path)
    assert again.counts == generated.counts
    assert any(name.endswith(".jpg") for name in first)
    assert any(name.endswith("result.json") for name in first)


def test_other_seed_gives_other_posts(generated: Generated, tmp_path: Path) -> None:
    other = generate(tmp_path, SEED + 1, photos=False)
    assert (other.truth / "posts.jsonl").read_bytes() != (
        generated.truth / "posts.jsonl"
    ).read_bytes()


def test_counts_match_files(generated: Generated) -> None:
    counts = generated.counts
    assert counts["posts"] == len(generated.rows("posts.jsonl")) == 3 * 12 + 40
    assert counts["drug_posts"] == 3 * 12
    assert counts["photos"] == len(list((generated.out / "photos").iterdir())) == 7
    assert counts["pages"] == len(list((generated.out / "web").iterdir())) == 4
    assert not list(generated.out.rglob("*.jsonl")), "truth must stay out of the observable tree"
