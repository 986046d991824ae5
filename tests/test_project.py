"""Finding a file's workload: bite.toml, [tool.bite] in pyproject.toml, and the conventions."""

import json
import subprocess
from pathlib import Path

import pytest

from bite.project import NoWorkload, find_workload, source_at_revision
from bite.runners import RunnerError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_bite_toml_entry_gives_inputs_outputs_flags_and_limits(tmp_path):
    write(tmp_path / "bite.toml", """
[[workload]]
files = "other/*.c"
inputs = "nowhere/*.in"

[[workload]]
files = "src/*.c"
inputs = "data/{stem}/*.in"
expected = "data/{stem}/out"
argv = ["1", "2"]
flags = ["-O3"]
compare = "float"
timeout = 3
memory_mb = 256
""")
    file = write(tmp_path / "src" / "solve.c", "int main(){}")
    write(tmp_path / "data" / "solve" / "a.in", "A")
    write(tmp_path / "data" / "solve" / "b.in", "B")
    write(tmp_path / "data" / "solve" / "out" / "a.out", "1")
    write(tmp_path / "data" / "solve" / "out" / "b.out", "2")
    w = find_workload(file)
    assert [(t.name, t.stdin, t.argv, t.expected) for t in w.inputs] == [("a.in", b"A", ("1",), b"1"),
                                                                        ("b.in", b"B", ("2",), b"2")]
    assert w.flags == ("-O2", "-O3") and w.comparison.mode == "float"  # added to C's defaults
    assert (w.limits.timeout, w.limits.memory_mb) == (3.0, 256)
    assert "bite.toml workload 2" in w.origin


@pytest.mark.parametrize(
    "keys, flags",
    [
        ('flags = ["-O3"]', ("-O2", "-std=c++17", "-O3")),
        ('flags = ["-O3"]\nflags_replace = true', ("-O3",)),
        ("flags_replace = true", ()),
        ("", None),
    ],
    ids=["added", "replaced", "replaced-by-none", "defaults"],
)
def test_workload_flags_add_to_the_defaults_unless_replaced(tmp_path, keys, flags):
    write(tmp_path / "bite.toml", f'[[workload]]\nfiles = "*.cpp"\ninputs = "cases/*.in"\n{keys}\n')
    write(tmp_path / "cases" / "1.in", "x")
    assert find_workload(write(tmp_path / "a.cpp", "int main(){}")).flags == flags


def test_flags_replace_must_be_a_boolean(tmp_path):
    write(tmp_path / "bite.toml", '[[workload]]\nfiles = "*.c"\ninputs = "cases/*.in"\nflags_replace = "yes"\n')
    write(tmp_path / "cases" / "1.in", "x")
    with pytest.raises(RunnerError, match="flags_replace must be true or false"):
        find_workload(write(tmp_path / "a.c", "int main(){}"))


def test_pyproject_tool_bite_is_read_from_a_parent_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[[tool.bite.workload]]\nfiles = "pkg/*.py"\n'
                                       'inputs = "{dir}/cases/*.in"\n')  # fmt: skip
    file = write(tmp_path / "pkg" / "mod.py", "print(1)")
    write(tmp_path / "pkg" / "cases" / "1.in", "x")
    w = find_workload(file)
    assert [t.name for t in w.inputs] == ["1.in"] and w.flags is None and w.comparison.mode == "tokens"


def test_a_pyproject_without_tool_bite_does_not_hide_the_conventions(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    file = write(tmp_path / "slow.py", "print(1)")
    write(tmp_path / "slow.inputs" / "1.in", "5")
    write(tmp_path / "slow.outputs" / "1.out", "5")
    w = find_workload(file)
    assert [(t.name, t.expected) for t in w.inputs] == [("1.in", b"5")] and w.origin == "slow.inputs/"


def test_benchmark_layout_with_argv_in_meta_json(tmp_path):
    file = write(tmp_path / "slow.c", "int main(){}")
    write(tmp_path / "inputs" / "000.in", "")
    write(tmp_path / "inputs" / "001.in", "")
    write(tmp_path / "meta.json", json.dumps({"argv_per_input": [["10"], ["20", "x y"]]}))
    w = find_workload(file)
    assert [t.argv for t in w.inputs] == [("10",), ("20", "x y")]


def test_no_workload_says_how_to_add_one(tmp_path):
    file = write(tmp_path / "alone.go", "package main")
    with pytest.raises(NoWorkload) as error:
        find_workload(file)
    message = str(error.value)
    assert "alone.inputs/" in message and "bite.toml" in message and "[[workload]]" in message


@pytest.mark.parametrize("entry, complaint", [
    ('files = "*.py"\ninputs = "x/*.in"\ncolour = 1', "unknown keys colour"),
    ('files = "*.py"\ninputs = "x/*.in"\ncompare = "fuzzy"', "compare must be one of"),
    ('files = "*.py"\ninputs = "x/*.in"\nargv = "1"', "argv must be a list"),
    ('files = "*.py"\ninputs = "missing/*.in"', "no inputs found"),
])  # fmt: skip
def test_bad_entries_name_the_file_and_the_problem(tmp_path, entry, complaint):
    write(tmp_path / "bite.toml", f"[[workload]]\n{entry}\n")
    write(tmp_path / "x" / "1.in", "1")
    with pytest.raises(RunnerError, match=complaint) as error:
        find_workload(write(tmp_path / "a.py", ""))
    assert "bite.toml" in str(error.value)


def test_source_at_a_git_revision(tmp_path):
    file = write(tmp_path / "a.py", "old\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "a.py"], check=True)
    subprocess.run(git + ["commit", "-qm", "x"], check=True)
    file.write_text("new\n")
    assert source_at_revision(file, "HEAD") == "old\n"
    with pytest.raises(RunnerError, match="git has no a.py at nope"):
        source_at_revision(file, "nope")


def _venv_python(folder: Path) -> Path:
    """A stand-in interpreter: what matters here is which one is chosen, not running it."""
    python = write(folder / "bin" / "python", "#!/bin/sh\n")
    python.chmod(0o755)
    return python


def test_a_command_workload_is_a_project_program(tmp_path, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(tmp_path / "bite.toml", """
[[workload]]
files = "pkg/*.py"
command = ["pytest", "-q", "tests"]
build = ["make"]
env = { PYTHONHASHSEED = "0" }
""")
    file = write(tmp_path / "pkg" / "stats.py", "def mean(xs):\n    return sum(xs) / len(xs)\n")
    venv = _venv_python(tmp_path / ".venv")
    w = find_workload(file)
    assert w.project.root == str(tmp_path) and w.project.file == "pkg/stats.py"
    assert w.project.command == ("python", "-m", "pytest", "-q", "tests")  # pytest on the project's interpreter
    assert w.project.build == ("make",) and w.project.env == (("PYTHONHASHSEED", "0"),)
    assert w.interpreter == str(venv) and w.comparison.mode == "exit" and w.limits.timeout == 60
    assert [t.name for t in w.inputs] == ["command"]
    program = w.program("python", file.read_text())
    assert program.project is w.project and program.interpreter == str(venv)
    # timing: the function being accelerated, within the command (measure = "auto")
    assert w.timing("mean").project.measure == "pkg/stats.py:mean" and w.project.measure is None


def test_measure_can_be_given_or_switched_off(tmp_path):
    write(tmp_path / "bite.toml", """
[[workload]]
files = "a.py"
command = ["python", "main.py"]
measure = false

[[workload]]
files = "b.py"
command = ["python", "main.py"]
inputs = "in/*.in"
measure = "b.py:Solver.solve"
""")
    write(tmp_path / "in" / "x.in", "1")
    a = find_workload(write(tmp_path / "a.py", "def f():\n    pass\n"))
    assert a.timing("f").project.measure is None  # the command's CPU time, as asked
    b = find_workload(write(tmp_path / "b.py", "class Solver:\n    def solve(self):\n        pass\n"))
    assert b.project.measure == "b.py:Solver.solve" and b.comparison.mode == "stdout"
    assert b.timing("other").project.measure == "b.py:Solver.solve"


def test_the_projects_interpreter_first_found(tmp_path, monkeypatch):
    from bite.project import project_python

    file = write(tmp_path / "proj" / "src" / "m.py", "x = 1\n")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    assert project_python(file) is None  # the system's python3
    dotvenv = _venv_python(tmp_path / "proj" / ".venv")
    assert project_python(file) == str(dotvenv)  # a .venv at or above the file
    active = _venv_python(tmp_path / "active")
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "active"))
    assert project_python(file) == str(active)  # $VIRTUAL_ENV before a .venv found by looking
    editor = _venv_python(tmp_path / "editor")
    assert project_python(file, editor=str(editor)) == str(editor)  # the editor's choice before $VIRTUAL_ENV
    explicit = _venv_python(tmp_path / "proj" / "py")
    assert project_python(file, "py/bin/python", tmp_path / "proj", str(editor)) == str(explicit)  # the workload's
    with pytest.raises(RunnerError, match="not an executable"):
        project_python(file, "nope/bin/python", tmp_path / "proj")


def test_a_functions_trace_is_its_workload(tmp_path, monkeypatch):
    from bite.runners.trace import FORMAT

    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    file = write(tmp_path / "lib" / "calc.py", "def area(w, h):\n    return w * h\n")
    trace = {"format": FORMAT, "file": "lib/calc.py", "module": "lib.calc", "function": "area",
             "path": [], "calls": [{"args": "gASVAAAAAAAAAAAu"}], "made": 1, "skipped": 0}  # fmt: skip
    write(tmp_path / ".bite" / "traces" / "lib" / "calc.py" / "area.json", json.dumps(trace))
    w = find_workload(file, function="area")
    assert "traced" in w.origin and w.comparison.mode == "exact"
    assert w.project.root == str(tmp_path) and w.project.measure == "lib/calc.py:area"
    with pytest.raises(NoWorkload):
        find_workload(file, function="volume")  # no trace of that one, and no inputs


def test_maven_runs_offline_on_the_users_local_repository(tmp_path):
    from bite.project import MAVEN_HOME

    write(tmp_path / "bite.toml", '[[workload]]\nfiles = "src/*.java"\ncommand = ["mvn", "-q", "test"]\n')
    w = find_workload(write(tmp_path / "src" / "A.java", "class A {}\n"))
    assert w.project.command == ("mvn", "-o", f"-Dmaven.repo.local={MAVEN_HOME / 'repository'}", "-q", "test")
    assert w.project.readonly == (str(MAVEN_HOME),)
