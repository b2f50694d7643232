"""A Rich progress display of an ingest run: files done, rows of the file in progress."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from moneytrail.lake.report import FileResult


class RichProgress:
    """Shows progress on a terminal (stays silent when the console is not one)."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rows]:>12,} rows"),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        self._files: TaskID | None = None
        self._rows = 0

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def start_file(self, path: Path, index: int, total: int) -> None:
        """A file begins."""
        if self._files is None:
            self._files = self._bar.add_task("files", total=total, rows=0)
        self._rows = 0
        self._bar.update(self._files, description=path.name[-40:], completed=index, rows=0)

    def rows(self, count: int) -> None:
        """Rows of the current file landed."""
        self._rows += count
        if self._files is not None:
            self._bar.update(self._files, rows=self._rows)

    def end_file(self, result: FileResult) -> None:
        """A file ended."""
        if self._files is not None:
            self._bar.advance(self._files)
            del result
