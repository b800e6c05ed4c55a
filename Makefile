# Two commands for a newcomer: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
FLASK_RUN_PORT ?= 5000
export FLASK_RUN_PORT

.PHONY: run test setup assets translations extract-messages db worker cron clean scale-data bench

run: setup db
	@echo "Open http://127.0.0.1:$(FLASK_RUN_PORT)/ and sign in with a demo account listed above."
	$(FLASK) run --host 127.0.0.1 --port $(FLASK_RUN_PORT)

test: setup
	$(BIN)/python -m tests.run_suite $(PYTEST_ARGS)

setup: $(VENV)/.installed assets translations

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Front-end libraries come from the npm registry; only our own CSS and JS are in git.
assets: node_modules/.package-lock.json
	mkdir -p registry/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js registry/static/vendor/htmx.min.js
	cp node_modules/htmx-ext-head-support/dist/head-support.min.js registry/static/vendor/head-support.min.js
	cp node_modules/vanillajs-datepicker/dist/js/datepicker.min.js registry/static/vendor/datepicker.min.js
	cp node_modules/vanillajs-datepicker/dist/js/locales/vi.js registry/static/vendor/datepicker-vi.js
	cp node_modules/vanillajs-datepicker/dist/css/datepicker.min.css registry/static/vendor/datepicker.min.css
	mkdir -p registry/static/vendor/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		registry/static/vendor/swagger-ui/

# Compile every catalogue: the shared one and one per area.
translations: $(VENV)/.installed
	@for dir in registry/translations registry/*/translations; do \
		[ -d "$$dir" ] && $(BIN)/pybabel compile --use-fuzzy -d "$$dir" -D messages >/dev/null || true; \
	done

# Re-extract the strings of each area into its catalogue (run after adding text).
extract-messages: $(VENV)/.installed
	$(BIN)/python -m registry.i18n_tools update

db: setup
	$(FLASK) db upgrade
	$(FLASK) load-divisions
	$(FLASK) seed-demo

# One worker (start as many as needed); account mail first. In production: deploy/ (systemd or Procfile).
worker: setup
	$(BIN)/rq worker --url "$${REDIS_URL:?set REDIS_URL}" --worker-class jobs.worker.AppWorker --with-scheduler urgent mail default

# The schedule (jobs/cron.py): the daily reminder scan, digests, the outbox dispatcher every minute.
cron: setup
	$(BIN)/python -m jobs.scheduler --url "$${REDIS_URL:?set REDIS_URL}" jobs/cron.py

# National scale (issue 8): a PostgreSQL database of national size, then the benchmark on it.
SCALE_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/registry_scale
scale-data: setup
	DATABASE_URL=$(SCALE_DATABASE_URL) $(FLASK) db upgrade
	DATABASE_URL=$(SCALE_DATABASE_URL) $(FLASK) generate-scale --reset $(SCALE_ARGS)

bench: setup
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run --database-url $(SCALE_DATABASE_URL) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules registry/static/vendor
