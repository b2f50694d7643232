"""The one place errors become HTTP responses, in one JSON shape:
`{"error": {"type", "status", "message", "field"}}`. Web pages get the same facts as HTML,
and an unauthenticated page view is sent to the login page (the web layer, which sits on
top of the API, registers its HTML renderer as `app.state.html_error`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from moneytrail.cases.errors import (
    AccessDenied,
    AuthError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    StaleObject,
)
from moneytrail.errors import MoneytrailError

HtmlError = Callable[[Request, dict[str, Any]], Response]
"""Renders an error body as a web page."""

STATUS: dict[type[MoneytrailError], int] = {
    AccessDenied: 403,
    NotFound: 404,
    InvalidTransition: 409,
    StaleObject: 409,
    AuthError: 401,
    InvalidInput: 422,
}
"""Error class → HTTP status; any other `MoneytrailError` is a 400 (the user can act on it)."""


def status_of(exc: MoneytrailError) -> int:
    """The HTTP status of an error, by its nearest class in `STATUS`."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_body(kind: str, status: int, message: str, field: str | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"error": {"type": kind, "status": status, "message": message, "field": field}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/v1")


def _respond(request: Request, body: dict[str, Any]) -> Response:
    status = int(body["error"]["status"])
    if _is_api(request):
        return JSONResponse(body, status_code=status)
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    render: HtmlError | None = getattr(request.app.state, "html_error", None)
    if render is None:
        return JSONResponse(body, status_code=status)
    return render(request, body["error"])


def _field(exc: RequestValidationError) -> tuple[str | None, str]:
    errors = exc.errors()
    if not errors:
        return None, "invalid request"
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "form")]
    field = ".".join(loc) or None
    return field, f"{field or 'request'}: {first.get('msg', 'invalid')}"


def install(app: FastAPI) -> None:
    """Map the MoneytrailError family, validation errors and HTTP errors to responses."""

    @app.exception_handler(MoneytrailError)
    async def _domain(request: Request, exc: MoneytrailError) -> Response:
        status = status_of(exc)
        return _respond(request, error_body(type(exc).__name__, status, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        field, message = _field(exc)
        return _respond(request, error_body("InvalidInput", 422, message, field))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        return _respond(request, error_body("HTTPError", exc.status_code, str(exc.detail)))
