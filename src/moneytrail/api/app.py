"""`create_app`: the FastAPI service, versioned under /v1 and documented by its OpenAPI
schema at /openapi.json (browsable at /docs). The web UI adds itself on top
(`moneytrail.web.app.create_app`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from moneytrail import __version__
from moneytrail.api import errors
from moneytrail.api.deps import AppState
from moneytrail.api.routers import assets, auth, cases, evidence, stats
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import open_database
from moneytrail.cases.seed import seed_demo
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings

ROUTERS = (auth.router, cases.router, assets.router, evidence.router, stats.router)


def create_app(
    settings: Settings,
    *,
    transfers: Path | None = None,
    rates: dict[str, float] | None = None,
    sessions: sessionmaker[Session] | None = None,
    demo: bool = False,
    policy: AuthPolicy | None = None,
) -> FastAPI:
    """The API over the cases database of `settings` (or `sessions`) and a transfers table
    to trace; `demo` seeds the published demo users (DEMO ONLY)."""
    factory = sessions or open_database(settings.resolved_database_url())
    if demo:
        with factory() as db:
            seed_demo(db, policy)
    app = FastAPI(
        title="moneytrail",
        version=__version__,
        description="Financial intelligence against drug trafficking: cases, freezes, traces.",
    )
    app.state.moneytrail = AppState(
        settings=settings,
        sessions=factory,
        tokenizer=Tokenizer(settings.token_key()),
        transfers=transfers,
        rates=rates,
        policy=policy or AuthPolicy(),
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
