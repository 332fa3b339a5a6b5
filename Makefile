# The two set-up commands of the README. Both install the locked environment into .venv first.
UV_VERSION := 0.13.9
PYTHON ?= python3
UV := .venv-tools/bin/uv

.PHONY: run test test-fast lint dev install browser run-fanout dev-postgres

$(UV):
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode is compiled at install: a run otherwise compiles dagster, spaCy and polars from source on every
# start where bytecode is not written (PYTHONDONTWRITEBYTECODE, a read-only install), 4 s of CPU more.
install: $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --quiet --compile-bytecode --python $(PYTHON)

run: install
	.venv/bin/python -m pipelines run

# Debian's Chromium for the browser test of the UI (tests/test_ui_browser.py); skipped, saying why, without it.
browser:
	bash scripts/install-browser.sh

# Lint (ruff, with complexity bounded), types (mypy --strict on pipelines/), then every test, one worker
# per core (pytest-xdist; a test file stays on one worker, so its module fixtures are built once).
# Not reordered longest first: test_workers.py then ran after test_scale_out.py in one process, a thread left
# there made the pool spawn instead of fork, and its injected faults were not seen (5 failures).
PYTEST_XDIST := -n auto --dist loadfile
# The full suite runs one worker more than there are cores: its slow tier spends much of its time waiting
# (child processes, stall limits, the browser, PostgreSQL), and a third worker on two cores fills that idle
# time (quiet machine, same tree: 5 min 5 s with three workers, 6 min 27 s with two). The fast tier is
# CPU-bound and keeps one worker per core.
FULL_SUITE_WORKERS := $(shell echo $$(( $$(nproc) + 1 )))

test: install lint browser
	.venv/bin/python -m pytest -q -n $(FULL_SUITE_WORKERS) --dist loadfile

# While iterating: lint, types and the tests not marked slow (under a minute).
test-fast: install lint
	.venv/bin/python -m pytest -q $(PYTEST_XDIST) -m "not slow"

lint: install
	.venv/bin/ruff check .
	.venv/bin/mypy

dev: install
	mkdir -p .dagster_home && cp dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home .venv/bin/dagster dev -w workspace.yaml -h 127.0.0.1

# The refresh with extraction fanned out over steps that exchange Parquet through the lake (docs/scale-out.md);
# BILATERAL_FANOUT_EXECUTOR=multiprocess (default) | in_process | dask, BILATERAL_FANOUT_WORKERS, BILATERAL_LAKE.
run-fanout: install
	.venv/bin/python -m pipelines.defs.scale run

# `dagster dev` on a Dagster instance in PostgreSQL: a local server from PyPI (pgserver, in .pgdata/).
dev-postgres: install
	mkdir -p .dagster_home_pg && cp dagster-postgres.yaml .dagster_home_pg/dagster.yaml
	eval "$$(.venv/bin/python scripts/local_postgres.py start)" && \
		DAGSTER_HOME=$(CURDIR)/.dagster_home_pg .venv/bin/dagster dev -w workspace.yaml -h 127.0.0.1
