"""FtM JSON lines: each line checked against the FtM model, malformed ones by number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moneytrail.model.ftm import (
    FtmError,
    check_entity,
    check_jsonl,
    export_records,
    read_jsonl,
    to_entity,
    write_jsonl,
)
from tests.model.test_ftm import EXAMPLES, PERSON


def _data(schema: str, entity: str | None = "a", /, **props: Any) -> dict[str, Any]:
    return {"id": entity, "schema": schema, "properties": props}


NAMED = {"name": ["A"]}
PAID = {"payer": ["b"], "beneficiary": ["c"]}
BAD_ENTITIES = [
    ([], "not a JSON object"),
    (_data("Spaceship"), "unknown schema"),
    (_data("Thing"), "abstract"),
    (_data("Person", None, **NAMED), "missing id"),
    (_data("Person", "a b", **NAMED), "invalid id"),
    (_data("Person", **NAMED, colour=["red"]), "unknown property 'colour'"),
    (_data("Person", **NAMED, paymentPayer=["b"]), "reverse link"),
    (_data("Person", name="A"), "not a list of strings"),
    (_data("Person", **NAMED, birthDate=["May"]), "invalid date"),
    (_data("Person", **NAMED, nationality=["xx"]), "invalid country"),
    (_data("Person", **NAMED, phone=["+7" * 20]), "invalid phone"),
    (_data("BankAccount", iban=["KZ00125KZT5004100100"]), "invalid identifier"),
    (_data("Payment", **PAID, amount=["many"]), "invalid number"),
    (_data("Payment", payer=["b"]), "missing required property 'beneficiary'"),
    (_data("Person"), "missing required property 'name'"),
]


@pytest.mark.parametrize(("data", "reason"), BAD_ENTITIES)
def test_an_invalid_entity_is_named_with_its_reason(data: Any, reason: str) -> None:
    errors = check_entity(data)
    assert any(reason in error for error in errors), errors


def test_a_malformed_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(to_entity(PERSON).to_dict(), ensure_ascii=False)
    path.write_bytes(f'{good}\n{{"id": \n\n{good}\n'.encode() + b"\xff\n")
    checks = list(check_jsonl(path))
    assert [(c.line, bool(c.errors)) for c in checks] == [
        (1, False),
        (2, True),
        (4, False),
        (5, True),
    ]
    assert "invalid JSON" in checks[1].errors[0]
    assert "not UTF-8" in checks[3].errors[0]
    with pytest.raises(FtmError, match=r"mixed.jsonl:2: invalid JSON"):
        list(read_jsonl(path))


def test_json_lines_are_utf8_one_sorted_entity_per_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert write_jsonl(export_records(EXAMPLES), path) == 6
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    assert "Әсел" in lines[0]
    assert all(
        line == json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True) for line in lines
    )
