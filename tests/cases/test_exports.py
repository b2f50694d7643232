"""Case exports: goAML validated on the real XSD and read back by the goAML reader, FtM lines
that FtM accepts, a PDF that lists every evidence hash; need-to-know and audit on each."""

from __future__ import annotations

import base64
import json
import re
import zlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import cases, evidence, exports, foreign, freeze, ledger
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.errors import AccessDenied, InvalidInput
from moneytrail.cases.export_goaml import GoamlOptions, GoamlSchemaError
from moneytrail.cases.models import AuditEntry
from moneytrail.cases.records import Evidence
from moneytrail.ingest.readers.goaml import GoamlReader
from moneytrail.model.ftm import check_jsonl, from_entities, read_jsonl
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.records import PaymentRecord
from tests.ingest.fixtures.harness import GOAML, context, run

XSD = GOAML / "goAMLSchema-5.0.2.xsd"
TOK = Tokenizer(b"export-test")
PANS = ("4400430000000007", "5169497000000004", "4400430000000015")
T0 = datetime(2026, 11, 1, 9, 0)
WALLET = "tron:TXYZopq1234567890abcdefghijklmnop"


def _card(pan: str) -> str:
    return TOK.token(IdKind.CARD, pan)


def _trace() -> bytes:
    a, b, c = (_card(p) for p in PANS)
    nodes = [
        {"instrument": a, "kind": "card", "country": "KZ", "hop": 0},
        {"instrument": b, "kind": "card", "country": "KZ", "hop": 1},
        {"instrument": c, "kind": "card", "country": "KZ", "hop": 2},
        {"instrument": WALLET, "kind": "wallet", "country": None, "hop": 3},
    ]
    edges = [
        {"row": 7, "src": a, "dst": b, "ts": "2026-10-30T10:00:00Z", "amount_minor": 15_000_000,
         "currency": "KZT", "channel": "p2p", "amount": 150000.0, "attributed": 150000.0},
        {"row": 9, "src": b, "dst": c, "ts": "2026-10-30T11:30:00Z", "amount_minor": 14_950_050,
         "currency": "KZT", "channel": "atm_cash_out", "amount": 149500.5, "attributed": 1.0},
        {"row": 12, "src": c, "dst": WALLET, "ts": "2026-10-31T08:00:00Z",
         "amount_minor": 290_000_000, "currency": "USDT", "channel": "crypto_transfer",
         "amount": 290.0, "attributed": 290.0},
    ]  # fmt: skip
    data = {"trace_id": "ab" * 16, "nodes": nodes, "edges": edges, "sinks": []}
    return json.dumps(data, sort_keys=True).encode()


@pytest.fixture
def case_id(db: Session, people: dict[Role, Principal]) -> int:
    """An MVD case shared with GPO and AFM: a trace, a document, a card freeze, a foreign
    request, ledger postings, a note and a task."""
    inv, pros = people[Role.INVESTIGATOR], people[Role.PROSECUTOR]
    case = cases.create_case(db, inv, "Дропперы: Алматы, карты")
    for code in ("GPO", "AFM"):
        cases.share_case(db, inv, case.id, code)
    prov = evidence.Provenance("moneytrail trace", "transfers@v42", T0)
    evidence.add_evidence(db, inv, case.id, evidence.EvidenceKind.TRACE, "trace 1", _trace(), prov)
    doc = evidence.Provenance("scan", "letter 17/2026", T0)
    evidence.add_evidence(
        db, inv, case.id, evidence.EvidenceKind.DOCUMENT, "bank letter", b"%PDF-1.4 x", doc, "a/b"
    )
    fz = freeze.request_freeze(db, inv, case.id, PANS[1], "Kaspi Bank", "dropper card", TOK)
    freeze.advance(db, pros, fz.id, freeze.E.SANCTION, "sanctioned")
    foreign.create_request(db, inv, case.id, "TBCBGE22", "DEA", ["GE29TB0000000000000001"], T0, TOK)
    posting = ledger.Posting(ledger.Operation.FREEZE, "KZT", 9_950_000, 9_950_000, "freeze 1")
    ledger.post(db, inv, case.id, posting)
    cases.add_note(db, inv, case.id, f"card {PANS[0]} seen in an ad")
    cases.create_task(db, inv, case.id, "AFM", "ask the bank", T0)
    return case.id


def _last(db: Session) -> AuditEntry:
    return db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def _no_clear_pans(content: bytes) -> None:
    for pan in PANS:
        assert pan.encode() not in content


def test_goaml_validates_on_the_xsd_and_reads_back(
    db: Session, people: dict[Role, Principal], case_id: int, tmp_path: Path
) -> None:
    options = GoamlOptions(rentity_id=42, schema=XSD, submitted_at=T0)
    done = exports.export_goaml(db, people[Role.ANALYST], case_id, options)
    assert done.items == 2  # the USDT transfer is left out, and said so
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    root = etree.fromstring(done.content)
    assert schema.validate(root), schema.error_log
    assert root.findtext("report_code") == "STR"
    assert "left out (not in the local currency): 1 in USDT" in (root.findtext("reason") or "")
    _no_clear_pans(done.content)
    assert b"516949******0004" in done.content  # the frozen card, masked
    path = tmp_path / "case.xml"
    path.write_bytes(done.content)
    landed = run(GoamlReader(), path, context(timezone="UTC"))
    assert not landed.rejected
    transfers = sorted(landed.rows("transfers"), key=lambda t: t["ts"])
    assert [(t["amount_minor"], t["currency"]) for t in transfers] == [
        (15_000_000, "KZT"),
        (14_950_050, "KZT"),
    ]
    assert [t["ts"].isoformat() for t in transfers] == [
        "2026-10-30T10:00:00+00:00",
        "2026-10-30T11:30:00+00:00",
    ]
    assert transfers[1]["channel"] == "atm_cash_out"
    ids = {i["instrument_id"] for i in landed.rows("instruments")}
    assert f"account:unknown:{_card(PANS[0])}" in ids
    assert "account:Kaspi Bank:516949******0004" in ids
    entry = _last(db)
    assert (entry.action, entry.outcome, entry.object) == ("case.export", "ok", f"case:{case_id}")
    assert json.loads(entry.detail)["sha256"] == done.sha256


def test_goaml_without_transfers_is_a_sar_of_the_freezes(
    db: Session, people: dict[Role, Principal]
) -> None:
    inv = people[Role.INVESTIGATOR]
    case = cases.create_case(db, inv, "cards only")
    freeze.request_freeze(db, inv, case.id, PANS[2], "Halyk", "mule", TOK)
    done = exports.export_goaml(db, inv, case.id, GoamlOptions(rentity_id=7, schema=XSD))
    root = etree.fromstring(done.content)
    assert (root.findtext("report_code"), done.items) == ("SAR", 0)
    assert root.findtext("activity/report_parties/report_party/account/account") == (
        "440043******0015"
    )
    _no_clear_pans(done.content)


def test_goaml_refusals_are_clear_and_audited(
    db: Session, people: dict[Role, Principal], case_id: int, tmp_path: Path
) -> None:
    inv = people[Role.INVESTIGATOR]
    empty = cases.create_case(db, inv, "empty")
    with pytest.raises(InvalidInput, match="nothing to report in goAML"):
        exports.export_goaml(db, inv, empty.id, GoamlOptions(rentity_id=1, schema=XSD))
    assert (_last(db).action, _last(db).outcome) == ("case.export", "invalid")
    with pytest.raises(GoamlSchemaError, match="rentity_id"):
        exports.export_goaml(db, inv, case_id, GoamlOptions(rentity_id=0, schema=XSD))
    assert _last(db).outcome == "invalid"
    with pytest.raises(GoamlSchemaError, match="goAML XSD not found"):
        exports.export_goaml(db, inv, case_id, GoamlOptions(1, schema=tmp_path / "no.xsd"))


def test_ftm_lines_are_valid_entities(
    db: Session, people: dict[Role, Principal], case_id: int, tmp_path: Path
) -> None:
    done = exports.export_ftm(db, people[Role.PROSECUTOR], case_id)
    path = tmp_path / "case.ftm.jsonl"
    path.write_bytes(done.content)
    checks = list(check_jsonl(path))
    assert [c.errors for c in checks if c.errors] == []
    entities = [c.data for c in checks if c.data is not None]
    assert done.items == len(entities)
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for e in entities:
        by_schema.setdefault(str(e["schema"]), []).append(e)
    assert len(by_schema["Payment"]) == 3
    assert {p["properties"]["currency"][0] for p in by_schema["Payment"]} == {"KZT", "USDT"}
    assert len(by_schema["CryptoWallet"]) == 1
    assert len(by_schema["BankAccount"]) == 4  # three cards, one foreign account
    assert len(by_schema["LegalEntity"]) == 4  # the unknown holders
    assert len(by_schema["Ownership"]) == 3
    _no_clear_pans(done.content)
    assert "516949******0004" in done.content.decode()
    back = from_entities(read_jsonl(path))
    payments = sorted((r for r in back.records if isinstance(r, PaymentRecord)), key=lambda r: r.ts)
    assert [(p.amount, p.currency) for p in payments] == [
        (Decimal("150000.00"), "KZT"),
        (Decimal("149500.50"), "KZT"),
        (Decimal("290.000000"), "USDT"),
    ]
    assert payments[0].payer_account_id == _card(PANS[0])


def _inflate(raw: bytes) -> bytes:
    """A stream's bytes without reportlab's filters (ASCII85, then Flate), where it has them."""
    data = raw.strip()
    if data.endswith(b"~>"):
        data = base64.a85decode(data[:-2].replace(b"\n", b"").replace(b"\r", b""))
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's content streams, decoded."""
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL)
    assert streams
    return b"\n".join(_inflate(raw) for raw in streams)


def test_pdf_lists_every_evidence_hash_and_the_chart(
    db: Session, people: dict[Role, Principal], case_id: int
) -> None:
    done = exports.export_pdf(db, people[Role.SUPERVISOR], case_id)
    assert done.content.startswith(b"%PDF")
    text = pdf_text(done.content)
    hashes = db.scalars(select(Evidence.content_hash).where(Evidence.case_id == case_id)).all()
    assert len(hashes) == 2
    for digest in hashes:
        assert digest.encode() in text
    for phrase in (b"Case report", b"Member agencies", b"Timeline", b"Asset ledger totals"):
        assert phrase in text
    assert b"516949******0004" in text  # the frozen card
    assert b"440043******0007 seen in an ad" in text  # the note, its card masked
    assert b"/Subtype /Image" in done.content  # the trace chart
    _no_clear_pans(text)
    assert json.loads(_last(db).detail)["sha256"] == done.sha256


def test_export_needs_to_know_and_a_role_that_exports(
    db: Session, people: dict[Role, Principal], case_id: int
) -> None:
    for role in (Role.FOREIGN_PARTNER, Role.AUDITOR, Role.BANK_LIAISON):
        with pytest.raises(AccessDenied):
            exports.export_ftm(db, people[role], case_id)
        assert (_last(db).username, _last(db).outcome) == (people[role].username, "denied")
    hidden = cases.create_case(db, people[Role.ANALYST], "AFM only")
    with pytest.raises(AccessDenied, match="not shared with agency MVD"):
        exports.export_pdf(db, people[Role.INVESTIGATOR], hidden.id)
    assert _last(db).outcome == "denied"


def test_tampered_evidence_stops_the_export(
    db: Session, people: dict[Role, Principal], case_id: int
) -> None:
    item = db.scalars(select(Evidence).where(Evidence.case_id == case_id)).first()
    assert item is not None
    item.content = b"changed"
    db.commit()
    with pytest.raises(InvalidInput, match=f"evidence {item.id}: content does not match"):
        exports.export_pdf(db, people[Role.INVESTIGATOR], case_id)
    assert _last(db).outcome == "invalid"


def test_a_malformed_trace_is_refused_by_field(db: Session, people: dict[Role, Principal]) -> None:
    inv = people[Role.INVESTIGATOR]
    case = cases.create_case(db, inv, "broken trace")
    edges = [{"row": 1, "src": "a", "dst": "b", "ts": "yesterday", "amount_minor": 1}]
    content = json.dumps({"trace_id": "t", "edges": edges}).encode()
    prov = evidence.Provenance("test", "r", T0)
    item = evidence.add_evidence(db, inv, case.id, evidence.EvidenceKind.TRACE, "t", content, prov)
    with pytest.raises(InvalidInput, match=rf"evidence {item.id} \(trace\): edges\[0\].ts"):
        exports.export_ftm(db, inv, case.id)
