"""Chunked CSV: exact line numbers for good rows and bad lines, whatever the chunk size."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from moneytrail.ingest.csvchunks import LINE, Chunk, chunks, read_header

NAMES = ("a", "b", "c")


def _read(data: bytes, chunk_bytes: int = 1 << 20) -> list[Chunk]:
    stream = io.BytesIO(data)
    read_header(stream, ",")
    return list(chunks(stream, NAMES, chunk_bytes=chunk_bytes))


def _rows(parts: list[Chunk]) -> list[tuple[int, str, str, str]]:
    rows = []
    for part in parts:
        for row in part.table.to_pylist():
            rows.append((row[LINE], row["a"], row["b"], row["c"]))
    return rows


def _bad(parts: list[Chunk]) -> list[tuple[int, str]]:
    return [(b.line, b.reason) for part in parts for b in part.bad]


def test_clean_rows_are_numbered_from_the_line_after_the_header() -> None:
    parts = _read(b"a,b,c\n1,2,3\n4,5,6\n")
    assert _rows(parts) == [(2, "1", "2", "3"), (3, "4", "5", "6")]
    assert _bad(parts) == []


def test_last_line_without_newline_and_crlf_endings_are_rows() -> None:
    parts = _read(b"a,b,c\r\n1,2,3\r\n4,5,6")
    assert _rows(parts) == [(2, "1", "2", "3"), (3, "4", "5", "6")]


def test_bad_lines_keep_their_numbers_and_the_good_ones_land() -> None:
    data = b'a,b,c\n1,2,3\n\n1,2\n\xff\xfe,x,y\n7,8,9,10\n"q,"x",y\n5,6,7\n'
    parts = _read(data)
    assert _rows(parts) == [(2, "1", "2", "3"), (8, "5", "6", "7")]
    bad = _bad(parts)
    assert sorted(line for line, _ in bad) == [4, 5, 6, 7]
    reasons = dict(bad)
    assert reasons[4] == "expected 3 fields, found 2"
    assert reasons[5].startswith("not valid UTF-8")
    assert reasons[6] == "expected 3 fields, found 4"


def test_raw_text_of_a_line_is_kept_with_undecodable_bytes_escaped() -> None:
    parts = _read(b"a,b,c\n1,2,3\n\xff,1\n")
    bad = parts[0].bad[0]
    assert bad.raw == "\\xff,1"
    assert parts[0].raw(2) == "1,2,3"


def test_quoted_delimiters_are_values() -> None:
    assert _rows(_read(b'a,b,c\n"x,y",2,3\n')) == [(2, "x,y", "2", "3")]


_LINES = st.lists(
    st.one_of(
        st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)).map(
            lambda t: f"{t[0]},{t[1]},{t[2]}".encode()
        ),
        st.sampled_from([b"", b"1,2", b"1,2,3,4", b"\xc3\x28,1,2", b"  "]),
    ),
    max_size=60,
)


@given(lines=_LINES, size=st.integers(1, 64))
def test_any_chunk_size_gives_the_same_rows_and_bad_lines(lines: list[bytes], size: int) -> None:
    data = b"a,b,c\n" + b"\n".join(lines) + b"\n"
    whole, pieces = _read(data), _read(data, chunk_bytes=size)
    assert _rows(pieces) == _rows(whole)
    assert sorted(_bad(pieces)) == sorted(_bad(whole))
    blank = sum(1 for line in lines if not line.strip())
    assert len(_rows(whole)) + len(_bad(whole)) + blank == len(lines)
