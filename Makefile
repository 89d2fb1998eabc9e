# Scrum App. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install e2e-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@PYTHON="$$(scripts/find-python.sh)" || exit 1; \
	  [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# Embedded default: SQLite file in the project folder, in-memory channel layer, demo data.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (log in with one of the demo logins above)"
	# One ASGI process serves pages, static files (whitenoise) and the /ws/ WebSockets.
	DEBUG=1 $(VENV)/bin/uvicorn scrum_app.asgi:application --host $(HOST) --port $(PORT) --reload --reload-dir .

# Runs on SQLite unless DATABASE_URL is set (postgres://… runs the PostgreSQL-only tests too).
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
