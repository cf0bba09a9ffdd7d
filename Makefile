# Two commands for a newcomer: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
PORT ?= 8000
# Links in emails and on screen point at the server `make run` starts, unless SITE_URL is set.
export SITE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# The first Python 3.12+ on this machine (Django 6.1 needs it): pyenv's, then the system's.
PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[23]*/bin/python3) python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)

.PHONY: run test check lint format bench bench-pages bench-pdf bench-load wrk assets browsers clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Coprod needs Python 3.12 or newer (Django 6.1 requires it)."; \
		echo "Install one (for example 'pyenv install 3.12') and run make again."; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# Chromium (for the browser tests) and pdftotext (for reading PDFs) come from Debian.
browsers:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
		echo "Installing Chromium and poppler-utils from Debian..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; fi

run: $(VENV)/.installed-run
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py loaddata framework case_studies practices
	DEBUG=true $(PY) manage.py seed_demo
	@# The task worker (round summaries) runs beside the server and stops when the server does.
	DEBUG=true $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed-dev
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

test: $(VENV)/.installed-dev browsers lint check
	$(BIN)/pytest

# wrk (the page benchmark's load tool) comes from Debian.
wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
		echo "Installing wrk from Debian..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; fi

# Benchmarks (bench/README.md): print figures and the aims met or missed; assert nothing.
# `make bench` runs the page benchmark, then the PDF ones. Pick sizes with
# `make bench BENCH_SIZES=10,1000`; each part also runs on its own (bench-pages, bench-pdf).
BENCH_SIZES ?= 10,1000,10000
bench: bench-pages bench-pdf

# Pages under load: gunicorn and wrk on a throwaway PostgreSQL database (coprod_bench_pages,
# dropped afterwards) at each size, and where the time goes on the slowest pages.
bench-pages: $(VENV)/.installed-dev wrk
	$(PY) -m bench.pages --sizes $(BENCH_SIZES) --profile

# Timings and memory of the PDF reports. Each run gets its own throwaway SQLite file, deleted
# afterwards, so neither the development database nor anyone else's is touched.
bench-pdf: $(VENV)/.installed-dev
	@db=$$(mktemp /tmp/coprod-bench-XXXXXX.sqlite3); trap 'rm -f "$$db"' EXIT; \
	export DEBUG=true DATABASE_URL="sqlite:///$$db"; \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py createcachetable && \
	$(PY) manage.py loaddata framework practices -v0 && \
	$(PY) manage.py seed_demo && \
	$(PY) -m bench.pdf_report && \
	$(PY) -m bench.round_summary

# 50 people at once for 2 minutes against gunicorn on PostgreSQL (coprod_bench_load, dropped
# afterwards): no errors, and every save the users were told of is in the database.
bench-load: $(VENV)/.installed-dev
	$(PY) -m bench.load

# Rebuilds static/css/coprod.css from assets-src/coprod.scss with GOV.UK Frontend (needs npm).
assets:
	cd assets-src && npm install --no-save --no-package-lock govuk-frontend@5.14.0 sass@1 >/dev/null && \
	npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
		--load-path=node_modules/govuk-frontend/dist coprod.scss ../static/css/coprod.css
	cp assets-src/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk-frontend/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
