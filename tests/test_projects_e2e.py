"""End to end on each example project (examples/projects/): bite accelerates the slow function in a non-main
file with the project's own build and command, through the scripted backend replaying the project's
bite-fast.json; the verified rewrite is applied, and the project's own tests pass afterwards. The user's
tree changes only by the applied edit."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bite.languages import function_named
from bite.runners import language_for_path

PROJECTS = Path(__file__).resolve().parents[1] / "examples" / "projects"
# each project's own tests, run natively after the edit
NATIVE_TESTS = {
    "python-pkg": [[".venv/bin/python", "-m", "pytest", "-q"]],
    "go-module": [["go", "test", "./..."]],
    "make-c": [["make", "check"]],
    "cmake-cpp": [["cmake", "-S", ".", "-B", "native"], ["cmake", "--build", "native"],
                  ["ctest", "--test-dir", "native", "--output-on-failure"]],
    "java-multi": [["sh", "-c", "mkdir -p native && javac -d native $(find src/main -name '*.java') && "
                    "java -cp native shop.Main < inputs/day.in | diff - outputs/day.out"]],
}  # fmt: skip


def _copy(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(PROJECTS / name, project, ignore=shutil.ignore_patterns("build", ".venv", "out", "native"))
    if name == "python-pkg":  # its interpreter: a venv with pytest, as its README sets it up
        subprocess.run([sys.executable, "-m", "venv", str(project / ".venv")], check=True)
        subprocess.run([str(project / ".venv/bin/pip"), "install", "-q", "pytest"], check=True, capture_output=True)
    return project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".venv" not in p.parts and "__pycache__" not in p.parts}  # fmt: skip


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", sorted(NATIVE_TESTS))
def test_a_project_function_is_accelerated_applied_and_its_tests_pass(name, tmp_path):
    project = _copy(name, tmp_path)
    fast = json.loads((project / "bite-fast.json").read_text())
    file = project / fast["file"]
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([f"```\n{fast['fast']}\n```"]))
    before = _snapshot(project)
    done = subprocess.run(
        [sys.executable, "-m", "bite", "accelerate", str(file), "--function", fast["function"], "--backend",
         "scripted", "--model", str(replies), "--candidates", "1", "--depth", "1", "--prompt", "paper", "--json",
         "--apply"], cwd=project, capture_output=True, text=True, timeout=800)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["best"] is not None, [(n["status"], n["detail"]) for n in result["nodes"]]
    assert result["best"]["speedup_vs_root"]["low"] >= 1.10
    language = language_for_path(file).name
    applied = function_named(file.read_text(), language, fast["function"]).text
    assert applied.split() == fast["fast"].split()  # the same code, indented where the function stands
    after = _snapshot(project)
    assert {k for k in after if after[k] != before.get(k)} == {fast["file"]}  # only the accepted edit
    for command in NATIVE_TESTS[name]:
        ran = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, f"{command}: {ran.stdout[-2000:]}{ran.stderr[-2000:]}"
