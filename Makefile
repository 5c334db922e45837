# Exact versions of every dependency live in constraints.txt (ranges in pyproject.toml); refresh it with
#   .venv/bin/pip freeze --exclude-editable > constraints.txt
# Two commands on a fresh machine:  make run  (install + analyse the bundled example)  and  make test.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
EXAMPLE = examples/salt-and-stakes.txt

.PHONY: run test install dev browser screenshots lint typecheck bench eval clean calibre fuzz

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

# The browser tests drive Debian's chromium. Install it when it is missing and we may (root with apt, as in CI);
# never fail here: without a browser those tests skip and say why.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$FICLENS_CHROMIUM" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing chromium for the browser tests (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	    || echo "make: could not install chromium; the browser tests will be skipped"; \
	else echo "make: no chromium and no root to install it; the browser tests will be skipped"; fi

test: dev browser calibre
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The README's pictures: the browser tests write their screenshots into docs/img.
screenshots: dev browser
	FICLENS_SCREENSHOTS=docs/img $(BIN)/python -m pytest -q -m browser

# Calibre's calibredb for the Calibre tests: installed with apt-get when it is missing and the machine allows it
# (root, Debian/Ubuntu); otherwise those tests skip and say why. Never fails the build.
calibre:
	@command -v calibredb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  echo "installing Calibre (apt-get) for the Calibre tests..." && \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq calibre >/dev/null 2>&1 || \
	   { apt-get update -qq >/dev/null 2>&1 && \
	     DEBIAN_FRONTEND=noninteractive apt-get install -y -qq calibre >/dev/null 2>&1; }); } || \
	  echo "Calibre is not installed (no root or no apt-get): the Calibre tests will skip"

# Long property-based fuzzing of the text pipeline and every reader (make test runs a short profile).
fuzz: dev
	FICLENS_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py -p no:cacheprovider

lint: dev
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/throughput.py

bench-scaling: install
	$(BIN)/python bench/scaling.py

bench-batch: install
	$(BIN)/python bench/batch.py

eval: install
	$(BIN)/ficlens eval all

clean:
	rm -rf out build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
