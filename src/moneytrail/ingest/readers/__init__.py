"""Every format moneytrail reads, and which one a file is in.

Detection asks each reader in turn whether a file is in its format (`sniff`, from the
path and the first bytes); the order puts the formats with the most distinctive
signatures first (XML namespaces and roots, JSON keys, exact CSV headers, Parquet
schemas) and bank statements, recognised by a mapping's column names, last.
"""

from __future__ import annotations

from pathlib import Path

from moneytrail.errors import MoneytrailError
from moneytrail.ingest.contract import Reader
from moneytrail.ingest.readers.amlgentex import AmlGentexReader
from moneytrail.ingest.readers.amlsim import AmlSimReader
from moneytrail.ingest.readers.amlworld import AmlWorldReader
from moneytrail.ingest.readers.bitcoin import BitcoinReader
from moneytrail.ingest.readers.camt053 import Camt053Reader
from moneytrail.ingest.readers.ftm import FtmReader
from moneytrail.ingest.readers.goaml import GoamlReader
from moneytrail.ingest.readers.paxlst import PaxlstReader
from moneytrail.ingest.readers.pnrgov import PnrgovReader
from moneytrail.ingest.readers.sim import SimReader
from moneytrail.ingest.readers.statement import StatementReader
from moneytrail.ingest.readers.telegram import TelegramReader
from moneytrail.ingest.readers.tron import TronReader
from moneytrail.ingest.readers.web import WebReader

READERS: tuple[Reader, ...] = (
    Camt053Reader(),
    GoamlReader(),
    PaxlstReader(),
    PnrgovReader(),
    BitcoinReader(),
    FtmReader(),
    TelegramReader(),
    WebReader(),
    TronReader(),
    AmlWorldReader(),
    AmlSimReader(),
    AmlGentexReader(),
    SimReader(),
    StatementReader(),
)


class UnknownFormatError(MoneytrailError):
    """A format name no reader has."""


def reader_named(name: str) -> Reader:
    """The reader of a format, by name."""
    for reader in READERS:
        if reader.name == name:
            return reader
    known = ", ".join(reader.name for reader in READERS)
    raise UnknownFormatError(f"unknown format {name!r}; known: {known}")


def detect(path: Path, head: bytes) -> Reader | None:
    """The first reader that recognises the file, or None."""
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    return None
