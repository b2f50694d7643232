"""`POST /v1/decisions`: one transfer (a JSON object) or a batch (a JSON array).

A malformed transfer is answered 422 with the path of each field at fault, in FastAPI's
usual error shape; the state is untouched and the service stays up.

Well-formed requests take a lean path (`_FastDecisions`, an ASGI middleware: pydantic
validates the raw JSON, no routing or request objects), and the transfers of requests that
arrive together are decided in one batch (`Batcher`), in the order they reached it. Anything
else, errors included, goes to the FastAPI routes, which give the usual replies.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from moneytrail.realtime.schema import BATCH, TransferIn
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.tx import Tx

_Waiting = tuple[Sequence[Tx], "asyncio.Future[list[str]]"]


class Batcher:
    """Decides the transfers of concurrent requests together, once the event loop has let
    every request that is ready reach it; each request gets its own decisions back."""

    def __init__(self, service: DecisionService) -> None:
        self.service = service
        self._waiting: list[_Waiting] = []

    async def decide(self, batch: Sequence[Tx]) -> list[str]:
        """The decisions (JSON lines) of `batch`, decided with whatever else is waiting."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[list[str]] = loop.create_future()
        self._waiting.append((batch, done))
        if len(self._waiting) == 1:
            loop.call_soon(self._flush)
        return await done

    def _flush(self) -> None:
        waiting, self._waiting = self._waiting, []
        try:
            lines = self.service.decide_json([tx for batch, _ in waiting for tx in batch])
        except Exception as err:  # every waiting request fails alike
            for _, done in waiting:
                if not done.done():
                    done.set_exception(err)
            return
        at = 0
        for batch, done in waiting:
            if not done.done():
                done.set_result(lines[at : at + len(batch)])
            at += len(batch)


def create_decisions_app(service: DecisionService) -> FastAPI:
    """The decision service's HTTP app."""
    app = FastAPI(title="moneytrail decisions", version="1")
    batcher = Batcher(service)

    @app.post("/v1/decisions")
    async def decisions(request: Request) -> Response:
        """Decide allow / review / block for one transfer or a batch, in order."""
        body = await _json(request)
        try:
            if isinstance(body, list):
                batch = BATCH.validate_python(body)
            else:
                batch = [TransferIn.model_validate(body)]
        except ValidationError as err:
            errors = [{**e, "loc": ("body", *e["loc"])} for e in err.errors(include_url=False)]
            raise RequestValidationError(errors) from None
        lines = await batcher.decide([t.to_tx() for t in batch])
        return Response(_reply(lines, isinstance(body, list)), media_type="application/json")

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        """Liveness and the model in use."""
        return {"status": "ok", "model_version": service.scorer.model.version}

    app.add_middleware(_FastDecisions, batcher=batcher)
    return app


class _FastDecisions:
    """Valid `POST /v1/decisions` bodies are decided here; the rest passes to the app."""

    def __init__(self, app: ASGIApp, batcher: Batcher) -> None:
        self.app = app
        self.batcher = batcher

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != "/v1/decisions":
            await self.app(scope, receive, send)
            return
        body, gone = await _body(receive)
        if gone:  # the client went away before sending it all: nothing to decide
            return
        many = body.lstrip()[:1] == b"["
        try:
            batch = BATCH.validate_json(body) if many else [TransferIn.model_validate_json(body)]
        except ValidationError:
            batch = None
        if batch is None:  # the app answers with the usual 422
            await self.app(scope, _replay(body, receive), send)
            return
        text = _reply(await self.batcher.decide([t.to_tx() for t in batch]), many).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(text))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": text})


async def _body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, and whether the client went away first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), True
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then what the server sends next."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


def _reply(lines: list[str], many: bool) -> str:
    return '{"decisions":[' + ",".join(lines) + "]}" if many else lines[0]


async def _json(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError as err:
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": f"invalid JSON: {err}"}]
        ) from None
