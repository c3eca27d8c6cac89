# The two commands of the README: `make site` and `make test`. Each sets up what it needs.
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

check: $(BIN)/wiki  ## Report every problem in entities/
	$(BIN)/wiki check

lint: $(BIN)/pytest
	$(BIN)/ruff check generator tests benchmarks

$(BIN)/wiki: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/pytest: pyproject.toml $(BIN)/wiki
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:  # and unzip, an independent reader of the offline archive for its test
	@command -v chromium >/dev/null && command -v unzip >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium unzip; }
