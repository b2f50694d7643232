"""Telegram Desktop JSON exports (result.json) of channels and chats.

A message's `text` is a string or a list of strings and entity objects; links behind words
are in the entities' `href`. Service messages are skipped (they carry no post text); a
message without an id or with a malformed text is quarantined (the text is flattened as
ingestion does it, `moneytrail.ingest.readers.telegram.flatten`), the rest of the export read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moneytrail.ingest.readers.telegram import flatten
from moneytrail.osint.errors import BadInputError
from moneytrail.osint.items import Item, Quarantined


def read_export(path: Path) -> Iterator[Item | Quarantined]:
    """Every message with text in the export; broken parts come out as Quarantined."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        messages, channel = _messages(data, path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, BadInputError) as exc:
        yield Quarantined(str(path), f"unreadable Telegram export: {exc}")
        return
    for index, message in enumerate(messages):
        try:
            item = message_item(message, channel, path)
        except (BadInputError, KeyError, TypeError, ValueError) as exc:
            yield Quarantined(str(path), f"bad message: {exc!r}", f"messages[{index}]")
            continue
        if item is not None:
            yield item


def _messages(data: Any, path: Path) -> tuple[list[Any], str]:
    """The message list and a channel name (username folder, else export name)."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise BadInputError("no 'messages' list: not a Telegram Desktop export")
    name = path.parent.name if path.name == "result.json" else str(data.get("name", path.stem))
    return data["messages"], name


def message_item(message: Any, channel: str, path: Path) -> Item | None:
    """One message as an Item, None for service messages and empty posts."""
    if not isinstance(message, dict) or "id" not in message:
        raise BadInputError("a message is not an object with an id")
    if message.get("type", "message") != "message":
        return None
    text, hrefs = flatten(message.get("text", ""))
    if not text.strip():
        return None
    item_id = f"{channel}/{message['id']}"
    date = message.get("date")
    return Item(item_id, "telegram", str(path), text, channel, date, tuple(hrefs))
