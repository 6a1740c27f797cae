# The two commands an operator needs: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format bench messages clean

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

## Create the virtualenv, migrate SQLite, load the 2004 thread once, serve it with a
## task worker beside it (emails print here). Ctrl-C stops both.
run: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py loadthread
	DJANGO_DEBUG=1 $(BIN)/python manage.py run_huey --workers 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Production-style: gunicorn with DEBUG off and collected, compressed static files,
## and the task workers.
serve: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py loadthread
	$(BIN)/python manage.py run_huey & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(BIN)/gunicorn -c forum/gunicorn.conf.py --bind $(HOST):$(PORT)

## Lint, check migrations and settings, and run the test suite.
test: lint $(BIN)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/pytest

## Load-test with wrk against gunicorn on PostgreSQL and Redis; prints the README table.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/forum_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
bench: $(BIN)/.installed
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install wrk"; exit 1; }
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	  DJANGO_STATIC_ROOT=$(CURDIR)/staticfiles-bench \
	  $(BIN)/python manage.py benchmark
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	  $(BIN)/python manage.py bench_rules

## After changing any string the interface shows: collect the strings into the
## Korean catalogue (translate what is new there), then compile it.
messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l ko --no-location --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore='staticfiles*' --ignore=tests \
	  --ignore=test-artifacts
	$(BIN)/python manage.py compilemessages -l ko --ignore=.venv --ignore=node_modules

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles staticfiles-bench test-artifacts
