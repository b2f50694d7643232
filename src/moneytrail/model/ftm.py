"""The FollowTheMoney mapping of moneytrail's records, in one import.

`ftm_fields` declares which FtM property holds each record field (and the lossless notes),
`ftm_export` and `ftm_import` convert, `ftm_io` writes, reads and checks JSON lines.
"""

from __future__ import annotations

from moneytrail.model.ftm_export import (
    export_records,
    to_entities,
    to_entity,
    transfer_entity,
    transfer_payment,
)
from moneytrail.model.ftm_fields import MAPPINGS, FtmError, entity_id
from moneytrail.model.ftm_import import Imported, from_entities, from_entity
from moneytrail.model.ftm_io import LineCheck, check_entity, check_jsonl, read_jsonl, write_jsonl

__all__ = [
    "MAPPINGS",
    "FtmError",
    "Imported",
    "LineCheck",
    "check_entity",
    "check_jsonl",
    "entity_id",
    "export_records",
    "from_entities",
    "from_entity",
    "read_jsonl",
    "to_entities",
    "to_entity",
    "transfer_entity",
    "transfer_payment",
    "write_jsonl",
]
