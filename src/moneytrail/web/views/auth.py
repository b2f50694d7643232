"""Log in (user, password, one-time code), log out, switch language."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from moneytrail.api.deps import SESSION_COOKIE, Db, State
from moneytrail.cases import auth
from moneytrail.cases.errors import AuthError
from moneytrail.web.i18n import pick
from moneytrail.web.render import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.get("/login")
def login_page(request: Request) -> Response:
    """The login form."""
    return render(request, "login.html", None)


@router.post("/login")
def login(
    request: Request,
    db: Db,
    state: State,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    code: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Check the credentials; on success a session cookie (HttpOnly, SameSite=Strict)."""
    try:
        _, token = auth.login(db, username, password, code or None, state.policy)
    except AuthError as exc:
        return render(request, "login.html", None, 401, failed=str(exc), username=username)
    reply = RedirectResponse("/", status_code=303)
    reply.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict")
    return reply


@router.post("/logout")
def logout(request: Request, db: Db) -> Response:
    """End the session."""
    auth.logout(db, request.cookies.get(SESSION_COOKIE, ""))
    reply = RedirectResponse("/login", status_code=303)
    reply.delete_cookie(SESSION_COOKIE)
    return reply


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> Response:
    """Remember the language and go back to the page the user was on."""
    back = urlparse(request.headers.get("referer", "/"))
    target = back.path or "/"
    if back.query:
        target += f"?{back.query}"
    safe = target.startswith("/") and not target.startswith("//")
    reply = RedirectResponse(target if safe else "/", status_code=303)
    reply.set_cookie(LANG_COOKIE, pick(lang), max_age=YEAR, samesite="lax")
    return reply
