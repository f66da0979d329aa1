# Procesregie: the entry points. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DIR := var/demo-dataset
# The demo region is calibrated on a real house's published figures when the shared targets are present.
DEMO_TARGET ?= ../shared/reference/zvhru-2024-targets.json
DEMO_DATA_ARGS = $(if $(wildcard $(DEMO_TARGET)),--calibrate $(DEMO_TARGET)) --seed 2024

.PHONY: demo test bench install lint lock clean serve messages

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package.json package-lock.json scripts/system-packages
	@mkdir -p var
	scripts/system-packages runtime
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(STAMP)
	$(BIN)/procesregie migrate --noinput
	$(BIN)/procesregie load-reference
	$(BIN)/procesregie demo-data $(DEMO_DATA_ARGS) --out $(DEMO_DIR)
	$(BIN)/procesregie import $(DEMO_DIR)
	$(BIN)/procesregie collectstatic --noinput --verbosity 0
	@echo ""
	$(BIN)/procesregie demo-users
	$(BIN)/procesregie demo-participants
	@echo ""
	@echo "Procesregie demo: http://127.0.0.1:8000 (loopback only; stop with Ctrl-C)"
	@echo "Log in with a login above; the code comes from an authenticator app with the TOTP secret in"
	@echo "var/demo-credentials.json, or from: .venv/bin/procesregie demo-totp USERNAME"
	$(BIN)/procesregie runserver 127.0.0.1:8000

serve: $(STAMP)
	$(BIN)/procesregie runserver 127.0.0.1:8000

test: $(STAMP)
	scripts/system-packages test
	$(BIN)/lint-imports --config pyproject.toml
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/lint-imports --config pyproject.toml

# Update the English catalogue from the (Dutch) source strings and compile it; needs GNU gettext. Translate the
# new or fuzzy entries in src/procesregie/locale/en/LC_MESSAGES/django.po, then run it again.
messages: $(STAMP)
	cd src/procesregie && ../../$(BIN)/procesregie makemessages --locale en --no-obsolete
	cd src/procesregie && ../../$(BIN)/procesregie compilemessages --locale en
	@msgfmt --statistics -o /dev/null src/procesregie/locale/en/LC_MESSAGES/django.po

# Regenerate the pinned dependency set from requirements.in.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules var/static
