"""`manifest.json`: the seed, the scale, the full config, counts and every file's SHA-256.

It has no timestamps, so two runs with the same seed and config write the same manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from moneytrail.sim.config import SimConfig

MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    """The file's SHA-256 in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(
    out: Path, seed: int, config: SimConfig, counts: dict[str, Any]
) -> dict[str, Any]:
    """Write the manifest of everything under `observable/`, `derived/` and `truth/`."""
    files = sorted(
        p
        for part in ("observable", "derived", "truth")
        for p in (out / part).rglob("*")
        if p.is_file()
    )
    manifest = {
        "generator": "moneytrail sim",
        "seed": seed,
        "scale": config.scale,
        "config": config.model_dump(mode="json"),
        "counts": counts,
        "files": {p.relative_to(out).as_posix(): sha256(p) for p in files},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")
    return manifest


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of a world directory."""
    data: dict[str, Any] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return data
