# Everything runs from .venv, created from the lock file on first use.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist). Tests that share something costly (the production
# stack, a migrated database for manage.py) are grouped onto one worker with
# `xdist_group` (--dist loadgroup). `make test` runs one more worker than there are
# cores: the browser and production-stack tests spend 40-50% of their time
# waiting (on the browser, the stack's processes, a scheduler's tick), which a
# worker per core leaves idle (docs/performance.md, "Test suite"). The rest of the
# suite keeps the cores busy by itself, so `make test-fast` runs one per core.
# TEST_WORKERS=N sets the number for either; TEST_WORKERS=0 runs in one process.
CORES := $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)))')
test: WORKERS = $(or $(TEST_WORKERS),$(shell expr $(CORES) + 1))
test-fast: WORKERS = $(or $(TEST_WORKERS),$(CORES))
# The tests start a few hundred Python processes (manage.py, gunicorn, workers); with
# bytecode caching off in the environment each would compile the project again.
unexport PYTHONDONTWRITEBYTECODE
PROXY_PORT ?= 8080
APP_PORT ?= 8081
HTTPS_PORT ?= 8443

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast migrate load-data superuser lint format check lock clean \
	prod-local benchmark soak lighthouse backup restore audit

help: ## List the targets with a line on each
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/dev.lock
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed ## Create .venv from the lock file (done by every target that needs it)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

# The site's address follows the port it is served on (unless already set), so
# load_initial_data gives the Site that address and the sitemap, feeds and
# e-mails name it from the start.
run load-data: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

load-data: migrate ## Create the initial pages and settings where missing (safe to repeat)
	$(MANAGE) load_initial_data

run: load-data ## Set up and serve the site on http://127.0.0.1:$(PORT)/ (PORT=8123 for another)
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/  (its address: $$WAGTAILADMIN_BASE_URL)"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/  (create an admin user first: make superuser)"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

superuser: migrate ## Create an admin user for /admin/ (asks for a name and password)
	$(MANAGE) createsuperuser

test: install ## Run the whole test suite in parallel (DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: install ## The suite without the browser (tests/e2e) and production-stack (tests/deploy) tests
	$(BIN)/pytest -n $(WORKERS) --dist loadgroup --ignore=tests/e2e --ignore=tests/deploy $(PYTEST_ARGS)

check: install ## Django system checks and a check for missing migrations
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

lint: install ## Lint Python (ruff), formatting of Python and templates, one-way imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache

format: install ## Reformat Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

lock: install ## Re-resolve requirements/*.lock from the ranges in pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --upgrade -q -o requirements/base.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --universal --python-version 3.11 --generate-hashes --upgrade -q -c requirements/base.lock -o requirements/dev.lock

backup: migrate ## Back up the database and media into backups/ (DATABASE_URL picks the database)
	$(MANAGE) backup_site --to backups

restore: install ## Restore a backup: make restore BACKUP=backups/backup-<time> (replaces current data)
	@test -n "$(BACKUP)" || (echo "Say which backup: make restore BACKUP=backups/backup-<time>"; exit 2)
	$(MANAGE) restore_site "$(BACKUP)"

audit: install ## Check the locked dependencies for known vulnerabilities (pip-audit)
	$(BIN)/python .ci/audit.py requirements/base.lock requirements/dev.lock

prod-local: install ## Production stack here: HTTPS on HTTPS_PORT (8443), nginx on PROXY_PORT (8080), gunicorn on APP_PORT (8081)
	$(BIN)/python deploy/prod_local.py --proxy-port $(PROXY_PORT) --app-port $(APP_PORT) \
		--https-port $(HTTPS_PORT)

benchmark: install ## Load-test prod-local with wrk (cached, uncached, static ceiling); BASELINE=<git ref> measures it too
	$(BIN)/python benchmarks/http_load.py --proxy-port $(PROXY_PORT) --app-port $(APP_PORT) \
		--https-port $(HTTPS_PORT) $(if $(BASELINE),--baseline $(BASELINE) --rounds 2)

soak: install ## 60 s at saturation on prod-local over HTTPS: fails on any 5xx or worker RSS growth >= 10%
	$(BIN)/python benchmarks/soak.py --proxy-port $(PROXY_PORT) --app-port $(APP_PORT) \
		--https-port $(HTTPS_PORT) --proxy-scheme https

# Lighthouse's stack has ports of its own by default, so it can run beside prod-local
# or make benchmark (make lighthouse PROXY_PORT=... APP_PORT=... HTTPS_PORT=... for others).
lighthouse: PROXY_PORT = 8380
lighthouse: APP_PORT = 8381
lighthouse: HTTPS_PORT = 8743

benchmarks/node_modules/.installed: benchmarks/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix benchmarks
	touch $@

lighthouse: install benchmarks/node_modules/.installed ## Lighthouse (mobile, median of 3) and vnu on six pages of prod-local; WRITE_DOCS=1, REVISION=<git ref>
	$(BIN)/python benchmarks/lighthouse.py --proxy-port $(PROXY_PORT) --app-port $(APP_PORT) \
		--https-port $(HTTPS_PORT) $(if $(WRITE_DOCS),--write-docs) \
		$(if $(REVISION),--revision $(REVISION))

clean: ## Remove .venv, caches and collected static files (keeps db.sqlite3 and media/)
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .prod-local
