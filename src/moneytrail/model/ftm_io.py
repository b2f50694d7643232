"""FollowTheMoney JSON lines: write, read, and check each line against the FtM model.

The check is stricter than FtM's `Schema.validate`, which passes unknown properties and
missing required ones: a line must be a JSON object of a known, concrete schema with a
valid id, known writable properties, values valid for their type and property (format,
length; numbers must be numbers), and every required property.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy, Schema, model, registry
from followthemoney.exc import InvalidData

from moneytrail.model.ftm_fields import FtmError, valid_value

SHOWN = 60  # characters of a bad value quoted in a message


@dataclass(frozen=True, slots=True)
class LineCheck:
    """One non-blank line: its number, schema (if named), errors, and the entity if valid."""

    line: int
    schema: str | None
    errors: tuple[str, ...]
    data: dict[str, Any] | None


def _check_id(value: object) -> list[str]:
    if value is None or value == "":
        return ["missing id"]
    if not isinstance(value, str) or not registry.entity.validate(value):
        return [f"invalid id {str(value)[:SHOWN]!r}"]
    return []


def _check_prop(schema: Schema, name: str, values: object) -> list[str]:
    prop = schema.get(name)
    if prop is None:
        return [f"unknown property {name!r} of {schema.name}"]
    if prop.stub:
        return [f"property {name!r} is a reverse link and cannot be written"]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [f"{name}: values are not a list of strings"]
    return [
        f"{name}: invalid {prop.type.name} {value[:SHOWN]!r}"
        for value in values
        if not valid_value(prop, value)
    ]


def _ftm_validate(schema: Schema, properties: dict[str, list[str]]) -> list[str]:
    try:
        schema.validate({"properties": properties})
    except InvalidData as exc:
        return [f"{exc}: {exc.errors}"]
    return []


def check_entity(data: object) -> list[str]:
    """Why `data` (a parsed JSON line) is not a valid FtM entity; empty if it is."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    name = data.get("schema")
    schema = model.get(name) if isinstance(name, str) else None
    if schema is None:
        return [f"unknown schema {str(name)[:SHOWN]!r}"]
    errors = [f"schema {schema.name} is abstract"] if schema.abstract else []
    errors += _check_id(data.get("id"))
    props = data.get("properties", {})
    if not isinstance(props, dict):
        return [*errors, "properties is not an object"]
    for prop, values in props.items():
        errors += _check_prop(schema, prop, values)
    missing = sorted(required for required in schema.required if not props.get(required))
    errors += [f"missing required property {required!r}" for required in missing]
    return errors or _ftm_validate(schema, props)


def _check_line(number: int, raw: bytes) -> LineCheck:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return LineCheck(number, None, (f"not UTF-8: byte {exc.start + 1}",), None)
    except json.JSONDecodeError as exc:
        return LineCheck(number, None, (f"invalid JSON: {exc.msg} (column {exc.colno})",), None)
    errors = tuple(check_entity(data))
    schema = data.get("schema") if isinstance(data, dict) else None
    name = schema if isinstance(schema, str) else None
    return LineCheck(number, name, errors, None if errors else data)


def check_jsonl(path: Path) -> Iterator[LineCheck]:
    """Check every non-blank line of an FtM JSON lines file, in order."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _check_line(number, raw)


def read_jsonl(path: Path) -> Iterator[EntityProxy]:
    """The entities of an FtM JSON lines file; FtmError at the first invalid line."""
    for check in check_jsonl(path):
        if check.data is None:
            raise FtmError(f"{path}:{check.line}: {'; '.join(check.errors)}")
        yield EntityProxy.from_dict(check.data)


def write_jsonl(entities: Iterable[EntityProxy], path: Path) -> int:
    """Write one entity per line (UTF-8, keys sorted); returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for entity in entities:
            handle.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count
