# SPDX-License-Identifier: EUPL-1.2
# Balai developer commands. Two matter on a fresh machine: `make demo` and `make test`.
# Everything runs from .venv, installed from the locks (the same versions everywhere):
# requirements.lock holds what production runs, requirements-dev.lock adds the tools
# (pytest, Playwright, the Open311 test clients, ruff, mypy, pre-commit), and
# requirements-train.lock PyTorch (CPU), for fine-tuning the sentiment model only (the
# suite's fine-tuning tests; `make demo` does not install it).

PORT ?= 8000
PYTHON ?= python3
VENV = .venv
BIN = $(VENV)/bin
BALAI = $(BIN)/balai
STAMP = $(VENV)/.installed
PYTEST_ARGS ?=
# pytest-xdist workers: one per core (PYTEST_WORKERS=0 runs in one process).
PYTEST_WORKERS ?= auto
LOCK_ARGS ?=
PG_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/balai_ci

# Python keeps the compiled bytecode of Balai's own modules (and pytest the rewritten
# tests) even where the machine sets PYTHONDONTWRITEBYTECODE: without it every process
# of a test run (xdist workers, subprocesses, gunicorn) compiles ~700 modules again,
# about a third of its start-up (docs/development.md).
export PYTHONDONTWRITEBYTECODE :=

PIP = $(BIN)/python -m pip --disable-pip-version-check --no-input --quiet
BALAI_ENV_TEST = env -u BALAI_DATABASE_URL BALAI_ENV=test

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

.PHONY: help install demo test test-pg pg-check bench bench-full lint fmt lock messages schema \
	schema-check typecheck check-deploy loadtest prod-check clean

help:
	@echo "make demo        install, migrate, load regions and demo data, serve on 127.0.0.1:$(PORT)"
	@echo "make test        ruff, then mypy beside the whole pytest suite on SQLite (xdist)"
	@echo "make test-pg     the same suite on PostgreSQL ($(PG_DATABASE_URL))"
	@echo "make bench       run the benchmarks in bench/ and print a table (< 15 min)"
	@echo "make bench-full  also the long ones: 1M-row import, linkage, backup (~1 h)"
	@echo "make loadtest    locust, mixed traffic, 60 s against gunicorn + PostgreSQL"
	@echo "make lint | fmt  check | fix style with ruff"
	@echo "make typecheck   mypy with the Django and DRF stubs"
	@echo "make lock        regenerate requirements.lock and requirements-dev.lock with uv (LOCK_ARGS=--upgrade)"
	@echo "make messages    update and compile the id/en translation catalogues"
	@echo "make schema      rebuild docs/api/openapi.yaml (schema-check: fail on a diff)"
	@echo "make check-deploy  balai check --deploy with production settings"
	@echo "make prod-check  start the production topology here and test it (< 3 min)"
	@echo "make clean       remove .venv and caches (var/ with your data stays)"

# --- environment -----------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when a lock or the project metadata change. Production installs
# requirements.lock alone (docs/operations.md); developers and CI get both, and the
# suite (make test, test-pg) PyTorch too, which only fine-tuning needs: the demo and
# production classify with numpy and never install it.
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP) install -r requirements.lock -r requirements-dev.lock
	$(PIP) install --no-deps -e .
	touch $@

TRAIN_STAMP = $(VENV)/.installed-train
$(TRAIN_STAMP): requirements-train.lock $(STAMP)
	$(PIP) install -r requirements-train.lock
	touch $@

install: $(STAMP) $(TRAIN_STAMP)

# --- run -------------------------------------------------------------------------------

# The demo behaves as a citizen would meet it: the designed error pages (no debug
# pages) and links in documents and messages on the demo's own address.
DEMO_ENV = BALAI_DEBUG=$${BALAI_DEBUG:-false} \
	BALAI_PUBLIC_BASE_URL=$${BALAI_PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}

demo: $(STAMP)
	$(BALAI) migrate --no-input
	$(BALAI) load_regions
	$(DEMO_ENV) $(BALAI) demo --port $(PORT)
	$(DEMO_ENV) $(BALAI) runserver 127.0.0.1:$(PORT)

# --- checks ----------------------------------------------------------------------------

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# mypy with django-stubs and the DRF stubs ([tool.mypy] in pyproject.toml).
typecheck: $(STAMP) $(TRAIN_STAMP)
	$(BALAI_ENV_TEST) $(BIN)/mypy

# mypy runs beside pytest rather than before it: it is one process on one core
# while pytest's workers start and collect (a cold cache: ≈ 28 s with a core idle).
# Its report is printed when both are done; either failing fails the target.
test: lint $(TRAIN_STAMP)
	@status=0; \
	$(BALAI_ENV_TEST) $(BIN)/mypy > $(VENV)/mypy.out 2>&1 & mypy_pid=$$!; \
	$(BALAI_ENV_TEST) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || status=$$?; \
	mypy_status=0; wait $$mypy_pid || mypy_status=$$?; \
	echo "mypy:"; cat $(VENV)/mypy.out; \
	if [ $$mypy_status -ne 0 ]; then echo "mypy failed"; exit $$mypy_status; fi; \
	exit $$status

# pytest-django creates (and drops) its own database test_<name> on this server.
define PG_CHECK
import sys, urllib.parse
import psycopg
url = urllib.parse.urlsplit(sys.argv[1])
where = f"{url.hostname}:{url.port or 5432}"
try:
    psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username,
        password=url.password, dbname="postgres", connect_timeout=5,
    ).close()
except psycopg.Error as exc:
    sys.exit(
        f"\nERROR: PostgreSQL is not reachable at {where} as {url.username!r}: {exc}\n"
        "Start it (e.g. pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) "
        "main start) or set PG_DATABASE_URL. make test-pg never skips.\n"
    )
print(f"PostgreSQL reachable at {where}")
endef
export PG_CHECK

pg-check: $(STAMP)
	@$(BIN)/python -c "$$PG_CHECK" "$(PG_DATABASE_URL)"

test-pg: lint pg-check $(TRAIN_STAMP)
	BALAI_ENV=test BALAI_DATABASE_URL=$(PG_DATABASE_URL) $(BIN)/pytest \
		-n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# A production configuration with throwaway values (secret, host, gateways):
# `check --deploy` must pass with zero warnings.
check-deploy: $(STAMP)
	tmp=$$(mktemp -d) && $(BIN)/python -m balai.security.crypto.init $$tmp/keyring.json \
	&& BALAI_KEYRING_FILE=$$tmp/keyring.json \
	BALAI_ENV=production BALAI_ALLOWED_HOSTS=balai.example.go.id \
	BALAI_SMS_GATEWAY_URL=https://sms.example.go.id/send \
	BALAI_WHATSAPP_GATEWAY_URL=https://wa.example.go.id/send \
	BALAI_PUBLIC_BASE_URL=https://balai.example.go.id \
	BALAI_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	$(BALAI) check --deploy --fail-level WARNING

# The production topology on this machine (tests/prod, docs/operations.md): gunicorn,
# PostgreSQL ($(PG_DATABASE_URL)'s server), Redis on 127.0.0.1:6379, two workers, a
# local S3 server (moto), production settings from the environment only.
prod-check: pg-check
	BALAI_ENV=test PG_DATABASE_URL=$(PG_DATABASE_URL) $(BIN)/pytest -m prod -n 0 \
		-p no:randomly tests/prod $(PYTEST_ARGS)

bench: $(STAMP)
	BALAI_ENV=test $(BIN)/python bench/run.py

bench-full: $(STAMP)
	BALAI_ENV=test $(BIN)/python bench/run.py --full

# Mixed traffic (citizens, PWA, Open311, exchange API, officers) against gunicorn with
# production settings on PostgreSQL (bench/loadtest/run.py; docs/performance.md).
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest/run.py

# --- maintenance -----------------------------------------------------------------------

$(BIN)/uv: | $(BIN)/python
	$(PIP) install uv

# The development lock first (runtime + test extra, so both resolve together); the
# runtime lock then takes the same pins for the runtime packages only.
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra spark -o requirements-dev.lock \
		--python-version 3.11 $(LOCK_ARGS)
	$(BIN)/uv pip compile pyproject.toml -c requirements-dev.lock \
		-o requirements.lock --python-version 3.11 $(LOCK_ARGS)

# Run from src/balai so the catalogue lands in src/balai/locale; var/ stays at the root.
messages: $(STAMP)
	cd src/balai && BALAI_VAR_DIR=$(CURDIR)/var $(CURDIR)/$(BALAI) makemessages \
		-l id -l en --ignore=tests
	cd src/balai && BALAI_VAR_DIR=$(CURDIR)/var $(CURDIR)/$(BALAI) compilemessages

schema: $(STAMP)
	mkdir -p docs/api
	$(BALAI_ENV_TEST) $(BALAI) spectacular --validate --fail-on-warn \
		--file docs/api/openapi.yaml

# Fails when the API differs from the committed schema (run by .ci/run and pre-commit).
schema-check: $(STAMP)
	@tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT \
	&& $(BALAI_ENV_TEST) $(BALAI) spectacular --validate --fail-on-warn --file "$$tmp" \
	&& if ! diff -u docs/api/openapi.yaml "$$tmp"; then \
		echo "docs/api/openapi.yaml differs from the API: run make schema, commit it" >&2; \
		exit 1; \
	fi && echo "docs/api/openapi.yaml matches the API"

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache src/*.egg-info
	find src bench -name __pycache__ -type d -prune -exec rm -rf {} +
