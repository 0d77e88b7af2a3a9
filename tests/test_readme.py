"""The README tells the truth: every `curl` example runs against a hub on the seeded graph (answering what the
JSON block after it shows, where there is one), every JSON example is JSON, and the Python example runs."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from graphql import parse, validate
from neo4j import AsyncDriver

from hub.config import ROOT, Settings
from hub.graphql.schema import schema
from tests.served import serving

README = (ROOT / "README.md").read_text()
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
HUB = "http://127.0.0.1:8000"


@dataclass
class Block:
    language: str
    text: str
    answer: str | None = None
    """The JSON block right after it, if any: what its last command answers."""


@dataclass
class Curl:
    """A `curl` command line, as far as the README uses curl's options."""

    url: str = ""
    get: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    data: list[str] = field(default_factory=list)
    encoded: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def parse(cls, argv: list[str]) -> Curl:
        curl, arguments = cls(), iter(argv[1:])
        for argument in arguments:
            if argument in ("-s", "--silent"):
                continue
            if argument in ("-G", "--get"):
                curl.get = True
            elif argument in ("-H", "--header"):
                name, _, value = next(arguments).partition(":")
                curl.headers[name.strip()] = value.strip()
            elif argument in ("-d", "--data"):
                curl.data.append(next(arguments))
            elif argument == "--data-urlencode":
                name, _, value = next(arguments).partition("=")
                curl.encoded.append((name, value))
            elif argument in ("-o", "--output"):
                next(arguments)
            elif argument.startswith("http"):
                curl.url = argument
            else:
                raise AssertionError(f"curl option {argument!r} is not one tests/test_readme.py knows")
        return curl

    def request(self, base: str) -> httpx.Response:
        url = base + self.url.removeprefix(HUB)
        if self.get or not self.data:
            return httpx.get(url, params=self.encoded, headers=self.headers, timeout=60)
        return httpx.post(url, content="&".join(self.data).encode(), headers=self.headers, timeout=60)


def blocks() -> list[Block]:
    """The README's fenced blocks in order, a JSON block right after another one given to it as its answer."""
    found: list[Block] = []
    previous_end = -1
    for match in FENCE.finditer(README):
        block = Block(match[1], match[2])
        if block.language == "json" and found and README[previous_end : match.start()].strip() == "":
            found[-1].answer = block.text
        found.append(block)
        previous_end = match.end()
    return found


def commands(text: str) -> Iterator[list[str]]:
    """The shell commands of a block: continued lines joined, quoted line breaks kept."""
    pending = ""
    for line in text.replace("\\\n", " ").splitlines():
        pending = f"{pending}\n{line}" if pending else line
        if pending.count("'") % 2 == 0:
            yield shlex.split(pending, comments=True)
            pending = ""


CURLS = [
    (Curl.parse(argv), block.answer if index == len(argvs) - 1 else None)
    for block in blocks()
    if block.language == "sh"
    for argvs in [[argv for argv in commands(block.text) if argv and argv[0] == "curl"]]
    for index, argv in enumerate(argvs)
]


def test_the_readme_has_examples_to_run() -> None:
    assert len(CURLS) >= 5
    assert sum(answer is not None for _, answer in CURLS) >= 2


@pytest.mark.parametrize(("curl", "answer"), CURLS, ids=[curl.url for curl, _ in CURLS])
def test_every_curl_example_answers_as_shown(
    seeded: AsyncDriver, settings: Settings, curl: Curl, answer: str | None
) -> None:
    with serving(settings) as base:
        response = curl.request(base)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/json"):
        assert "errors" not in response.json()
    if answer is not None:
        assert response.json() == json.loads(answer)


def test_every_json_example_is_json() -> None:
    for block in blocks():
        if block.language == "json":
            json.loads(block.text)


def test_the_python_example_runs(seeded: AsyncDriver, settings: Settings) -> None:
    (example,) = [block.text for block in blocks() if block.language == "python"]
    with serving(settings) as base:
        done = subprocess.run(
            [sys.executable, "-c", example.replace(HUB, base)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 10  # a line per project


def test_every_graphql_example_is_valid_against_the_schema() -> None:
    examples = [block.text for block in blocks() if block.language == "graphql"]
    assert examples
    for text in examples:
        assert not validate(schema._schema, parse(text)), text
