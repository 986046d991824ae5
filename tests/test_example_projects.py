"""The example projects (examples/projects/): each has its workload and a replayable faster function; none ships
in the wheel. Building and judging them is the end-to-end tests' work, not this file's."""

import fnmatch
import json
import tomllib
from pathlib import Path

import pytest

from bite.languages import function_named, has_syntax_errors, splice
from bite.runners import language_for_path

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ROOT / "examples" / "projects"
NAMES = ["cmake-cpp", "go-module", "java-multi", "make-c", "python-pkg"]


def test_the_five_projects_are_there():
    assert sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_workload_serves_the_slow_file(name):
    project = PROJECTS / name
    assert (project / "README.md").is_file()
    fast = json.loads((project / "bite-fast.json").read_text())
    (workload, *_) = tomllib.loads((project / "bite.toml").read_text())["workload"]
    assert fnmatch.fnmatch(fast["file"], workload["files"])
    assert isinstance(workload["command"], list) and workload["command"]
    if "inputs" in workload:
        inputs = sorted(project.glob(workload["inputs"]))
        assert inputs
        for path in inputs:
            assert (project / workload["expected"] / f"{path.stem}.out").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_the_fast_function_replaces_the_slow_one(name):
    project = PROJECTS / name
    fast = json.loads((project / "bite-fast.json").read_text())
    language = language_for_path(fast["file"]).name
    source = (project / fast["file"]).read_text()
    slow = function_named(source, language, fast["function"])
    assert not has_syntax_errors(fast["fast"], language)
    assert function_named(fast["fast"], language, fast["function"]).name == slow.name
    spliced = splice(source, slow, fast["fast"])
    assert not has_syntax_errors(spliced, language)
    assert function_named(spliced, language, fast["function"]).text != slow.text


def test_no_project_file_ships_in_the_wheel():
    """pyproject's package-data globs for bite.examples (setuptools keeps the files they match) stop at the
    single-file examples; the projects are for the source tree."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {path for pattern in globs["bite.examples"] for path in (ROOT / "examples").glob(pattern)}
    assert not [path for path in shipped if path.is_file() and PROJECTS in path.parents]
    assert any(path.name == "meta.json" for path in shipped)
