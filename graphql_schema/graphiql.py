"""GraphiQL served from the app's own assets, opening ready to run in development.

The browser builds of GraphiQL and React come from npm, pinned in `web/graphiql`; `make` copies
them into `app/static/graphiql/vendor`, served under `/graphiql/`. In development the editor
opens on the README's zoom query with the demo runner's `Authorization` header filled in.
"""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import orjson
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles

from app.accounts import DEMO_EMAIL, ensure_account
from app.auth import issue_token
from app.clock import Clock
from app.settings import Environment, Settings
from repositories.registry import Repositories

ASSETS_DIR = Path(__file__).resolve().parent.parent / "app" / "static" / "graphiql"
ASSETS_PATH = "/graphiql"
VENDOR_FILES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
)

README_ZOOM_QUERY = """\
# The demo runner's plan, zoomed from the season to the analysis of each run.
# Press the run button (or Ctrl-Enter); in development the Authorization header below is
# the demo runner's, filled in for you.
{ viewer { activePlan { season { coachSummary }
  weeks(from: 1, to: 4) { weekNumber phase targetVolumeKm
    sessions { scheduledDate title status
      executions { analysis { complianceColor summary } } } } } } }
"""
WELCOME_QUERY = """\
# Cadence's GraphQL API. Send `Authorization: Bearer <token>` in the headers below.
{ viewer { runner { id } } }
"""

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Cadence GraphiQL</title>
    <link rel="stylesheet" href="{assets}/vendor/graphiql.min.css">
    <link rel="stylesheet" href="{assets}/start.css">
    <script src="{assets}/vendor/react.production.min.js"></script>
    <script src="{assets}/vendor/react-dom.production.min.js"></script>
    <script src="{assets}/vendor/graphiql.min.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading...</div>
    <script id="cadence-graphiql-config" type="application/json">{config}</script>
    <script src="{assets}/start.js"></script>
  </body>
</html>
"""


def graphiql_assets() -> StaticFiles:
    """The static files GraphiQL loads (checked when served, so the API starts without them)."""
    return StaticFiles(directory=ASSETS_DIR, check_dir=False)


def assets_built() -> bool:
    """Whether `make` has copied the pinned browser builds into place."""
    return all((ASSETS_DIR / "vendor" / name).is_file() for name in VENDOR_FILES)


async def development_headers(
    settings: Settings, repositories: Repositories, clock: Clock
) -> dict[str, str] | None:
    """The demo runner's Authorization header, in development only."""
    if settings.env is not Environment.DEVELOPMENT:
        return None
    viewer = await ensure_account(repositories, DEMO_EMAIL)
    ttl = timedelta(hours=settings.jwt_ttl_hours)
    token = issue_token(viewer.user_id, settings.jwt_secret, ttl, clock.now())
    return {"Authorization": f"Bearer {token}"}


def graphiql_page(endpoint: str, headers: dict[str, str] | None) -> Response:
    """The GraphiQL page; a readable 503 when the assets were never built."""
    if not assets_built():
        return PlainTextResponse(
            "GraphiQL's assets are not built: run `make` (it installs them from npm).",
            status_code=503,
        )
    config = {
        "endpoint": endpoint,
        "query": README_ZOOM_QUERY if headers else WELCOME_QUERY,
        "headers": headers,
    }
    # JSON inside <script>: escape "<" so no value can close the element.
    encoded = orjson.dumps(config).decode().replace("<", "\\u003c")
    return HTMLResponse(PAGE.format(assets=html.escape(ASSETS_PATH), config=encoded))
