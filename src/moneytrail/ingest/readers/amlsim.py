"""IBM AMLSim output (`nodes.csv`, `transactions.csv`), from a directory or its `.tgz`.

`transactions.csv` (`sourceNodeId,targetNodeId,value,time`) gives transfers between the
instruments `<source>:<node>` (the source defaults to `amlsim`), `time` a day counted from
`start` (option, default 2017-01-01, AMLSim's base date). `nodes.csv`
(`nodeid,isFraud,init_balance,fraudStep`) gives one account instrument per node and, for
`isFraud = 1`, a `laundering` label on it, `since` the day of `fraudStep` when it is known.
The initial balance has no column in the canonical instruments and is not kept.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest import vector as v
from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.csvchunks import LINE, chunks, read_header
from moneytrail.ingest.readers.common import (
    INSTRUMENTS,
    LABELS,
    TRANSFERS,
    build,
    chunk_items,
    days_after,
    label_rows,
    landed,
    start_micros,
)
from moneytrail.model.record_schemas import INSTRUMENT_SCHEMA
from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA, Channel, InstrumentKind

NODES = ("nodeid", "isFraud", "init_balance", "fraudStep")
TRANSACTIONS = ("sourceNodeId", "targetNodeId", "value", "time")
MEMBERS = ("nodes.csv", "transactions.csv")
DEFAULT_START = date(2017, 1, 1)
ARCHIVE_SUFFIXES = (".tgz", ".tar.gz", ".tar")


class AmlSimReader:
    """IBM AMLSim `nodes.csv`, `transactions.csv`, or a tarball holding them."""

    name: ClassVar[str] = "amlsim"

    def sniff(self, path: Path, head: bytes) -> bool:
        """AMLSim's header line, or an archive with AMLSim's files."""
        first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().decode("latin-1")
        if tuple(first.split(",")) in (NODES, TRANSACTIONS):
            return True
        return path.name.endswith(ARCHIVE_SUFFIXES) and bool(_archived(path))

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Instruments, labels and transfers, from the file or each file in the archive."""
        if not path.name.endswith(ARCHIVE_SUFFIXES):
            with path.open("rb") as stream:
                yield from _read(stream, str(path), ctx)
            return
        try:
            with tarfile.open(path, "r:*") as archive:
                for member in archive:
                    member_stream = archive.extractfile(member) if _wanted(member) else None
                    if member_stream is not None:
                        yield from _read(member_stream, f"{path}!{member.name}", ctx)
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ReaderError(f"{path}: not a readable archive: {exc}") from exc


def _wanted(member: tarfile.TarInfo) -> bool:
    return member.isfile() and PurePosixPath(member.name).name in MEMBERS


def _archived(path: Path, limit: int = 32) -> list[str]:
    """Names of AMLSim files among the archive's first members."""
    try:
        with tarfile.open(path, "r:*") as archive:
            found = []
            for index, member in enumerate(archive):
                if index >= limit:
                    break
                if _wanted(member):
                    found.append(member.name)
            return found
    except (tarfile.TarError, EOFError, OSError):
        return []


def _read(stream: IO[bytes], file: str, ctx: ReadContext) -> Iterator[Item]:
    header = tuple(read_header(stream, ","))
    start = start_micros(ctx, DEFAULT_START)
    if header == NODES:
        land = partial(_land_nodes, file=file, ctx=ctx, start=start)
        for chunk in chunks(stream, NODES):
            yield from chunk_items(chunk, INSTRUMENTS, file, _parse_nodes, land)
    elif header == TRANSACTIONS:
        land = partial(_land_transactions, file=file, ctx=ctx, start=start)
        for chunk in chunks(stream, TRANSACTIONS):
            yield from chunk_items(chunk, TRANSFERS, file, _parse_transactions, land)
    else:
        raise ReaderError(f"{file}: not an AMLSim nodes or transactions file")


def _nonnegative(checks: v.Checks, values: v.Column, label: str) -> None:
    checks.fail_where(pc.or_kleene(pc.is_null(values), pc.less(values, 0)), f"{label}: not >= 0")


def _parse_nodes(raw: pa.Table) -> tuple[pa.Table, v.Column | None]:
    parsed = {
        "node": v.parse_int(raw.column("nodeid")),
        "fraud": v.parse_int(raw.column("isFraud")),
        "balance": v.parse_number(raw.column("init_balance")),
        "step": v.parse_int(raw.column("fraudStep")),
    }
    checks = v.Checks(raw.num_rows)
    _nonnegative(checks, parsed["node"], "nodeid")
    checks.fail_where(pc.invert(pc.is_in(parsed["fraud"], pa.array([0, 1]))), "isFraud: not 0 or 1")
    checks.fail_where(pc.invert(pc.is_finite(parsed["balance"])), "init_balance: not a number")
    step = parsed["step"]
    checks.fail_where(pc.or_kleene(pc.is_null(step), pc.less(step, -1)), "fraudStep: not >= -1")
    for name, column in parsed.items():
        raw = raw.append_column(name, column)
    return raw, checks.reasons()


def _parse_transactions(raw: pa.Table) -> tuple[pa.Table, v.Column | None]:
    parsed = {
        "src": v.parse_int(raw.column("sourceNodeId")),
        "dst": v.parse_int(raw.column("targetNodeId")),
        "amount": v.parse_number(raw.column("value")),
        "step": v.parse_int(raw.column("time")),
    }
    checks = v.Checks(raw.num_rows)
    _nonnegative(checks, parsed["src"], "sourceNodeId")
    _nonnegative(checks, parsed["dst"], "targetNodeId")
    checks.fail_where(v.bad_amount(parsed["amount"], 2), "value: not an amount >= 0")
    _nonnegative(checks, parsed["step"], "time")
    for name, column in parsed.items():
        raw = raw.append_column(name, column)
    return raw, checks.reasons()


def _land_nodes(good: pa.Table, *, file: str, ctx: ReadContext, start: int) -> Iterator[Item]:
    num, lines = good.num_rows, good.column(LINE)
    ids = v.prefixed(f"{ctx.source}:", good.column("node"))
    columns = {
        "instrument_id": ids,
        "instrument_kind": v.constant(InstrumentKind.ACCOUNT.value, num),
        "source": v.constant(ctx.source, num),
        "file": v.constant(file, num),
        "row": lines,
    }
    if item := landed(INSTRUMENTS, build(INSTRUMENT_SCHEMA, columns, num)):
        yield item
    fraud = pc.equal(good.column("fraud"), 1)
    step = pc.filter(good.column("step"), fraud)
    unknown = pa.scalar(None, pa.timestamp("us", tz="UTC"))
    since = pc.if_else(pc.greater_equal(step, 0), days_after(start, step), unknown)
    ids, lines = pc.filter(ids, fraud), pc.filter(lines, fraud)
    extra = {"subject_kind": "instrument", "since": since}
    labels = label_rows(ids, "laundering", ctx.source, file, lines, **extra)
    if item := landed(LABELS, labels):
        yield item


def _land_transactions(
    good: pa.Table, *, file: str, ctx: ReadContext, start: int
) -> Iterator[Item]:
    num, lines = good.num_rows, good.column(LINE)
    account = v.constant(InstrumentKind.ACCOUNT.value, num)
    currency = str(ctx.options.get("currency", "USD"))
    columns = {
        "transfer_id": v.prefixed(f"{ctx.source}:{ctx.file_id}:", lines),
        "ts": days_after(start, good.column("step")),
        "amount_minor": v.to_minor(good.column("amount"), MINOR_UNITS[currency]),
        "currency": v.constant(currency, num),
        "channel": v.constant(Channel.BANK_TRANSFER.value, num),
        "src_instrument": v.prefixed(f"{ctx.source}:", good.column("src"), repeated=True),
        "src_instrument_kind": account,
        "dst_instrument": v.prefixed(f"{ctx.source}:", good.column("dst"), repeated=True),
        "dst_instrument_kind": account,
        "source": v.constant(ctx.source, num),
        "file": v.constant(file, num),
        "row": lines,
    }
    if item := landed(TRANSFERS, build(TRANSFER_SCHEMA, columns, num)):
        yield item
