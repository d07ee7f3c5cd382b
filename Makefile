# One entry point. A fresh machine needs only Python 3.11 and make:
#   make report   create .venv if missing, install, build data/processed, write reports/PAK-IRN/
#   make test     the whole test suite: pytest (unit, data, CLI, papermill) + nbval on the notebooks
# Other targets: make data | test-unit | docs | lab | lint | bench | clean

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
A      ?= PAK
B      ?= IRN
# the seed article's claims are checked in the default Pakistan-Iran report
CLAIMS ?= $(if $(filter PAK-IRN,$(A)-$(B)),claims/seed_article.toml,)

.PHONY: install data report test test-unit docs lab lint bench bench-events clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	@touch $(STAMP)

install: $(STAMP)

data: install
	$(BIN)/python -m analysis build

report: data
	$(BIN)/python -m analysis report --a $(A) --b $(B) $(if $(CLAIMS),--claims $(CLAIMS),)

# Two workers (pytest-xdist; a file's tests on one worker), the slowest tests listed at the end.
test: data
	$(BIN)/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider -n 2 --dist loadfile --durations=15

# The tests that need no build (marked `unit` in tests/conftest.py), without building: the quick loop.
test-unit: install
	$(BIN)/python -m pytest tests -m unit -p no:cacheprovider -n 2 --dist loadfile --durations=10

# The documentation site into site/ (open site/index.html; works offline and from file://). --strict: a broken
# link, a missing page or a failing generated page (scripts/gen_site.py) stops it. Needs the build: the datasets
# page reads each dataset's coverage from data/processed.
docs: data
	DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

lab: data
	$(BIN)/jupyter lab notebooks/

lint: install
	$(BIN)/ruff check analysis tests benchmarks scripts
	$(BIN)/lint-imports

bench: data
	$(BIN)/python benchmarks/bench_loop.py
	$(BIN)/python benchmarks/bench_report.py --runs 3
	$(BIN)/python benchmarks/bench_build.py --baseline c0de823  # the build before issue 21
	$(BIN)/python benchmarks/bench_alignment.py
	$(BIN)/python benchmarks/bench_idealpoints.py
	$(BIN)/python benchmarks/bench_truncated_normal.py
	$(BIN)/python benchmarks/bench_gdelt_streaming.py --size-gb 0.5
	$(BIN)/python benchmarks/bench_claims.py --n 10000

# DuckDB, Spark (local) and polars on 20 million synthetic GDELT rows (about 3 minutes, 4 GB of disk)
bench-events: install
	$(BIN)/python benchmarks/bench_events_engines.py

clean:
	rm -rf data/processed reports
