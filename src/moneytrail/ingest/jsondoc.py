"""The records of a JSON file, each with the line where it starts.

Four shapes are read: JSON lines (one record per line), a top-level array of records, an
object holding the array under a key (`{"data": [...], "meta": ...}`, as TronGrid answers),
and a single record. Bytes that are not UTF-8 spoil only the record they are in. In JSON
lines a broken line is one bad record; in an array a broken record also hides the rest of
the array, which is then reported as one bad record from that line on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

_WS = " \t\r\n"
LOOKAHEAD = 50


@dataclass(frozen=True, slots=True)
class JsonItem:
    """One record: its line, its value (None if broken), its text, and what was wrong."""

    line: int
    value: Any
    raw: str
    error: str | None = None


class _BrokenError(Exception):
    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos


def _not_utf8(raw: str) -> str | None:
    for index, char in enumerate(raw):
        if "\udc80" <= char <= "\udcff":
            return f"not UTF-8: byte 0x{ord(char) - 0xDC00:02x} at character {index + 1}"
    return None


@dataclass
class _Scanner:
    text: str
    decode: Callable[[str, int], tuple[Any, int]]

    def skip(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in _WS:
            pos += 1
        return pos

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def item(self, pos: int) -> tuple[JsonItem, int]:
        try:
            value, end = self.decode(self.text, pos)
        except json.JSONDecodeError as exc:
            raise _BrokenError(pos, f"invalid JSON: {exc.msg} (line {exc.lineno})") from exc
        raw = self.text[pos:end]
        error = _not_utf8(raw)
        return JsonItem(self.line(pos), None if error else value, raw, error), end

    def array(self, pos: int) -> Iterator[JsonItem]:
        """The items of the array whose `[` is at `pos`."""
        pos = self.skip(pos + 1)
        if self.text.startswith("]", pos):
            return
        while True:
            item, pos = self.item(pos)
            yield item
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif self.text.startswith("]", pos):
                return
            else:
                raise _BrokenError(pos, "invalid JSON: expected ',' or ']' between records")

    def keyed_array(self, pos: int, key: str) -> Iterator[JsonItem]:
        """The array under `key` in the object whose `{` is at `pos`."""
        pos = self.skip(pos + 1)
        while self.text.startswith('"', pos):
            name_item, pos = self.item(pos)
            name = name_item.value
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise _BrokenError(pos, "invalid JSON: expected ':' after a key")
            pos = self.skip(pos + 1)
            if name == key and self.text.startswith("[", pos):
                yield from self.array(pos)
                return
            _, pos = self.item(pos)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
        raise _BrokenError(pos, f"invalid JSON: no array under {key!r}")

    def lines(self) -> Iterator[JsonItem]:
        """One record per non-blank line."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if line.strip():
                start = len(line) - len(line.lstrip())
                try:
                    value, end = self.decode(line, start)
                    if line[end:].strip():
                        raise json.JSONDecodeError("extra data", line, end)
                except json.JSONDecodeError as exc:
                    yield JsonItem(
                        number, None, line, f"invalid JSON: {exc.msg} (column {exc.colno})"
                    )
                    continue
                error = _not_utf8(line)
                yield JsonItem(number, None if error else value, line, error)


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _is_lines(text: str) -> bool:
    """Whether the text is JSON lines: not one JSON value, and one of its first three
    non-blank lines is a whole object (so a spoiled first line does not hide the rest)."""
    try:
        json.loads(text)
    except json.JSONDecodeError:
        lines = [line for line in text.split("\n", LOOKAHEAD)[:LOOKAHEAD] if line.strip()]
        return any(_is_object(line) for line in lines[:3])
    return False


def json_items(path: Path, key: str | None = None, exact: bool = False) -> Iterator[JsonItem]:
    """The records of the file, in order; `exact` reads numbers with a point as Decimal."""
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    decoder = json.JSONDecoder(parse_float=Decimal if exact else float)
    scanner = _Scanner(text, decoder.raw_decode)
    start = scanner.skip(0)
    try:
        if text.startswith("[", start):
            yield from scanner.array(start)
        elif text.startswith("{", start) and not _is_lines(text):
            if key:
                yield from scanner.keyed_array(start, key)
            else:
                yield scanner.item(start)[0]
        else:
            yield from scanner.lines()
    except _BrokenError as exc:
        line = scanner.line(exc.pos)
        reason = f"{exc}; the rest of the file from line {line} is unreadable"
        yield JsonItem(line, None, text[exc.pos : exc.pos + 2000], reason)
