"""Every feature's name and the plain words that explain it to an analyst.

The explanation of a decision is generated from these sentences, so a feature without one
cannot exist: the pipeline's column list is derived from this table.
"""

from __future__ import annotations

from functools import cache

from moneytrail.features.windows import WINDOWS

_SPAN = {
    "1h": "the last hour",
    "24h": "the last 24 hours",
    "7d": "the last 7 days",
    "30d": "the last 30 days",
}

_PER_WINDOW = {
    "n_in": "incoming transfers in {span}",
    "n_out": "outgoing transfers in {span}",
    "sum_in": "amount received in {span}",
    "sum_out": "amount sent in {span}",
    "senders": "distinct senders in {span}",
    "receivers": "distinct receivers in {span}",
    "pass_through": "share of received money sent on in {span}",
    "round_share": "share of round amounts in {span}",
    "night_share": "share of transfers at night (00-06 UTC) in {span}",
    "atm_share": "share of outgoing money withdrawn at ATMs in {span}",
    "crypto_share": "share of transfers with exchangers or crypto wallets in {span}",
    "amount_mean": "average transfer amount in {span}",
    "amount_std": "spread (standard deviation) of transfer amounts in {span}",
}

_OTHER = {
    "age_s": "seconds since the account was first seen",
    "gap_s": "seconds of silence before this transfer (dormancy)",
    "dwell_s": "seconds between the last money received and this outgoing transfer",
    "fast_out_7d": "share of its outgoing transfers in the last 7 days sent on within 2 hours "
    "of money received",
    "fast_out_30d": "share of its outgoing transfers in the last 30 days sent on within 2 hours "
    "of money received",
    "pair_n": "earlier transfers with the same counterparty in the same direction",
    "pair_gap_s": "seconds since the last transfer with the same counterparty",
    "amount_ratio": "this transfer's amount against the account's 30-day average",
    "spike_24h": "activity in the last 24 hours against its 30-day daily average",
    "gather_scatter_7d": "many senders and many receivers at once in the last 7 days",
    "cycles_30d": "money cycles (A→B→A or A→B→C→A) within a week, in the last 30 days",
    "scatter_gather_30d": "most intermediaries between one sender and one receiver, last 30 days",
    "known_self": "the account is already a known shop requisite",
    "known_cp": "the counterparty is a known shop requisite",
    "known_cp2": "the counterparty dealt with a known shop requisite (two hops)",
    "known_any": "a known shop requisite within two hops",
    "known_cp_30d": "transfers with known shop requisites in the last 30 days",
    "known_payers_7d": "share of its payers in the last 7 days who had already dealt with a "
    "known shop requisite",
    "shared_phone": "other accounts sharing its phone number",
    "shared_device": "other accounts sharing its device",
    "shared_iin": "other accounts of the same holder (IIN)",
}

ACCOUNT_SENTENCES: dict[str, str] = {
    **{
        f"{name}_{w}": text.format(span=_SPAN[w])
        for name, text in _PER_WINDOW.items()
        for w in WINDOWS
    },
    **_OTHER,
}
ACCOUNT_FEATURES: tuple[str, ...] = tuple(ACCOUNT_SENTENCES)

TRANSFER_SENTENCES: dict[str, str] = {
    "amount": "amount of this transfer (minor units)",
    "is_round": "this transfer is a round amount",
    "hour": "hour of day of this transfer (UTC)",
}
TRANSFER_FEATURES: tuple[str, ...] = tuple(TRANSFER_SENTENCES)

SIDES = {"src": "sender's account", "dst": "receiver's account"}


@cache
def sentence(feature: str) -> str:
    """The plain-words meaning of a model input column such as `dst_senders_24h`."""
    if feature in TRANSFER_SENTENCES:
        return TRANSFER_SENTENCES[feature]
    side, _, name = feature.partition("_")
    return f"{SIDES[side]}: {ACCOUNT_SENTENCES[name]}"
