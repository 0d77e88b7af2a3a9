"""GraphiQL's page: the installed files (hub.ide.assets), opened on the flagship operation with its
variables, fetching from the page's own address."""

from __future__ import annotations

from html import escape

import orjson
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from hub.ide.assets import BY_NAME, FOLDER, installed
from hub.limits.responses import error_response
from hub.persisted.registry import Registry

FLAGSHIP = "CompaniesInTalentProjects"
PREFIX = "/graphiql/"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stakeholder hub: GraphiQL</title>
<link rel="stylesheet" href="{prefix}graphiql.min.css">
<style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="{prefix}react.production.min.js"></script>
<script src="{prefix}react-dom.production.min.js"></script>
<script src="{prefix}graphiql.min.js"></script>
<script>
const opening = {opening};
const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {{
    fetcher,
    defaultQuery: opening.query,
    query: opening.query,
    variables: opening.variables,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }})
);
</script>
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body><p>GraphiQL's files are not installed on this machine: run <code>hub graphiql install</code>
(<code>make run</code> does), then reload. They are kept in <code>{folder}</code>.</p></body></html>
"""


def opening(registry: Registry) -> dict[str, str]:
    """The flagship operation and its variables (pretty-printed JSON), as the editors first show them."""
    operation = registry.by_name.get(FLAGSHIP)
    if operation is None:
        return {"query": "{ version }", "variables": ""}
    variables = operation.path.with_name(operation.path.name.removesuffix(".graphql") + ".variables.json")
    text = variables.read_text() if variables.is_file() else ""
    return {"query": operation.document, "variables": text}


def page(registry: Registry) -> HTMLResponse:
    """The page, or (when the files are not installed) one that says how to install them."""
    if not installed():
        return HTMLResponse(MISSING.format(folder=escape(str(FOLDER))), status_code=503)
    embedded = orjson.dumps(opening(registry)).decode().replace("</", "<\\/")
    return HTMLResponse(PAGE.format(prefix=PREFIX, opening=embedded))


async def asset(request: Request) -> Response:
    """GET /graphiql/<name>: one of the installed files; long cached, as each version's folder is fixed."""
    found = BY_NAME.get(request.path_params["name"])
    if found is None or not (FOLDER / found.name).is_file():
        return error_response(404, "NOT_FOUND", "no such GraphiQL file")
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(FOLDER / found.name, media_type=found.media_type, headers=headers)
