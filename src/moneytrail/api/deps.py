"""What routes depend on: the app's state, a database session per request, and the acting
principal (the session cookie of the web UI, or a bearer API token for other systems)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.api.lakeview import LakeView
from moneytrail.api.mentions import EvidenceIndex
from moneytrail.cases.access import Principal
from moneytrail.cases.auditing import AuditWriter
from moneytrail.cases.auth import AuthPolicy, authenticate_token, resume
from moneytrail.cases.errors import AuthError
from moneytrail.errors import MoneytrailError
from moneytrail.graph.build import build_graph, read_transfers
from moneytrail.graph.csr import TemporalGraph
from moneytrail.lake.read import committed_table
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings

SESSION_COOKIE = "mt_session"
API_TOKEN_PREFIX = "mt_"
"""API tokens start with this; other bearer tokens are login sessions."""


@dataclass
class AppState:
    """Everything the routes share: settings, the cases database, the transfers to trace,
    the lake the entity pages read (its committed rows), the index of evidence, and the
    writer of the page views' audit entries."""

    settings: Settings
    sessions: sessionmaker[Session]
    tokenizer: Tokenizer
    transfers: Path | None = None
    rates: dict[str, float] | None = None
    policy: AuthPolicy = field(default_factory=AuthPolicy)
    lake: Path | None = None
    evidence: EvidenceIndex = field(default_factory=EvidenceIndex)
    audit_group: int = 256
    """The most page-view audit entries written in one commit (`AuditWriter`)."""
    _graph: TemporalGraph | None = field(default=None, init=False)
    _view: LakeView | None = field(default=None, init=False)
    _lock: Lock = field(default_factory=Lock, init=False)
    _view_lock: Lock = field(default_factory=Lock, init=False)
    _writer: AuditWriter | None = field(default=None, init=False)

    def graph(self) -> TemporalGraph:
        """The transfers graph (of `transfers`, else of the lake's committed transfers),
        built on first use and kept."""
        if self.transfers is None and self.lake is None:
            raise MoneytrailError(
                "no transfers configured: start with --transfers PATH or --lake DIR"
            )
        with self._lock:
            if self._graph is None:
                table = (
                    read_transfers(self.transfers)
                    if self.transfers is not None
                    else committed_table(self.lake, "transfers")  # type: ignore[arg-type]
                )
                self._graph = build_graph(table, self.rates)
            return self._graph

    def audit_writer(self) -> AuditWriter:
        """This process's writer of page-view audit entries (group commits), made on first
        use."""
        with self._view_lock:
            if self._writer is None:
                self._writer = AuditWriter(self.sessions, self.audit_group)
            return self._writer

    def lake_view(self) -> LakeView:
        """The lake's committed tables, read and indexed on first use and kept."""
        if self.lake is None:
            raise MoneytrailError("no lake configured: start with --lake DIR")
        with self._view_lock:
            if self._view is None:
                self._view = LakeView.load(self.lake)
            return self._view


async def app_state(request: Request) -> AppState:
    """The state the app was created with (async: no worker thread needed to read it)."""
    state: AppState = request.app.state.moneytrail
    return state


async def database(request: Request) -> AsyncIterator[Session]:
    """One session per request, closed afterwards. Async, so that neither step costs a hop
    to a worker thread: opening a session does no I/O, and neither does closing one whose
    transaction has ended (a route that leaves one open has it rolled back here)."""
    state: AppState = request.app.state.moneytrail
    with state.sessions() as db:
        yield db


State = Annotated[AppState, Depends(app_state)]
Db = Annotated[Session, Depends(database)]


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def principal(request: Request, db: Db, state: State) -> Principal:
    """The acting user (session cookie or bearer session token) or system (bearer API token);
    refused when there is neither."""
    token = _bearer(request)
    if token is not None and token.startswith(API_TOKEN_PREFIX):
        return authenticate_token(db, token)
    if token is not None:
        return resume(db, token, state.policy)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return resume(db, cookie, state.policy)
    raise AuthError("not logged in: log in, or send an API token as 'Authorization: Bearer'")


Who = Annotated[Principal, Depends(principal)]
