# The few targets people need. Each installs what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve worker test lint format install messages bench bench-search bench-search-quality lock clean

# Development settings (DEBUG, console e-mail); manage.py and the WSGI/ASGI entry points
# otherwise use the production settings. One start-up migrates when needed, loads the
# demo content, makes sure of an admin and serves (demo/devserver.py).
# `make test` takes pytest's setting from pyproject.toml.
run: export DJANGO_SETTINGS_MODULE = config.settings.dev
run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) -m demo.devserver 127.0.0.1:$(PORT)

# The production settings behind gunicorn (config/gunicorn.py), which need the production
# environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (README, .env.example).
serve: export DJANGO_SETTINGS_MODULE = config.settings.production
serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	PORT=$(PORT) $(VENV)/bin/gunicorn --config python:config.gunicorn config.wsgi

# The task worker beside `make serve`: search-index updates and e-mail.
worker: export DJANGO_SETTINGS_MODULE = config.settings.production
worker: install
	$(PY) manage.py db_worker

# The suite runs in one process per core (pytest-xdist), each with its own copy of a
# database migrated once (tests/databases.py); PYTEST_WORKERS=0 runs it in this process.
# Tests are handed out one by one, in the order pytest-django gives them (those that
# empty the database, as a live server's do, after those that need what migrations made),
# except that a module marked xdist_group stays in one process, which builds its shared
# content once.
# Compiled modules (and pytest's rewritten test modules) are kept between processes even
# where the environment says not to write them: each process compiled them anew, 5 s a
# process.
PYTEST_WORKERS ?= auto
test: export PYTHONDONTWRITEBYTECODE =
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The import contracts (.importlinter): layers between and inside the apps, no cycles.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every page at each size on PostgreSQL, in-process and through gunicorn (README,
# "Benchmarks"). BENCH_ARGS="--rebuild" builds the databases anew.
BENCH_SIZES ?= 1000 10000
bench: install
	$(PY) -m bench.run --sizes $(BENCH_SIZES) $(BENCH_ARGS)

# Site search alone, on DATABASE_URL or the SQLite file, in a rolled-back transaction.
bench-search: export DJANGO_SETTINGS_MODULE = config.settings.dev
bench-search: install
	$(PY) manage.py migrate --noinput
	$(PY) bench/search.py $(BENCH_PAGES)

# Site search quality (precision and recall at 10 over the quality set) on the SQLite
# file, then on PostgreSQL (SEARCH_QUALITY_POSTGRES), each in a rolled-back transaction.
SEARCH_QUALITY_POSTGRES ?= postgres://postgres@127.0.0.1:5432/portal_search_quality
bench-search-quality: export DJANGO_SETTINGS_MODULE = config.settings.dev
bench-search-quality: install
	env -u DATABASE_URL $(PY) manage.py migrate --noinput -v0
	env -u DATABASE_URL $(PY) bench/search_quality.py
	psql "$(dir $(SEARCH_QUALITY_POSTGRES))postgres" -qc \
		"CREATE DATABASE $(notdir $(SEARCH_QUALITY_POSTGRES))" 2>/dev/null || true
	DATABASE_URL=$(SEARCH_QUALITY_POSTGRES) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(SEARCH_QUALITY_POSTGRES) $(PY) bench/search_quality.py

# The catalogues (LOCALE_PATHS): nynorsk for the portal's texts, written in bokmål, and
# the portal's bokmål and nynorsk for Wagtail's admin (locale/admin). Compiled with Babel, which refuses a
# translation whose placeholders differ from the original's.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale/admin/*/LC_MESSAGES/*.po))

install: $(VENV)/.installed node_modules/.installed $(MESSAGES)

locale/%.mo: locale/%.po | $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -i $< -o $@

# The portal's new and changed texts into the nynorsk catalogue, to be translated there
# (Django's makemessages, with GNU gettext's xgettext); the test of the catalogue
# (tests/portal/test_nynorsk.py) names any text without its nynorsk. Wagtail's own
# templates, overridden in templates/wagtailadmin, keep Wagtail's texts and catalogues.
messages: | $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py makemessages -l nn \
		--no-obsolete --add-location=file $(MESSAGES_IGNORE)

MESSAGES_IGNORE := -i '.venv/*' -i 'node_modules/*' -i 'static/*' -i 'staticfiles/*' \
	-i 'media/*' -i 'tmp/*' -i 'tests/*' -i 'bench/*' -i 'templates/wagtailadmin/*'

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
