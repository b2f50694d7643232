"""Reusable scratch arrays for `kernels.reach.reach_sparse`, one graph's worth each.

A trace touches a few thousand nodes of a graph of millions; allocating and filling arrays of
node length on every call would cost more than the walk. A pool hands each running trace a
workspace of its own (concurrent traces on one graph get different ones, so no trace waits on
another) and takes it back afterwards; the kernel leaves it clean. A workspace is dropped, not
returned, when the call using it raised, since it may then be dirty.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.reach import NEVER

FIRST_MARKED = 1 << 16
"""Initial slots of the buffer of followed positions; it doubles when full."""


@dataclass(slots=True)
class Workspace:
    """Clean per-node arrays (`arrival` NEVER, `hop` -1, `queued` 0), clean bit sets (a bit
    per node, a bit per edge) and scratch."""

    arrival: npt.NDArray[np.int64]
    hop: npt.NDArray[np.int32]
    queued: npt.NDArray[np.uint8]
    front: npt.NDArray[np.int32]
    front_at: npt.NDArray[np.int64]
    nxt: npt.NDArray[np.int32]
    seen: npt.NDArray[np.int32]
    marked: npt.NDArray[np.int64]
    node_bits: npt.NDArray[np.uint64]
    edge_bits: npt.NDArray[np.uint64]

    @classmethod
    def fresh(cls, nodes: int, edges: int) -> Workspace:
        """A clean workspace for a graph of `nodes` nodes and `edges` edges."""
        return cls(
            np.full(nodes, NEVER, np.int64),
            np.full(nodes, -1, np.int32),
            np.zeros(nodes, np.uint8),
            np.empty(nodes, np.int32),
            np.empty(nodes, np.int64),
            np.empty(nodes, np.int32),
            np.empty(nodes, np.int32),
            np.empty(FIRST_MARKED, np.int64),
            np.zeros((nodes + 63) // 64, np.uint64),
            np.zeros((edges + 63) // 64, np.uint64),
        )

    def keep_marked(self, marked: npt.NDArray[np.int64]) -> None:
        """Keep the kernel's grown buffer unless it outgrew the node count (then start over)."""
        big = marked.size > max(FIRST_MARKED, self.arrival.size)
        self.marked = np.empty(FIRST_MARKED, np.int64) if big else marked


class WorkspacePool:
    """Workspaces for a graph of `nodes` nodes and `edges` edges; as many as traces ran at
    once on it."""

    def __init__(self, nodes: int, edges: int) -> None:
        self._nodes, self._edges = nodes, edges
        self._free: list[Workspace] = []
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self) -> Iterator[Workspace]:
        """A clean workspace for this caller alone, returned to the pool if no error left it
        dirty."""
        with self._lock:
            taken = self._free.pop() if self._free else None
        workspace = taken if taken is not None else Workspace.fresh(self._nodes, self._edges)
        yield workspace
        with self._lock:
            self._free.append(workspace)
