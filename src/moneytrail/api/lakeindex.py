"""Row numbers of an Arrow table by the value of key columns, built once, looked up in O(1).

The entity pages answer many small questions ("the transfers of this card") over tables
held in memory; an index per key turns each into a dictionary look-up and an array slice.
List columns (a person's phones, an account's card tokens) index every element.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

I64 = npt.NDArray[np.int64]


def _values(table: pa.Table, column: str) -> tuple[pa.Array, I64]:
    """The column's non-null values as strings, and the row each came from."""
    values = table.column(column).combine_chunks()
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        rows = np.asarray(pc.list_parent_indices(values), dtype=np.int64)
        values = pc.list_flatten(values)
    else:
        rows = np.arange(len(values), dtype=np.int64)
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    keep = np.asarray(values.is_valid(), dtype=bool)
    return values.filter(pa.array(keep)).cast(pa.string()), rows[keep]


@dataclass(frozen=True, slots=True)
class Index:
    """For each key, the rows holding it, in table order."""

    positions: dict[str, int]
    ptr: I64
    rows: I64

    @classmethod
    def build(cls, table: pa.Table, *columns: str) -> Index:
        """An index over one or more columns (a row found under each of its keys once)."""
        parts = [_values(table, c) for c in columns]
        values = pa.concat_arrays([v for v, _ in parts]) if parts else pa.array([], pa.string())
        rows = np.concatenate([r for _, r in parts]) if parts else np.zeros(0, np.int64)
        encoded = pc.dictionary_encode(values)
        codes = np.asarray(encoded.indices, dtype=np.int64)
        keys = encoded.dictionary.to_pylist()
        pairs = np.unique(np.stack([codes, rows]), axis=1) if rows.size else np.zeros((2, 0))
        counts = np.bincount(pairs[0].astype(np.int64), minlength=len(keys))
        ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        positions = {str(k): i for i, k in enumerate(keys)}
        return cls(positions, ptr, pairs[1].astype(np.int64))

    def rows_of(self, key: str) -> I64:
        """The rows holding `key` (ascending), empty when none does."""
        at = self.positions.get(key)
        if at is None:
            return np.zeros(0, np.int64)
        return self.rows[self.ptr[at] : self.ptr[at + 1]]

    def __contains__(self, key: object) -> bool:
        return key in self.positions
