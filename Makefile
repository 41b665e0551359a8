# Quick start:  make run   (set up, then run the workflow on the bundled data)
#               make test  (set up, then run the test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 2

.PHONY: run test setup system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	@bash .ci/system-deps.sh

setup: system-deps $(STAMP)

run: system-deps $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/osteostats run --cores $(CORES)

test: system-deps $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest

bench: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python benchmarks/bench_tables.py

clean:
	rm -rf reports .snakemake
