"""GraphiQL's files as npm publishes them: each one's package, version and path, and the folder they are
installed in (shared by every checkout on the machine, like the local Neo4j's class archive)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hub.config import CACHE


@dataclass(frozen=True)
class Asset:
    name: str
    """As served: /graphiql/<name>."""
    package: str
    version: str
    path: str
    """Inside the package's tarball, below `package/`."""

    @property
    def media_type(self) -> str:
        return "text/css" if self.name.endswith(".css") else "text/javascript"


ASSETS = (
    Asset("react.production.min.js", "react", "18.3.1", "umd/react.production.min.js"),
    Asset("react-dom.production.min.js", "react-dom", "18.3.1", "umd/react-dom.production.min.js"),
    Asset("graphiql.min.js", "graphiql", "3.8.3", "graphiql.min.js"),
    Asset("graphiql.min.css", "graphiql", "3.8.3", "graphiql.min.css"),
)
BY_NAME = {asset.name: asset for asset in ASSETS}
FOLDER = CACHE / ("graphiql-" + "-".join(sorted({f"{a.package}@{a.version}" for a in ASSETS})))


class AssetsError(Exception):
    """GraphiQL's files could not be installed; the message says why."""


def installed() -> bool:
    return all((FOLDER / asset.name).is_file() for asset in ASSETS)


def install() -> None:
    """Fetch each package's tarball with `npm pack` (which checks it against the registry's integrity) and
    keep the files GraphiQL's page loads; nothing when they are there already."""
    if installed():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsError("installing GraphiQL's files needs npm (Node.js) on PATH")
    packages = sorted({f"{asset.package}@{asset.version}" for asset in ASSETS})
    with tempfile.TemporaryDirectory(prefix="hub-graphiql-") as scratch:
        packed = subprocess.run(
            [npm, "pack", "--silent", *packages],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if packed.returncode != 0:
            raise AssetsError(f"npm pack {' '.join(packages)} failed: {packed.stderr.strip()[-300:]}")
        staging = Path(scratch) / "files"
        staging.mkdir()
        for asset in ASSETS:
            tarball = Path(scratch) / f"{asset.package}-{asset.version}.tgz"
            with tarfile.open(tarball) as archive:
                member = archive.extractfile(f"package/{asset.path}")
                if member is None:
                    raise AssetsError(f"{asset.package}@{asset.version} has no {asset.path}")
                (staging / asset.name).write_bytes(member.read())
        FOLDER.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(FOLDER, ignore_errors=True)
        shutil.move(staging, FOLDER)
