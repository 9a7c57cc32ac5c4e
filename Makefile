# Buurtwerk: `make run` and `make test` do all set-up on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium
PGBOUNCER ?= /usr/sbin/pgbouncer
# make test-pgbouncer: the PostgreSQL server behind PgBouncer, and the
# database name whose test_ database the run creates there.
PGBOUNCER_SERVER ?= 127.0.0.1:5432
PGBOUNCER_DATABASE ?= buurtwerk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The lock files, made from pyproject.toml by `make lock` or `make upgrade`:
# base.txt is what production needs, dev.txt adds the test and lint tools.
LOCK_BASE := requirements/base.txt
LOCK_DEV := requirements/dev.txt
# uv only writes the lock files; installing needs nothing but pip.
UV_VERSION ?= 0.13.9
UV := $(VENV)/lock-tool/bin/uv
UV_COMPILE := $(UV) pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock'

.PHONY: help install lock upgrade run test test-dates test-pgbouncer browser pgbouncer lint fmt messages migrations-check stop-db fault-test

help:
	@echo "make run    - install, migrate, load demo data, serve on http://$(HOST_PORT)"
	@echo "make test   - run the whole test suite"
	@echo "make test-dates - the date-sensitive tests at many instants over a year"
	@echo "make test-pgbouncer - the whole suite through PgBouncer in transaction mode ($(PGBOUNCER_SERVER))"
	@echo "make lint   - ruff, import direction, formatting, migrations and template checks"
	@echo "make fmt    - format Python and templates"
	@echo "make messages - update and compile the Dutch translations (locale/nl)"
	@echo "make stop-db - stop the embedded PostgreSQL server"
	@echo "make lock   - update the lock files in requirements/ after a change to pyproject.toml"
	@echo "make upgrade - the same, upgrading every pin to the newest release pyproject.toml allows"
	@echo "make fault-test - kill a gunicorn worker and the database under load; nothing may be lost"

install: $(INSTALLED)

$(INSTALLED): $(LOCK_DEV)
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Buurtwerk needs Python 3.11 or newer, but $(PYTHON) is %d.%d: run make with PYTHON=python3.11 (or newer)." % v[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK_DEV)
	@touch $@

# dev.txt is resolved first; base.txt takes the same versions, so production
# runs what the tests ran. `lock` keeps every pin that still fits pyproject.toml.
lock upgrade:
	@$(UV) --version 2>/dev/null | grep -qx 'uv $(UV_VERSION)\( .*\)\?' || { \
		$(PYTHON) -m venv $(VENV)/lock-tool && \
		$(VENV)/lock-tool/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV_COMPILE) --extra dev $(if $(filter upgrade,$@),--upgrade) -o $(LOCK_DEV)
	$(UV_COMPILE) --constraint $(LOCK_DEV) -o $(LOCK_BASE)

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

# The whole suite through Debian's PgBouncer in transaction mode, started on
# a free loopback port in front of the PostgreSQL server at PGBOUNCER_SERVER
# and stopped at the end (tests/through_pgbouncer.py).
test-pgbouncer: install browser pgbouncer
	$(BIN)/python tests/through_pgbouncer.py --pgbouncer $(PGBOUNCER) \
		--server $(PGBOUNCER_SERVER) --database $(PGBOUNCER_DATABASE)

pgbouncer:
	@if [ ! -x $(PGBOUNCER) ]; then \
		if command -v apt-get >/dev/null; then \
			echo "Installing Debian's pgbouncer for make test-pgbouncer"; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; \
		else \
			echo "No $(PGBOUNCER) and no apt-get: install PgBouncer for make test-pgbouncer."; \
			exit 1; \
		fi; \
	fi

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
	$(BIN)/lint-imports --no-cache
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

# Loopback only, under two minutes: gunicorn on a copy of the small demo, 10
# simulated workers logging conversations and door knocks while a gunicorn
# worker and then PostgreSQL are killed; fails on any lost or doubled record.
fault-test: install
	$(BIN)/python tests/fault/run.py
