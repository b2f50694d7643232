"""The alerts page over the web app: the FIU analyst sees the queue with explanations and
the buttons the role allows, reviews through the form; other roles are told or refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.world import credentials, make_world, populate
from tests.decisions.conftest import record_alerts


def _client(tmp_path: Path) -> tuple[list[int], Callable[[str], TestClient]]:
    """The stored decisions' ids, and a way to log a demo user in (English pages)."""
    app = make_world(tmp_path, web=True).app
    ids = record_alerts(app)

    def as_user(name: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        assert client.post("/login", data=credentials(name)).status_code == 303
        client.cookies.set("mt_lang", "en")
        return client

    return ids, as_user


def test_queue_review_and_history(tmp_path: Path) -> None:
    ids, as_user = _client(tmp_path)
    analyst = as_user("demo.analyst")
    page = analyst.get("/alerts").text
    assert 'href="/alerts">Alerts</a>' in page
    assert page.count('<tr data-id="') == 2
    assert "passes received money on = 0.97" in page
    assert 'data-move="lift"' in page
    assert page.count('data-move="confirm"') == 2
    form = {"event": "overturn", "version": "1", "note": "salary", "back": "/alerts"}
    done = analyst.post(f"/alerts/{ids[1]}", data=form)
    assert (done.status_code, done.headers["location"]) == (303, "/alerts")
    assert analyst.get("/alerts").text.count('<tr data-id="') == 1
    history = analyst.get(f"/alerts/{ids[1]}").text
    assert "salary" in history
    assert "overturned" in history
    stale = analyst.post(f"/alerts/{ids[1]}", data=form)
    assert stale.status_code == 409
    lifted = analyst.post(f"/alerts/{ids[0]}", data=form | {"event": "lift"})
    assert lifted.status_code == 303
    shown = analyst.get("/alerts?status=lifted").text
    assert f'<tr data-id="{ids[0]}" data-status="lifted">' in shown


def test_other_roles(tmp_path: Path) -> None:
    ids, as_user = _client(tmp_path)
    partner = as_user("demo.partner")
    assert "Your role does not see the review queue." in partner.get("/alerts").text
    police = as_user("demo.investigator")
    assert "No decisions match." in police.get("/alerts").text
    assert police.get(f"/alerts/{ids[0]}").status_code == 403
    form = {"event": "confirm", "version": "1"}
    assert police.post(f"/alerts/{ids[0]}", data=form).status_code == 403


def test_attach_to_a_case_shares_the_alert(tmp_path: Path) -> None:
    ids, as_user = _client(tmp_path)
    analyst, police = as_user("demo.analyst"), as_user("demo.investigator")
    case = populate(analyst.app)  # type: ignore[arg-type]  # the TestClient's app is ours
    assert f'<option value="{case}"' in analyst.get(f"/alerts/{ids[0]}").text
    done = analyst.post(f"/alerts/{ids[0]}/attach", data={"case_id": str(case)})
    assert (done.status_code, done.headers["location"]) == (303, f"/alerts/{ids[0]}")
    listed = police.get("/alerts").text
    assert listed.count('<tr data-id="') == 1
    assert f'href="/cases/{case}"' in police.get(f"/alerts/{ids[0]}").text
    assert 'id="attach"' not in police.get(f"/alerts/{ids[0]}").text
