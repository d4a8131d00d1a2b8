# System Leadership Lab: two commands do all the set-up.
#   make start   - create .venv, install the course, copy it into your workspace, open JupyterLab
#   make test    - create .venv, install the course and its test tools, run every test
# For contributors (CONTRIBUTING.md): make test-fast, make lint, make bench, make bench-learner,
# make site.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: start test test-fast lint build bench bench-learner clean-venv site

# jupyter-events asks for jsonschema[format-nongpl], which brings rfc3987-syntax: jsonschema
# imports it eagerly, and it builds about 35 grammars on import (a second before altair or
# nbformat can load). No schema the course uses has an iri format, so it is removed after each
# install (docs/scale.md; upstream: python-jsonschema/jsonschema issue #1428).
SLOW_IMPORTS := rfc3987-syntax

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip uninstall --quiet --yes $(SLOW_IMPORTS)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip uninstall --quiet --yes $(SLOW_IMPORTS)
	touch $@

start: $(VENV)/.installed
	$(BIN)/course start

test: $(VENV)/.installed-test
	bash scripts/install-browser.sh
	bash scripts/install-sandbox.sh
	bash scripts/install-hub.sh
	bash scripts/install-axe.sh
	bash scripts/install-postgres.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The edit-run loop: no browser, no hub, no whole-cohort grading or whole-course builds.
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -m "not slow and not browser and not hub"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Grading speed against serial nbgrader on the same cohort; BENCH_ARGS to change the cohort.
BENCH_ARGS ?= --modules m01 m04 --sizes 20 100 400 --jobs 2
bench: $(VENV)/.installed-test
	bash scripts/install-sandbox.sh
	$(BIN)/python bench/autograde_bench.py $(BENCH_ARGS)

# A learner's start-up, `course check` and full run per module, against the slow import path.
LEARNER_BENCH_ARGS ?=
bench-learner: $(VENV)/.installed-test
	$(BIN)/python bench/learner_bench.py $(LEARNER_BENCH_ARGS)

build: $(VENV)/.installed
	$(BIN)/course data
	$(BIN)/course build

clean-venv:
	rm -rf $(VENV)

site: $(VENV)/.installed
	$(BIN)/course site
