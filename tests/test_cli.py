"""The `bite` command: bench output, JSON, doctor, and one clear line with exit 2 for bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

BITE = [sys.executable, "-m", "bite.cli"]


def bite(*args, cwd=None):
    return subprocess.run([*BITE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=240)


def test_version():
    out = bite("--version")
    assert out.returncode == 0 and out.stdout.startswith("bite ")


def test_bench_prints_verdicts_speedup_and_decision():
    e = EXAMPLES / "pairsum_c"
    out = bite("bench", e / "slow.c", e / "fast.c", "--inputs", e / "inputs", "--expected", e / "outputs")
    assert out.returncode == 0, out.stderr
    assert "000.in" in out.stdout and "001.in" in out.stdout
    assert "95% CI" in out.stdout and "FASTER" in out.stdout


def test_bench_json():
    e = EXAMPLES / "primes_py"
    out = bite("bench", e / "slow.py", e / "fast.py", "--inputs", e / "inputs", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["decision"] == "faster"
    assert result["speedup"]["low"] >= 1.10
    assert [i["verdict"] for i in result["candidate"]["inputs"]] == ["ok", "ok"]
    assert "t-interval" in result["speedup_method"]


def test_bench_reports_an_incorrect_candidate_with_exit_0(tmp_path):
    e = EXAMPLES / "primes_py"
    wrong = tmp_path / "wrong.py"
    wrong.write_text("print(1)\n")
    out = bite("bench", e / "slow.py", wrong, "--inputs", e / "inputs", "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["candidate"]["verdict"] == "wrong_output"


def test_argv_workload_from_the_command_line(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("import sys\nprint(sum(range(int(sys.argv[1]))))\n")
    b.write_text("import sys\nn = int(sys.argv[1])\nprint(n * (n - 1) // 2)\n")
    out = bite("bench", a, b, "--argv", "10000000", "--argv", "10", "--json", "--budget", "10")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["decision"] == "faster"


def _bad(tmp_path):
    e = EXAMPLES / "primes_py"
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    go = EXAMPLES / "fib_go" / "fast.go"
    alone = tmp_path / "alone.py"  # no inputs beside it: no workload
    alone.write_text((e / "slow.py").read_text())
    return {
        "missing file": ([tmp_path / "nope.py", e / "fast.py", "--inputs", e / "inputs"], "no such file"),
        "unknown extension": ([notes, e / "fast.py", "--inputs", e / "inputs"], "unknown extension"),
        "no inputs found": ([e / "slow.py", e / "fast.py", "--inputs", tmp_path / "*.in"], "no inputs found"),
        "no inputs given": ([alone, e / "fast.py"], "no inputs: give --inputs"),
        "broken original": ([broken, e / "fast.py", "--inputs", e / "inputs"], "the original does not compile: main.py:1:7: error: SyntaxError"),
        "languages differ": ([e / "slow.py", go, "--inputs", e / "inputs"], "is Python but"),
        "bad compare mode": ([e / "slow.py", e / "fast.py", "--inputs", e / "inputs", "--compare", "x"], "mode"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing file", "unknown extension", "no inputs found", "no inputs given", "broken original",
     "languages differ", "bad compare mode"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(tmp_path, case):
    args, message = _bad(tmp_path)[case]
    before = set(Path.cwd().iterdir())
    out = bite("bench", *args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().startswith("error:") and len(out.stderr.strip().splitlines()) <= 2
    assert set(Path.cwd().iterdir()) == before


def test_missing_toolchain_names_the_package(monkeypatch):
    from typer.testing import CliRunner

    from bite import cli
    from bite.runners import languages

    real_which = languages.shutil.which
    monkeypatch.setattr(languages.shutil, "which", lambda tool: None if tool == "go" else real_which(tool))
    languages.resolve.cache_clear()
    languages.toolchain_version.cache_clear()
    try:
        e = EXAMPLES / "fib_go"
        out = CliRunner().invoke(cli.app, ["bench", str(e / "slow.go"), str(e / "fast.go"), "--inputs",
                                           str(e / "inputs")])  # fmt: skip
    finally:
        languages.resolve.cache_clear()
        languages.toolchain_version.cache_clear()
    assert out.exit_code == 2
    assert "apt-get install golang-go" in out.output


def test_doctor_reports_every_area():
    out = bite("doctor")
    assert out.returncode == 0, out.stderr
    for area in ("toolchain", "sandbox", "timing", "models", "backends", "accelerator"):
        assert area in out.stdout
    for lang in ("C++", "Go", "Java", "Python"):
        assert lang in out.stdout
