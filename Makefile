# `make run` and `make test` do all set-up on a fresh machine: venv, dependencies, Neo4j jars.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup neo4j-jars graphiql redis browser wrk bench-deps bench bench-quick bench-workers bench-floor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) neo4j-jars graphiql

neo4j-jars: $(STAMP)
	$(BIN)/hub neo4j resolve

graphiql: $(STAMP)  # GraphiQL's files from npm, for the page served in development
	$(BIN)/hub graphiql install

run: setup
	$(BIN)/hub serve

test: setup redis browser
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check hub tests bench
	$(BIN)/ruff format --check hub tests bench
	$(BIN)/mypy hub
	$(BIN)/hub queries check

redis:  # the tests start their own from Debian's package (tests/redis_server.py)
	@command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq redis-server)

browser:  # Debian's headless Chromium and its driver, for tests/test_graphiql_browser.py
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-driver)

wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench-deps: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'

bench: setup wrk bench-deps
	$(BIN)/python -m bench.run

bench-quick: setup wrk bench-deps
	$(BIN)/python -m bench.run --quick

bench-workers: setup wrk bench-deps
	$(BIN)/python -m bench.workers

bench-floor: setup wrk bench-deps  # hub CPU against Neo4j CPU per request (issue 16)
	$(BIN)/python -m bench.floor

clean:
	rm -rf $(VENV) .hub .pytest_cache .mypy_cache .ruff_cache
