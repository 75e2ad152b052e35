# The two commands of the README: `make run` and `make test`. Everything else is a step they share.
PYTHON := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres messages bench axe-core clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Set up (virtualenv, migrations, demo content, local admin login) and serve on http://127.0.0.1:8000,
# with the task worker (mail, newsletters) running beside the server and stopped with it. Mail is printed
# by the worker to this terminal (or written to EMAIL_FILE_PATH when set).
run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py local_admin
	DEBUG=1 $(PY) manage.py resume_sending
	DEBUG=1 $(PY) manage.py db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Translations: extract every marked string of every app and template into each language's .po files
# (makemessages; needs GNU gettext), then compile the .mo files in pure Python (polib). Translate the new
# entries in the .po files, run it again and commit both; tests/test_i18n.py fails on an untranslated or
# fuzzy entry and on a stale .mo file. `manage.py update_translations --compile-only` needs no gettext.
messages: $(VENV)/.installed
	$(PY) manage.py update_translations

# Set up and run the whole suite on the embedded default (SQLite, local files, local-memory cache)
test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on the production stack: PostgreSQL and Redis on this machine (override the URLs to
# point elsewhere). pytest-django creates and drops the test database `test_<name>` itself.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fansite
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
test-postgres: $(VENV)/.installed
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility tests, from the npm registry into node_modules/ (kept out of git).
# Without it the browser accessibility tests skip (or fail under REQUIRE_BROWSER=1, as in CI).
AXE_CORE := node_modules/axe-core/axe.min.js
axe-core: $(AXE_CORE)
$(AXE_CORE):
	npm install --no-save --no-audit --no-fund --prefix . axe-core@4

# Performance benchmark (not a test): 10,000 concerts, gunicorn, loopback load; writes bench/RESULTS.md
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache node_modules test-artifacts
