# Two commands matter: `make run` (set up everything and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
DEV := PORTAL_ENV=development
# pytest-xdist workers; 2 fits the 2-core machines this runs on.
WORKERS ?= 2

.PHONY: run test bench install translations css clean

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
# queueing a 10,000-recipient mailing and the rate the worker delivers at, the sample PDF, and the
# Lighthouse (mobile) scores of four pages (--parts lighthouse; needs npx). BENCH_ARGS="--parts mailings".
bench: install
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

# After changing any _("…") text: extract, merge into the Chinese catalogue, then translate and compile.
translations: install
	$(BIN)/pybabel extract -F portal/translations/babel.cfg -k _l -k lazy_gettext \
		--ignore-dirs='.* __pycache__' --no-location --sort-output -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations -l zh --no-fuzzy-matching
	$(BIN)/pybabel compile -d portal/translations -l zh

# Bootstrap, trimmed to the classes the pages use (PurgeCSS over templates/, Bootstrap-Flask's form
# macros, static/js/ and portal/), into static/css/bootstrap.min.css; its script into static/js/.
# Both are committed: run this after using a Bootstrap class that no template used before.
# The safelist holds classes no file spells out: set by Bootstrap's script (collapse), or built
# in templates from parts (alert-{{ category }}, btn-{{ style }}, Bootstrap-Flask's btn-%s).
BOOTSTRAP_SAFELIST := collapse collapsing collapse-horizontal collapsed show fade \
	alert-success alert-info alert-warning alert-danger btn-sm btn-lg \
	btn-primary btn-secondary btn-success btn-danger btn-warning btn-info btn-light btn-dark btn-link \
	btn-outline-primary btn-outline-secondary btn-outline-success btn-outline-danger \
	btn-outline-warning btn-outline-info was-validated is-valid is-invalid
css: install
	@bootstrap=$$($(BIN)/python -c 'import flask_bootstrap, os; print(os.path.dirname(flask_bootstrap.__file__))'); \
	npx --yes purgecss@7.0.2 --css "$$bootstrap/static/bootstrap5/css/bootstrap.min.css" \
		--content 'templates/**/*.html' "$$bootstrap/templates/bootstrap5/*.html" 'static/js/*.js' 'portal/**/*.py' \
		--variables --keyframes --safelist $(BOOTSTRAP_SAFELIST) --output static/css/ && \
	sed '/sourceMappingURL/d' "$$bootstrap/static/bootstrap5/js/bootstrap.min.js" > static/js/bootstrap.min.js
	@wc -c static/css/bootstrap.min.css static/js/bootstrap.min.js

clean:
	rm -rf $(VENV) .pytest_cache
