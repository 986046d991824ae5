"""Project programs in bite.runners: a file judged inside its project (a Python package, a Make C project, a Go
module), the user's tree never written, builds cached by content, and a venv's python for single files too."""

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from bite.runners import (
    Comparison, Judge, Limits, OriginalFailed, Program, Project, RunnerError, Sandbox, TestInput, ToolchainMissing,
    Verdict,
)  # fmt: skip
from bite.runners.build import cache_usage

VENV_PYTHON = sys.executable  # the test's own venv: project programs run in their project's venv


def numbers(count: int, seed: int) -> bytes:
    """A target, then `count` values in 0..1000: the pair-counting programs' input."""
    rng = random.Random(seed)
    return " ".join(["1000", *(str(rng.randint(0, 1000)) for _ in range(count))]).encode() + b"\n"


PY = {
    "mypkg/__init__.py": "",
    "mypkg/util.py": "def parse(text):\n    return [int(x) for x in text.split()]\n",
    "mypkg/cli.py": (
        "import sys\n"
        "from mypkg import util\n"
        "from mypkg.pairs import count_pairs\n"
        "values = util.parse(sys.stdin.read())\n"
        "print(count_pairs(values[1:], values[0]))\n"
    ),
    "mypkg/pairs.py": (
        "def count_pairs(values, target):\n"
        "    n = 0\n"
        "    for i in range(len(values)):\n"
        "        for j in range(i + 1, len(values)):\n"
        "            if values[i] + values[j] == target:\n"
        "                n += 1\n"
        "    return n\n"
    ),
    "README.md": "a package\n",
}
PY_FAST = (
    "from collections import Counter\n\n\n"
    "def count_pairs(values, target):\n"
    "    seen, n = Counter(), 0\n"
    "    for v in values:\n"
    "        n += seen[target - v]\n"
    "        seen[v] += 1\n"
    "    return n\n"
)
PY_WRONG = PY["mypkg/pairs.py"].replace("range(i + 1,", "range(i,")

C = {
    "Makefile": (
        "pairs: main.o pairs.o\n\t$(CC) -O2 -o pairs main.o pairs.o\n"
        "%.o: %.c pairs.h\n\t$(CC) -O2 -c $<\n"
    ),
    "pairs.h": "long count_pairs(const int *values, int n, int target);\n",
    "main.c": (
        '#include <stdio.h>\n#include <stdlib.h>\n#include "pairs.h"\n'
        "int main(void) {\n"
        "    int target, cap = 1024, n = 0, v;\n"
        "    int *values = malloc(cap * sizeof *values);\n"
        '    if (scanf("%d", &target) != 1) return 1;\n'
        '    while (scanf("%d", &v) == 1) {\n'
        "        if (n == cap) values = realloc(values, (cap *= 2) * sizeof *values);\n"
        "        values[n++] = v;\n"
        "    }\n"
        '    printf("%ld\\n", count_pairs(values, n, target));\n'
        "    return 0;\n"
        "}\n"
    ),
    "pairs.c": (
        '#include "pairs.h"\n'
        "long count_pairs(const int *values, int n, int target) {\n"
        "    long count = 0;\n"
        "    for (int i = 0; i < n; i++)\n"
        "        for (int j = i + 1; j < n; j++)\n"
        "            if (values[i] + values[j] == target) count++;\n"
        "    return count;\n"
        "}\n"
    ),
    "README.md": "a C project\n",
}
C_FAST = (
    '#include "pairs.h"\n'
    "long count_pairs(const int *values, int n, int target) {\n"
    "    static long seen[1001];\n"
    "    long count = 0;\n"
    "    for (int i = 0; i < n; i++) {\n"
    "        int want = target - values[i];\n"
    "        if (want >= 0 && want <= 1000) count += seen[want];\n"
    "        seen[values[i]]++;\n"
    "    }\n"
    "    return count;\n"
    "}\n"
)
C_WRONG = C["pairs.c"].replace("int j = i + 1", "int j = i")

GO = {
    "go.mod": "module example.com/pairs\n\ngo 1.19\n",
    "internal/parse/parse.go": (
        "package parse\n\n"
        'import (\n\t"bufio"\n\t"io"\n\t"strconv"\n)\n\n'
        "func Ints(r io.Reader) []int {\n"
        "\tscanner := bufio.NewScanner(r)\n"
        "\tscanner.Split(bufio.ScanWords)\n"
        "\tvar out []int\n"
        "\tfor scanner.Scan() {\n"
        "\t\tv, _ := strconv.Atoi(scanner.Text())\n"
        "\t\tout = append(out, v)\n"
        "\t}\n"
        "\treturn out\n"
        "}\n"
    ),
    "main.go": (
        "package main\n\n"
        'import (\n\t"fmt"\n\t"os"\n\n\t"example.com/pairs/internal/parse"\n)\n\n'
        "func main() {\n"
        "\tvalues := parse.Ints(os.Stdin)\n"
        "\tfmt.Println(countPairs(values[1:], values[0]))\n"
        "}\n"
    ),
    "pairs.go": (
        "package main\n\n"
        "func countPairs(values []int, target int) int {\n"
        "\tcount := 0\n"
        "\tfor i := range values {\n"
        "\t\tfor j := i + 1; j < len(values); j++ {\n"
        "\t\t\tif values[i]+values[j] == target {\n"
        "\t\t\t\tcount++\n"
        "\t\t\t}\n"
        "\t\t}\n"
        "\t}\n"
        "\treturn count\n"
        "}\n"
    ),
}
GO_FAST = (
    "package main\n\n"
    "func countPairs(values []int, target int) int {\n"
    "\tvar seen [1001]int\n"
    "\tcount := 0\n"
    "\tfor _, v := range values {\n"
    "\t\tif w := target - v; w >= 0 && w <= 1000 {\n"
    "\t\t\tcount += seen[w]\n"
    "\t\t}\n"
    "\t\tseen[v]++\n"
    "\t}\n"
    "\treturn count\n"
    "}\n"
)
GO_WRONG = GO["pairs.go"].replace("j := i + 1", "j := i")

# files, the program's file, build, command, language, fast, wrong, values per input
KINDS = {
    "python": (PY, "mypkg/pairs.py", (), ("python3", "-m", "mypkg.cli"), PY_FAST, PY_WRONG, 3000),
    "c": (C, "pairs.c", ("make",), ("./pairs",), C_FAST, C_WRONG, 20000),
    "go": (GO, "pairs.go", ("go", "build", "-o", "pairs", "."), ("./pairs",), GO_FAST, GO_WRONG, 20000),
}


def make_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def programs(root: Path, kind: str, **project_args):
    """(original, fast, wrong, inputs) of a project made under `root`."""
    files, file, build, command, fast, wrong, count = KINDS[kind]
    make_project(root, files)
    project = Project(str(root), file, command, build, **project_args)
    interpreter = VENV_PYTHON if kind == "python" else None
    original, fast, wrong = (Program(kind, source, project=project, interpreter=interpreter)
                             for source in (files[file], fast, wrong))  # fmt: skip
    return original, fast, wrong, [TestInput("a", numbers(count, 1)), TestInput("b", numbers(count, 2))]


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path under root with its content (a link: its target), to show that nothing changed."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        out[rel] = os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return out


@pytest.fixture
def judge(tmp_path, monkeypatch):
    """A judge with a build cache of the test's own, so cache hits and misses are this test's."""
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    return Judge(limits=Limits(timeout=20), budget=20)


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_project_program_is_judged_faster_or_incorrect(judge, tmp_path, kind):
    if kind == "go" and shutil.which("go") is None:
        pytest.skip("go is not installed")
    original, fast, wrong, inputs = programs(tmp_path / "project", kind)
    before = snapshot(tmp_path / "project")

    result = judge.judge(original, fast, inputs)
    assert result.decision == "faster", (result.speedup, result.original.detail, result.candidate.detail)
    assert result.speedup.low >= 1.10
    assert result.original.outputs[0].strip().isdigit()

    result = judge.judge(original, wrong, inputs)
    assert result.decision == "incorrect"
    assert result.candidate.verdict is Verdict.WRONG_OUTPUT, result.candidate.detail
    assert snapshot(tmp_path / "project") == before  # not even a __pycache__ or an object file


WRITER = (
    "import os\n"
    "print(open('state.txt').read().strip(), sorted(os.listdir('.')))\n"
    "open('state.txt', 'w').write('changed')\n"
    "open('created.txt', 'w').write('new')\n"
    "os.remove('README.md')\n"
    "os.makedirs('out', exist_ok=True)\n"
    "open('out/result', 'w').write('x')\n"
)


@pytest.mark.parametrize("view", ["overlay", "copy", "unsandboxed"])
def test_a_command_that_writes_into_the_tree_changes_neither_the_tree_nor_the_cached_build(
        monkeypatch, tmp_path, view):  # fmt: skip
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    sandbox = Sandbox("none" if view == "unsandboxed" else "auto")
    if view == "overlay" and not sandbox.overlay:
        pytest.skip("bubblewrap here has no overlays (--overlay-src: bubblewrap 0.11+)")
    if view == "copy":
        if not sandbox.isolated:
            pytest.skip("needs bubblewrap")
        sandbox.overlay = False  # a copy per run, as where bubblewrap has no overlays
    judge = Judge(sandbox=sandbox, limits=Limits(timeout=20))
    root = make_project(tmp_path / "project", {"writer.py": WRITER, "state.txt": "original\n", "README.md": "hi\n"})
    before = snapshot(root)
    program = Program("python", WRITER, project=Project(str(root), "writer.py", ("python3", "writer.py")),
                      interpreter=VENV_PYTHON)  # fmt: skip
    built = judge.build(program)
    assert built.ok, built.message
    built_before = snapshot(built.dir)

    outputs = [judge.run(built, TestInput("x")).stdout for _ in range(3)]
    assert outputs[0] == b"original ['README.md', 'state.txt', 'writer.py']\n"
    assert outputs == [outputs[0]] * 3  # every run sees the original tree
    assert snapshot(root) == before
    assert snapshot(built.dir) == built_before


def test_the_build_runs_once_per_content(judge, tmp_path):
    original, _, wrong, inputs = programs(tmp_path / "project", "c")
    first = judge.judge(original, wrong, inputs)
    assert first.decision == "incorrect" and not first.original.build_cached and not first.candidate.build_cached
    assert cache_usage()[1] == 2

    again = Judge(limits=judge.limits, budget=judge.budget)  # a new judge: nothing remembered but the cache
    second = again.judge(original, wrong, inputs)
    assert second.original.build_cached and second.candidate.build_cached
    assert cache_usage()[1] == 2

    (tmp_path / "project" / "README.md").write_text("changed elsewhere in the tree\n")
    rebuilt = again.build(original)
    assert rebuilt.ok and not rebuilt.cached
    assert cache_usage()[1] == 3
    assert again.build(original).cached


def test_a_build_that_fails_is_a_compile_error_that_names_the_step(judge, tmp_path):
    original, _, _, inputs = programs(tmp_path / "project", "c")
    broken = Program("c", C_FAST.replace("count += seen[want];", "count += seen[want]"), project=original.project)
    verification = judge.verify(broken, inputs)
    assert verification.verdict is Verdict.COMPILE_ERROR
    detail = verification.results[0].detail
    assert detail.startswith("the build `make` failed (exit code 2)")
    assert "error" in detail and "pairs.c" in detail

    with pytest.raises(OriginalFailed, match=r"the original does not build: the build `make` failed .*error"):
        judge.judge(broken, original, inputs)


GO_TEST = (
    "package main\n\n"
    'import "testing"\n\n'
    "func TestCountPairs(t *testing.T) {\n"
    "\tif got := countPairs([]int{1, 999, 500, 500, 0}, 1000); got != 2 {\n"
    "\t\tt.Fatalf(\"got %d\", got)\n"
    "\t}\n"
    "}\n"
)


def test_go_test_runs_find_the_package_and_its_tests_compiled_by_the_build(judge, tmp_path):
    if shutil.which("go") is None:
        pytest.skip("go is not installed")
    root = make_project(tmp_path / "project", {**GO, "pairs_test.go": GO_TEST})
    project = Project(str(root), "pairs.go", ("go", "test", "-x", "-run", "TestCountPairs", "."))
    built = judge.build(Program("go", GO["pairs.go"], project=project))
    assert built.ok, built.message
    run = judge.run(built, TestInput("tests"))
    assert run.ok, run.stderr.decode()[-2000:]
    # -x lists the tools go runs: the test binary is linked again, but nothing is compiled
    tools = run.stderr.decode()
    assert "/link " in tools and "/compile " not in tools, tools[-3000:]

    broken = Program("go", GO["pairs.go"], project=Project(str(root), "pairs.go", project.command))
    (root / "pairs_test.go").write_text(GO_TEST.replace("got != 2", "got != \"2\""))
    verification = judge.verify(broken, [TestInput("tests")])
    assert verification.verdict is Verdict.COMPILE_ERROR
    assert verification.results[0].detail.startswith("compiling the tests `go test -count=1 -exec /bin/true -x")


def test_a_missing_build_tool_names_the_package(tmp_path):
    root = make_project(tmp_path / "project", C)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    no_make = Project(str(root), "pairs.c", ("./pairs",), ("make",), env=(("PATH", str(empty)),))
    with pytest.raises(ToolchainMissing, match=r"^make is not installed \(apt-get install make\)$"):
        Program("c", C["pairs.c"], project=no_make).key()
    unknown = Project(str(root), "pairs.c", ("./pairs",), ("no-such-build-tool",))
    with pytest.raises(ToolchainMissing, match=r"^no-such-build-tool is not installed$"):
        Program("c", C["pairs.c"], project=unknown).key()


def test_a_tree_too_large_to_copy_is_refused(tmp_path):
    root = make_project(tmp_path / "project", C)
    (root / "data.bin").write_bytes(b"\0" * (2 << 20))
    big = Project(str(root), "pairs.c", ("./pairs",), ("make",), max_copy_mb=1)
    with pytest.raises(RunnerError, match=r"over 1 MB .*ignore"):
        Program("c", C["pairs.c"], project=big).key()
    ignored = Project(str(root), "pairs.c", ("./pairs",), ("make",), max_copy_mb=1, ignore=("data.bin",))
    assert Program("c", C["pairs.c"], project=ignored).key()


def test_a_file_outside_the_project_is_refused(tmp_path):
    with pytest.raises(RunnerError, match="inside the project"):
        Project(str(tmp_path), "../elsewhere.py", ("python3", "x.py"))


def test_compare_exit_judges_the_exit_status_only(tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    files = {**PY, "mypkg/check.py": (
        "import random\nfrom mypkg.pairs import count_pairs\n"
        "print('seed', random.random())  # output that differs on every run\n"
        "assert count_pairs([1, 999, 500, 500, 0], 1000) == 2\n"
    )}  # fmt: skip
    root = make_project(tmp_path / "project", files)
    project = Project(str(root), "mypkg/pairs.py", ("python3", "-m", "mypkg.check"))
    judge = Judge(limits=Limits(timeout=20), comparison=Comparison("exit"))
    inputs = [TestInput("check")]
    base = judge.verify(Program("python", PY["mypkg/pairs.py"], project=project, interpreter=VENV_PYTHON), inputs)
    assert base.ok, base.detail
    fast = judge.verify(Program("python", PY_FAST, project=project, interpreter=VENV_PYTHON), inputs, base.outputs)
    assert fast.ok and fast.outputs != base.outputs
    wrong = judge.verify(Program("python", PY_WRONG, project=project, interpreter=VENV_PYTHON), inputs, base.outputs)
    assert wrong.verdict is Verdict.RUNTIME_ERROR and "AssertionError" in wrong.detail


def test_a_single_file_runs_in_the_given_venv(judge):
    # rich is installed in bite's venv, not in its base interpreter: only the venv's python can import it.
    program = Program("python", "import rich\nprint('venv')\n", interpreter=VENV_PYTHON)
    verification = judge.verify(program, [TestInput("x")])
    assert verification.ok, verification.detail
    assert verification.outputs == [b"venv\n"]


def test_bench_works_with_a_venv_activated(tmp_path):
    venv = Path(VENV_PYTHON).parent.parent
    env = {**os.environ, "VIRTUAL_ENV": str(venv), "PATH": f"{venv}/bin:{os.environ['PATH']}",
           "BITE_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    e = EXAMPLES / "primes_py"
    command = [venv / "bin" / "bite", "bench", e / "slow.py", e / "fast.py", "--inputs", e / "inputs", "--budget", "5"]
    out = subprocess.run(command + ["--json"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert '"decision"' in out.stdout


@pytest.mark.parametrize("command, warmed", [
    (("go", "test", "-run", "TestX", "."), True),
    (("go", "test", "-exec", "sudo", "."), False),
    (("go", "test", "--exec=qemu-arm", "."), False),
    (("go", "run", "."), False),
])  # fmt: skip
def test_only_a_go_test_command_without_its_own_exec_is_compiled_in_the_build(tmp_path, command, warmed):
    project = Project(str(tmp_path), "pairs.go", command)
    warmup = Program("go", GO["pairs.go"], project=project).warmup()
    assert warmup == (("go", "test", "-count=1", "-exec", "/bin/true", *command[2:]) if warmed else ())
