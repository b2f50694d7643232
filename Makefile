# The two commands of the README: `make demo` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= var/demo

.PHONY: test demo lint typecheck pytest venv system-deps clean bench-deps

$(STAMP): pyproject.toml requirements.lock scripts/system-deps.sh scripts/debian-packages.txt
	bash scripts/system-deps.sh
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck pytest

demo: $(STAMP)
	$(BIN)/moneytrail demo --dir $(DEMO_DIR)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# The detection baseline (IBM snapml, proprietary licence): for benchmarks/detect_vs_gfp.py only.
bench-deps: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps snapml==1.17.2
