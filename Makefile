# System Leadership Lab: two commands do all the set-up.
#   make start   - create .venv, install the course, copy it into your workspace, open JupyterLab
#   make test    - create .venv, install the course and its test tools, run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: start test lint build bench clean-venv site

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

start: $(VENV)/.installed
	$(BIN)/course start

test: $(VENV)/.installed-test
	bash scripts/install-browser.sh
	bash scripts/install-sandbox.sh
	bash scripts/install-hub.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

build: $(VENV)/.installed
	$(BIN)/course data
	$(BIN)/course build

clean-venv:
	rm -rf $(VENV)

site: $(VENV)/.installed
	$(BIN)/course site
