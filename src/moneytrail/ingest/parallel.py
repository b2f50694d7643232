"""Converting batches on two threads while keeping their order.

Arrow's kernels let go of the GIL, so two batches converted at once use two cores; the
results come back in input order (rows keep their file order), with at most `workers`
batches converted ahead of the consumer, so that memory stays bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
WORKERS = 2


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int = WORKERS) -> Iterator[R]:
    """`fn` of each item, computed on `workers` threads, yielded in the items' order."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="convert") as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
