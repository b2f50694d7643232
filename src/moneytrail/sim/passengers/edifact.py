"""A UN/EDIFACT writer: service characters, release escaping, segments and envelopes.

An interchange is `UNA` (service string advice), `UNB` ... `UNZ`, optionally one functional
group `UNG` ... `UNE`, and messages `UNH` ... `UNT`. `UNT` counts the segments of its message,
`UNH` and `UNT` included, and repeats the message reference of `UNH`; `UNE` counts the
messages of the group and `UNZ` the groups (or the messages when there is no group), each
repeating its control reference. Data characters that are service characters are preceded
by the release character. Trailing empty elements and components are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

Element = str | tuple[str, ...]  # a simple data element, or the components of a composite


@dataclass(frozen=True, slots=True)
class Syntax:
    """The six service characters announced in UNA."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    reserved: str = " "  # repetition separator in syntax 4; a space when unused
    terminator: str = "'"

    def una(self) -> str:
        """The service string advice, e.g. `UNA:+.? '`."""
        return (
            "UNA"
            + self.component
            + self.element
            + self.decimal
            + self.release
            + (self.reserved + self.terminator)
        )

    def specials(self) -> str:
        """The characters that must be released when they occur in data."""
        reserved = "" if self.reserved == " " else self.reserved
        return self.component + self.element + self.release + self.terminator + reserved

    def escape(self, text: str) -> str:
        """The text with each service character preceded by the release character."""
        specials = self.specials()
        return "".join(self.release + c if c in specials else c for c in text)


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment tag and its data elements, in clear (escaped when rendered)."""

    tag: str
    elements: tuple[Element, ...] = ()

    def render(self, syntax: Syntax) -> str:
        """The segment as text, without its terminator."""
        parts = [self.tag] + [_element(e, syntax) for e in self.elements]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return syntax.element.join(parts)


def seg(tag: str, *elements: Element) -> Segment:
    """A segment from its tag and elements."""
    return Segment(tag, elements)


def _element(element: Element, syntax: Syntax) -> str:
    """An element or composite, escaped, with trailing empty components left out."""
    components = [element] if isinstance(element, str) else list(element)
    escaped = [syntax.escape(c) for c in components]
    while escaped and not escaped[-1]:
        escaped.pop()
    return syntax.component.join(escaped)


@dataclass(frozen=True, slots=True)
class Interchange:
    """The UNB header: syntax identifier, parties, preparation time, control reference."""

    syntax_id: tuple[str, str]  # ("UNOA", "4") or ("IATA", "1")
    sender: Element
    recipient: Element
    prepared: datetime
    reference: str
    application: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """The UNG header of a functional group of messages of one type."""

    function: str  # "PAXLST"
    sender: Element
    recipient: Element
    reference: str
    version: tuple[str, str, str]  # ("UN", "D", "02B")


def message(
    reference: str, identifier: Element, body: Sequence[Segment], *extra: Element
) -> list[Segment]:
    """UNH, the body, and UNT with the segment count and the same reference."""
    head = seg("UNH", reference, identifier, *extra)
    return [head, *body, seg("UNT", str(len(body) + 2), reference)]


def interchange(
    header: Interchange,
    messages: Sequence[Sequence[Segment]],
    syntax: Syntax,
    group: Group | None = None,
) -> str:
    """The whole interchange as text, one segment per line."""
    stamp = (f"{header.prepared:%y%m%d}", f"{header.prepared:%H%M}")
    segments = [
        seg("UNB", header.syntax_id, header.sender, header.recipient, stamp, header.reference,
            "", header.application),
    ]  # fmt: skip
    if group:
        version = (group.version[1], group.version[2])
        segments.append(seg("UNG", group.function, group.sender, group.recipient, stamp,
                            group.reference, group.version[0], version))  # fmt: skip
    segments += [s for m in messages for s in m]
    if group:
        segments.append(seg("UNE", str(len(messages)), group.reference))
    segments.append(seg("UNZ", "1" if group else str(len(messages)), header.reference))
    lines = [syntax.una()] + [s.render(syntax) + syntax.terminator for s in segments]
    return "\n".join(lines) + "\n"
