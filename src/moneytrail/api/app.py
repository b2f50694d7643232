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
from moneytrail.api.routers import (
    assets,
    auth,
    cases,
    decisions,
    entities,
    evidence,
    exports,
    stats,
)
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import open_database
from moneytrail.cases.seed import seed_demo
from moneytrail.cases.totp_vault import totp_key
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings

ROUTERS = (
    auth.router,
    cases.router,
    assets.router,
    evidence.router,
    stats.router,
    entities.router,
    decisions.router,
    exports.router,
)


def lake_of(transfers: Path | None) -> Path | None:
    """The lake whose transfers table `transfers` is (`LAKE/tables/transfers`), if it is one."""
    if transfers is None or transfers.name != "transfers" or transfers.parent.name != "tables":
        return None
    root = transfers.parent.parent
    return root if (root / "catalog.duckdb").exists() else None


def create_app(
    settings: Settings,
    *,
    transfers: Path | None = None,
    rates: dict[str, float] | None = None,
    sessions: sessionmaker[Session] | None = None,
    demo: bool = False,
    policy: AuthPolicy | None = None,
    lake: Path | None = None,
) -> FastAPI:
    """The API over the cases database of `settings` (or `sessions`), a transfers table to
    trace and a lake for the entity pages; `demo` seeds the published demo users (DEMO
    ONLY). `transfers` naming a lake's transfers table stands for that lake (committed rows
    only, for tracing as for the entity pages)."""
    inside = lake_of(transfers)
    if inside is not None:
        lake, transfers = lake or inside, None
    policy = policy or AuthPolicy(totp_key=totp_key(settings))
    factory = sessions or open_database(settings.resolved_database_url(), totp_key=policy.totp_key)
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
        policy=policy,
        lake=lake,
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
