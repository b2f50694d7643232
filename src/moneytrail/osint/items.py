"""What the readers hand to the scanner: one text item, or one quarantined input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Item:
    """A post, page or text file: its id, where it came from and its text.

    `channel` is the Telegram channel or web domain the item belongs to (for channel scores);
    `hrefs` are links behind words (Telegram text links, page anchors).
    """

    item_id: str
    source: str  # "telegram", "web", "text", "image"
    path: str
    text: str
    channel: str | None = None
    date: str | None = None
    hrefs: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An input that could not be read, with the reason and where."""

    path: str
    reason: str
    where: str | None = None  # a message id or line, when known

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"path": self.path, "where": self.where, "reason": self.reason}
