"""Seeded randomness, time windows and deterministic JSON Lines for the content generators."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

# Telegram Desktop writes message dates in the exporting machine's local time; ours is in
# Kazakhstan (a single UTC+5 zone since 2024).
EXPORT_TZ = timezone(timedelta(hours=5))


def derive_int(seed: int, *labels: object) -> int:
    """A 64-bit integer derived from the seed and labels, stable across runs and platforms."""
    text = ":".join([str(seed), *(str(label) for label in labels)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def derive(seed: int, *labels: object) -> random.Random:
    """An independent random stream for one item, so items do not shift each other."""
    return random.Random(derive_int(seed, *labels))


def as_utc(moment: datetime) -> datetime:
    """The moment as an aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def overlap(
    first: tuple[datetime, datetime], second: tuple[datetime, datetime]
) -> tuple[datetime, datetime] | None:
    """The common part of two [from, to) spans, or None when they do not meet."""
    low = max(as_utc(first[0]), as_utc(second[0]))
    high = min(as_utc(first[1]), as_utc(second[1]))
    return (low, high) if low < high else None


def pick_time(rng: random.Random, span: tuple[datetime, datetime]) -> datetime:
    """A whole-second moment drawn uniformly from the span."""
    seconds = int((span[1] - span[0]).total_seconds())
    return span[0] + timedelta(seconds=rng.randrange(max(seconds, 1)))


def iso_utc(moment: datetime) -> str:
    """`2026-03-01T10:00:00Z`."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(row: Mapping[str, Any]) -> str:
    """One compact JSON line; keys keep the order they were built in, non-ASCII kept as is."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows as JSON Lines (LF endings), creating folders; returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [dumps(row) + "\n" for row in rows]
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return len(lines)
