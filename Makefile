# Exact versions of every dependency live in constraints.txt (ranges in pyproject.toml); refresh it with
#   .venv/bin/pip freeze --exclude-editable > constraints.txt
# Two commands on a fresh machine:  make run  (install + analyse the bundled example)  and  make test.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
EXAMPLE = examples/salt-and-stakes.txt

.PHONY: run test install dev lint typecheck bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

run: install
	@mkdir -p out
	$(BIN)/ficlens analyze $(EXAMPLE) -o out/salt-and-stakes.json

test: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/throughput.py

eval: install
	$(BIN)/ficlens eval all

clean:
	rm -rf out build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
