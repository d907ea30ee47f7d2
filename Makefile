# Quick start: `make run` opens the wizard, `make test` runs every test. Both set up .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench precompile clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/mou-wizard

test: $(STAMP)
	$(BIN)/python -m pytest -n 0

lint: $(STAMP)
	$(BIN)/mou-wizard clauses lint

bench: $(STAMP)
	$(BIN)/python benchmarks/all.py

# After changing prompts/, clause_library/ or templates/: the content precompiled for the package.
precompile: $(STAMP)
	$(BIN)/python tools/precompile_content.py

clean:
	rm -rf $(VENV) .pytest_cache
