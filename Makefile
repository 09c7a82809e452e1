# Two commands matter: `make demo` and `make test`. Everything else is for developers.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= quotetrail.db

.PHONY: install demo test lint bench serve screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(STAMP)

demo: install
	$(BIN)/quotetrail ingest examples/ --db $(DB)
	@# one screen, not every table: the summary names the commands and pages for the rest
	$(BIN)/quotetrail summary --db $(DB)

serve: install
	$(BIN)/quotetrail serve --db $(DB)

screenshots: install
	$(BIN)/python tools/screenshots.py

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/clustering.py
	$(BIN)/python benchmarks/linking.py --sizes 1000,10000
	$(BIN)/python benchmarks/ingest_workers.py --articles 2000
	$(BIN)/python benchmarks/web_load.py
	$(BIN)/python benchmarks/longdoc.py --sizes 1,5,20

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .cache
