# policysite: the README's commands. `make site` builds, `make test` tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: site test test-fast lint check serve golden clean

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

test-fast: $(BIN)/.installed-test  ## the edit loop: everything but the browser and slow tests
	$(BIN)/python -m pytest -m "not browser and not slow" -q

lint: $(BIN)/.installed-lint  ## ruff (lint and format) and mypy, as configured in pyproject.toml; actionlint on .github/workflows/ (shellcheck on its scripts, if installed)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/actionlint

golden: $(BIN)/.installed-test  ## regenerate tests/golden/ after an intended change to the outputs
	$(BIN)/python -m tests.golden

screenshots: $(BIN)/.installed-test  ## docs/screenshots/ from a fresh build (needs chromium, poppler-utils)
	$(BIN)/python scripts/screenshots.py

# The manual (docs/*.md) as a website in docs-site/, with its own settings: mkdocs.yml is the
# policy site's. --strict: a broken link between its pages stops the build.
.PHONY: docs docs-serve
docs: $(BIN)/.installed  ## the manual, docs/, as a website in docs-site/
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --config-file mkdocs-docs.yml

docs-serve: $(BIN)/.installed  ## the manual at http://127.0.0.1:8001/, reloaded as you edit
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --config-file mkdocs-docs.yml --dev-addr 127.0.0.1:8001

clean:
	rm -rf site .site-build-* .site-build.lock docs-site
