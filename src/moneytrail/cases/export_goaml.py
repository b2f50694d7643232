"""A case as a goAML 5.0.2 report, checked against the goAML XSD before it leaves.

The report is an STR whose transactions are the case's traced transfers in the local
currency (`currency_code_local`, KZT by default), or, when the case has none, a SAR whose
activity names the accounts and cards of its freezes. Instruments are written as the case
keeps them: a card by its masked number when one is known, else by its moneytrail token,
with the token in `comments`; never a full card number. Transfers in other currencies are
left out (goAML wants one local amount, and no rate is assumed) and the report's `reason`
says how many. Transmode and funds codes are national lookups; `TRANSMODES` and `FUNDS`
name the ones used.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from moneytrail.cases.dossier import Dossier, Flow, FreezeTarget, Node
from moneytrail.cases.errors import InvalidInput
from moneytrail.model.transfers import MINOR_UNITS, Channel

TRANSMODES: dict[str, str] = {
    Channel.CARD_PAYMENT: "DBCD",
    Channel.P2P: "MB",
    Channel.BANK_TRANSFER: "ELCFT",
    Channel.ATM_CASH_OUT: "ATM",
    Channel.CASH_DEPOSIT: "CDM",
    Channel.CRYPTO_TRANSFER: "DAWLT",
    Channel.EXCHANGE_TRADE: "CRNEX",
}
"""Channel → goAML `transmode_code`; other channels are written as `-`."""
FUNDS: dict[str, tuple[str, str]] = {
    Channel.ATM_CASH_OUT: ("BANKD", "CASH"),
    Channel.CASH_DEPOSIT: ("CASH", "BANKD"),
    Channel.CRYPTO_TRANSFER: ("CRPTC", "CRPTC"),
}
"""Channel → (from, to) `funds_code`; every other channel moves electronic funds (ELCFT)."""
UNKNOWN = "unknown"
TEXT_LIMIT = 4000


class GoamlSchemaError(InvalidInput):
    """The goAML XSD is missing or unreadable, or the report does not validate against it."""


@dataclass(frozen=True, slots=True)
class GoamlOptions:
    """What the receiving FIU assigns: the reporting entity's id, and the report's codes."""

    rentity_id: int
    schema: Path
    currency: str = "KZT"
    indicators: Sequence[str] = field(default=("UNUSU",))
    submitted_at: datetime | None = None


@functools.cache
def load_schema(path: Path) -> etree.XMLSchema:
    """The goAML XSD at `path`, parsed once."""
    if not path.is_file():
        raise GoamlSchemaError(f"{path}: goAML XSD not found (needed to validate the export)")
    try:
        return etree.XMLSchema(etree.parse(str(path)))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise GoamlSchemaError(f"{path}: not a readable XML schema: {exc}") from exc


def validate(document: bytes, schema: Path) -> None:
    """Refuse a document the XSD does not accept, naming the first error's line."""
    xsd = load_schema(schema)
    try:
        xsd.assertValid(etree.fromstring(document))
    except etree.DocumentInvalid as exc:
        raise GoamlSchemaError(
            f"goAML export does not validate against {schema.name}: {exc}"
        ) from exc


def _add(parent: etree._Element, tag: str, value: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, tag)
    if value is not None:
        child.text = value
    return child


def _when(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class _Instruments:
    """What the case knows of each instrument: masks and banks from freezes, nodes' kinds."""

    freezes: dict[str, FreezeTarget]
    nodes: dict[str, Node]

    def account(
        self, parent: etree._Element, tag: str, instrument: str, currency: str | None
    ) -> None:
        """Write `instrument` as a `t_account` element named `tag`."""
        frozen, node = self.freezes.get(instrument), self.nodes.get(instrument)
        bank = frozen.bank if frozen is not None else UNKNOWN
        element = _add(parent, tag)
        _add(element, "institution_name", bank[:255])
        _add(element, "institution_code", bank[:50])
        _add(element, "account", (frozen.masked if frozen is not None else instrument)[:255])
        if currency is not None:
            _add(element, "currency_code", currency)
        kind = frozen.kind if frozen is not None else (node.kind if node else None)
        _add(element, "account_name", (kind or "instrument").replace("_", " "))
        _add(element, "comments", f"moneytrail instrument {instrument}")


def _country(node: Node | None) -> str:
    return node.country if node is not None and node.country else "-"


def _transaction(root: etree._Element, flow: Flow, known: _Instruments, currency: str) -> None:
    tx = _add(root, "transaction")
    _add(tx, "transactionnumber", f"{flow.trace_id[:16]}-{flow.row}")
    _add(tx, "internal_ref_number", f"evidence {flow.evidence}")
    _add(tx, "transaction_location", "")
    _add(tx, "transaction_description", f"traced {flow.channel} (trace {flow.trace_id})")
    _add(tx, "date_transaction", _when(flow.ts))
    _add(tx, "transmode_code", TRANSMODES.get(flow.channel, "-"))
    _add(tx, "transmode_comment", "E")
    amount = Decimal(flow.amount_minor).scaleb(-MINOR_UNITS[currency])
    _add(tx, "amount_local", f"{amount:.{MINOR_UNITS[currency]}f}")
    funds = FUNDS.get(flow.channel, ("ELCFT", "ELCFT"))
    for side, instrument, code in (("from", flow.src, funds[0]), ("to", flow.dst, funds[1])):
        block = _add(tx, f"t_{side}")
        _add(block, f"{side}_funds_code", code)
        known.account(block, f"{side}_account", instrument, currency)
        _add(block, f"{side}_country", _country(known.nodes.get(instrument)))


def _activity(root: etree._Element, dossier: Dossier, known: _Instruments, currency: str) -> None:
    parties = _add(_add(root, "activity"), "report_parties")
    for target in dossier.freezes:
        party = _add(parties, "report_party")
        unit = target.unit if target.unit == currency else None
        known.account(party, "account", target.token, unit)
        _add(party, "significance", "8")
        _add(party, "reason", f"freeze {target.id} at {target.bank}: {target.state}"[:TEXT_LIMIT])


def _reason(dossier: Dossier, kept: int, other: dict[str, int]) -> str:
    parts = [f"moneytrail case {dossier.id}: {dossier.title}", f"{kept} traced transfers"]
    if other:
        left = ", ".join(f"{n} in {c}" for c, n in sorted(other.items()))
        parts.append(f"left out (not in the local currency): {left}")
    parts.append(
        f"{len(dossier.freezes)} domestic freezes, {len(dossier.foreign)} foreign requests"
    )
    return "; ".join(parts)[:TEXT_LIMIT]


def build(dossier: Dossier, options: GoamlOptions, now: datetime) -> tuple[bytes, int]:
    """The report's XML (validated) and how many transactions it holds."""
    if options.currency not in MINOR_UNITS:
        raise InvalidInput(f"currency {options.currency!r} is not a known currency")
    kept = [f for f in dossier.flows if f.currency == options.currency]
    other: dict[str, int] = {}
    for f in dossier.flows:
        if f.currency != options.currency:
            other[f.currency] = other.get(f.currency, 0) + 1
    if not kept and not dossier.freezes:
        raise InvalidInput(
            f"case {dossier.id}: no traced transfers in {options.currency} and no freezes; "
            "nothing to report in goAML"
        )
    nodes = {n.instrument: n for n in dossier.nodes}
    known = _Instruments({t.token: t for t in dossier.freezes}, nodes)
    root = etree.Element("report")
    _add(root, "schema_version", "5.0.2")
    _add(root, "rentity_id", str(options.rentity_id))
    _add(root, "rentity_branch", dossier.owner[0])
    _add(root, "submission_code", "E")
    _add(root, "report_code", "STR" if kept else "SAR")
    _add(root, "entity_reference", f"MT-CASE-{dossier.id}")
    _add(root, "submission_date", _when(options.submitted_at or now))
    _add(root, "currency_code_local", options.currency)
    _add(root, "reason", _reason(dossier, len(kept), other))
    _add(root, "action", ", ".join(f"freeze {t.id}: {t.state}" for t in dossier.freezes) or "-")
    for flow in kept:
        _transaction(root, flow, known, options.currency)
    if not kept:
        _activity(root, dossier, known, options.currency)
    indicators = _add(root, "report_indicators")
    for code in options.indicators:
        _add(indicators, "indicator", code)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(document, options.schema)
    return document, len(kept)
