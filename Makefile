# One target per developer task. The two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format check pytest bench demo clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed-run

## make run: set up a virtualenv, migrate SQLite, load demo data if empty, serve on http://127.0.0.1:8000
run: $(VENV)/.installed-run
	$(BIN)/motcua serve

## make test: install dev dependencies and Chromium, lint, Django checks, migrations check, the whole suite
test: $(VENV)/.installed-dev
	bash scripts/ensure-chromium
	$(MAKE) lint check pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.installed-dev
	mkdir -p var  # the SQLite file's directory, so makemigrations --check can read the history
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l vi --no-obsolete -i '.venv/*' -i 'var/*'
	$(BIN)/python manage.py compilemessages -l vi -i '.venv'

demo: $(VENV)/.installed-run
	$(BIN)/motcua demo

## make bench: every benchmark (bench/README.md), results in docs/benchmarks.md; one: make bench BENCH=api_intake
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH)

clean:
	rm -rf $(VENV) var
