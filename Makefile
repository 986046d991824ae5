# `make demo` and `make test` work on a fresh Debian machine: they install what is missing first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup system-deps demo test bench clean

setup: system-deps $(VENV)/.installed

system-deps:
	@scripts/install-system-deps

# pip keeps its wheel cache (~/.cache/pip): never pass --no-cache-dir, slow source builds are reused.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/bite bench examples/pairsum_c/slow.c examples/pairsum_c/fast.c \
		--inputs examples/pairsum_c/inputs --expected examples/pairsum_c/outputs

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/judge_precision.py

clean:
	rm -rf $(VENV) build *.egg-info
