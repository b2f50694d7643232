"""Labelled posts of a generated corpus: the raw text of each post beside its ground truth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moneytrail.osint.errors import OsintError
from moneytrail.osint.items import Item
from moneytrail.osint.readers.html import read_page
from moneytrail.osint.readers.telegram import read_export


@dataclass(frozen=True, slots=True)
class Labelled:
    """A post and its truth row (`is_drug_ad`, `obfuscation_level`, `requisites`...)."""

    item: Item
    truth: dict[str, Any]

    @property
    def is_ad(self) -> bool:
        """Whether the post is a drug-shop ad."""
        return bool(self.truth["is_drug_ad"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines file."""
    if not path.exists():
        raise OsintError(f"{path} not found: is this a generated corpus folder?")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def labelled_posts(out: Path, truth: Path) -> list[Labelled]:
    """Every post of the corpus with its truth, in truth order."""
    items: dict[str, Item] = {}
    for export in sorted((out / "telegram").glob("*/result.json")):
        items.update({i.item_id: i for i in read_export(export) if isinstance(i, Item)})
    rows = read_jsonl(truth / "posts.jsonl")
    missing = [row["post_id"] for row in rows if row["post_id"] not in items]
    if missing:
        raise OsintError(f"{len(missing)} truth posts missing from the exports, e.g. {missing[0]}")
    return [Labelled(items[row["post_id"]], row) for row in rows]


def labelled_pages(out: Path, truth: Path) -> list[Labelled]:
    """Every web page of the corpus with its truth."""
    rows = read_jsonl(truth / "pages.jsonl")
    return [Labelled(read_page(out / "web" / row["page_id"]), row) for row in rows]
