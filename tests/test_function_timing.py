"""Timing the function, not the process: a Python project's `measure` and Go's ns/op, believed only where the
process CPU confirms the savings they claim."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bite.runners import Comparison, Judge, Limits, Program, Project, TestInput
from bite.runners.measure import Probe, go_benchmark
from bite.runners.sandbox import RunResult
from bite.runners.stats import savings_check

PYTHON = sys.executable  # the test's venv: project programs run on their project's interpreter

# The command: total() on 150 000 values once, then other work about four times as long: total() is a fifth of
# the command's CPU (asserted below). The fast total() does it in one pass instead of five: 5x.
SQUARES = (
    "def total(values):\n"
    "    result = 0\n"
    "    for _ in range(5):  # the slow version does it five times over\n"
    "        result = 0\n"
    "        for v in values:\n"
    "            result += v * v\n"
    "    return result\n"
)
SQUARES_FAST = "def total(values):\n    result = 0\n    for v in values:\n        result += v * v\n    return result\n"
# A forger: it does the slow work when its module is imported, for the input it guesses from the command line,
# so its calls take no time while the process does the same work.
SQUARES_FORGER = SQUARES.replace("def total(", "def _slow(") + (
    "\n\nimport sys\n"
    "_n = int(sys.argv[1]) if len(sys.argv) > 1 else 0\n"
    "_known = _slow(list(range(_n)))\n\n\n"
    "def total(values):\n"
    "    return _known if len(values) == _n else _slow(values)\n"
)
MAIN = (
    "import sys\n"
    "from calc.squares import total\n\n\n"
    "def other(values):\n"
    "    acc = 0\n"
    "    for v in values:\n"
    "        acc = (acc * 31 + v) % 1000003\n"
    "    return acc\n\n\n"
    "values = list(range(int(sys.argv[1])))\n"
    "print(total(values))\n"
    "print([other(values) for _ in range(10)][-1])\n"
)


def make_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.fixture
def squares(tmp_path, monkeypatch):
    """(project, inputs) of the squares project, with a build cache of the test's own."""
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "project", {"calc/__init__.py": "", "calc/squares.py": SQUARES, "main.py": MAIN})
    project = Project(str(root), "calc/squares.py", ("python3", "main.py"), measure="total")
    return project, [TestInput("n", argv=("150000",))]


def program(project: Project, source: str) -> Program:
    return Program("python", source, project=project, interpreter=PYTHON)


def test_a_faster_function_that_is_a_fifth_of_the_command_is_judged_faster_on_its_own_time(squares):
    project, inputs = squares
    judge = Judge(limits=Limits(timeout=30), budget=90)
    result = judge.judge(program(project, SQUARES), program(project, SQUARES_FAST), inputs)
    base = result.original.results[0]
    assert base.measured_s <= 0.25 * base.cpu_s, base  # the function is at most a quarter of the command
    assert result.decision == "faster", (result.speedup, result.process_speedup, result.timing_note)
    assert result.decided_on == "function" and result.speedup is result.function_speedup
    assert result.function_speedup.estimate >= 3, result.function_speedup
    assert result.process_speedup.estimate < 2, result.process_speedup  # the command's CPU moves far less
    timing = result.timings[0]
    assert timing.original_measured_s > 3 * timing.candidate_measured_s
    figures = result.to_dict()
    assert figures["decided_on"] == "function"
    assert figures["function_speedup"]["basis"] == "function" and figures["process_speedup"]["basis"] == "process"
    # A proposal's figure: a fresh block of rounds, then more only until the process CPU confirms the function's.
    confirmed = judge.confirm(program(project, SQUARES), program(project, SQUARES_FAST), inputs)
    assert confirmed.basis == "function" and confirmed.rounds == judge.confirm_rounds, confirmed
    assert confirmed.faster(2.0), confirmed


def test_work_moved_out_of_the_function_is_not_faster(squares):
    """The forger's calls take no time, and the function's figures claim it 1000x faster; the process CPU saves
    nothing, so the judge decides on it, and says why."""
    project, inputs = squares
    judge = Judge(limits=Limits(timeout=30), budget=40)
    result = judge.judge(program(project, SQUARES), program(project, SQUARES_FORGER), inputs)
    assert result.correct, result.candidate.detail
    assert result.function_speedup.estimate > 100, result.function_speedup
    assert result.decision == "not_faster", (result.speedup, result.timing_note)
    assert result.decided_on == "process"
    assert "does not confirm the function's measured savings" in result.timing_note, result.timing_note


def test_the_hook_times_outermost_calls_leaves_stderr_clean_and_runs_the_venvs_sitecustomize(tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = venv.glob("lib/python3*/site-packages")
    (site / "sitecustomize.py").write_text("import builtins\nbuiltins.THEIRS = 'the venv sitecustomize ran'\n")
    files = {
        "lib.py": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
        "main.py": (
            "import sys, builtins\nfrom lib import fib\n"
            "print(fib(18), fib(15), getattr(builtins, 'THEIRS', 'no sitecustomize'))\n"
            "print('to stderr', file=sys.stderr)\n"
            "print([p for p in sys.path if 'pyhook' in p])\n"
        ),
    }
    root = make_project(tmp_path / "project", files)
    project = Project(str(root), "lib.py", ("python3", "main.py"), measure="fib")
    judge = Judge(limits=Limits(timeout=20))
    built = judge.build(Program("python", files["lib.py"], project=project, interpreter=str(venv / "bin" / "python")))
    run = judge.run(built, TestInput("x"))
    assert run.ok, run.stderr
    assert run.stdout == b"2584 610 the venv sitecustomize ran\n[]\n"  # and sys.path as the project has it
    assert run.stderr == b"to stderr\n"  # the hook's report is gone
    assert run.measured_s is not None and 0 < run.measured_s < run.cpu_s
    (report,) = [r for r in run.captured if r["kind"] == "measured"]
    assert report["calls"] == 2  # fib(18) and fib(15), not their recursive calls


def test_a_measured_function_the_candidate_lacks_is_reported():
    result = RunResult(0, 0, b"", b"", 0.1, 0.1, 0)
    probe = Probe({}, nonce="n0", name="total")
    result.stderr = b'hello\nn0 {"kind": "measured", "name": "total", "seconds": 0, "calls": 0, "error": ' \
                    b'"total in calc.squares: KeyError: \'total\'"}\n'  # fmt: skip
    probe.read(result)
    assert result.stderr == b"hello\n"
    assert result.measured_s is None and "KeyError" in result.measure_note


@pytest.mark.parametrize("command, fixed", [
    (("go", "test", "-bench", ".", "./..."), False),
    (("go", "test", "-bench=.", "-benchtime=20x", "./..."), True),
    (("go", "test", "-bench", "Percentiles", "-benchtime", "50x"), True),
    (("go", "test", "-bench", ".", "-benchtime=2s"), False),
    (("go", "test", "./..."), None),
    (("go", "run", "."), None),
])  # fmt: skip
def test_go_benchmark_commands(command, fixed):
    assert go_benchmark(command) is fixed


def test_go_ns_per_op_is_parsed():
    stdout = (b"goos: linux\nBenchmarkPercentiles-2   \t      20\t  51184715 ns/op\t  8 B/op\n"
              b"BenchmarkTop-2 \t 1000\t 1500.5 ns/op\nPASS\nok  \texample.com/x/stats\t1.2s\n")  # fmt: skip
    fixed, adaptive = RunResult(0, 0, stdout, b"", 1.5, 1.5, 0), RunResult(0, 0, stdout, b"", 1.5, 1.5, 0)
    Probe({}, go_fixed=True).read(fixed)
    Probe({}, go_fixed=False).read(adaptive)
    assert fixed.measured_s == adaptive.measured_s == pytest.approx((51184715 + 1500.5) / 1e9)
    assert fixed.measured_run_s == pytest.approx((20 * 51184715 + 1000 * 1500.5) / 1e9)
    assert adaptive.measured_run_s is None and "-benchtime=Nx" in adaptive.measure_note


def test_the_savings_check_confirms_real_savings_and_refutes_forged_ones():
    noise = [0.03, -0.05, 0.04, -0.02, 0.05, -0.04, 0.01, -0.03, 0.02, -0.01]  # +-5 % of a 1 s command
    claimed = [0.2] * len(noise)  # a quarter of the command, 5x faster
    looks = range(2, 41)
    assert savings_check(claimed, [0.2 + e for e in noise], looks=looks) == "confirmed"
    assert savings_check(claimed, noise, looks=looks) == "refuted"  # the same work: nothing saved
    assert savings_check(claimed[:3], noise[:3], looks=looks) == "open"  # too few rounds to tell
    assert savings_check(claimed, [0.1 + e for e in noise], looks=looks) == "refuted"  # half of what it claims
    assert savings_check([-c for c in claimed], [-0.2 - e for e in noise], "degrade", looks=looks) == "confirmed"


GO_FILES = {
    "go.mod": "module example.com/pct\n\ngo 1.19\n",
    "pct/pct.go": (
        "package pct\n\n"
        "// Median of samples, which it leaves unchanged.\n"
        "func Median(samples []float64) float64 {\n"
        "\tsorted := append([]float64(nil), samples...)\n"
        "\tfor i := 1; i < len(sorted); i++ {\n"
        "\t\tfor j := i; j > 0 && sorted[j-1] > sorted[j]; j-- {\n"
        "\t\t\tsorted[j], sorted[j-1] = sorted[j-1], sorted[j]\n"
        "\t\t}\n"
        "\t}\n"
        "\treturn sorted[len(sorted)/2]\n"
        "}\n"
    ),
    "pct/pct_test.go": (
        "package pct\n\nimport (\n\t\"math/rand\"\n\t\"testing\"\n)\n\n"
        "func TestMedian(t *testing.T) {\n"
        "\tif m := Median([]float64{3, 1, 2}); m != 2 {\n\t\tt.Fatal(m)\n\t}\n}\n\n"
        "func BenchmarkMedian(b *testing.B) {\n"
        "\tsamples := make([]float64, 8000)\n"
        "\tfor i, v := range rand.New(rand.NewSource(1)).Perm(len(samples)) {\n"
        "\t\tsamples[i] = float64(v)\n"
        "\t}\n"
        "\tfor i := 0; i < b.N; i++ {\n"
        "\t\tif Median(samples) != 4000 {\n\t\t\tb.Fatal(\"wrong\")\n\t\t}\n"
        "\t}\n"
        "}\n"
    ),
}
GO_FAST = (
    "package pct\n\nimport \"sort\"\n\n"
    "// Median of samples, which it leaves unchanged.\n"
    "func Median(samples []float64) float64 {\n"
    "\tsorted := append([]float64(nil), samples...)\n"
    "\tsort.Float64s(sorted)\n"
    "\treturn sorted[len(sorted)/2]\n"
    "}\n"
)


@pytest.fixture
def go_project(tmp_path, monkeypatch):
    if shutil.which("go") is None:
        pytest.skip("go is not installed")
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    return make_project(tmp_path / "project", GO_FILES)


def go_programs(root: Path, benchtime: str | None):
    command = ("go", "test", "-run", "^$", "-bench", ".", *([f"-benchtime={benchtime}"] if benchtime else ()), "./...")
    # The build compiles the tests once into the copy's Go cache: runs then link and run them.
    project = Project(str(root), "pct/pct.go", command, build=("go", "test", "-run", "^$", "./..."))
    return Program("go", GO_FILES["pct/pct.go"], project=project), Program("go", GO_FAST, project=project)


def test_go_judges_on_ns_per_op_with_a_fixed_iteration_count(go_project):
    original, fast = go_programs(go_project, "30x")
    judge = Judge(limits=Limits(timeout=60), comparison=Comparison("exit"), budget=60)  # ns/op differ every run
    result = judge.judge(original, fast, [TestInput("bench")])
    assert result.original.results[0].measured_s > 0, result.original.detail
    assert result.decision == "faster", (result.speedup, result.process_speedup, result.timing_note)
    assert result.decided_on == "function", result.timing_note
    assert result.function_speedup.estimate > 3 * result.process_speedup.estimate  # go test's build is not timed


def test_go_with_adaptive_iterations_falls_back_to_process_cpu_and_says_why(go_project):
    original, fast = go_programs(go_project, None)
    judge = Judge(limits=Limits(timeout=60), comparison=Comparison("exit"), budget=8, max_rounds=3)
    result = judge.judge(original, fast, [TestInput("bench")])
    assert result.function_speedup.estimate > 3, result.function_speedup  # ns/op says far faster...
    assert result.decided_on == "process"  # ...which the process CPU cannot confirm: both fill about a second
    assert "give -benchtime=Nx" in result.timing_note
