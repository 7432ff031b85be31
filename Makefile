# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint bench clean
.DELETE_ON_ERROR:

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)            ## build the example site and serve it on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)            ## build the example site into site/
	$(BIN)/mkdocs build --strict

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests (axe-core) will be skipped"; fi

test: $(STAMP) node_modules/.installed  ## the whole test suite, then the linters
	$(BIN)/pytest
	$(MAKE) --no-print-directory lint

lint: $(STAMP)             ## ruff, mypy, and the layer rule (import-linter)
	$(BIN)/ruff check plugins tests hooks.py benchmarks
	$(BIN)/mypy
	cd plugins && ../$(BIN)/lint-imports --config ../pyproject.toml

bench: $(STAMP)            ## synthetic archives of 1,000 and 8,000 meetings (takes minutes)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf site .bench .pytest_cache .mypy_cache .ruff_cache
