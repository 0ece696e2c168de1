# Two commands for a newcomer: `make demo` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PROD_CHECK_ENV := DJANGO_SETTINGS_MODULE=egov.settings.production SECRET_KEY=check-deploy-dummy-secret-0123456789-abcdefghijklmnopqrstuvwxyz DATABASE_URL=sqlite:///:memory:
PYTEST_ARGS ?=

.PHONY: setup demo test lint check-deploy benchmarks clean schema

# Fall back to python3 when no python3.11 binary is on the PATH (it must still be 3.11).
ifeq ($(shell command -v $(PYTHON) 2>/dev/null),)
PYTHON := python3
endif

# Two environments in one .venv, each with its stamp: the runtime requirements (`make demo`) and
# the test tools on top of them (every other target). The dev stamp stamps the runtime too (its
# file includes requirements.txt), so switching from test to demo installs nothing again, and from
# demo to test installs only the test tools.
setup: $(VENV)/.dev-installed

$(VENV)/.venv-created:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/.venv-created
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/.venv-created
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# `make demo PORT=8080` serves on another port; the links printed on the demo's forms follow it.
PORT ?= 8000
DEMO_URL := http://127.0.0.1:$(PORT)

demo: $(VENV)/.runtime-installed
	$(MANAGE) migrate --no-input
	@# The demo history sends its notifications too: kept in memory, not printed before the logins.
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend EGOV_PUBLIC_BASE_URL=$${EGOV_PUBLIC_BASE_URL:-$(DEMO_URL)} $(MANAGE) load_demo
	@echo "Máy chủ / Server: $(DEMO_URL)  (Ctrl+C để dừng / to stop)"
	EGOV_PUBLIC_BASE_URL=$${EGOV_PUBLIC_BASE_URL:-$(DEMO_URL)} $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The floors of the house (pyproject.toml [tool.importlinter]): core at the bottom, composition on top.
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

check-deploy: setup
	$(PROD_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING

test: setup lint check-deploy
	DJANGO_SETTINGS_MODULE=egov.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the committed API contract after changing a serializer or an API view (test_schema.py checks it).
schema: setup
	DJANGO_SETTINGS_MODULE=egov.settings.test $(MANAGE) spectacular --file openapi.yaml --validate --fail-on-warn

# Speed measurements, run by hand (not in `make test`): `make benchmarks` or `make benchmarks BENCH="calendar"`.
benchmarks: setup
	$(BIN)/python -m benchmarks.run_all $(BENCH)

# Regenerate the English catalogue from the strings marked for translation (needs GNU gettext:
# apt-get install gettext), then compile it. Commit both django.po and django.mo: a fresh machine
# may have no msgfmt, so the compiled catalogue lives in the repository.
.PHONY: messages
messages: setup
	cd src/egov && ../../$(BIN)/python ../../manage.py makemessages -l en --ignore "*/tests/*" --no-obsolete
	cd src/egov && ../../$(BIN)/python ../../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
