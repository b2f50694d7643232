"""A share of the accounts and the work on them: cycle events and legs, in arrival order.

One `Shard` holds every account in a single process; with `--workers N` each worker process
holds the accounts whose stable hash falls to it (`shard_of`). Everything an account's
features need is its own legs, its cycle events, the known requisites and, per transfer,
whether the other end is one hop from a known requisite (`known_cp2`, from the router's
`realtime.hops`), so shards never talk to each other. The windows of all
the shard's accounts live in one `WindowStore`, updated for a whole batch in one call.
"""

from __future__ import annotations

import copy
import zlib
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from moneytrail.features.windows import FAST_S
from moneytrail.realtime.account import ONLINE_ACCOUNT, RUNNING, AccountState, Known
from moneytrail.realtime.tx import Leg
from moneytrail.realtime.windowstore import (
    IS_FAST,
    KNOWN_CP,
    KNOWN_PAYER,
    LENGTHS,
    N_VALUES,
    N_WINDOWS,
    OUT_WIDTH,
    WindowStore,
    step,
)


class Cycles(NamedTuple):
    """Cycle events that completed at `t` for `account`."""

    account: str
    t: int
    n: int


class Legs(NamedTuple):
    """The legs of transfer number `pos` (in its batch) that touch `account`; `cp2`: the
    counterparty is one hop from a known requisite."""

    pos: int
    account: str
    legs: list[Leg]
    cp2: int


class Result(NamedTuple):
    """A shard's legs of a batch, in order: the transfer's position, the end (0 sender,
    1 receiver) and the account's features in `ONLINE_ACCOUNT` order."""

    pos: NDArray[np.int64]
    side: NDArray[np.int64]
    features: NDArray[np.float64]


Op = Cycles | Legs


def shard_of(account: str, shards: int) -> int:
    """The shard of an account: stable across processes and restarts (CRC-32)."""
    return zlib.crc32(account.encode()) % shards if shards > 1 else 0


class Shard:
    """Accounts and the known requisites; applies operations in order."""

    def __init__(self, known: Known, accounts: dict[str, AccountState] | None = None) -> None:
        self.known = known
        self.store = WindowStore()
        self.accounts: dict[str, AccountState] = accounts if accounts is not None else {}
        for state in self.accounts.values():
            state.slot = self.store.slot()
            if state.legs is not None:
                self.store.load(state.slot, state.legs)
                state.legs = None
        self.run([])  # compile (or load) the kernel now, not on a request

    def run(self, ops: list[Op]) -> Result:
        """Apply operations in order; the features of every leg."""
        accounts, known, store = self.accounts, self.known, self.store
        slots: list[int] = []
        times: list[int] = []
        counts: list[int] = []
        per_op: list[tuple[float, float]] = []  # cycles, known_self
        pos: list[int] = []
        side: list[int] = []
        running: list[list[float]] = []
        cps: list[int] = []
        amounts: list[int] = []
        bits: list[int] = []
        ids = store.ids
        for op in ops:
            state = accounts.get(op.account)
            if state is None:
                state = accounts[op.account] = AccountState()
                state.slot = store.slot()
            if isinstance(op, Cycles):
                state.add_cycles(op.t, op.n)
                continue
            b = state.begin(op.legs, op.account, known)
            slots.append(state.slot)
            times.append(op.legs[0].t)
            counts.append(len(op.legs))
            per_op.append((b.n_cycles, b.known_self))
            payer = KNOWN_PAYER * op.cp2
            running += b.running
            for leg, flag, run in zip(op.legs, b.flags, b.running, strict=True):
                pos.append(op.pos)
                side.append(leg.incoming)
                # `store.cp_id` inlined for known counterparties: a call per leg costs ~6%
                cp = -1 if leg.cp is None else ids.get(leg.cp)
                cps.append(store.cp_id(leg.cp) if cp is None else cp)
                amounts.append(leg.amount)
                fast = not leg.incoming and 0 < run[_DWELL] <= FAST_S  # NaN: not fast
                bits.append(leg.flags | KNOWN_CP * flag | IS_FAST * fast | payer * leg.incoming)
        if not slots:
            none = np.zeros(0, dtype=np.int64)
            step(store.state(), (none, none, none, none), (none, none, none), LENGTHS, _NO_OUT)
            return _EMPTY
        count = np.array(counts, dtype=np.int64)
        at = np.array(slots, dtype=np.int64)
        store.reserve_all(at, count)
        first = np.zeros(len(count), dtype=np.int64)
        np.cumsum(count[:-1], out=first[1:])
        out = np.empty((len(count), OUT_WIDTH))
        legs = tuple(np.array(x, dtype=np.int64) for x in (cps, amounts, bits))
        step(store.state(), (at, np.array(times), first, count), legs, LENGTHS, out)
        of_op = np.repeat(np.arange(len(count)), count)
        feats = np.empty((len(of_op), len(ONLINE_ACCOUNT)))
        win = out[of_op]
        feats[:, :_FLAT] = win[:, :_FLAT]
        feats[:, _FLAT : _FLAT + 6] = running
        feats[:, _FLAT + 5] = legs[1] / (win[:, _FLAT + 2] + 1.0)  # amount_ratio
        feats[:, _FLAT + 6 : _FLAT + 8] = win[:, _FLAT : _FLAT + 2]  # spike, gather-scatter
        feats[:, _FLAT + 8 : _FLAT + 10] = np.array(per_op)[of_op]  # cycles, known_self
        feats[:, _FLAT + 10] = (legs[2] & KNOWN_CP) != 0  # known_cp
        feats[:, _FLAT + 11] = win[:, _FLAT + 3]  # known_cp_30d
        feats[:, _FLAT + 12 : _FLAT + 15] = win[:, _FLAT + 4 : _FLAT + 7]  # fast_out, payers
        return Result(np.array(pos), np.array(side), feats)

    def export(self) -> dict[str, AccountState]:
        """Copies of the accounts with their window legs, for a snapshot."""
        out = {}
        for account, state in self.accounts.items():
            saved = copy.copy(state)
            saved.legs = self.store.export(state.slot)
            saved.slot = -1
            out[account] = saved
        return out


_NO_OUT = np.zeros((0, OUT_WIDTH))
_FLAT = N_VALUES * N_WINDOWS
_DWELL = RUNNING.index("dwell_s")
_EMPTY = Result(
    np.zeros(0, dtype=np.int64),
    np.zeros(0, dtype=np.int64),
    np.zeros((0, len(ONLINE_ACCOUNT))),
)
