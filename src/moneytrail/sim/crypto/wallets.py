"""Who holds each crypto address: the ground truth, and what an agency could learn.

Exchanges' hot wallets are publicly attributed; addresses a domestic exchange issued to
its verified customers are known to it (and so to an agency that asks) with the holder's
IIN; everything else is anonymous on the chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from moneytrail.model.ids.bitcoin import encode_p2pkh, encode_segwit
from moneytrail.model.ids.tron import encode_tron


@dataclass(frozen=True, slots=True)
class Holder:
    """The owner of an address, as ground truth."""

    chain: str  # "tron" | "bitcoin"
    owner_kind: str  # "exchange" | "person" | "foreign"
    owner: str  # exchange name, person id, or a foreign party's label
    role: str  # "hot_wallet", "deposit", "exchanger", "organizer", "buyer", "user", ...
    shop: int = -1
    public_label: str | None = None  # what anyone can read (exchange attributions)
    kyc_iin: str | None = None  # what a domestic exchange knows of its customer


@dataclass(frozen=True, slots=True)
class BtcAddress:
    """A Bitcoin address and its output script."""

    address: str
    script_type: str  # Bitcoin Core's scriptPubKey.type
    script_hex: str


@dataclass(slots=True)
class Registry:
    """Every address the world has made, with its holder, in creation order."""

    rng: np.random.Generator
    holders: dict[str, Holder] = field(default_factory=dict)
    btc: dict[str, BtcAddress] = field(default_factory=dict)

    def tron(self, holder: Holder) -> str:
        """A new TRON address for `holder`."""
        address = encode_tron(self.rng.bytes(20))
        self.holders[address] = holder
        return address

    def bitcoin(self, holder: Holder) -> str:
        """A new Bitcoin address for `holder`: mostly native SegWit, some legacy and Taproot."""
        draw = self.rng.random()
        if draw < 0.65:
            program = self.rng.bytes(20)
            spec = BtcAddress(
                encode_segwit("bc", 0, program), "witness_v0_keyhash", "0014" + program.hex()
            )
        elif draw < 0.85:
            program = self.rng.bytes(20)
            spec = BtcAddress(encode_p2pkh(program), "pubkeyhash", f"76a914{program.hex()}88ac")
        else:
            program = self.rng.bytes(32)
            spec = BtcAddress(
                encode_segwit("bc", 1, program), "witness_v1_taproot", "5120" + program.hex()
            )
        self.holders[spec.address] = holder
        self.btc[spec.address] = spec
        return spec.address
