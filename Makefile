# Sumut Mitra: `make run` brings the whole portal up, `make test` runs the whole suite.
# Both do every set-up step first (virtualenv, pip, npm, translations, services, database).

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Local development runs with DEBUG on (console e-mail, no HTTPS redirect). Other settings:
# .env (read by the settings, see .env.example).
export DJANGO_DEBUG ?= true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install messages services services-down setup run test lint format \
        test-tools update-messages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## Python and front-end packages

messages: install ## Compile the translation catalogues
	@$(PY) manage.py compile_catalogues

update-messages: install ## Extract new strings into locale/id (needs GNU gettext)
	$(PY) manage.py update_messages

services: install ## Make sure PostgreSQL and Redis answer (starts project-local ones if not)
	@$(PY) scripts/devservices.py up

services-down: ## Stop project-local PostgreSQL and Redis started by `make services`
	@$(PY) scripts/devservices.py down

setup: install messages services ## Everything `make run` needs, without running it
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py seed_demo

run: setup ## Web + Celery worker + Celery beat on http://127.0.0.1:8000 (Ctrl+C stops all)
	@echo
	@echo "  Sumut Mitra: http://127.0.0.1:8000/   (admin: http://127.0.0.1:8000/admin/)"
	@echo "  Demo log-ins (password: $${DEMO_PASSWORD:-sumutmitra-demo}):"
	@echo "    admin@sumutmitra.test   superuser      warga@sumutmitra.test   resident"
	@echo "  E-mails (sign-up links, password resets) are printed in this terminal."
	@echo
	@$(VENV)/bin/honcho -f Procfile.dev start

test-tools: ## Chromium and GNU gettext for the tests (installed with apt-get when missing)
	@scripts/ensure-test-tools.sh

test: install messages services test-tools lint ## The whole suite: lint, unit, integration, browser
	$(VENV)/bin/pytest -n 3

bench: install messages services ## Benchmark every page beside the floor (needs seed_scale data; see README)
	@bench/ensure-wrk.sh
	$(PY) -m bench.run $(BENCH_ARGS)

lint: install ## ruff (lint and formatting), import-linter (the apps' import order)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: services-down ## Remove local state: virtualenv, node_modules, var/
	rm -rf $(VENV) node_modules var
