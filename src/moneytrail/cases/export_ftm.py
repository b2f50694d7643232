"""A case as FollowTheMoney entities: an account (cards masked), wallet or other instrument
for every end of a traced transfer and every freeze target, its holder as a LegalEntity
known only as "holder of ...", a Payment per traced transfer, and the accounts of the
case's foreign requests. Built on the record mappings of `moneytrail.model.ftm_*`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from decimal import Decimal

from followthemoney import EntityProxy, model

from moneytrail.cases.dossier import Dossier, Flow, FreezeTarget, Node
from moneytrail.model.ftm import entity_id, to_entities, to_entity
from moneytrail.model.ftm_fields import PARTY, FtmError
from moneytrail.model.records import BankAccountRecord, CryptoWalletRecord, PaymentRecord
from moneytrail.model.transfers import MINOR_UNITS, InstrumentKind

CHAINS = frozenset({"tron", "bitcoin", "ethereum"})
"""Prefixes of wallet instrument ids (`tron:T...`)."""


def holder_id(instrument: str) -> str:
    """The id of the unknown holder of an instrument."""
    return f"holder:{instrument}"


def _holder(instrument: str, shown: str) -> EntityProxy:
    entity = model.make_entity("LegalEntity")
    entity.id = entity_id(PARTY, holder_id(instrument))
    entity.add("name", f"holder of {shown}", cleaned=True)
    return entity


def _kind(node: Node | None, frozen: FreezeTarget | None, instrument: str) -> str:
    if frozen is not None:
        return frozen.kind
    if node is not None and node.kind:
        return node.kind
    return instrument.split(":", 1)[0]


def _instrument(
    instrument: str, node: Node | None, frozen: FreezeTarget | None, source: str
) -> tuple[list[EntityProxy], str]:
    """The instrument's entities (with its holder's Ownership) and how it is shown."""
    kind, holder = _kind(node, frozen, instrument), holder_id(instrument)
    country = node.country if node is not None else None
    chain, _, address = instrument.partition(":")
    if address and (kind == InstrumentKind.WALLET or chain in CHAINS):
        wallet = CryptoWalletRecord(
            id=instrument, address=address, chain=chain, holder_id=holder, source=source
        )
        return [to_entity(wallet)], f"wallet {address}"
    masked = (frozen.masked,) if frozen is not None and frozen.kind == "card" else ()
    known = InstrumentKind(kind) if kind in set(InstrumentKind) else InstrumentKind.EXTERNAL
    account = BankAccountRecord(
        id=instrument,
        kind=known,
        bank_name=frozen.bank if frozen is not None else None,
        country=country,
        holder_id=holder,
        card_tokens=(instrument,) if known == InstrumentKind.CARD else (),
        masked_cards=masked,
        source=source,
    )
    shown = masked[0] if masked else instrument
    return to_entities(account), f"{known.value} {shown}"


def _payment(flow: Flow, source: str, sha256: str) -> EntityProxy:
    if flow.currency not in MINOR_UNITS:
        raise FtmError(f"evidence {flow.evidence}: unknown currency {flow.currency!r}")
    return to_entity(
        PaymentRecord(
            id=f"{flow.trace_id}:{flow.row}",
            payer_id=holder_id(flow.src),
            beneficiary_id=holder_id(flow.dst),
            amount=Decimal(flow.amount_minor).scaleb(-MINOR_UNITS[flow.currency]),
            currency=flow.currency,
            ts=flow.ts.replace(tzinfo=UTC),
            payer_account_id=flow.src,
            beneficiary_account_id=flow.dst,
            channel=flow.channel,
            transfer_id=f"{flow.trace_id}:{flow.row}",
            source=source,
            file=f"evidence {flow.evidence} sha256:{sha256}",
            row=flow.row,
        )
    )


def entities(
    dossier: Dossier, foreign_accounts: Iterable[tuple[int, str, str, str]]
) -> Iterator[EntityProxy]:
    """The case's entities; `foreign_accounts` yields (request, account, bank BIC, country)."""
    source = f"moneytrail case {dossier.id}"
    nodes = {n.instrument: n for n in dossier.nodes}
    freezes = {f.token: f for f in dossier.freezes}
    ends = [i for f in dossier.flows for i in (f.src, f.dst)]
    for instrument in dict.fromkeys([*ends, *freezes]):
        found, shown = _instrument(
            instrument, nodes.get(instrument), freezes.get(instrument), source
        )
        yield _holder(instrument, shown)
        yield from found
    hashes = {e.id: e.sha256 for e in dossier.evidence}
    for flow in dossier.flows:
        yield _payment(flow, source, hashes[flow.evidence])
    for request, account, bic, country in foreign_accounts:
        yield to_entity(
            BankAccountRecord(
                id=f"foreign:{request}:{account}",
                account_number=account,
                bic=bic,
                country=country,
                source=f"{source}, foreign request {request}",
            )
        )
