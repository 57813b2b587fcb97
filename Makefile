# Two commands: `make run` sets everything up and serves the demo; `make test` runs the suite.
# The first Python 3.11 or newer on PATH; override with `make PYTHON=/path/to/python3.11 ...`.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run test install migrate demo lint format check clean bench soak

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer not found: install it, or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1)) ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	@echo "Installing pinned requirements into $(VENV) ..."
	$(BIN)/python -m pip install --progress-bar on -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --port $(PORT)

run: demo
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/   (treatment library)"
	@echo "  Clinic sites: http://calgary.localhost:$(PORT)/  http://edmonton.localhost:$(PORT)/  http://reddeer.localhost:$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/   log in as 'admin' with password 'changeme'"
	@echo "  API:    http://$(HOST):$(PORT)/api/v2/pages/"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# pytest-django prefers the environment over pyproject.toml, so name the test settings here.
test: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -n auto --dist loadfile -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Builds ~1,100 pages and runs bounded loads (needs: apt-get install -y wrk nginx-light).
bench: install
	$(BIN)/python bench/run.py

# Five minutes of load on two gunicorn instances sharing PostgreSQL and Redis while
# pages are published (needs both services; see docs/performance.md).
soak: install
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) db.sqlite3 media
