# The few targets people need. Each installs what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint format install bench bench-search lock clean

# Development settings (DEBUG, console e-mail) for the server and its setup commands;
# manage.py and the WSGI/ASGI entry points otherwise use the production settings.
# `make test` takes pytest's setting from pyproject.toml.
run: export DJANGO_SETTINGS_MODULE = portal.settings.dev
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every page at each size on PostgreSQL, in-process and through gunicorn (README,
# "Benchmarks"). BENCH_ARGS="--rebuild" builds the databases anew.
BENCH_SIZES ?= 1000 10000
bench: install
	$(PY) -m bench.run --sizes $(BENCH_SIZES) $(BENCH_ARGS)

# Site search alone, on DATABASE_URL or the SQLite file, in a rolled-back transaction.
bench-search: export DJANGO_SETTINGS_MODULE = portal.settings.dev
bench-search: install
	$(PY) manage.py migrate --noinput
	$(PY) bench/search.py $(BENCH_PAGES)

install: $(VENV)/.installed node_modules/.installed

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev --output-file requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles tmp
