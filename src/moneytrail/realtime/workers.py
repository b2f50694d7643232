"""Shards in worker processes: `--workers N` splits the accounts by `shard_of` across N.

The router (the HTTP or stream process) keeps the cycle index, which needs edges of every
account, and sends each worker, in order, the cycle events and legs of its accounts; each
worker answers with its legs' features. Both legs of a transfer are computed in parallel
by their accounts' workers; the router joins them (`known_cp2` needs the other end).
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
from multiprocessing.connection import Connection
from typing import Any

from moneytrail.realtime.account import AccountState, Known
from moneytrail.realtime.shard import Op, Result, Shard, shard_of


def _serve(conn: Connection, known: Known, accounts: dict[str, AccountState]) -> None:
    shard = Shard(known, accounts)
    while True:
        kind, payload = conn.recv()
        if kind == "run":
            conn.send(shard.run(payload))
        elif kind == "dump":
            conn.send(pickle.dumps(shard.export(), protocol=pickle.HIGHEST_PROTOCOL))
        else:
            conn.close()
            return


class WorkerShards:
    """N worker processes, each owning the accounts that hash to it."""

    def __init__(self, n: int, known: Known, accounts: dict[str, AccountState] | None = None):
        self.shards = n
        parts: list[dict[str, AccountState]] = [{} for _ in range(n)]
        for account, state in (accounts or {}).items():
            parts[shard_of(account, n)][account] = state
        ctx = mp.get_context("spawn")
        self._conns: list[Connection] = []
        self._procs: list[Any] = []
        for part in parts:
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(theirs, known, part), daemon=True)
            proc.start()
            self._conns.append(mine)
            self._procs.append(proc)

    def run(self, ops: list[list[Op]]) -> list[Result]:
        """Send every worker its operations, then gather the results."""
        busy = [i for i, mine in enumerate(ops) if mine]
        for i in busy:
            self._conns[i].send(("run", ops[i]))
        return [self._conns[i].recv() for i in busy]

    def accounts(self) -> dict[str, AccountState]:
        """Every worker's accounts, merged (for a snapshot)."""
        merged: dict[str, AccountState] = {}
        for conn in self._conns:
            conn.send(("dump", None))
            merged.update(pickle.loads(conn.recv()))
        return merged

    def close(self) -> None:
        """Stop the workers."""
        for conn, proc in zip(self._conns, self._procs, strict=True):
            conn.send(("stop", None))
            proc.join(timeout=10)
