# briefgen site: `make html` to build, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BRIEFGEN := $(BIN)/briefgen
PORT ?= 8000

.PHONY: html publish offline check test lint bench bench-extract clean serve devserver help

help:
	@echo "make html      build the site into output/ (sets up .venv on first run)"
	@echo "make test      install test dependencies and run the whole suite"
	@echo "make offline   build, plus a copy to read from disk in offline/ (open offline/index.html)"
	@echo "make publish SITEURL=https://...  build for deployment at that address"
	@echo "make check     check content, write nothing"
	@echo "make serve     serve output/ as it is on http://127.0.0.1:$(PORT)"
	@echo "make devserver rebuild on every change and serve"
	@echo "make bench     benchmark builds of 1000 and 5000 briefings (docs/performance.md)"
	@echo "make bench-extract  score HTML extraction against trafilatura and readability-lxml"
	@echo "make clean     remove output/ and build caches"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

html: $(STAMP)
	$(BRIEFGEN) build

# The site's absolute address: make publish SITEURL=https://example.org/briefings
SITEURL ?=
publish: $(STAMP)
	BRIEFGEN_SITEURL="$(SITEURL)" $(BRIEFGEN) build --settings publishconf.py

offline: $(STAMP)
	$(BRIEFGEN) build --offline offline

check: $(STAMP)
	$(BRIEFGEN) check

# axe-core for the browser tests, pinned by tests/browser/package-lock.json
# (git-ignored node_modules). Without npm the browser tests say why they skip.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped (fail when CI=true)"; fi

test: $(TEST_STAMP) $(AXE)
	$(BIN)/ruff check briefgen tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check briefgen tests
	$(BIN)/mypy

# e.g. make bench BENCH_ARGS="--sizes 1000 --work /dev/shm/briefgen-bench"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m briefgen.bench $(BENCH_ARGS)
	$(BIN)/python -m briefgen.bench.corrections

# Both sets of pages are looked for in shared/ beside the clone (extraction-dev,
# extraction-dev-2); e.g. make bench-extract BENCH_EXTRACT_ARGS="--news DIR --repeat 5"
BENCH_EXTRACT_ARGS ?=
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $@

bench-extract: $(BENCH_STAMP)
	$(BIN)/python -m briefgen.bench.extract $(BENCH_EXTRACT_ARGS)

# The built site as it is (make html first); make devserver rebuilds as you save.
serve: $(STAMP)
	$(BRIEFGEN) serve --port $(PORT)

devserver: $(STAMP)
	$(BRIEFGEN) devserver --port $(PORT)

clean:
	rm -rf output offline .briefgen .pytest_cache .mypy_cache .ruff_cache test-artifacts
