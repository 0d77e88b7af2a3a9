"""`hub export OPERATION FILE`: what `GET /export/…` serves, written to a file, through the same app."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from hub.cli.common import fail, settings_or_exit
from hub.config import Settings
from hub.export.formats import FORMATS

CSV_FILES = ("nodes.csv", "edges.csv")


def _targets(file: Path) -> list[tuple[str, Path]]:
    """The formats to write and where: by FILE's suffix; `.csv` writes `<stem>.nodes.csv` and `.edges.csv`."""
    name = file.name
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(f".{suffix}"):
            return [(suffix, file)]
    if name.endswith(".csv"):
        stem = name.removesuffix(".csv")
        return [(suffix, file.with_name(f"{stem}.{suffix}")) for suffix in CSV_FILES]
    known = ", ".join(f".{suffix}" for suffix in sorted(FORMATS))
    fail(f"{file}: name the format by the file's suffix ({known}, or .csv for both tables)", 2)


async def _export(
    settings: Settings,
    operation: str,
    targets: list[tuple[str, Path]],
    variables: str | None,
    key: str | None,
) -> None:
    import httpx

    from hub.app import create_app

    app = create_app(settings)
    headers = {"X-API-Key": key} if key else {}
    params = {"variables": variables} if variables else {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.cli", headers=headers) as http:
            for suffix, path in targets:
                async with http.stream("GET", f"/export/{operation}.{suffix}", params=params) as response:
                    if response.headers.get("content-type", "").startswith("application/json"):
                        error = (await response.aread()).decode()
                        fail(f"export refused: {_first_error(error)}")
                    with path.open("wb") as out:
                        async for chunk in response.aiter_bytes():
                            out.write(chunk)
                typer.echo(f"{path}: {path.stat().st_size:,} bytes")


def _first_error(body: str) -> str:
    import orjson

    try:
        error = orjson.loads(body)["errors"][0]
        return f"{error.get('extensions', {}).get('code', 'ERROR')}: {error['message']}"
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
        return body[:200]


def export(
    operation: Annotated[str, typer.Argument(help="An operation of queries/: file name or operation name.")],
    file: Annotated[Path, typer.Argument(help="Where to write; its suffix names the format.")],
    variables: Annotated[str | None, typer.Option(help="The operation's variables as JSON.")] = None,
    api_key: Annotated[
        str | None, typer.Option(envvar="HUB_API_KEY", help="Read as this key's caller (anonymous without).")
    ] = None,
) -> None:
    """Write the answer of an operation of queries/ as a graph file: .graphml, .gexf, .nodes.csv,
    .edges.csv, or .csv for both tables. It reads as GET /export would for the same caller."""
    settings = settings_or_exit()
    asyncio.run(_export(settings, operation, _targets(file), variables, api_key))
