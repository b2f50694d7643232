"""Channel exports byte-for-byte in the layout of Telegram Desktop's JSON export (result.json).

Layout as written by tdesktop's `export_output_json.cpp`: one space of indentation per
nesting level, `": "` between key and value, non-ASCII characters unescaped, no newline at
the end; `text` is a string when the message has no entities and otherwise a list mixing
strings (plain runs) with entity objects; `text_entities` always lists every run as an
object. Dates are the exporting machine's local time; `date_unixtime` is a string.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from moneytrail.sim.content.common import EXPORT_TZ, derive, derive_int, iso_utc
from moneytrail.sim.content.draft import Part, Post

NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


@dataclass(frozen=True, slots=True)
class Channel:
    """A public channel: username, display name and numeric id."""

    handle: str
    title: str
    channel_id: int


def channel_id(seed: int, handle: str) -> int:
    """A ten-digit channel id, stable for the seed and handle."""
    return 1_000_000_000 + derive_int(seed, "channel", handle) % 1_999_999_999


def json_string(text: str) -> str:
    """A JSON string escaped as tdesktop escapes it (line and paragraph separators too)."""
    out = []
    for char in text:
        if char in ESCAPES:
            out.append(ESCAPES[char])
        elif ord(char) < 32 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def render(value: Any, depth: int = 0) -> str:
    """Serialise a JSON value with tdesktop's indentation."""
    pad = " " * depth
    if isinstance(value, dict):
        items = [f"\n{pad} {json_string(k)}: {render(v, depth + 1)}" for k, v in value.items()]
        return "{" + ",".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + ",".join(f"\n{pad} {render(v, depth + 1)}" for v in value) + "\n" + pad + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json_string(str(value))


def entity(part: Part) -> dict[str, str]:
    """One run as an entity object."""
    row = {"type": part.kind, "text": part.text}
    if part.href is not None:
        row["href"] = part.href
    return row


def text_value(parts: tuple[Part, ...]) -> str | list[str | dict[str, str]]:
    """`text`: a plain string, or a list of plain strings and entity objects."""
    if not parts:
        return ""
    if len(parts) == 1 and parts[0].kind == "plain":
        return parts[0].text
    return [part.text if part.kind == "plain" else entity(part) for part in parts]


def stamp(moment: datetime) -> tuple[str, str]:
    """`date` (local time, ISO without offset) and `date_unixtime` (a string)."""
    local = moment.astimezone(EXPORT_TZ).strftime("%Y-%m-%dT%H:%M:%S")
    return local, str(int(moment.timestamp()))


def message(msg_id: int, post: Post, channel: Channel) -> dict[str, Any]:
    """A channel post as an export message object, keys in tdesktop's order."""
    date, unixtime = stamp(post.moment)
    row: dict[str, Any] = {"id": msg_id, "type": "message", "date": date, "date_unixtime": unixtime}
    if post.edited is not None:
        row["edited"], row["edited_unixtime"] = stamp(post.edited)
    row["from"] = channel.title
    row["from_id"] = f"channel{channel.channel_id}"
    if post.photo is not None:
        row["photo"], row["width"], row["height"] = NOT_INCLUDED, post.photo[0], post.photo[1]
    row["text"] = text_value(post.parts)
    row["text_entities"] = [entity(part) for part in post.parts]
    return row


def created(channel: Channel, posts: list[Post], rng: random.Random) -> dict[str, Any]:
    """The service message that opens every channel's history."""
    date, unixtime = stamp(posts[0].moment - timedelta(hours=rng.randint(1, 72)))
    return {
        "id": 1,
        "type": "service",
        "date": date,
        "date_unixtime": unixtime,
        "actor": channel.title,
        "actor_id": f"channel{channel.channel_id}",
        "action": "create_channel",
        "title": channel.title,
        "text": "",
        "text_entities": [],
    }


def export_channel(
    seed: int, channel: Channel, posts: list[Post], folder: Path
) -> list[dict[str, Any]]:
    """Write `folder/<handle>/result.json`; return the posts' truth rows with message ids."""
    rng = derive(seed, "export", channel.handle)
    ordered = sorted(posts, key=lambda post: post.moment)
    messages, truth, msg_id = [created(channel, ordered, rng)], [], 1
    for post in ordered:
        msg_id += 1 + (rng.randint(1, 5) if rng.random() < 0.1 else 0)
        messages.append(message(msg_id, post, channel))
        head = {"post_id": f"{channel.handle}/{msg_id}", "source": "telegram"}
        place = {"channel": channel.handle, "message_id": msg_id, "date": iso_utc(post.moment)}
        truth.append({**head, **place, **post.truth})
    export = {
        "name": channel.title,
        "type": "public_channel",
        "id": channel.channel_id,
        "messages": messages,
    }
    path = folder / channel.handle / "result.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(export), encoding="utf-8", newline="")
    return truth
