# The few verbs a newcomer needs: `make run`, `make test` (and lint, bench, schema).
# Everything missing is installed on first use; nothing is redone when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The bundled database: SecantusDB (GPL-2.0, beta), pinned, in a virtual environment of its own
# so that nothing of ours imports it and it never reaches the production image.
# Its version is pinned, with its dependencies, in localdb-requirements.txt.
LOCALDB_VENV := .build/secantus-venv
LOCALDB := $(LOCALDB_VENV)/.installed
# Fixes to the pinned SecantusDB, applied after its install; each patch says what and why.
LOCALDB_PATCHES := $(sort $(wildcard localdb-patches/*.patch))

NODE_CLIENT := tests/node/node_modules/.package-lock.json
# The HTTP load generator of bench/zoom.py, from the Go module proxy (Go is needed to build it).
HEY := .build/bin/hey
# GraphiQL's browser builds, pinned in web/graphiql/package-lock.json and copied where the app
# serves them (/graphiql/vendor), so GraphiQL works with no internet.
GRAPHIQL_NPM := web/graphiql
GRAPHIQL_VENDOR := app/static/graphiql/vendor
GRAPHIQL := $(GRAPHIQL_VENDOR)/.installed

.PHONY: all run test lint bench schema clean redis-server chromium

all: $(INSTALLED) $(LOCALDB) $(GRAPHIQL)

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(LOCALDB): localdb-requirements.txt $(LOCALDB_PATCHES)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	rm -rf $(LOCALDB_VENV)
	$(PYTHON) -m venv $(LOCALDB_VENV)
	$(LOCALDB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCALDB_VENV)/bin/python -m pip install --quiet -r localdb-requirements.txt
	@command -v patch >/dev/null || { echo "installing Debian's patch"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q patch >/dev/null; }
	site=$$($(LOCALDB_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') && \
		for p in $(LOCALDB_PATCHES); do patch --quiet --forward -p1 -d "$$site" < "$$p" || exit 1; done
	touch $@

# Test-only tools: Debian's redis-server (live events across processes) and the npm graphql-ws
# client (subscriptions from Node).
redis-server:
	@command -v redis-server >/dev/null || { \
		echo "installing redis-server from Debian's packages"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; }

$(GRAPHIQL): $(GRAPHIQL_NPM)/package.json $(GRAPHIQL_NPM)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are required to install GraphiQL"; exit 1; }
	cd $(GRAPHIQL_NPM) && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(GRAPHIQL_VENDOR) && mkdir -p $(GRAPHIQL_VENDOR)
	cp $(GRAPHIQL_NPM)/node_modules/react/umd/react.production.min.js \
		$(GRAPHIQL_NPM)/node_modules/react-dom/umd/react-dom.production.min.js \
		$(GRAPHIQL_NPM)/node_modules/graphiql/graphiql.min.js \
		$(GRAPHIQL_NPM)/node_modules/graphiql/graphiql.min.css $(GRAPHIQL_VENDOR)/
	touch $@

# The browser test drives Debian's chromium (Playwright connects to it; it downloads nothing).
chromium:
	@command -v chromium >/dev/null || { \
		echo "installing chromium from Debian's packages"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }

$(NODE_CLIENT): tests/node/package.json tests/node/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are required for the tests"; exit 1; }
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error

# Serves the API; on an empty database, the demo runner is seeded first.
run: all
	CADENCE_SEED_DEMO=true $(BIN)/cadence serve

test: all redis-server chromium $(NODE_CLIENT)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/python -m tests.calendar_check

lint: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(HEY):
	@if command -v go >/dev/null; then GOBIN=$(CURDIR)/.build/bin go install github.com/rakyll/hey@v0.1.4; \
	else echo "no Go toolchain: bench/zoom.py loads HTTP with a Python client instead of hey"; fi

bench: all $(HEY)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

schema: $(INSTALLED)
	$(BIN)/cadence export-schema --output schema.graphql

clean:
	rm -rf $(VENV) .build .mypy_cache .pytest_cache .ruff_cache $(GRAPHIQL_VENDOR)
