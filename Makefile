# The few verbs a newcomer needs: `make run`, `make test` (and lint, bench, schema).
# Everything missing is installed on first use; nothing is redone when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
LOCALDB := .build/localdb
LOCALDB_SOURCES := tools/localdb/main.go tools/localdb/go.mod tools/localdb/go.sum

NODE_CLIENT := tests/node/node_modules/.package-lock.json

.PHONY: all run test lint bench schema clean redis-server

all: $(INSTALLED) $(LOCALDB)

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# The bundled database (FerretDB embedded in a small Go program), built with the machine's Go.
$(LOCALDB): $(LOCALDB_SOURCES)
	@command -v go >/dev/null || { echo "Go 1.24+ is required to build the bundled database"; exit 1; }
	cd tools/localdb && GOTOOLCHAIN=local go build -trimpath -o ../../$(LOCALDB) .

# Test-only tools: Debian's redis-server (live events across processes) and the npm graphql-ws
# client (subscriptions from Node).
redis-server:
	@command -v redis-server >/dev/null || { \
		echo "installing redis-server from Debian's packages"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; }

$(NODE_CLIENT): tests/node/package.json tests/node/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are required for the tests"; exit 1; }
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error

# Serves the API; on an empty database, the demo runner is seeded first.
run: all
	CADENCE_SEED_DEMO=true $(BIN)/cadence serve

test: all redis-server $(NODE_CLIENT)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/python -m tests.calendar_check

lint: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: all
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

schema: $(INSTALLED)
	$(BIN)/cadence export-schema --output schema.graphql

clean:
	rm -rf $(VENV) .build .mypy_cache .pytest_cache .ruff_cache
