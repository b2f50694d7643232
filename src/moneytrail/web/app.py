"""`create_app`: the API plus the web UI (pages, static files, HTML errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from moneytrail.api.app import create_app as create_api
from moneytrail.settings import Settings
from moneytrail.web.render import render_error
from moneytrail.web.views import alerts, auth, case, entity, explore, pages

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, **options: Any) -> FastAPI:
    """The API (`moneytrail.api.app.create_app`, same options) with the UI mounted on it."""
    app = create_api(settings, **options)
    app.state.html_error = render_error
    routers = (auth.router, pages.router, case.router, explore.router, entity.router)
    for router in (*routers, alerts.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
