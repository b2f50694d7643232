"""Shop and channel pages: the ads kept as evidence (kind `ad`, the JSON of
`moneytrail osint scan`) in the cases the user may see, grouped by the channel or site that
published them, with the requisites and handles they carry. A shop is named as
`moneytrail.osint.link.leads` names it: its channel, else the item's id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.mentions import EvidenceIndex, visible
from moneytrail.cases.access import Principal
from moneytrail.osint.found import HANDLE_KINDS

Ad = tuple[int, int, dict[str, Any]]
"""(case id, evidence id, the ad's JSON)."""


def shop_of(ad: dict[str, Any]) -> str:
    """The shop an ad belongs to: its channel, else its item id."""
    return str(ad.get("channel") or ad.get("id") or "")


def handles(ad: dict[str, Any]) -> set[str]:
    """The Telegram usernames an ad names, lower case, without `@` or `t.me/`."""
    found = (f for f in ad.get("found") or () if f.get("kind") in HANDLE_KINDS)
    return {str(f.get("value") or "").removeprefix("t.me/").lower() for f in found} - {""}


def visible_ads(db: Session, who: Principal, index: EvidenceIndex) -> Iterator[Ad]:
    """The ads kept as evidence in the cases the user's agency may see."""
    index.refresh(db)
    ads = index.all_ads()
    cases = {c.id for c in visible(db, who, {case for case, _, _ in ads})}
    return (ad for ad in ads if ad[0] in cases)


def shops_naming(db: Session, who: Principal, index: EvidenceIndex, handle: str) -> list[str]:
    """The shops whose name is the handle or whose ads name it."""
    wanted = handle.lower().removeprefix("@").removeprefix("t.me/")
    found = {
        shop_of(ad)
        for _, _, ad in visible_ads(db, who, index)
        if shop_of(ad).lower() == wanted or wanted in handles(ad)
    }
    return sorted(found)


def _requisites(ads: list[Ad]) -> list[dict[str, Any]]:
    """Each requisite once (cards only masked, with their token), with the ads naming it."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for _, _, ad in ads:
        for f in ad.get("found") or ():
            key = (str(f.get("kind")), str(f.get("token") or f.get("value") or f.get("masked")))
            item = seen.setdefault(
                key,
                {
                    "kind": f.get("kind"),
                    "masked": f.get("masked"),
                    "value": f.get("value"),
                    "token": f.get("token"),
                    "ads": [],
                },
            )
            item["ads"].append(ad.get("id"))
    return list(seen.values())


def shop(db: Session, who: Principal, index: EvidenceIndex, name: str) -> dict[str, Any] | None:
    """A shop's ads and requisites from visible evidence, or None when none shows it."""
    ads = [a for a in visible_ads(db, who, index) if shop_of(a[2]) == name]
    if not ads:
        return None
    return {
        "kind": "shop",
        "id": name,
        "ads": [
            {
                "id": ad.get("id"),
                "source": ad.get("source"),
                "date": ad.get("date"),
                "score": ad.get("score"),
                "case": case,
                "evidence": evidence,
                "reasons": [r.get("why") for r in ad.get("reasons") or ()][:4],
            }
            for case, evidence, ad in ads
        ],
        "requisites": _requisites(ads),
        "handles": sorted(set().union(*(handles(a[2]) for a in ads))),
    }
