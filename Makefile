# district-briefs: `make` lists the targets. Every target that runs code installs first.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-from-pyproject
COMPILED_VENV ?= .venv-compiled
COMPILED_INSTALLED := $(COMPILED_VENV)/.installed-compiled
# Every source the compiled build is made from: it rebuilds when one changes.
PACKAGE_SOURCES := pyproject.toml setup.py $(shell find src/helpers -type f ! -path '*/__pycache__/*')
CORPUS ?= seeds
OUT ?= outputs
NBVAL_SANITIZE_CFG := notebooks/nbval_sanitize.cfg
NBVAL_SANITIZE := $(if $(wildcard $(NBVAL_SANITIZE_CFG)),--nbval-sanitize-with $(NBVAL_SANITIZE_CFG))
PYTEST := $(BIN)/pytest -p no:cacheprovider

.PHONY: help install compiled briefs facts test test-fast test-compiled lint typecheck format refresh-notebooks bench clean

help: ## List the targets
	@echo "usage: make TARGET   (a fresh machine needs only Python 3.11 and pip)"
	@grep -E '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  %-18s %s\n", $$1, $$2}'

install: $(INSTALLED) ## Create .venv and install the project with its lab and test extras

# Re-installs only when pyproject.toml is newer than the stamp.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[lab,test]'
	touch $@

compiled: $(COMPILED_INSTALLED) ## Install the project with its extractor compiled by mypyc in .venv-compiled (a C compiler)

# Not editable: the compiled modules are a snapshot of src/, rebuilt when a source changes.
# First the project as Python with its dependencies and the `compile` extra (mypyc reads
# the dependencies' types), then the compiled build over it, without build isolation.
$(COMPILED_INSTALLED): $(PACKAGE_SOURCES)
	command -v "$$($(PYTHON) -c 'import sysconfig; print((sysconfig.get_config_var("CC") or "cc").split()[0])')" >/dev/null \
		|| { echo "make compiled: no C compiler found; install gcc or clang (the pure .venv needs none)" >&2; exit 1; }
	test -x $(COMPILED_VENV)/bin/python || $(PYTHON) -m venv $(COMPILED_VENV)
	$(COMPILED_VENV)/bin/python -m pip install --disable-pip-version-check -q '.[lab,compile]'
	BRIEFS_COMPILE=1 $(COMPILED_VENV)/bin/python -m pip install --disable-pip-version-check -q \
		--no-build-isolation --no-deps --force-reinstall .
	$(COMPILED_VENV)/bin/python -c 'from helpers.extract.run.build import is_compiled; assert is_compiled()'
	touch $@

briefs: install ## Write a brief per district of seeds/ and outputs/index.html
	$(BIN)/briefs run --corpus $(CORPUS) --out $(OUT)

facts: install ## Extract the facts table of seeds/ to outputs/facts.csv
	$(BIN)/briefs extract --corpus $(CORPUS) -o $(OUT)/facts.csv

# ruff first, so that pytest's summary is the last line (CI reads it).
test: install ## Run ruff check, mypy on src/helpers and the whole suite (unit, slow, nbval; not the compiled build)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(PYTEST) --nbval $(NBVAL_SANITIZE)

test-fast: install ## Run the unit tests only (no slow tests, no nbval)
	$(PYTEST) -m "not slow"

test-compiled: install ## Build the compiled extractor from a copy of src/ and compare its facts (about 1 min; not in `make test`)
	BRIEFS_TEST_COMPILED=1 $(PYTEST) tests/test_compiled_build.py

lint: install ## ruff check and ruff format --check
	$(BIN)/ruff check
	$(BIN)/ruff format --check

typecheck: install ## mypy on every module of src/helpers (pyproject.toml [tool.mypy])
	$(BIN)/mypy

format: install ## Fix imports and lint autofixes, then ruff format
	$(BIN)/ruff check --fix
	$(BIN)/ruff format

refresh-notebooks: install ## Re-execute the committed notebooks on seeds/ to refresh their outputs
	$(BIN)/python -m helpers.batch.refresh_notebooks

bench: install ## Run the extraction and brief benchmarks (minutes; see benchmarks/README.md)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_briefs.py
	$(BIN)/python benchmarks/bench_long_lines.py
	$(BIN)/python benchmarks/bench_scale.py

# `make clean` empties $(OUT): it refuses an empty OUT, several words, /, this checkout and
# any folder above it (checked when the recipe is expanded, so `make -n clean` checks too).
CLEAN_OUT = $(abspath $(OUT))
UNSAFE_OUT = $(or $(if $(CLEAN_OUT),,empty),$(word 2,$(CLEAN_OUT)),$(filter /,$(CLEAN_OUT)),$(filter $(CLEAN_OUT)/%,$(CURDIR)/))

clean: ## Remove generated outputs (keeps outputs/.gitkeep) and tool caches
	$(if $(UNSAFE_OUT),$(error make clean: refusing OUT='$(OUT)': it is empty, several paths, /, this checkout or a folder above it))
	[[ ! -d '$(CLEAN_OUT)' ]] || find '$(CLEAN_OUT)' -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .hypothesis build
