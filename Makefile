# `make build` (build every topic) and `make test` (the whole suite) are the two entry
# points. Both create .venv on first use and reinstall when pyproject.toml changes;
# `make build` installs only what building needs, `make test` adds the test tools.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BUILD_STAMP := $(VENV)/.installed-build
TEST_STAMP := $(VENV)/.installed-test
WHEELHOUSE ?= wheelhouse

.PHONY: build test check lint wheel wheelhouse clean

build: $(BUILD_STAMP)
	$(PY) build.py

check: $(BUILD_STAMP)
	$(VENV)/bin/allprint check

test: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n auto

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BUILD_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $(BUILD_STAMP)

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(BUILD_STAMP) $(TEST_STAMP)

# The wheel: templates, fonts and pictures inside, so an installed allprint can build.
wheel: | $(VENV)/bin/python
	$(PY) -m pip wheel --quiet --no-deps -w dist .

# Every wheel allprint needs on this platform, in one folder, for sites with no
# internet: pip install --no-index --find-links wheelhouse allprint
wheelhouse: | $(VENV)/bin/python
	$(PY) -m pip wheel --quiet -w $(WHEELHOUSE) .

clean:
	rm -rf pamphlets decks dist sites .pytest_cache .ruff_cache
