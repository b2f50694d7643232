"""Review an alert in a real browser: the FIU analyst opens the alerts queue from the nav,
reads why each decision was made, overturns one with a note, confirms the block and finds
it in the history. Decisions arrive as a scoring system sends them (`/v1/decisions/import`).
Screenshots go to var/test-artefacts/web."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.api.world import credentials
from tests.decisions.conftest import line
from tests.web.test_browser import ARTEFACTS, page, server

FIXTURES = (page, server)  # the browser and the served app of test_browser


def _send_decisions(base: str) -> None:
    """An FIU analyst's session imports a block and a review over the API."""
    login = httpx.post(f"{base}/v1/auth/login", json=credentials("demo.analyst"))
    bearer = {"Authorization": f"Bearer {login.json()['token']}"}
    body = "\n".join([line("t1", "block", 0.99), line("t2", "review", 0.7)])
    reply = httpx.post(f"{base}/v1/decisions/import", content=body, headers=bearer)
    assert reply.json()["stored"] == 2, reply.text


def test_review_an_alert(server: str, page: Page) -> None:
    _send_decisions(server)
    who = credentials("demo.analyst")
    page.goto(f"{server}/lang/en")
    page.goto(f"{server}/login")
    for field in ("username", "password", "code"):
        page.fill(f"input[name={field}]", who[field])
    page.click("button[type=submit]")
    page.click("nav a[href='/alerts']")
    rows = page.locator("#alert-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("block")
    expect(rows.first).to_contain_text("passes received money on = 0.97")
    page.screenshot(path=str(ARTEFACTS / "alerts.png"), full_page=True)
    review = rows.nth(1)
    review.locator("form[data-move=overturn] input[name=note]").fill("a salary, not drug money")
    review.locator("form[data-move=overturn] button").click()
    expect(rows).to_have_count(1)
    rows.first.locator("form[data-move=confirm] button").click()
    expect(page.locator("#alert-list")).to_have_count(0)
    page.select_option("select[name=status]", "confirmed")
    page.click("form[action='/alerts'] button")
    page.click("#alert-list tbody tr a")
    expect(page.locator("#alert")).to_have_attribute("data-status", "confirmed")
    expect(page.locator("#reviews")).to_contain_text("demo.analyst")
    page.screenshot(path=str(ARTEFACTS / "alert.png"), full_page=True)
