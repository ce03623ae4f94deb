# archwiz developer commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test lint check bench examples clean

setup: $(STAMP)
	@scripts/ensure-graphviz.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: setup
	$(VENV)/bin/archwiz

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check wizard tests bench
	$(VENV)/bin/ruff format --check wizard
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/archwiz lint --notes ../shared/seeds

check: lint test

bench: setup
	$(PY) bench/run.py
	$(PY) bench/lint_scale.py

examples: setup
	$(PY) scripts/render_examples.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
