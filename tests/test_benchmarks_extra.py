"""bench/devset, the Go and Java problems written for bite's own benchmark: every one loads as a complete
problem (a fast reference, four or more inputs, an expected output for each). No timing here: README.md there
records what bite bench measured."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bite.benchmarks import load_problems
from bite.runners.languages import java_main_class

DEVSET = Path(__file__).resolve().parents[1] / "bench" / "devset"


def test_devset_has_five_go_and_five_java_problems_each_complete():
    problems = load_problems(DEVSET)
    languages = Counter(p.language for p in problems)
    assert languages["go"] >= 5 and languages["java"] >= 5, languages
    for p in problems:
        assert p.fast is not None and p.fast.suffix == p.slow.suffix, p.name
        assert len(p.inputs) >= 4, p.name
        assert all(t.expected for t in p.inputs), f"{p.name}: an input without its output"
        assert p.split()[2], f"{p.name}: too few inputs to hide some"


def test_devset_meta_describes_each_problem_and_names_javas_main_class():
    for p in load_problems(DEVSET):
        meta = json.loads((p.folder / "meta.json").read_text())
        assert meta["description"] and meta["inefficiency"] and meta["compare"] == "tokens", p.name
        assert (p.folder / "gen.py").is_file(), f"{p.name}: no generator for its inputs"
        if p.language == "java":
            assert java_main_class(p.slow.read_text()) == meta["java_main_class"], p.name
            assert java_main_class(p.fast.read_text()) == meta["java_main_class"], p.name
