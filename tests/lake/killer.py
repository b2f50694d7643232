"""Run as a script: land files, and SIGKILL this very process at a chosen point.

`python killer.py LAKE POINT FILE...`; POINT is `staging` (the second file staged, nothing
moved), `moving` (the second file's first part moved into the tables), `manifest` (every
part of the second file moved, its manifest row not yet written) or `none`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from moneytrail.lake.catalog import Catalog
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.writer import StagingWriter
from moneytrail.model.ids.base import Tokenizer

_calls = {"close": 0, "record": 0, "replace": 0}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(point: str) -> None:
    close, record, replace = StagingWriter.close, Catalog.record, os.replace

    def closing(self: StagingWriter) -> list[Path]:
        staged = close(self)
        _calls["close"] += 1
        if point == "staging" and _calls["close"] == 2:
            _die()
        return staged

    def recording(self: Catalog, entry: Any) -> None:
        _calls["record"] += 1
        if point == "manifest" and _calls["record"] == 2:
            _die()
        record(self, entry)

    def replacing(source: Any, target: Any, **_: Any) -> None:
        replace(source, target)
        if point == "moving" and _calls["record"] == 1:
            _die()

    StagingWriter.close = closing  # type: ignore[method-assign]
    Catalog.record = recording  # type: ignore[method-assign]
    os.replace = replacing  # type: ignore[assignment]  # a spy, called as commit calls it


def main(argv: list[str]) -> None:
    lake, point, *files = argv
    _arm(point)
    land([Path(f) for f in files], Path(lake), LandOptions(Tokenizer(b"k")))


if __name__ == "__main__":
    main(sys.argv[1:])
