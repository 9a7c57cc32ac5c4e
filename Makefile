# Buurtwerk: `make run` and `make test` do all set-up on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install run test test-dates browser lint fmt messages migrations-check stop-db

help:
	@echo "make run    - install, migrate, load demo data, serve on http://$(HOST_PORT)"
	@echo "make test   - run the whole test suite"
	@echo "make test-dates - the date-sensitive tests at many instants over a year"
	@echo "make lint   - ruff, formatting, migrations and template checks"
	@echo "make fmt    - format Python and templates"
	@echo "make messages - update and compile the Dutch translations (locale/nl)"
	@echo "make stop-db - stop the embedded PostgreSQL server"

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Buurtwerk needs Python 3.11 or newer, but $(PYTHON) is %d.%d: run make with PYTHON=python3.11 (or newer)." % v[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	@touch $@

run: install
	$(MANAGE) ensure_database
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --scale small --if-empty
	$(MANAGE) runserver $(HOST_PORT)

test: install browser
	$(BIN)/pytest

# The date-sensitive tests with the clock at many instants: DST, year, leap day, midnight.
test-dates: install
	$(BIN)/python tests/date_sweep.py

# The browser tests drive Debian's chromium package; never a downloaded browser.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "No $(CHROMIUM) and no apt-get: the browser tests will be skipped."; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/djlint templates --lint

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

# After changing user-facing text: update locale/nl, translate, then compile.
messages: install
	$(MANAGE) makemessages -l nl --ignore=.venv --ignore=tests --ignore=var --no-obsolete
	$(MANAGE) compilemessages -l nl --ignore=.venv

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

stop-db: install
	$(MANAGE) embedded_db stop
