"""The fictional banks of the synthetic country, from `model/data/banks.csv`.

None of these banks exists. Their Kazakh IBAN bank codes are codes that schwifty's registry
of real Kazakh banks does not use, so a synthetic IBAN never names a real bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from moneytrail.model.ids.card_bins import TableError, read_commented_csv

BANK_COLUMNS = ("bank_id", "name", "country", "bic", "iban_bank_code", "bin_prefixes")


@dataclass(frozen=True, slots=True)
class Bank:
    """A fictional bank: its BIC, its IBAN bank code (Kazakh banks only), its card BINs."""

    bank_id: str
    name: str
    country: str
    bic: str
    iban_bank_code: str | None
    bin_prefixes: tuple[str, ...]


@cache
def load_banks() -> tuple[Bank, ...]:
    """The built-in fictional banks (read once)."""
    text = files("moneytrail.model").joinpath("data", "banks.csv").read_text(encoding="utf-8")
    return parse_banks(text, "banks.csv")


def read_banks(path: Path) -> tuple[Bank, ...]:
    """Banks from a CSV file of the same columns as the built-in one."""
    return parse_banks(path.read_text(encoding="utf-8"), str(path))


def parse_banks(text: str, source: str) -> tuple[Bank, ...]:
    """Banks from CSV text; a malformed row raises `TableError` naming `source:line`."""
    banks: list[Bank] = []
    for where, row in read_commented_csv(text, source, BANK_COLUMNS):
        prefixes = tuple(row["bin_prefixes"].split())
        code = row["iban_bank_code"] or None
        if not row["bank_id"] or not row["name"]:
            raise TableError(f"{where}: bank_id and name are required")
        if len(row["country"]) != 2 or len(row["bic"]) not in (8, 11):
            raise TableError(f"{where}: country must have 2 letters and bic 8 or 11")
        if code is not None and not (len(code) == 3 and code.isascii() and code.isdigit()):
            raise TableError(f"{where}: iban_bank_code {code!r} is not 3 digits")
        if not all(p.isascii() and p.isdigit() for p in prefixes):
            raise TableError(f"{where}: bin_prefixes must be digits separated by spaces")
        banks.append(Bank(row["bank_id"], row["name"], row["country"], row["bic"], code, prefixes))
    return tuple(banks)
