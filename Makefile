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

.PHONY: run worker test install migrate demo lint format check clean bench soak messages

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
	@echo "  Webhooks are sent by 'make worker': run it in a second terminal if you use them."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Sends webhook deliveries (cms.webhooks): run it beside `make run`, in a second terminal.
worker: migrate
	@echo "Sending webhook deliveries; stop with Ctrl+C."
	$(BIN)/python manage.py db_worker

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

# French catalogues (docs/localization.md). After changing a translatable string,
# run this to refresh the .po files, translate the new or changed entries in them,
# then run it again to compile the .mo files; commit both.
MAKEMESSAGES := makemessages -l fr --add-location file --no-obsolete
messages: install
	@command -v msgfmt >/dev/null || { echo "gettext is missing: apt-get install gettext (Debian, Ubuntu) or brew install gettext (macOS)"; exit 1; }
	$(BIN)/python manage.py $(MAKEMESSAGES) -i ".venv/*" -i "treatment_pages/*" -i "locations/*" -i "tests/*" -i "bench/*" -i "static/*" -i "media/*"
	for app in treatment_pages locations; do (cd $$app && PYTHONPATH=.. $(abspath $(BIN))/django-admin $(MAKEMESSAGES)) || exit 1; done
	$(BIN)/python manage.py compilemessages -l fr -i .venv

# Builds ~1,100 pages and runs bounded loads (needs: apt-get install -y wrk nginx-light).
bench: install
	$(BIN)/python bench/run.py

# Five minutes of load on two gunicorn instances sharing PostgreSQL and Redis while
# pages are published (needs both services; see docs/performance.md).
soak: install
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) db.sqlite3 media
