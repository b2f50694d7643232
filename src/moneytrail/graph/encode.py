"""Dictionary encoding of string columns, in parallel: codes as numpy, values as Arrow."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc


def encode(column: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, npt.NDArray[np.int32]]:
    """Distinct values and the int32 code of every row; null is encoded as the value ""."""
    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    if column.null_count == len(column):
        return pa.array([""], pa.string()), np.zeros(len(column), np.int32)
    if pa.types.is_dictionary(column.type) and column.null_count == 0:
        return _unified(column.chunks)
    if column.null_count:
        column = pc.fill_null(column.cast(pa.string()), "")
    workers = os.cpu_count() or 1
    step = max(1, -(-len(column) // workers))
    parts = [column.slice(i, step) for i in range(0, len(column), step)]
    with ThreadPoolExecutor(workers) as pool:
        encoded = list(pool.map(lambda p: pc.dictionary_encode(p), parts))
    return _unified([c for part in encoded for c in part.chunks])


def _unified(chunks: list[pa.Array]) -> tuple[pa.Array, npt.NDArray[np.int32]]:
    """One dictionary for all chunks, and every row's code in it."""
    if not chunks:
        return pa.array([], pa.string()), np.zeros(0, np.int32)
    unified = pa.chunked_array(chunks).unify_dictionaries()
    codes = [np.asarray(c.indices, dtype=np.int32) for c in unified.chunks]
    return unified.chunk(0).dictionary, np.concatenate(codes)


def labels(values: pa.Array) -> tuple[str | None, ...]:
    """The values of a small vocabulary as Python strings; "" (null) as None."""
    return tuple(str(v) if v else None for v in values.to_pylist())
