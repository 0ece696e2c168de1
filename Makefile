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

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

demo: setup
	$(MANAGE) migrate --no-input
	@# The demo history sends its notifications too: kept in memory, not printed before the logins.
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend $(MANAGE) load_demo
	@echo "Máy chủ / Server: http://127.0.0.1:8000  (Ctrl+C để dừng / to stop)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
