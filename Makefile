# `make demo` and `make test` work on a fresh Debian machine: they install what is missing first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup system-deps editor-deps demo demo-deps test bench clean

setup: system-deps $(VENV)/.installed editor-deps

system-deps:
	@scripts/install-system-deps

# The VS Code extension's tests (tests/test_vscode.py): chromium and build packages from Debian, npm ci in
# editors/vscode, code-server 4.100 into ~/.cache/bite. About 70 s the first time, nothing after.
editor-deps:
	@editors/vscode/scripts/setup-e2e.sh

# llama-cpp-python is source-only on PyPI: the first install compiles llama.cpp (~9 min on 2 cores).
# pip keeps the built wheel in its cache (~/.cache/pip): never pass --no-cache-dir here.
# A portable AVX2 build: -march=native also enables ggml's AMX kernels, which crash on VMs that
# advertise AMX (seen here: a segfault in ggml_backend_amx_mul_mat on the first decode).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc)

# torch first and pinned: a bare `torch` requirement would pull the CUDA build (gigabytes); 2.13.0 is the CPU
# wheel these machines carry. Then bite with the transformers backend (hf), treegen's export and Ray (data),
# training (train) and the test tools (dev).
TORCH ?= torch==2.13.0

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e '.[dev,hf,data,train]'
	touch $@ $(VENV)/.demo-installed

# The demo needs only bite itself (no torch, extras or editor tools), C and C++ compilers (the sandbox's
# helper, llama.cpp's build), bubblewrap, and Python for the bundled example.
$(VENV)/.demo-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

# Pulls the default model (1.1 GB, once) and accelerates the bundled C++ example with it.
demo: demo-deps $(VENV)/.demo-installed
	$(BIN)/bite demo

demo-deps:
	@scripts/install-system-deps gcc g++ bwrap python3

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/judge_precision.py

clean:
	rm -rf $(VENV) build *.egg-info editors/vscode/node_modules editors/vscode/out editors/vscode/bite.vsix
