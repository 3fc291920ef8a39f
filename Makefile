# Mutualiser: `make run` serves the site, `make test` runs the whole suite.
# Works on a fresh machine with Python >= 3.11 and make; everything else is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
# Everything make starts is development: plain http on 127.0.0.1 and a key generated under
# var/. Production is the default elsewhere (docs/deploy.md).
export MUTUALISER_ENV ?= development

.PHONY: run test setup install messages migrate lint format bench chromium worker clean

run: setup ## Serve the French site with the demo region on http://127.0.0.1:$(PORT)
	@$(MANAGE) demo --if-empty
	@echo "Mutualiser: http://127.0.0.1:$(PORT)/fr/  (demo login shown on the home page)"
	MUTUALISER_DEMO=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup chromium ## Lint, then the whole suite (browser tests included)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(MANAGE) makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

setup: install messages migrate

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

messages: install ## Compile the French and English catalogues (pure Python, no gettext needed)
	@$(BIN)/python scripts/compile_messages.py

migrate: install
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) createcachetable

chromium: ## Debian's Chromium for the browser tests, installed with apt when missing
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing and cannot be installed (no root): browser tests will be skipped."; fi; \
	fi

worker: setup ## A background worker for the engine's tasks
	$(MANAGE) db_worker

bench: setup ## Benchmarks: print time and memory figures (locust for the load benches)
	@$(BIN)/python -c 'import locust' 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run_all.py

lint:
	$(BIN)/ruff check src tests bench scripts

format:
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

clean:
	rm -rf $(VENV) var
