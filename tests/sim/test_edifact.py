"""The EDIFACT writer: escaping, segment counts and envelopes, read back by a tiny tokenizer."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from moneytrail.sim.passengers.edifact import (
    Group,
    Interchange,
    Syntax,
    interchange,
    message,
    seg,
)

Parsed = list[list[list[str]]]  # segments -> elements -> components; [0][0] is the tag


def tokenize(text: str) -> Parsed:
    """Split an interchange into segments, elements and components, undoing releases.

    Service characters come from UNA (defaults when absent); line breaks between segments
    are ignored.
    """
    component, element, release, terminator = ":", "+", "?", "'"
    if text.startswith("UNA"):
        component, element, release, terminator = text[3], text[4], text[6], text[8]
        text = text[9:]
    segments: Parsed = []
    elements: list[list[str]] = []
    components: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == release:
            current.append(next(chars))
        elif char in (component, element, terminator):
            components.append("".join(current))
            current = []
            if char != component:
                elements.append(components)
                components = []
            if char == terminator:
                segments.append(elements)
                elements = []
        elif char in "\r\n" and not (current or components or elements):
            continue
        else:
            current.append(char)
    assert not current, "text after the last segment terminator"
    assert not components, "an unterminated segment"
    assert not elements, "an unterminated segment"
    return segments


def tags(parsed: Parsed) -> list[str]:
    """The segment tags in order."""
    return [s[0][0] for s in parsed]


def check_envelope(parsed: Parsed) -> None:
    """UNT counts and references, UNE and UNZ counts and references are right."""
    assert tags(parsed)[0] == "UNB"
    assert tags(parsed)[-1] == "UNZ"
    start = None
    messages = groups = 0
    for index, segment in enumerate(parsed):
        tag = segment[0][0]
        if tag == "UNH":
            start, reference = index, segment[1][0]
        elif tag == "UNT":
            assert start is not None
            assert int(segment[1][0]) == index - start + 1
            assert segment[2][0] == reference
            messages += 1
        elif tag == "UNG":
            groups += 1
            group_ref, group_messages = segment[5][0], messages
        elif tag == "UNE":
            assert int(segment[1][0]) == messages - group_messages
            assert segment[2][0] == group_ref
    assert int(parsed[-1][1][0]) == (groups or messages)
    assert parsed[-1][2][0] == parsed[0][5][0]


def test_escape_releases_every_service_character() -> None:
    assert Syntax().escape("O'BRIEN+CO:50%?") == "O?'BRIEN?+CO?:50%??"
    assert Syntax().escape("A B*C") == "A B*C"
    assert Syntax(reserved="*").escape("A B*C") == "A B?*C"


def test_una_announces_the_service_characters() -> None:
    assert Syntax().una() == "UNA:+.? '"
    assert Syntax(reserved="*").una() == "UNA:+.?*'"


def test_trailing_empty_elements_and_components_are_left_out() -> None:
    syntax = Syntax()
    assert seg("NAD", "FL", "", "", ("SMITH", "JOHN", "")).render(syntax) == "NAD+FL+++SMITH:JOHN"
    assert seg("ATT", "2", "", "M", "", "").render(syntax) == "ATT+2++M"
    assert seg("SRC").render(syntax) == "SRC"


def _sample(group: Group | None, syntax: Syntax) -> str:
    header = Interchange(
        ("UNOA", "4"), ("AIR", "ZZ"), ("PIU", "ZZ"), datetime(2025, 3, 1, 9, 5), "77"
    )
    first = message("1", ("PAXLST", "D", "02B", "UN", "IATA"), [seg("BGM", "745")])
    second = message("2", ("PAXLST", "D", "02B", "UN", "IATA"), [seg("BGM", "745"), seg("CNT")])
    return interchange(header, [first, second], syntax, group)


def test_envelope_counts_with_a_group() -> None:
    group = Group("PAXLST", "AIR", "PIU", "9", ("UN", "D", "02B"))
    parsed = tokenize(_sample(group, Syntax()))
    assert tags(parsed) == ["UNB", "UNG", "UNH", "BGM", "UNT", "UNH", "BGM", "CNT", "UNT", "UNE",
                            "UNZ"]  # fmt: skip
    assert parsed[0][4] == ["250301", "0905"]
    assert parsed[1][6:] == [["UN"], ["D", "02B"]]
    assert parsed[4][1:] == [["3"], ["1"]]
    assert parsed[8][1:] == [["4"], ["2"]]
    assert parsed[-2][1:] == [["2"], ["9"]]
    assert parsed[-1][1:] == [["1"], ["77"]]
    check_envelope(parsed)


def test_envelope_counts_without_a_group() -> None:
    parsed = tokenize(_sample(None, Syntax(reserved="*")))
    assert not {"UNG", "UNE"} & set(tags(parsed))
    assert parsed[-1][1:] == [["2"], ["77"]]
    check_envelope(parsed)


def test_tokenizer_reads_the_published_sample_layout() -> None:
    text = "UNA:*.? $\nUNB*UNOA:4*SDT:ZZ$\nNAD*FL***BETTON:DAVID$\nUNZ*1*1$\n"
    assert tokenize(text)[1] == [["NAD"], ["FL"], [""], [""], ["BETTON", "DAVID"]]


_DATA = st.text(alphabet="ABCXYZ019 .,-/()'+:?*", max_size=30)


@given(surname=_DATA, given_name=_DATA, free=_DATA)
def test_any_data_survives_writing_and_reading(surname: str, given_name: str, free: str) -> None:
    for syntax in (Syntax(), Syntax(reserved="*")):
        header = Interchange(("IATA", "1"), "KC", "PIU", datetime(2025, 1, 2, 3, 4), "5")
        body = [seg("NAD", "FL", "", "", (surname, given_name, "X")), seg("IFT", "4", free, "Z")]
        parsed = tokenize(interchange(header, [message("1", "PNRGOV", body)], syntax))
        assert parsed[2][4] == [surname, given_name, "X"]
        assert parsed[3][2] == [free]
        check_envelope(parsed)
