# Procesregie: the entry points. `make demo` and `make test` work on a fresh machine.
# The interpreter of .venv: the distribution's Python 3.11 where there is one (built with optimisations, it serves a
# page in 12-25 % less time than a Python compiled without them), else python3 (scripts/python-for-venv).
# Another: `make clean`, then `make PYTHON=/path/to/python3.11 ...`.
PYTHON ?= $(shell scripts/python-for-venv)
VENV   := .venv
BIN    := $(VENV)/bin
# Three dependency sets, each on top of the one before: runtime (requirements.lock; `make install`), demo
# (requirements-demo.lock: the synthetic generator; `make demo`) and dev (requirements-dev.lock: tests, benchmarks).
STAMP      := $(VENV)/.installed-stamp
DEMO_STAMP := $(VENV)/.installed-demo-stamp
DEV_STAMP  := $(VENV)/.installed-dev-stamp
DEMO_DIR := var/demo-dataset
# The demo region is calibrated on a real house's published figures when the shared targets are present.
DEMO_TARGET ?= ../shared/reference/zvhru-2024-targets-v2.json
DEMO_AS_OF ?= today
# ... and its police registrations tell the recidivism story of the demo's outcomes report (issue 15).
DEMO_RECIDIVISM ?= src/procesregie/synthetic/data/demo-recidivism.json
DEMO_DATA_ARGS = $(if $(wildcard $(DEMO_TARGET)),--calibrate $(DEMO_TARGET) --recidivism $(DEMO_RECIDIVISM)) --seed 2024 --as-of $(DEMO_AS_OF)

.PHONY: demo test bench install lint lock clean serve messages mutants

# A demo installation (.env.example): the synthetic app with the demo commands; pages served as in production.
# pytest runs as one by itself (tests/demo_environment.py).
demo: export PROCESREGIE_DEMO = true

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package.json package-lock.json scripts/system-packages scripts/python-for-venv
	@mkdir -p var
	scripts/system-packages runtime
	$(PYTHON) -m venv --clear $(VENV)
	scripts/retry $(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	scripts/retry $(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	scripts/retry npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(DEMO_STAMP): $(STAMP) requirements-demo.lock
	scripts/retry $(BIN)/pip install --quiet --disable-pip-version-check -r requirements-demo.lock
	@touch $@

$(DEV_STAMP): $(DEMO_STAMP) requirements-dev.lock
	scripts/retry $(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

# Served like production (DEBUG off: the site's own 404 and 500 pages; whitenoise serves the collected static
# files), on loopback, with demo logins.
demo: $(DEMO_STAMP)
	$(BIN)/procesregie migrate --noinput
	$(BIN)/procesregie load-reference
	$(BIN)/procesregie demo-data $(DEMO_DATA_ARGS) --out $(DEMO_DIR)
	$(BIN)/procesregie import $(DEMO_DIR)
	$(BIN)/procesregie collectstatic --noinput --verbosity 0
	@echo ""
	$(BIN)/procesregie demo-users
	$(BIN)/procesregie demo-agenda
	$(BIN)/procesregie demo-shielding
	$(BIN)/procesregie demo-signals
	$(BIN)/procesregie demo-escalations
	$(BIN)/procesregie demo-rights
	$(BIN)/procesregie demo-retention
	$(BIN)/procesregie retention propose
	$(BIN)/procesregie demo-api-clients
	@echo ""
	@echo "Procesregie demo: http://127.0.0.1:8000 (loopback only; stop with Ctrl-C)"
	@echo "Log in with a login above; the code comes from an authenticator app with the TOTP secret in"
	@echo "var/demo-credentials.json, or from: .venv/bin/procesregie demo-totp USERNAME"
	@echo "Partner systems: the API clients above (also in var/demo-api-clients.json); API reference on /api/v1/docs/"
	$(BIN)/procesregie runserver 127.0.0.1:8000

serve: $(STAMP)
	$(BIN)/procesregie runserver 127.0.0.1:8000

# The suite in one process per CPU (pytest-xdist), a test file at a time per process, each process on its own test
# database: CI runs it twice (SQLite, PostgreSQL) within its 90 minutes. `make test TEST_WORKERS=0`: one process.
TEST_WORKERS ?= logical
test: lint
	scripts/system-packages test
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

# Deliberate small bugs (scripts/mutants.py), one at a time on a copy of the code; each must make a test fail.
# Prints a line per mutant and the score. Not in CI: it runs the tests once per mutant.
mutants: $(DEV_STAMP)
	$(BIN)/python scripts/mutants.py

# The layer and role contracts (import-linter), ruff (pyflakes, isort, bugbear, Django, timezone rules) and
# migrations that match the models (checked on an in-memory database, whatever DATABASE_URL says). `make test`
# runs it first.
lint: $(DEV_STAMP)
	$(BIN)/lint-imports --config pyproject.toml
	$(BIN)/ruff check src tests bench scripts
	PROCESREGIE_DEMO=true DATABASE_URL=sqlite:///:memory: $(BIN)/procesregie makemigrations --check --dry-run

# Update the English catalogue from the (Dutch) source strings and compile it; needs GNU gettext. Translate the
# new or fuzzy entries in src/procesregie/locale/en/LC_MESSAGES/django.po, then run it again.
messages: $(STAMP)
	cd src/procesregie && ../../$(BIN)/procesregie makemessages --locale en --no-obsolete
	cd src/procesregie && ../../$(BIN)/procesregie compilemessages --locale en
	@msgfmt --statistics -o /dev/null src/procesregie/locale/en/LC_MESSAGES/django.po

# Re-pin the three dependency sets from requirements.in, requirements-demo.in and requirements-dev.in. Each lock
# starts with `-r` of the one below it and pins only what that one lacks; the ones below constrain the ones above.
new_pins = .lock-venv/bin/pip freeze --exclude-editable | { grep -vxF $(foreach lock,$(1),-f $(lock)) || true; }
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	.lock-venv/bin/pip install --quiet -c requirements.lock -r requirements-demo.in
	{ echo "-r requirements.lock"; $(call new_pins,requirements.lock); } > requirements-demo.lock
	.lock-venv/bin/pip install --quiet -c requirements-demo.lock -r requirements-dev.in
	{ echo "-r requirements-demo.lock"; $(call new_pins,requirements.lock requirements-demo.lock); } > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules var/static
