"""Seeding an empty local Neo4j offline, with Neo4j's admin tool (`neo4j-admin database import full`).

The source network is seeded as always (`seed_graph`: its ledger, stamps and audit entries), read back
whole with `backup`, and written as CSV files together with the synthetic layer; Neo4j is stopped, the admin
tool replaces the database by those files, Neo4j starts again, and the schema of the migrations the graph
records is built once over the data. The graph is the one `seed_graph` writes: the same nodes, labels,
properties and relationships, in a fraction of the time.

CSV: a table per group of nodes or relationships (the source layer's by labels or type and property names
and types, the synthetic layer's by kind): the data files of the WRITERS processes that write it, and a
header written after them, once the types of its columns are known. Every node is identified by its number
(`:ID`, the node id the tool gives it: `--id-type=actual`, the tool's fastest), in the order the records
come; an entity's `id` is a property like any other. Every text is quoted, so an empty text stays empty,
and an absent value is an empty field.
"""

from __future__ import annotations

import asyncio
import csv
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver
from neo4j.time import Date, DateTime

from hub.config import Settings
from hub.database import backup, migrations
from hub.database.driver import open_driver
from hub.database.local.server import LocalNeo4j
from hub.database.local.toolchain import find_java
from hub.model import ENTITY, NodeKind
from hub.seeding.bulk import Loaded
from hub.seeding.network import Network
from hub.seeding.run import Seeded, seed_graph
from hub.seeding.synthetic import Anchors, Item, Layer, Plan

ADMIN_TOOL = "org.neo4j.cli.AdminTool"
TOOL_JVM_FLAGS = ("-XX:-TieredCompilation",)
"""With tiered compilation on 2 cores, the tool's node stage took between 4 and 19 s for the same 1M nodes
(the JIT's compiler threads competing with its workers); with C2 alone, 5.2 to 5.7 s in five runs."""
ARRAY_DELIMITER = "\x1f"
"""Between the elements of a list: the unit separator, which no text may hold (checked)."""
OTHER_ID = "~"
"""Nodes that are no entity are told apart by this and their element id in the source database."""
ELEMENT_TYPES = ("string", "long", "double", "boolean")
"""The element types of the lists that can be imported."""
NODE_IDS = (":ID",)
"""The id column of a node table: the node's number, not stored."""
RELATIONSHIP_IDS = (":START_ID", ":END_ID", ":TYPE")
DATABASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.-]*")
LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""The labels that can be imported: the admin tool reads them from its command line."""
CHUNK = 1 << 24
WRITERS = 2
"""Processes writing the CSV files at once, each generating and writing its share of the synthetic layer's
chunks."""
_NAME_BREAKERS = frozenset(':,"\r\n' + ARRAY_DELIMITER)


class OfflineSeedError(Exception):
    """The graph cannot be seeded offline; the message says why."""


class _Absent(int):
    """An absent value: an empty field, not quoted (the csv module quotes every field but numbers)."""

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


ABSENT = _Absent()

Convert = Callable[[Any], object]
"""A property value as the csv module writes it."""


def _double(value: float) -> object:
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _array(values: list[Any]) -> tuple[str, str]:
    typed = [_typed(value) for value in values]
    types = {type_ for type_, _ in typed}
    if len(types) != 1 or not types <= set(ELEMENT_TYPES):
        held = " and ".join(sorted(types)) or "nothing (of no known type)"
        raise OfflineSeedError(f"cannot import a list of {held}: only lists of {', '.join(ELEMENT_TYPES)}")
    text = ARRAY_DELIMITER.join(str(value) for _, value in typed)
    if not text:
        raise OfflineSeedError("cannot import a list of one empty text: it would be read as absent")
    return f"{types.pop()}[]", text


def _typed(value: object) -> tuple[str, object]:
    """A property value's import type, and the value as the csv module writes it."""
    if isinstance(value, str):
        return "string", str.__str__(value)
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "long", int(value)
    if isinstance(value, float):
        return "double", _double(value)
    if isinstance(value, DateTime):
        return ("datetime" if value.tzinfo is not None else "localdatetime"), value.iso_format()
    if isinstance(value, Date):
        return "date", value.iso_format()
    if isinstance(value, list):
        return _array(value)
    raise OfflineSeedError(f"cannot import a property of type {type(value).__name__}")


class _Dates:
    """Dates as ISO text, remembered by object (the synthetic layer reuses a few hundred): `Date.iso_format`
    and even `hash(date)` cost a microsecond."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self._known: dict[int, tuple[Date, str]] = {}

    def __call__(self, value: Date) -> str:
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        if len(self._known) >= self.LIMIT:
            self._known.clear()
        text = value.iso_format()
        self._known[id(value)] = (value, text)  # kept alive, so that no other object gets its id
        return text


_FAST: dict[type, tuple[str, Convert | None]] = {
    str: ("string", None),
    int: ("long", None),
    bool: ("boolean", {True: "true", False: "false"}.__getitem__),
    float: ("double", _double),
}
"""The import types of the common property values, and how they are written (None: as they are)."""


def _name(name: str) -> str:
    """A property name for a CSV header."""
    if not name or _NAME_BREAKERS & set(name):
        raise OfflineSeedError(f"cannot import a property named {name!r}")
    return name


def _label(label: str) -> str:
    if not LABEL.fullmatch(label):
        raise OfflineSeedError(
            f"cannot import the label {label!r}: the admin tool reads labels as plain names"
        )
    return label


class _Table:
    """A CSV data file being written by one part of the writers (see `_write`); its header is written once
    every part is done, when its columns' types are known (those of the values written; a column without
    any is text).

    A row is its import ids, then a value per column (None or ABSENT when absent). Rows are written by the
    csv module, each value converted as the first row of its types' pattern planned; the data file is read
    again once written, to tell whether a field spans lines and whether a text holds the array delimiter.
    """

    def __init__(
        self,
        key: tuple[Any, ...],
        stem: Path,
        part: int,
        what: str,
        ids: Sequence[str],
        columns: Sequence[str],
        labels: str,
    ) -> None:
        self.key = key
        self.stem = stem
        self.what = what
        self.data = stem.with_name(f"{stem.name}.part{part}.csv")
        self.ids = tuple(ids)
        self.columns = tuple(_name(column) for column in columns)
        self.labels = labels
        self.types: list[str | None] = [None] * len(self.columns)
        self.rows = 0
        self.delimiters = 0
        """The array delimiters the lists written hold."""
        self._plans: dict[tuple[type, ...], list[tuple[int, Convert]]] = {}
        self._dates = _Dates()
        self._out = self.data.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")

    def write(self, row: list[Any]) -> None:
        """Write a row (its values are converted in place)."""
        signature = tuple(map(type, row))
        plan = self._plans.get(signature)
        if plan is None:
            plan = self._plans[signature] = self._plan(signature)
        for index, convert in plan:
            row[index] = convert(row[index])
        self._csv.writerow(row)
        self.rows += 1

    def _plan(self, signature: tuple[type, ...]) -> list[tuple[int, Convert]]:
        """How to write the rows of a pattern of value types; the types of the columns, checked."""
        lead = len(self.ids)
        if len(signature) != lead + len(self.columns):
            raise OfflineSeedError(f"{self.what}: a row of {len(signature)} fields")
        plan: list[tuple[int, Convert]] = []
        for index, kind in enumerate(signature[lead:], start=lead):
            if kind is _Absent:
                continue
            if kind is type(None):
                plan.append((index, lambda _: ABSENT))
                continue
            fast = _FAST.get(kind)
            if fast is None and kind is Date:
                fast = ("date", self._dates)
            if fast is None:
                plan.append((index, self._checked(index - lead)))
                continue
            self._typed(index - lead, fast[0])
            if fast[1] is not None:
                plan.append((index, fast[1]))
        return plan

    def _typed(self, column: int, type_: str) -> None:
        self.types[column] = _merged(self.what, self.columns[column], self.types[column], type_)

    def _checked(self, column: int) -> Convert:
        """Write the values of a column whose import type the value's Python type does not tell."""

        def convert(value: object) -> object:
            type_, written = _typed(value)
            self._typed(column, type_)
            if isinstance(value, list):
                self.delimiters += len(value) - 1
            return written

        return convert

    def discard(self) -> None:
        self._out.close()

    def close(self) -> _Written:
        """Close the data file and check it; what its header and the import need to know of it."""
        self._out.close()
        newlines = delimiters = 0
        returns = False
        with self.data.open("rb") as data:
            while chunk := data.read(CHUNK):
                newlines += chunk.count(b"\n")
                delimiters += chunk.count(ARRAY_DELIMITER.encode())
                returns = returns or b"\r" in chunk
        if delimiters != self.delimiters:
            raise OfflineSeedError(f"{self.what}: a text holds the array delimiter U+001F")
        return _Written(
            self.key,
            self.stem,
            self.what,
            self.data,
            self.ids,
            self.columns,
            tuple(self.types),
            self.labels,
            self.rows,
            returns or newlines != self.rows,
        )


def _merged(what: str, column: str, known: str | None, type_: str | None) -> str | None:
    """A column's import type, given the type known so far and one more value's (None: no value)."""
    if known is None or type_ is None or known == type_:
        return known or type_
    raise OfflineSeedError(f"{what}: {column} holds both {known} and {type_} values")


@dataclass(frozen=True)
class _Written:
    """A data file one part wrote: what its table's header and the admin tool need to know of it."""

    key: tuple[Any, ...]
    stem: Path
    what: str
    data: Path
    ids: tuple[str, ...]
    columns: tuple[str, ...]
    types: tuple[str | None, ...]
    labels: str
    rows: int
    multiline: bool
    """Whether a field spans lines (the admin tool reads such files more slowly)."""


@dataclass(frozen=True)
class _Tables:
    """The CSV files of a graph, as the admin tool reads them, and what they hold."""

    folder: Path
    nodes: tuple[str, ...]
    """`--nodes` values: labels, then the header and the data files of one table."""
    relationships: tuple[str, ...]
    multiline: tuple[Path, ...]
    counts: dict[str, backup.Counts]
    """The nodes and relationships of each layer (source, synthetic)."""


def _tables(folder: Path, written: Iterable[_Written]) -> _Tables:
    """Each table's header, from what every part wrote of it, and the tool's view of them all."""
    tables: dict[tuple[Any, ...], list[_Written]] = {}
    for part in written:
        tables.setdefault(part.key, []).append(part)
    nodes, relationships, multiline = [], [], []
    counts: dict[str, list[int]] = {"source": [0, 0], "synthetic": [0, 0]}
    for key, parts in tables.items():
        first = parts[0]
        types = list(first.types)
        for part in parts[1:]:
            for index, type_ in enumerate(part.types):
                types[index] = _merged(first.what, first.columns[index], types[index], type_)
        header = first.stem.with_name(f"{first.stem.name}.header.csv")
        with header.open("w", encoding="utf-8", newline="") as out:
            columns = [
                f"{name}:{type_ or 'string'}" for name, type_ in zip(first.columns, types, strict=True)
            ]
            csv.writer(out, lineterminator="\n").writerow([*first.ids, *columns])
        files = ",".join(map(str, (header, *(part.data for part in parts))))
        if first.ids == NODE_IDS:
            nodes.append(f"{first.labels}={files}" if first.labels else files)
        else:
            relationships.append(files)
        multiline += [part.data for part in parts if part.multiline]
        counts[key[0]][first.ids != NODE_IDS] += sum(part.rows for part in parts)
    return _Tables(
        folder,
        tuple(nodes),
        tuple(relationships),
        tuple(multiline),
        {layer: backup.Counts(*figures) for layer, figures in counts.items()},
    )


@dataclass
class _Files:
    """The CSV files one part writes into a folder (a table per key), and the import id of every node: its
    number, in the order all parts meet the nodes (the source's, then the synthetic layer's as generated)."""

    folder: Path
    part: int = 0
    nodes: dict[tuple[Any, ...], _Table] = field(default_factory=dict)
    relationships: dict[tuple[Any, ...], _Table] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, node: str) -> int:
        """A new node's import id; `node` is its id, or OTHER_ID and its element id."""
        found = self.numbers[node] = len(self.numbers)
        return found

    def node_table(
        self, key: tuple[Any, ...], stem: str, labels: Sequence[str], entity: bool, columns: Sequence[str]
    ) -> _Table:
        found = self.nodes.get(key)
        if found is None:
            labelled = ":".join(map(_label, labels))
            found = self.nodes[key] = _Table(
                key,
                self.folder / stem,
                self.part,
                f"the nodes :{labelled}",
                NODE_IDS,
                ("id", *columns) if entity else columns,
                labelled,
            )
        return found

    def relationship_table(
        self, key: tuple[Any, ...], stem: str, type_: str, columns: Sequence[str]
    ) -> _Table:
        found = self.relationships.get(key)
        if found is None:
            what = f"the {type_} relationships"
            found = self.relationships[key] = _Table(
                key, self.folder / stem, self.part, what, RELATIONSHIP_IDS, columns, ""
            )
        return found

    def close(self) -> list[_Written]:
        return [table.close() for table in (*self.nodes.values(), *self.relationships.values())]

    def discard(self) -> None:
        """Close the data files of a graph not written whole."""
        for table in (*self.nodes.values(), *self.relationships.values()):
            table.discard()


def _entity_id(identifier: str) -> str:
    """An entity's id, refused where it could be taken for another node's."""
    if identifier.startswith(OTHER_ID):
        raise OfflineSeedError(f"cannot import the entity id {identifier!r}: it starts with {OTHER_ID}")
    return identifier


def write_source(files: _Files, path: Path) -> None:
    """The nodes and relationships of a backup, grouped by labels or type and property names and types;
    written by the first part only (the others number its nodes)."""
    numbers: dict[str, int] = {}
    writes = files.part == 0
    for line in backup.read_lines(path):
        if "l" in line:
            props = backup.properties(line["p"])
            labels = sorted(line["l"])
            entity = ENTITY in labels and isinstance(props.get("id"), str)
            node = _entity_id(props.pop("id")) if entity else OTHER_ID + line["n"]
            number = numbers[line["n"]] = files.number(node)
            if writes:
                names = sorted(props)
                types = tuple((name, _typed(props[name])[0]) for name in names)
                table = files.node_table(
                    ("source", tuple(labels), entity, types),
                    f"nodes-{len(files.nodes):04d}",
                    labels,
                    entity,
                    names,
                )
                table.write([number, *([node] if entity else []), *(props[name] for name in names)])
        elif "r" in line and writes:
            props = backup.properties(line["p"])
            if line["s"] not in numbers or line["e"] not in numbers:
                raise OfflineSeedError(f"a {line['r']} relationship of the backup {path} ends outside it")
            names = sorted(props)
            types = tuple((name, _typed(props[name])[0]) for name in names)
            stem = f"relationships-{len(files.relationships):04d}"
            table = files.relationship_table(("source", line["r"], types), stem, line["r"], names)
            table.write([numbers[line["s"]], numbers[line["e"]], line["r"], *(props[name] for name in names)])


def write_synthetic(files: _Files, items: Iterable[Item]) -> None:
    """The synthetic records, a table per kind, with the properties `cypher.create_nodes` and
    `cypher.create_relationships` write: the kind's declared ones, absent ones not stored. Every node the
    relationships join is numbered already."""
    nodes: dict[str, tuple[_Table, tuple[str, ...]]] = {}
    relationships: dict[str, tuple[_Table, tuple[str, ...]]] = {}
    numbers = files.numbers
    for kind, row in items:
        if isinstance(kind, NodeKind):
            found = nodes.get(kind.label)
            if found is None:
                if ENTITY not in kind.labels or "id" not in kind.properties:
                    raise OfflineSeedError(f"{kind.label} nodes are no entities with an id")
                columns = tuple(name for name in kind.properties if name != "id")
                key = ("synthetic", kind.label)
                table = files.node_table(key, f"synthetic-{kind.label}", kind.labels, True, columns)
                found = nodes[kind.label] = (table, columns)
            table, columns = found
            node = row["id"]
            table.write([numbers[node], node, *map(row.get, columns, repeat(ABSENT))])
        else:
            found = relationships.get(kind.type)
            if found is None:
                fields = kind.properties.model_fields
                columns = tuple(info.alias or name for name, info in fields.items())
                key = ("synthetic", kind.type)
                table = files.relationship_table(key, f"synthetic-{kind.type}", kind.type, columns)
                found = relationships[kind.type] = (table, columns)
            table, columns = found
            ends = [numbers[row["start"]], numbers[row["end"]], kind.type]
            table.write([*ends, *map(row.get, columns, repeat(ABSENT))])


def _write_part(
    folder: Path, source: Path, anchors: Anchors, organisations: int, seed: int, part: int, parts: int
) -> list[_Written]:
    """One part's share of the CSV files: the source backup (the first part), every `parts`-th chunk of
    the synthetic layer from the `part`-th on (`write_synthetic`). Every part numbers every node, in the
    order the layer generates them. The whole layer is written: the database is empty, so nothing of it is
    kept, as `bulk.around` would keep it."""
    files = _Files(folder, part)
    layer = Layer(anchors, Plan(organisations), seed)
    try:
        write_source(files, source)
        for share in range(parts):
            for node in layer.node_ids(layer.chunks[share::parts]):
                files.number(_entity_id(node))
        write_synthetic(files, layer.items(layer.chunks[part::parts]))
    except BaseException:
        files.discard()
        raise
    return files.close()


@contextmanager
def _writers() -> Iterator[ProcessPoolExecutor]:
    """The processes that write besides this one (`_write`), started at once: each imports this module (0.6
    s) while this one reads the source network back."""
    with ProcessPoolExecutor(WRITERS - 1, mp_context=multiprocessing.get_context("spawn")) as others:
        others.submit(_started)
        yield others


def _started() -> None:
    """Nothing: a writer's first task, whose import of this module readies it."""


def _write(
    others: ProcessPoolExecutor, folder: Path, source: Path, anchors: Anchors, organisations: int, seed: int
) -> _Tables:
    """The CSV files of the source backup and the synthetic layer, written by WRITERS processes at once
    (this one and `others`), each generating and writing its share of the synthetic layer's chunks."""
    arguments = (folder, source, anchors, organisations, seed)
    shares = [others.submit(_write_part, *arguments, part, WRITERS) for part in range(1, WRITERS)]
    written = _write_part(*arguments, 0, WRITERS)
    for share in shares:
        written += share.result()
    return _tables(folder, written)


def _failure(log: Path) -> str:
    """The admin tool's reason, from its output: the innermost cause of its error."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    causes = [line.split(": ", 2)[-1] for line in lines if line.startswith("Caused by: ")]
    errors = [line for line in lines if "rror" in line or "Exception" in line]
    return (causes or errors or lines or ["no output"])[-1][:500]


def _drop_store(neo4j: LocalNeo4j, database: str) -> None:
    """Remove what a failed import left of a database: Neo4j cannot start it, but creates it empty again."""
    for folder in ("databases", "transactions"):
        shutil.rmtree(neo4j.config.data_dir / folder / database, ignore_errors=True)


def import_files(neo4j: LocalNeo4j, database: str, files: _Tables) -> None:
    """Replace the (stopped) database by the CSV files, with the admin tool; its output goes to the
    `import.log` in Neo4j's logs. When it fails, the database is removed (Neo4j creates it empty again).

    The tool's heap is Neo4j's; its memory besides the heap is its default, most of the memory free (with
    less it links the relationships in more passes: at 1M nodes, 3g took 32 s where 5g took 27). Its JVM
    compiles with C2 alone (TOOL_JVM_FLAGS)."""
    config = neo4j.config
    if not DATABASE_NAME.fullmatch(database):
        raise OfflineSeedError(f"cannot import into a database named {database!r}")
    if {",", "="} & set(str(files.folder)):
        raise OfflineSeedError(f"the admin tool cannot read files from {files.folder}: its path holds , or =")
    conf = files.folder / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").write_text("")
    multiline = ",".join(map(str, files.multiline))
    command = [
        find_java(),
        f"-Xmx{config.heap}",
        *TOOL_JVM_FLAGS,
        "-cp",
        neo4j.classpath(),
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        "--id-type=actual",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--bad-tolerance=0",
        "--verbose",
        f"--report-file={files.folder / 'import.report'}",
        *(["--multiline-fields-format=v2", f"--multiline-fields={multiline}"] if multiline else []),
        *(f"--nodes={table}" for table in files.nodes),
        *(f"--relationships={table}" for table in files.relationships),
    ]
    log = config.neo4j_home / "logs" / "import.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "NEO4J_HOME": str(config.neo4j_home), "NEO4J_CONF": str(conf)}
    with log.open("wb") as output:
        done = subprocess.run(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment, cwd=files.folder, check=False
        )
    if done.returncode != 0:
        _drop_store(neo4j, database)
        raise OfflineSeedError(
            f"neo4j-admin database import failed (exit {done.returncode}): {_failure(log)} (log: {log});"
            f" the database {database} is left empty"
        )


async def _data_nodes(driver: AsyncDriver, database: str) -> int:
    """The nodes but the migration records."""
    records, _, _ = await driver.execute_query(
        f"RETURN COUNT {{ (n) WHERE NOT n:{migrations.LABEL} }} AS nodes", database_=database
    )
    nodes: int = records[0]["nodes"]
    return nodes


async def _counts(driver: AsyncDriver, database: str) -> backup.Counts:
    records, _, _ = await driver.execute_query(
        "RETURN COUNT { () } AS nodes, COUNT { ()-->() } AS relationships", database_=database
    )
    return backup.Counts(records[0]["nodes"], records[0]["relationships"])


async def _written_stopped(neo4j: LocalNeo4j, others: ProcessPoolExecutor, *written: Any) -> _Tables:
    """The CSV files (`_write`), written while Neo4j stops: a second or two sooner than one after the
    other."""
    files, stopped = await asyncio.gather(
        asyncio.to_thread(_write, others, *written), asyncio.to_thread(neo4j.stop), return_exceptions=True
    )
    for outcome in (files, stopped):
        if isinstance(outcome, BaseException):
            raise outcome
    assert isinstance(files, _Tables)
    return files


class _Steps:
    """The seconds of each step of a load, from its creation on."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


async def seed_offline(
    neo4j: LocalNeo4j, settings: Settings, network: Network, *, organisations: int, random_seed: int
) -> Seeded:
    """Seed the empty database of the running local Neo4j as `seed_graph` would (migrations applied first),
    loading the graph with the admin tool while Neo4j is stopped. `synthetic.seconds` counts, as
    `seed_graph`'s, from the source network seeded, and covers the whole load, step by step
    (`synthetic.steps`): the CSV files (the source read back, the synthetic layer generated and written),
    the import (Neo4j stopped, the admin tool), Neo4j's restart, the schema (the counts checked, the
    indexes built and online).

    OfflineSeedError, with nothing changed, when Neo4j is not running or its database holds anything but
    migration records (seed with `seed_graph` then); when the admin tool fails, the database is left empty.
    Indexes and constraints that no recorded migration creates are not kept.
    """
    database = settings.neo4j_database
    if settings.bolt_uri != neo4j.uri:
        raise OfflineSeedError(f"the settings reach {settings.bolt_uri}, not the local Neo4j at {neo4j.uri}")
    if not neo4j.status().running:
        raise OfflineSeedError(f"the local Neo4j in {neo4j.config.neo4j_home} is not running")
    anchors = Anchors.of(network)
    with tempfile.TemporaryDirectory(prefix="offline-seed-", dir=neo4j.config.neo4j_home) as temporary:
        folder = Path(temporary)
        async with open_driver(settings) as driver:
            held = await _data_nodes(driver, database)
            if held:
                raise OfflineSeedError(
                    f"the database {database} holds {held:,} nodes: seeding offline needs an empty one"
                )
            await migrations.apply(driver, database, settings.hub_schema_dir)
            seeded = await seed_graph(driver, database, network, organisations=0, random_seed=random_seed)
            if not organisations:
                return seeded
            steps = _Steps()
            with _writers() as others:
                source_file = folder / "source.jsonl"
                source = await backup.backup(driver, database, source_file)
                recorded = await migrations.applied(driver, database)  # the backup holds them
                await driver.close()
                written = (folder, source_file, anchors, organisations, random_seed)
                try:
                    files = await _written_stopped(neo4j, others, *written)
                    steps.done("CSV files")
                    await asyncio.to_thread(import_files, neo4j, database, files)
                    steps.done("import")
                finally:
                    await asyncio.to_thread(neo4j.start)
        steps.done("restart")
    synthetic = files.counts["synthetic"]
    expected = backup.Counts(source.nodes + synthetic.nodes, source.relationships + synthetic.relationships)
    async with open_driver(settings) as driver:
        found, _ = await asyncio.gather(
            _counts(driver, database),
            backup.create_schema(driver, database, settings.hub_schema_dir, recorded.keys()),
        )
    if found != expected:
        raise OfflineSeedError(
            f"the admin tool loaded {found.nodes:,} nodes and {found.relationships:,} relationships, "
            f"not {expected.nodes:,} and {expected.relationships:,}"
        )
    steps.done("schema")
    loaded = Loaded(synthetic.nodes, synthetic.relationships, sum(steps.seconds.values()), steps.seconds)
    return Seeded(seeded.source, seeded.synthetic_deleted, seeded.synthetic_kept, loaded)
