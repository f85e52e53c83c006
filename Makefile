# nXus: `make run` starts the server, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint fmt bench bench-load migrate migration clean test-fast conformance

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: reinstall only when the requirement files change.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The optional C list renderer (nxus/_native.c): rebuilt when its source changes.
# Without a C compiler nXus still runs; lists then render in Python only (slower).
$(VENV)/.native-built: nxus/_native.c tools/build_native.py | $(VENV)/.runtime-installed
	$(BIN)/python tools/build_native.py
	touch $@

migrate: $(VENV)/.runtime-installed $(VENV)/.native-built
	$(BIN)/flask --app app nxus db-upgrade

run: migrate
	PORT=$(PORT) $(BIN)/gunicorn --config config/gunicorn.conf.py app:app

test: $(VENV)/.dev-installed $(VENV)/.native-built
	bash tools/ensure_system_packages.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The inner loop: the whole suite but the real-browser and slow (live server, big data) tests.
test-fast: $(VENV)/.dev-installed $(VENV)/.native-built
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

# nXus against Intuit's schemas, samples, envelopes, WSDL and .qwc files (tests/conformance/),
# read from NXUS_REFERENCE_DIR; `make test` never needs them.
NXUS_REFERENCE_DIR ?= ../shared/reference
conformance: $(VENV)/.dev-installed $(VENV)/.native-built
	NXUS_REFERENCE_DIR="$(abspath $(NXUS_REFERENCE_DIR))" $(BIN)/python -m pytest tests/conformance $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy nxus/qbxml nxus/resources nxus/qbwc nxus/quickbooks

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Quick benchmarks (a few minutes): each prints its ratios against the target.
BENCH_QUICK := bench/api_latency.py bench/big_response.py bench/qbwc_exchange.py
# Load benchmarks on make-run hosts (minutes each; fleet.py makes its own PostgreSQL).
BENCH_LOAD := bench/concurrency.py bench/fleet.py

bench: $(VENV)/.dev-installed $(VENV)/.native-built
	for b in $(BENCH_QUICK); do $(BIN)/python $$b || exit 1; done

bench-load: $(VENV)/.dev-installed $(VENV)/.native-built
	for b in $(BENCH_LOAD); do $(BIN)/python $$b || exit 1; done

# The next Alembic revision from the models: make migration MESSAGE="what changed".
migration: $(VENV)/.dev-installed
	$(BIN)/python tools/new_migration.py "$(MESSAGE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache nxus/_native.*.so
