"""Page rendering: the Jinja2 environment with the translator, the chosen language, the
logged-in user and the locale formats; and the HTML form of the one error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from moneytrail.cases.access import Principal
from moneytrail.web.i18n import LANGUAGES, Translator, pick

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
LANG_COOKIE = "mt_lang"


def translator(request: Request) -> Translator:
    """The translator of the language the user chose (cookie), else the default."""
    return Translator(pick(request.cookies.get(LANG_COOKIE)))


def render(
    request: Request,
    name: str,
    who: Principal | None,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page in the user's language."""
    t = translator(request)
    values = {"t": t, "lang": t.lang, "languages": LANGUAGES, "who": who, **context}
    return TEMPLATES.TemplateResponse(request, name, values, status_code=status)


def render_error(request: Request, error: dict[str, Any]) -> Response:
    """An error as a page (same facts as the JSON shape)."""
    return render(request, "error.html", None, int(error["status"]), error=error)
