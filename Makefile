# The two commands of the README: `make run` and `make test`. Everything else is a step they share.
PYTHON := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the local site links to (canonical and share links, calendar and feed addresses, JSON-LD):
# it follows HOST and PORT unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(HOST)
# Off, as in production: visitors get the site's own 404 and 500 pages; 500 tracebacks go to this terminal
# (README "The two commands").
DEBUG ?= 0
RUN_ENV := DEBUG='$(DEBUG)' SITE_URL='$(SITE_URL)' ALLOWED_HOSTS='$(ALLOWED_HOSTS)'
# Setup output (install, migrations, demo content) goes here, shown only when a step fails.
INSTALL_LOG := $(VENV)/install.log
AXE_CORE := node_modules/axe-core/axe.min.js
RUN_LOG := .run.log
QUIETLY := scripts/quietly

.PHONY: run test test-postgres messages bench axe-core screenshots clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(QUIETLY) $(INSTALL_LOG) "Creating the virtualenv" $(PYTHON) -m venv $(VENV)
	@echo "Installing the Python packages (output in $(INSTALL_LOG))…"
	@$(QUIETLY) $(INSTALL_LOG) "Upgrading pip" $(PY) -m pip install --upgrade pip
	@$(QUIETLY) $(INSTALL_LOG) "Installing the packages" $(PY) -m pip install -e ".[test]"
	@touch $@

# Set up (virtualenv, migrations, demo content, search documents, local editor login) quietly, print a
# short summary (address, editor login, where mail goes), then serve on http://$(HOST):$(PORT) with the
# task worker (mail, newsletters) running beside the server and stopped with it. Mail is printed by the
# worker to this terminal (or written to EMAIL_FILE_PATH when set). runserver --insecure serves static/
# itself with DEBUG off, straight from the folder, so edited CSS shows on reload.
run: $(VENV)/.installed
	@: >$(RUN_LOG)
	@echo "Preparing the database and the demo content (output in $(RUN_LOG))…"
	@$(RUN_ENV) $(QUIETLY) $(RUN_LOG) "Migrating the database" $(PY) manage.py migrate --noinput
	@$(RUN_ENV) $(QUIETLY) $(RUN_LOG) "Loading the demo content" $(PY) manage.py load_demo
	@$(RUN_ENV) $(QUIETLY) $(RUN_LOG) "Storing missing search documents" $(PY) manage.py refresh_search
	@$(RUN_ENV) $(QUIETLY) $(RUN_LOG) "Queueing unsent mail" $(PY) manage.py resume_sending
	@$(RUN_ENV) $(PY) manage.py local_admin
	@$(RUN_ENV) $(PY) manage.py db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver --insecure $(HOST):$(PORT)

# Translations: extract every marked string of every app and template into each language's .po files
# (makemessages; needs GNU gettext), then compile the .mo files in pure Python (polib). Translate the new
# entries in the .po files, run it again and commit both; tests/test_i18n.py fails on an untranslated or
# fuzzy entry and on a stale .mo file. `manage.py update_translations --compile-only` needs no gettext.
messages: $(VENV)/.installed
	$(PY) manage.py update_translations

# Set up and run the whole suite on the embedded default (SQLite, local files, local-memory cache). Where npm
# is installed, axe-core is fetched first, so the accessibility tests run too; the summary at the end names
# any tool that was missing, with the command that adds it (tests/conftest.py).
NPM ?= $(shell command -v npm 2>/dev/null)
test: $(VENV)/.installed $(if $(NPM),$(AXE_CORE))
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on the production stack: PostgreSQL and Redis on this machine (override the URLs to
# point elsewhere). pytest-django creates and drops the test database `test_<name>` itself.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fansite
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
test-postgres: $(VENV)/.installed
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility tests, from the npm registry into node_modules/ (kept out of git).
# Without it the browser accessibility tests skip (or fail under REQUIRE_BROWSER=1, as in CI), so a failed
# fetch (no network) does not stop `make test`: it is named in the test summary instead.
axe-core: $(AXE_CORE)
$(AXE_CORE):
	@echo "Fetching axe-core from the npm registry…"
	@$(QUIETLY) $(INSTALL_LOG) "Fetching axe-core (npm install axe-core@4)" \
		npm install --no-save --no-audit --no-fund --prefix . axe-core@4 \
		|| echo "!! Without axe-core the accessibility tests skip."

# Screenshots of every public page at 375 and 1280 px in each language into docs/screenshots/, and their table
# in the README (scripts/screenshots.py: a fresh demo database, runserver, Debian's Chromium).
screenshots: $(VENV)/.installed
	$(PY) scripts/screenshots.py

# Performance benchmark (not a test): 10,000 concerts, gunicorn, loopback load; writes bench/RESULTS.md
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache node_modules test-artifacts $(RUN_LOG)
