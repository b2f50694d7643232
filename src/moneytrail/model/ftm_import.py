"""FollowTheMoney entities back to records: notes first, then FtM's own properties.

Entities moneytrail wrote come back exactly. Entities from elsewhere come back as well as
FtM allows: their id stands for the record id, and a field takes the first value of its
property.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from followthemoney import EntityProxy

from moneytrail.model.ftm_fields import BY_SCHEMA, NOTE_PREFIX, NOTE_PROP, Field, FtmError
from moneytrail.model.records import Record, RecordError

NOTE = re.compile(re.escape(NOTE_PREFIX) + r"([a-z_]+)=(.*)", re.DOTALL)


def _where(entity: EntityProxy) -> str:
    return f"{entity.schema.name} {entity.id}"


def _notes(entity: EntityProxy) -> dict[str, Any]:
    notes: dict[str, Any] = {}
    for text in entity.get(NOTE_PROP):
        if match := NOTE.fullmatch(text):
            try:
                notes[match[1]] = json.loads(match[2])
            except json.JSONDecodeError as exc:
                raise FtmError(f"{_where(entity)}: note {match[1]} is not JSON") from exc
    return notes


def _from_note(field: Field, data: Any) -> Any:
    if field.many:
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            raise TypeError("the note is not a list of strings")
        return tuple(field.codec.parse(item) for item in data)
    if not isinstance(data, str):
        raise TypeError("the note is not a string")
    return field.codec.parse(data)


def _from_prop(entity: EntityProxy, field: Field) -> Any:
    if field.prop is None:
        return None
    values = entity.get(field.prop)
    if field.many:
        return tuple(field.codec.decode(value) for value in values)
    return field.codec.decode(values[0]) if values else None


def _value(entity: EntityProxy, field: Field, notes: dict[str, Any]) -> Any:
    try:
        if field.name in notes:
            return _from_note(field, notes[field.name])
        return _from_prop(entity, field)
    except (ValueError, ArithmeticError, TypeError) as exc:
        raise FtmError(f"{_where(entity)}: {field.name}: {exc}") from exc


def from_entity(entity: EntityProxy) -> Record:
    """The record an entity holds; FtmError if its schema holds none or a value is wrong."""
    mapping = BY_SCHEMA.get(entity.schema.name)
    if mapping is None:
        raise FtmError(f"{_where(entity)}: no moneytrail record is a {entity.schema.name}")
    notes = _notes(entity)
    if unknown := set(notes) - {f.name for f in mapping.fields}:
        raise FtmError(f"{_where(entity)}: unknown notes {sorted(unknown)}")
    values = {f.name: _value(entity, f, notes) for f in mapping.fields}
    kwargs = {name: value for name, value in values.items() if value is not None and value != ()}
    kwargs.setdefault("id", entity.id)
    try:
        return mapping.record(**kwargs)
    except (TypeError, RecordError) as exc:
        raise FtmError(f"{_where(entity)}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Imported:
    """Records read from entities, and per schema the entities no record holds.

    The Ownership written beside a bank account is skipped: its holder is on the account.
    """

    records: list[Record] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def from_entities(entities: Iterable[EntityProxy]) -> Imported:
    """The records of all entities whose schema holds one; the others counted."""
    imported = Imported()
    for entity in entities:
        if entity.schema.name in BY_SCHEMA:
            imported.records.append(from_entity(entity))
        else:
            imported.skipped[entity.schema.name] += 1
    return imported
