# Two commands on a fresh machine with Python 3.11 (and Node.js/npm for the
# front-end and region-data packages): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: setup run test lint check migrate seed worker beat bench clean messages

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements.lock -e ".[dev]"
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(STAMP)

setup: $(STAMP)
	# The compiled catalogue is committed; refresh it where gettext is installed.
	if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules; fi
	$(PY) manage.py migrate --noinput -v 0

run: setup
	$(PY) manage.py seed_demo --size small
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0

worker: setup
	$(VENV)/bin/celery -A config worker -l info --concurrency 2

beat: setup
	$(VENV)/bin/celery -A config beat -l info

bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
