#!/bin/sh
# Make the project's virtual environment: .venv/ with pytest and wordstats installed editable.
set -e
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q pytest -e .
