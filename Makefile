# Two commands matter: `make run` (set up everything and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
DEV := PORTAL_ENV=development
# pytest-xdist workers; 2 fits the 2-core machines this runs on.
WORKERS ?= 2

.PHONY: run test bench install translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

instance/secret_key:
	@mkdir -p instance
	@$(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	@chmod 600 $@
	@echo "Wrote a new random secret key to $@"

run: install instance/secret_key
	$(DEV) $(FLASK) db upgrade
	$(DEV) $(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:5000 with the background worker beside it (Ctrl+C stops both)"
	@$(DEV) $(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(DEV) $(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# Directory search latency and page throughput (as ratios to a bare Flask page) at 1k/10k/100k firms;
# every public page under wrk at 100k firms (--parts pages), the registration rush (--parts rush),
# queueing a 10,000-recipient mailing and the rate the worker delivers at. BENCH_ARGS="--parts mailings".
bench: install
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

# After changing any _("…") text: extract, merge into the Chinese catalogue, then translate and compile.
translations: install
	$(BIN)/pybabel extract -F portal/translations/babel.cfg -k _l -k lazy_gettext \
		--ignore-dirs='.* __pycache__' --no-location --sort-output -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations -l zh --no-fuzzy-matching
	$(BIN)/pybabel compile -d portal/translations -l zh

clean:
	rm -rf $(VENV) .pytest_cache
