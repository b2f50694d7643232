"""`POST /v1/decisions`: one transfer (a JSON object) or a batch (a JSON array).

A malformed transfer is answered 422 with the path of each field at fault, in FastAPI's
usual error shape; the state is untouched and the service stays up.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from moneytrail.realtime.schema import BATCH, TransferIn
from moneytrail.realtime.service import DecisionService


def create_decisions_app(service: DecisionService) -> FastAPI:
    """The decision service's HTTP app."""
    app = FastAPI(title="moneytrail decisions", version="1")

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
        lines = service.decide_json([t.to_tx() for t in batch])
        text = lines[0] if not isinstance(body, list) else '{"decisions":[' + ",".join(lines) + "]}"
        return Response(text, media_type="application/json")

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        """Liveness and the model in use."""
        return {"status": "ok", "model_version": service.scorer.model.version}

    return app


async def _json(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError as err:
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": f"invalid JSON: {err}"}]
        ) from None
