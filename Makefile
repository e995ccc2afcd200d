# policysite: the README's commands. `make site` builds, `make test` tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: site test lint check serve golden clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(BIN)/.installed-lint: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,lint]'
	touch $@

site: $(BIN)/.installed  ## build site/ for every school in schools/
	$(BIN)/python build.py

check: $(BIN)/.installed  ## validate everything without writing site/
	$(BIN)/python build.py check

serve: $(BIN)/.installed  ## live preview at http://127.0.0.1:8000/: rebuild on save, reload the browser
	$(BIN)/python build.py serve

test: $(BIN)/.installed-test  ## run the whole test suite
	$(BIN)/python -m pytest

lint: $(BIN)/.installed-lint  ## ruff (lint and format) and mypy, as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

golden: $(BIN)/.installed-test  ## regenerate tests/golden/ after an intended change to the outputs
	$(BIN)/python -m tests.golden

screenshots: $(BIN)/.installed-test  ## docs/screenshots/ from a fresh build (needs chromium, poppler-utils)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site .site-build-* .site-build.lock
