"""Declarative column mappings for bank statements, written in YAML and checked strictly.

A mapping names the columns of one bank's statement layout: the date (its format and time
zone), the amount (one signed column, or debit and credit columns; decimal comma and
thousands separators), the currency (a column or a constant), the own account, the
counterparty's name, account, IBAN, card, phone and bank, the reference columns, and the
channel by values or patterns. An unknown or misspelled key fails with the file, the line
and the key. Mappings shipped with moneytrail live in `moneytrail/ingest/mappings/`.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from moneytrail.errors import ConfigError
from moneytrail.ingest.values import DEFAULT_TIMEZONE, zone
from moneytrail.model.transfers import Channel

SHIPPED = files("moneytrail.ingest").joinpath("mappings")


class MappingError(ConfigError):
    """A mapping file is not valid YAML or breaks the mapping's rules; says where."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateSpec(_Strict):
    """The date column; `format` is strptime's (ISO 8601 if absent); naive times are local."""

    column: str
    format: str | None = None
    time_column: str | None = None
    """A separate time column, joined to the date with a space before `format` applies."""
    timezone: str = DEFAULT_TIMEZONE

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value


class AmountSpec(_Strict):
    """One signed `column` (negative: money out), or `debit` (out) and `credit` (in) columns."""

    column: str | None = None
    debit: str | None = None
    credit: str | None = None
    decimal: Literal[".", ","] = "."
    thousands: str = " \u00a0\u202f"
    """Characters that group thousands and are dropped ("1 250 000,50")."""
    outgoing_positive: bool = False
    """Whether a positive signed amount is money out (some banks sign from their side)."""

    @model_validator(mode="after")
    def _one_layout(self) -> AmountSpec:
        if (self.column is None) == (self.debit is None or self.credit is None):
            raise ValueError("give either `column`, or both `debit` and `credit`")
        if self.column is not None and (self.debit or self.credit):
            raise ValueError("`column` excludes `debit` and `credit`")
        return self


class ValueSpec(_Strict):
    """A value read from a `column`, or a constant `value`."""

    column: str | None = None
    value: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ValueSpec:
        if (self.column is None) == (self.value is None):
            raise ValueError("give exactly one of `column` and `value`")
        return self


class CounterpartySpec(_Strict):
    """Columns that describe the other side (any may be absent)."""

    name: str | None = None
    iban: str | None = None
    account: str | None = None
    card: str | None = None
    phone: str | None = None
    bank: str | None = None
    bic: str | None = None


class ChannelPattern(_Strict):
    """A regular expression (searched, case-insensitive) and the channel it means."""

    pattern: str
    channel: Channel

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


class ChannelSpec(_Strict):
    """The channel: the `column`'s value looked up in `values`, else the first matching
    pattern (on the column, or on the reference when there is no column), else `default`."""

    column: str | None = None
    values: dict[str, Channel] = Field(default_factory=dict)
    patterns: list[ChannelPattern] = Field(default_factory=list)
    default: Channel = Channel.BANK_TRANSFER


class StatementMapping(_Strict):
    """One statement layout."""

    name: str
    bank: str | None = None
    """The bank that keeps the own account (its BIC or name)."""
    encoding: str = "utf-8"
    delimiter: str = ","
    header_row: int = Field(1, ge=1)
    """The line (CSV) or row (Excel) of the header."""
    sheet: str | None = None
    id: str | None = None
    """The column with the bank's own id of each operation."""
    date: DateSpec
    amount: AmountSpec
    currency: ValueSpec
    own_account: ValueSpec | None = None
    """The statement's account; else `ctx.options["account"]`."""
    counterparty: CounterpartySpec = CounterpartySpec()
    reference: list[str] = Field(default_factory=list)
    channel: ChannelSpec = ChannelSpec()
    mcc: str | None = None

    def columns(self) -> set[str]:
        """Every column the mapping reads."""
        named = [self.id, self.date.column, self.date.time_column, self.mcc, self.channel.column]
        named += [self.amount.column, self.amount.debit, self.amount.credit]
        named += [self.currency.column, self.own_account.column if self.own_account else None]
        named += list(self.counterparty.model_dump().values()) + self.reference
        return {column for column in named if column}


def _line(node: yaml.Node, loc: tuple[int | str, ...]) -> int:
    """The line of the YAML node that `loc` (a pydantic error location) points at."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _explain(where: str, node: yaml.Node, error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        loc = tuple(problem["loc"])
        key = ".".join(str(part) for part in loc) or "(top)"
        message = "unknown key" if problem["type"] == "extra_forbidden" else problem["msg"]
        lines.append(f"{where}:{_line(node, loc)}: {key}: {message}")
    return "\n".join(lines)


def parse_mapping(text: str, where: str) -> StatementMapping:
    """A mapping from YAML text; MappingError naming `where`, the line and the key."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"{where}: not valid YAML: {exc}") from exc
    if node is None or not isinstance(data, dict):
        raise MappingError(f"{where}: a mapping is a YAML mapping of keys")
    try:
        return StatementMapping.model_validate(data)
    except ValidationError as exc:
        raise MappingError(_explain(where, node, exc)) from exc


def load_mapping(path: Path) -> StatementMapping:
    """A mapping file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc}") from exc
    return parse_mapping(text, str(path))


def shipped_mappings() -> dict[str, StatementMapping]:
    """The mappings that come with moneytrail, by name."""
    found = {}
    for entry in sorted(SHIPPED.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            mapping = parse_mapping(entry.read_text(encoding="utf-8"), entry.name)
            found[mapping.name] = mapping
    return found


def resolve_mapping(name_or_path: str) -> StatementMapping:
    """A shipped mapping by name, or a mapping file by path."""
    shipped = shipped_mappings()
    if name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(sorted(shipped))
        raise MappingError(f"no mapping {name_or_path!r}: not a file, nor one of {known}")
    return load_mapping(path)
