# yjaudit: two set-up commands on a fresh machine, `make run` and `make test`.
# Everything else here is a step they call, or a tool for developers.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.9.30
PY := $(VENV)/bin/python
MANAGE := $(PY) -m django
export DJANGO_SETTINGS_MODULE ?= yjaudit.config.settings.demo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets db demo lint typecheck bench clean browser-deps test-postgres

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Install the locked dependencies into .venv (the project itself is installed editable,
# which also puts the `yjaudit` console script in .venv/bin/). Bytecode is compiled here,
# once: where PYTHONDONTWRITEBYTECODE is set (containers often set it) Python otherwise
# compiles some 1,400 modules from source in every process, 3 s of CPU per `yjaudit`
# command (docs/reports.md, "Cold-process report time").
install: $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --quiet --compile-bytecode
	$(PY) -m compileall -q -j 0 src >/dev/null

# GOV.UK Frontend's built assets, fetched by pinned version and checksum (no Node needed).
assets: install
	$(PY) scripts/vendor_frontend.py

db: install
	$(MANAGE) migrate --noinput
	$(VENV)/bin/yjaudit frameworks load

demo: db
	$(MANAGE) seed_demo

# The web server with a Celery worker and beat beside it (scripts/run_local.py stops them
# together); jobs go through a folder under var/queue/ unless YJAUDIT_BROKER_URL says Redis.
run: assets demo
	$(PY) scripts/run_local.py $(HOST):$(PORT)

# Debian's Chromium for the browser tests (never a downloaded browser build).
browser-deps:
	@bash scripts/ensure_browser.sh

# Two workers (pytest-xdist) on this 2-core machine: each gets its own test database.
PYTEST_WORKERS ?= auto
# Extra pytest arguments, e.g. PYTEST_ARGS='-m "not slow"' (CI's second database pass).
PYTEST_ARGS ?=

# Tests always run the test settings (pyproject.toml names them; the environment must not
# override them with the demo settings exported above).
TEST_ENV := DJANGO_SETTINGS_MODULE=yjaudit.config.settings.test

test: assets browser-deps
	$(TEST_ENV) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	$(MAKE) --no-print-directory lint typecheck

# The same suite against PostgreSQL (CI runs both).
test-postgres: assets browser-deps
	$(TEST_ENV) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yjaudit} $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests scripts bench
	$(VENV)/bin/ruff format --check src tests scripts bench

typecheck: install
	$(VENV)/bin/mypy

bench: assets
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
