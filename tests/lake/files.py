"""Small input files for the lake tests, in AMLworld's format."""

from __future__ import annotations

from pathlib import Path

from moneytrail.ingest.readers.amlworld import HEADER


def amlworld_row(n: int) -> str:
    """A good row: day and accounts vary with `n`; every 7th is laundering."""
    day, minute = 1 + n % 5, n % 60
    amount = f"{n % 997}.{n % 100:02d}"
    flag = int(n % 7 == 0)
    return (
        f"2022/09/{day:02d} 10:{minute:02d},{n % 11:03d},A{n % 13:04X},{n % 3:03d},B{n % 17:04X},"
        f"{amount},US Dollar,{amount},US Dollar,ACH,{flag}"
    )


def amlworld_csv(path: Path, rows: int, bad: tuple[int, ...] = ()) -> Path:
    """`rows` data rows; those numbered in `bad` (0-based) are broken in a different way each."""
    breakages = (
        "junk",
        "2022/09/01 10:00,1,A,1,B,1,US Dollar",
        "\xff",
        "2022/02/30 10:00" + ",1" * 10,
    )
    lines = [HEADER]
    for n in range(rows):
        if n in bad:
            lines.append(breakages[n % len(breakages)])
        else:
            lines.append(amlworld_row(n))
    path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogateescape") + b"\n")
    return path
