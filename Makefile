# The few verbs a newcomer needs: `make run`, `make test` (and lint, bench, schema).
# Everything missing is installed on first use; nothing is redone when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
LOCALDB := .build/localdb
LOCALDB_SOURCES := tools/localdb/main.go tools/localdb/go.mod tools/localdb/go.sum

.PHONY: all run test lint typecheck pytest bench schema clean

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

run: all
	$(BIN)/cadence serve

test: all
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: all
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

schema: $(INSTALLED)
	$(BIN)/cadence export-schema --output schema.graphql

clean:
	rm -rf $(VENV) .build .mypy_cache .pytest_cache .ruff_cache
