"""Entity pages and the search in the UI: what they show (cards only masked, amounts and
dates in the user's language), who is refused, and that every page view is audited."""

from __future__ import annotations

from tests.api.world import (
    CARDS,
    COMPANY,
    COMPANY_BIN,
    COMPANY_IBAN,
    CORPORATE_MASK,
    CORPORATE_PAN,
    IBAN,
    MASKS,
    PANS,
    PEOPLE,
    WALLET,
)
from tests.web.conftest import Browser


def test_a_person_page_links_her_cards_and_transfers(web: Browser) -> None:
    page = web("demo.analyst").get(f"/entities/party/{PEOPLE[1]}")
    assert page.status_code == 200, page.text
    assert "Петрова Анна" in page.text
    assert f'href="/entities/instrument/{IBAN}"' in page.text
    assert MASKS[1] in page.text
    assert "50\xa0000,00" in page.text  # the tenge amount as Russian writes it
    assert all(pan not in page.text for pan in PANS)


def test_a_card_page_is_masked_and_offers_a_trace(web: Browser) -> None:
    analyst = web("demo.analyst")
    analyst.cookies.set("mt_lang", "en")
    page = analyst.get(f"/entities/instrument/{CARDS[1]}")
    assert page.status_code == 200, page.text
    assert MASKS[1] in page.text
    assert PANS[1] not in page.text
    assert f'href="/entities/party/{PEOPLE[1]}"' in page.text
    assert 'id="trace-from"' in page.text
    assert "1 Mar 2026, 09:00:00 UTC" in page.text
    assert "Sent to (all transfers)" in page.text


def test_a_company_page_in_each_language(web: Browser) -> None:
    analyst = web("demo.analyst")
    words = {"ru": "Вид деятельности", "kk": "Қызмет түрі", "en": "Sector"}
    for lang, sector in words.items():
        analyst.cookies.set("mt_lang", lang)
        page = analyst.get(f"/entities/company/{COMPANY_BIN}")
        assert page.status_code == 200, page.text
        assert sector in page.text
    assert "ТОО «Альфа Трейд»" in page.text
    assert "4 Mar 2019" in page.text  # registered
    assert f'href="/entities/instrument/{COMPANY_IBAN}"' in page.text
    assert f'href="/entities/party/{PEOPLE[0]}"' in page.text  # holds a card on its IBAN
    assert CORPORATE_MASK in page.text
    assert MASKS[0] in page.text  # the card it paid
    assert "KZT100,000.00" in page.text or "₸100,000.00" in page.text
    assert all(pan not in page.text for pan in [*PANS, CORPORATE_PAN])


def test_a_company_is_reached_from_its_account_and_its_bin(web: Browser) -> None:
    investigator = web("demo.investigator")
    account = investigator.get(f"/entities/instrument/{COMPANY_IBAN}")
    link = f'href="/entities/company/{COMPANY.replace(":", "%3A")}"'
    assert link in account.text
    assert investigator.get(f"/entities/party/{COMPANY}").status_code == 200
    found = investigator.post("/search", data={"q": COMPANY_BIN})
    assert link in found.text
    refused = web("demo.liaison").get(f"/entities/company/{COMPANY_BIN}")
    assert refused.status_code == 403
    log = web("demo.auditor").get("/v1/audit", params={"limit": 1000}).json()
    seen = {(e["username"], e["object"], e["outcome"]) for e in log if e["action"] == "entity.read"}
    assert ("demo.investigator", f"company:{COMPANY}", "ok") in seen
    assert ("demo.liaison", f"company:{COMPANY_BIN}", "denied") in seen


def test_a_wallet_page_lists_its_on_chain_transfers(web: Browser) -> None:
    page = web("demo.investigator").get(f"/entities/wallet/{WALLET}")
    assert page.status_code == 200, page.text
    assert "OTC X" in page.text
    assert "USDT" in page.text


def test_entity_pages_refuse_strangers_and_other_roles(web: Browser) -> None:
    stranger = web("demo.analyst")
    stranger.cookies.clear()
    reply = stranger.get(f"/entities/party/{PEOPLE[0]}")
    assert (reply.status_code, reply.headers["location"]) == (303, "/login")
    refused = web("demo.liaison").get(f"/entities/party/{PEOPLE[0]}")
    assert refused.status_code == 403
    assert "AccessDenied" in refused.text or "role" in refused.text
    assert web("demo.analyst").get("/entities/party/000000000000").status_code == 404


def test_entity_page_views_are_audited(web: Browser) -> None:
    web("demo.analyst").get(f"/entities/party/{PEOPLE[0]}")
    web("demo.investigator").get(f"/entities/instrument/{CARDS[0]}")
    web("demo.liaison").get(f"/entities/instrument/{CARDS[0]}")
    log = web("demo.auditor").get("/v1/audit", params={"limit": 1000}).json()
    seen = {(e["username"], e["object"], e["outcome"]) for e in log if e["action"] == "entity.read"}
    assert ("demo.analyst", f"party:{PEOPLE[0]}", "ok") in seen
    assert ("demo.investigator", f"instrument:{CARDS[0]}", "ok") in seen
    assert ("demo.liaison", f"instrument:{CARDS[0]}", "denied") in seen


def test_search_leads_to_the_entity_pages(web: Browser) -> None:
    analyst = web("demo.analyst")
    by_card = analyst.post("/search", data={"q": PANS[0]})
    assert f'href="/entities/instrument/{CARDS[0].replace(":", "%3A")}"' in by_card.text
    assert PANS[0] not in by_card.text
    by_iin = analyst.post("/search", data={"q": PEOPLE[0]})
    assert f'href="/entities/party/{PEOPLE[0]}"' in by_iin.text
    by_wallet = analyst.post("/search", data={"q": WALLET})
    assert f'href="/entities/wallet/{WALLET}"' in by_wallet.text
    by_mask = analyst.post("/search", data={"q": MASKS[2]})
    assert CARDS[2].replace(":", "%3A") in by_mask.text


def test_search_without_an_investigating_role_only_checks(web: Browser) -> None:
    page = web("demo.liaison").post("/search", data={"q": PEOPLE[0]})
    assert page.status_code == 200
    assert 'id="found"' in page.text
    assert "/entities/party/" not in page.text
