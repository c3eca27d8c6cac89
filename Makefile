# The README's commands: `make check` (a contributor's set-up), `make site` and `make test`.
# Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check chromium lint

site: $(BIN)/wiki  ## Generate the pages and build the site into site/
	$(BIN)/wiki build

test: $(BIN)/pytest chromium  ## Run every test, the browser tests included
	$(BIN)/python -m pytest

serve: $(BIN)/wiki  ## Live preview at http://127.0.0.1:8000/
	$(BIN)/wiki serve

# What editing needs, no more: the wiki command and pre-commit, whose hook then checks
# each commit that touches entities/. Not the test tools.
check: $(BIN)/pre-commit  ## Set up for editing, then report every problem in entities/
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/pre-commit install || echo "The pre-commit hook was not installed; run the checks with make check."; fi
	$(BIN)/wiki check

lint: $(BIN)/pytest
	$(BIN)/ruff check generator tests benchmarks

$(BIN)/wiki: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/pre-commit: pyproject.toml $(BIN)/wiki
	$(BIN)/pip install --quiet -e '.[edit]'
	touch $@

$(BIN)/pytest: pyproject.toml $(BIN)/wiki
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:  # and unzip, an independent reader of the offline archive for its test
	@command -v chromium >/dev/null && command -v unzip >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium unzip; }
