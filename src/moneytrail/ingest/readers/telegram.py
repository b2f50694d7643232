"""Telegram Desktop JSON exports (`result.json`) of channels and chats, as `posts`.

Every message of type `message` is a post, with or without text (a photo alone is a post);
service messages (a channel created, a title changed) are not posts and are passed over.
The post id is `<channel>/<message id>`, the channel being the export's folder name for a
`result.json` (Telegram names it after the channel's username) and the file's stem
otherwise. `posted_at` is `date_unixtime` (UTC); an older export without it gives `date`,
read as UTC. The text keeps the words and the links behind them; card numbers in it are
masked, and the valid ones also kept as keyed tokens (`card_tokens`). A message that is not
an object with an id, a time and a well-formed text is rejected with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.emit import Tables, blank, reject
from moneytrail.ingest.jsondoc import json_items
from moneytrail.ingest.redact import find_pans
from moneytrail.ingest.values import FieldError, from_epoch, require
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import check_card

POSTS = "posts"
CHAT_TYPE = re.compile(
    rb'"type":\s*"(public_channel|private_channel|public_supergroup|private_supergroup|'
    rb'personal_chat|private_group|bot_chat|saved_messages)"'
)
PUBLIC = re.compile(rb'"type":\s*"public_(channel|supergroup)"')
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
MEDIA_KEYS = ("photo", "file", "thumbnail")


def flatten(text: Any) -> tuple[str, list[str]]:
    """The plain text of a message's `text` (a string, or strings and entity objects) and
    the links behind its entities; FieldError if it is neither."""
    if isinstance(text, str):
        return text, []
    if not isinstance(text, list):
        raise FieldError("text", f"is a {type(text).__name__}, not text or entities")
    parts, links = [], []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
            if isinstance(part.get("href"), str):
                links.append(part["href"])
            elif part.get("type") == "link":
                links.append(part["text"])
        else:
            raise FieldError("text", "a part is neither a string nor an entity")
    return "".join(parts), links


def card_tokens(text: str, tokenizer: Tokenizer) -> list[str]:
    """The keyed tokens of the valid card numbers a text names, each once."""
    checked = (check_card(pan, tokenizer) for pan in dict.fromkeys(find_pans(text)))
    return [r.token for r in checked if r.valid and r.token is not None]


def _posted_at(message: dict[str, Any]) -> datetime:
    if "date_unixtime" in message:
        return from_epoch(int(require(message["date_unixtime"], "date_unixtime")), "date_unixtime")
    when = datetime.fromisoformat(require(message.get("date"), "date"))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _edited_at(message: dict[str, Any]) -> datetime | None:
    value = message.get("edited_unixtime")
    return None if value is None else from_epoch(int(require(value, "edited_unixtime")), "edited")


def post_row(message: Any, channel: str, public: bool, ctx: ReadContext) -> dict[str, Any] | None:
    """The `posts` row of a message, None for a service message; FieldError if malformed."""
    if not isinstance(message, dict):
        raise FieldError("message", "is not an object")
    message_id = require(message.get("id"), "id")
    if message.get("type", "message") != "message":
        return None
    text, links = flatten(message.get("text", ""))
    media = [str(message[k]) for k in MEDIA_KEYS if isinstance(message.get(k), str)]
    return blank(
        POSTS, post_id=f"{channel}/{message_id}", platform="telegram", channel=channel,
        author=message.get("from") or message.get("actor"), message_id=int(message_id),
        posted_at=_posted_at(message), edited_at=_edited_at(message), text=text,
        url=f"https://t.me/{channel}/{message_id}" if public else None,
        media=media or None, links=links or None,
        card_tokens=card_tokens(text, ctx.tokenizer) or None, source=ctx.source,
    )  # fmt: skip


class TelegramReader:
    """A Telegram Desktop export of one channel or chat."""

    name: ClassVar[str] = "telegram"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """A JSON object naming a chat type and holding `messages`."""
        return (
            head.lstrip().startswith(b"{")
            and b'"messages"' in head
            and bool(CHAT_TYPE.search(head))
        )

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One post per message, in file order; bad messages rejected with their line."""
        with path.open("rb") as handle:
            public = PUBLIC.search(handle.read(1 << 16).split(b'"messages"', 1)[0]) is not None
        channel = path.parent.name if path.name == "result.json" else path.stem
        public = public and USERNAME.fullmatch(channel) is not None
        tables = Tables()
        for item in json_items(path, key="messages"):
            try:
                if item.error is not None:
                    raise ValueError(item.error)
                row = post_row(item.value, channel, public, ctx)
            except (ValueError, OverflowError) as exc:
                yield reject(POSTS, path, item.line, str(exc), item.raw)
                continue
            if row is not None:
                yield from tables.add(POSTS, row | {"file": str(path), "row": item.line})
        yield from tables.flush()
