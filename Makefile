# Two commands do everything on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
# Test processes in parallel (pytest-xdist); each has its own database and browser.
TEST_WORKERS ?= 2

.PHONY: demo test test-fast lint bench messages compile-messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

compile-messages: $(STAMP)
	$(BIN)/puente i18n compile

demo: $(STAMP) compile-messages
	./scripts/system-deps.sh demo
	PORT=$(PORT) $(BIN)/puente demo

test: $(STAMP) compile-messages
	./scripts/system-deps.sh test
	$(BIN)/ruff check puente tests benchmarks
	PUENTE_TESTING=1 $(BIN)/python -m pytest -n $(TEST_WORKERS)

test-fast: $(STAMP) compile-messages
	PUENTE_TESTING=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser" -q

lint: $(STAMP)
	$(BIN)/ruff check puente tests benchmarks

# Re-extract every translatable string into the five catalogues (needs gettext).
messages: $(STAMP)
	cd puente && ../$(BIN)/puente manage makemessages --no-obsolete --no-location -l es -l pt -l ca -l it -l en

# Builds or reuses the synthetic data sets, then writes benchmarks/results.json (see benchmarks/README.md).
# BENCH_ARGS passes options, e.g. `make bench BENCH_ARGS="--sections pages,writes"`; BENCH_POSTGRES=1 with
# BENCH_POSTGRES_URL also measures PostgreSQL.
bench: $(STAMP) compile-messages
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
