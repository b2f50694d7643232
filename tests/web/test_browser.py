"""The UI in a real browser: Playwright drives Debian's Chromium against uvicorn on a free
port. Log in with the demo TOTP code, open a case, trace from a card, save the trace to the
case, switch language; search a card and walk its entity pages to a trace from there;
screenshots go to var/test-artefacts/web."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from tests.api.world import MASKS, PANS, PEOPLE, credentials, make_world, populate

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "web"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The web app served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = _free_port()
    app = make_world(tmp_path, web=True).app
    populate(app)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running.started, "uvicorn did not start within 10 s"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def page() -> Iterator[Page]:
    """A Chromium page; fails (never skips) when Debian's chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium'")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1360, "height": 1000})
        browser.close()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def _login(page: Page, base: str) -> None:
    login = credentials("demo.investigator")
    page.goto(f"{base}/login")
    for field in ("username", "password", "code"):
        page.fill(f"input[name={field}]", login[field])
    _shot(page, "login")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Национальная статистика")


def _open_case(page: Page, base: str) -> None:
    page.goto(f"{base}/cases")
    page.fill("input[name=title]", "Магазин «Снег»")
    page.click("form[action='/cases'] button")
    expect(page.locator("h1")).to_contain_text("Магазин «Снег»")
    page.fill("input[name=target]", PANS[0])
    page.fill("input[name=bank]", "Kaspi Bank")
    page.click("#freezes form.row button")
    expect(page.locator("#freezes tr[data-state=requested]")).to_contain_text(PANS[0][-4:])


def _trace_and_save(page: Page, base: str, case_id: str) -> None:
    page.goto(f"{base}/trace")
    page.fill("#seed", PANS[0])
    page.select_option("select[name=policy]", "fifo")
    page.click("#run")
    expect(page.locator("#trace-result")).to_be_visible()
    expect(page.locator("#graph canvas").first).to_be_attached()
    expect(page.locator("#totals")).to_contain_text("50")
    expect(page.locator("#timeline rect")).to_have_count(2)
    _shot(page, "trace")
    page.select_option("#save-case", case_id)
    page.click("#save")
    expect(page.locator("#save-status a")).to_be_visible()
    page.click("#save-status a")
    expect(page.locator("pre.content")).to_contain_text("trace_id")
    _shot(page, "evidence")


def test_an_investigator_traces_a_card_into_a_case(server: str, page: Page) -> None:
    _login(page, server)
    _shot(page, "dashboard")
    _open_case(page, server)
    case_url = page.url
    _trace_and_save(page, server, case_url.rsplit("/", 1)[1])
    page.goto(case_url)
    expect(page.locator("#evidence")).to_contain_text("trace")
    assert PANS[0] not in page.content()
    _shot(page, "case")
    page.click("a[data-lang=en]")
    expect(page.locator("#evidence h2")).to_have_text("Evidence")
    _shot(page, "case-en")
    page.click("a[data-lang=kk]")
    expect(page.locator("#evidence h2")).to_have_text("Дәлелдемелер")
    page.click("nav a[href='/search']")
    page.fill("input[name=q]", PANS[1])
    page.click("form[action='/search'] button")
    expect(page.locator("#found")).to_contain_text("төлем картасы")
    assert PANS[1] not in page.content()
    _shot(page, "search-kk")


def test_a_search_leads_to_entity_pages_and_a_trace_from_there(server: str, page: Page) -> None:
    _login(page, server)
    page.click("nav a[href='/search']")
    page.fill("input[name=q]", PANS[1])
    page.click("form[action='/search'] button")
    page.click("#hits a[data-entity=instrument]")
    expect(page.locator("h1")).to_contain_text(MASKS[1])
    expect(page.locator("#counterparties-sent_to")).to_contain_text(MASKS[2])
    assert PANS[1] not in page.content()
    _shot(page, "entity-card")
    page.click("#holder a")
    expect(page.locator("h1")).to_contain_text("Петрова Анна")
    expect(page.locator("#identifiers")).to_contain_text(PEOPLE[1])
    expect(page.locator("#transfers-in")).to_contain_text("50")
    _shot(page, "entity-person")
    page.click("a[data-lang=en]")
    expect(page.locator("#instruments h2")).to_have_text("Accounts and cards held")
    page.click(f"#instruments a[data-entity=instrument]:has-text('{MASKS[1]}')")
    page.click("#trace-from")
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-layout", "done")
    expect(page.locator("#totals")).to_contain_text("50")
    expect(graph).to_have_attribute("data-nodes", "4")  # the card, two cards, cash
    page.evaluate("document.getElementById('graph').cy.nodes('[seed = 1]').emit('tap')")
    page.click("#node-expand")
    expect(graph).to_have_attribute("data-nodes", "5")  # and the card that paid it
    _shot(page, "entity-trace")
