"""/v1/auth: log in (password + one-time code) for a session token, log out, who am I;
list and revoke API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from moneytrail.api.deps import SESSION_COOKIE, Db, State, Who, principal
from moneytrail.cases import auth
from moneytrail.cases.access import Principal

router = APIRouter(prefix="/v1/auth", tags=["auth"])


class Credentials(BaseModel):
    """A login: user name, password and the current TOTP code."""

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    code: str | None = Field(None, max_length=10)


def principal_json(who: Principal) -> dict[str, Any]:
    """The public facts of a principal."""
    return {
        "username": who.username,
        "agency": who.agency_code,
        "agency_kind": who.agency_kind,
        "role": who.role,
    }


@router.post("/login")
def login(body: Credentials, db: Db, state: State) -> dict[str, Any]:
    """A session token (send it as a bearer token; it ends after 15 min idle)."""
    who, token = auth.login(db, body.username, body.password, body.code, state.policy)
    return {"token": token, "principal": principal_json(who)}


@router.post("/logout", dependencies=[Depends(principal)])
def logout(request: Request, db: Db) -> dict[str, bool]:
    """End the current session (the bearer session token, else the session cookie)."""
    _, _, token = request.headers.get("authorization", "").partition(" ")
    auth.logout(db, token.strip() or request.cookies.get(SESSION_COOKIE, ""))
    return {"ok": True}


@router.get("/me")
def me(who: Who) -> dict[str, Any]:
    """The acting principal."""
    return principal_json(who)


@router.get("/tokens")
def tokens(who: Who, db: Db) -> list[dict[str, Any]]:
    """The API tokens (never the tokens themselves), to find the one to revoke."""
    return [
        {"id": t.id, "name": t.name, "role": t.role, "revoked": t.revoked}
        for t in auth.list_tokens(db, who)
    ]


@router.post("/tokens/{token_id}/revoke")
def revoke(token_id: Annotated[int, Path(ge=1)], who: Who, db: Db) -> dict[str, Any]:
    """Revoke an API token for good; systems using it are refused from then on."""
    stored = auth.revoke_token(db, who, token_id)
    return {"id": stored.id, "name": stored.name, "revoked": stored.revoked}
