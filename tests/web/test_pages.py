"""The web pages through HTTP: login, refusals, need-to-know, freeze buttons by role,
the audit of page views, and the three languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from moneytrail.web.i18n import CATALOGUES, LANGUAGES
from tests.api.world import PANS, code, populate
from tests.web.conftest import Browser

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "moneytrail" / "web" / "templates"


def _case(client: TestClient, title: str = "Shop Y") -> int:
    reply = client.post("/cases", data={"title": title})
    assert reply.status_code == 303, reply.text
    return int(reply.headers["location"].rsplit("/", 1)[1])


def test_pages_send_the_unauthenticated_to_login(web: Browser) -> None:
    client = TestClient(web("demo.analyst").app, follow_redirects=False)
    for path in ("/", "/cases", "/trace", "/search", "/cases/1", "/evidence/1"):
        reply = client.get(path)
        assert (reply.status_code, reply.headers["location"]) == (303, "/login"), path


def test_a_wrong_code_shows_the_login_again(web: Browser) -> None:
    client = TestClient(web("demo.analyst").app)
    body = {"username": "demo.analyst", "password": "demo.analyst-demo", "code": "000000"}
    reply = client.post("/login", data=body)
    assert reply.status_code == 401
    assert 'role="alert"' in reply.text
    assert code() not in reply.text


def test_another_agency_cannot_open_a_case(web: Browser) -> None:
    mvd, afm = web("demo.investigator"), web("demo.analyst")
    case = _case(mvd)
    refused = afm.get(f"/cases/{case}")
    assert refused.status_code == 403
    assert 'data-type="AccessDenied"' in refused.text
    assert "Shop Y" not in refused.text
    mvd.post(f"/cases/{case}/share", data={"agency": "AFM"})
    assert "Shop Y" in afm.get(f"/cases/{case}").text


def test_freeze_buttons_follow_the_role(web: Browser) -> None:
    mvd, gpo = web("demo.investigator"), web("demo.prosecutor")
    case = _case(mvd)
    mvd.post(f"/cases/{case}/freezes", data={"target": PANS[0], "bank": "Kaspi", "reason": "x"})
    mvd.post(f"/cases/{case}/share", data={"agency": "GPO"})
    page = mvd.get(f"/cases/{case}").text
    assert PANS[0] not in page
    assert PANS[0][:6] + "******" + PANS[0][-4:] in page
    assert 'value="sanction"' not in page
    page = gpo.get(f"/cases/{case}").text
    assert 'value="sanction"' in page
    assert 'value="refuse"' in page
    reply = gpo.post(
        f"/cases/{case}/freezes/1", data={"event": "sanction", "version": "1", "reason": "ok"}
    )
    assert reply.status_code == 303
    assert 'data-state="sanctioned"' in gpo.get(f"/cases/{case}").text


def test_notes_are_escaped_and_card_numbers_masked(web: Browser) -> None:
    mvd = web("demo.investigator")
    case = _case(mvd)
    mvd.post(f"/cases/{case}/notes", data={"text": f"<script>x()</script> paid to {PANS[3]}"})
    page = mvd.get(f"/cases/{case}").text
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert PANS[3] not in page


def test_a_foreign_request_is_drafted_sent_and_tracked(web: Browser) -> None:
    mvd, afm, liaison = web("demo.investigator"), web("demo.analyst"), web("demo.liaison")
    case = _case(mvd)
    mvd.post(f"/cases/{case}/share", data={"agency": "AFM"})
    draft = {
        "bank_bic": "DEUTDEFF",
        "partner": "DEA",
        "unit": "USD",
        "deadline": "2030-01-31T12:00",
        "accounts": "DE89370400440532013000\nGB82WEST12345698765432\n",
    }
    assert afm.post(f"/cases/{case}/foreign", data=draft).status_code == 303
    assert liaison.post(f"/cases/{case}/foreign/1/send").status_code == 303
    page = afm.get(f"/cases/{case}").text
    assert "отправлен" in page
    assert "0 / 2" in page


def test_page_views_of_a_case_are_audited(web: Browser) -> None:
    mvd = web("demo.investigator")
    case = _case(mvd)
    mvd.get(f"/cases/{case}")
    auditor = web("demo.auditor")
    log = auditor.get("/v1/audit", params={"limit": 1000}).json()
    reads = {(e["username"], e["action"], e["object"]) for e in log}
    assert ("demo.investigator", "case.read", f"case:{case}") in reads


def test_the_dashboard_charts_the_national_figures(web: Browser) -> None:
    client = web("demo.investigator")
    populate(client.app)  # type: ignore[arg-type]  # TestClient.app is the FastAPI app here
    page = client.get("/").text
    assert page.count("<rect") == 4  # cases by status; arrests and labs; frozen tenge
    assert "125\xa0000,00\xa0KZT" in page  # Babel: ru groups with no-break spaces


def test_a_role_without_statistics_is_told_so(web: Browser) -> None:
    page = web("demo.partner").get("/").text
    assert "статистике" in page  # Russian is the default language


def test_the_language_switch_is_remembered(web: Browser) -> None:
    client = web("demo.investigator")
    reply = client.get("/lang/en", headers={"referer": "http://testserver/cases"})
    assert (reply.status_code, reply.headers["location"]) == (303, "/cases")
    assert "Open a case" in client.get("/cases").text
    client.get("/lang/kk")
    assert "Іс ашу" in client.get("/cases").text


def test_every_catalogue_has_every_message_the_templates_use() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\('([a-z_]+\.[a-z_]+)'\)", template.read_text()))
    keys = [set(json.loads((CATALOGUES / f"{lang}.json").read_text())) for lang in LANGUAGES]
    assert keys[0] == keys[1] == keys[2]
    assert used <= keys[0], used - keys[0]
