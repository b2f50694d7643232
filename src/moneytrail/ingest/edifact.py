"""Reading UN/EDIFACT interchanges (API `PAXLST` and PNR `PNRGOV` messages) into segments.

The service characters are those a leading `UNA` announces (component, element, decimal,
release, reserved, terminator), else the defaults `:+.? '`. A character after the release
character is data. Segments are cut at the terminator; line breaks around segments (and
inside them, as some carriers wrap lines) are not data. Each segment keeps the line it
starts on and its raw text, for provenance and the quarantine. Bytes that are not UTF-8 are
read as U+FFFD, so that a spoiled byte spoils only the value it is in. An advice naming a
terminator that the interchange never uses (seen in the wild: a typographic `’`) is taken
to mean the default `'`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

DEFAULT_UNA = ":+.? '"


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment: its tag, its elements (each a list of components), line and raw text."""

    tag: str
    elements: tuple[tuple[str, ...], ...]
    line: int
    raw: str

    def get(self, element: int, component: int = 0) -> str:
        """A component's text ('' when absent); element 1 is the first after the tag."""
        if element >= len(self.elements) or component >= len(self.elements[element]):
            return ""
        return self.elements[element][component].strip()


def _split(text: str, separator: str, release: str) -> list[str]:
    """Cut at `separator` where it is not released; release characters kept for later."""
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == release:
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(text: str, release: str) -> str:
    out, escaped = [], False
    for char in text:
        if char == release and not escaped:
            escaped = True
            continue
        out.append(char)
        escaped = False
    return "".join(out)


def _segment(raw: str, line: int, una: str) -> Segment:
    component, element, _, release = una[0], una[1], una[2], una[3]
    flat = raw.replace("\r", "").replace("\n", "")
    fields = _split(flat, element, release)
    elements = tuple(
        tuple(_unescape(c, release) for c in _split(f, component, release)) for f in fields[1:]
    )
    return Segment(fields[0].strip().upper(), ((fields[0].strip(),), *elements), line, raw.strip())


def segments(data: bytes) -> Iterator[Segment]:
    """The segments of an interchange, in order (the `UNA` advice itself not among them)."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    start = len(text) - len(text.lstrip())
    una = DEFAULT_UNA
    if text.startswith("UNA", start) and len(text) >= start + 9:
        una, start = text[start + 3 : start + 9], start + 9
    terminator, release = una[5], una[3]
    if terminator not in text[start:] and DEFAULT_UNA[5] in text[start:]:
        una = una[:5] + DEFAULT_UNA[5]  # an advice that names a terminator never used
    line = text.count("\n", 0, start) + 1
    for raw in _split(text[start:], una[5], release):
        skipped = len(raw) - len(raw.lstrip())
        if raw.strip():
            yield _segment(raw, line + raw.count("\n", 0, skipped), una)
        line += raw.count("\n")


def yymmdd(text: str, field: str, before: date | None = None) -> date:
    """A date written YYMMDD; with `before`, the latest century that keeps it not after
    that day (birth dates), else 20YY. ValueError naming the field if it is not one."""
    try:
        parsed = datetime.strptime(text, "%y%m%d").date()
        day = date(2000 + parsed.year % 100, parsed.month, parsed.day)
        return day if before is None or day <= before else date(day.year - 100, day.month, day.day)
    except ValueError as exc:
        raise ValueError(f"{field}: {text!r} is not a YYMMDD date") from exc
