"""bite profile: in each language, a function that takes most of the time is named first and holds the top line;
a profile that cannot be taken says why; the CLI prints tables and JSON."""

import json
import os
import re
import subprocess
import sys

import pytest

from bite import profiling
from bite.profiling import FunctionCost, Profile, profile_program
from bite.runners import Judge, Limits, Program, TestInput

# hot() does six times the work of cold(); main() reads n and calls both. The two bodies differ, so that no
# compiler folds them into one.
PROGRAMS = {
    "c": """#include <stdio.h>

unsigned long long hot(long n) {
    unsigned long long x = 88172645463325252ULL, s = 0;
    for (long i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; s += x % 1000; }
    return s;
}

unsigned long long cold(long n) {
    unsigned long long x = 2463534242ULL, s = 0;
    for (long i = 0; i < n; i++) { x ^= x << 5; x ^= x >> 3; x ^= x << 11; s += x % 997; }
    return s;
}

int main(void) {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    printf("%llu %llu\\n", hot(6 * n), cold(n));
    return 0;
}
""",
    # std::vector's inlined accessors come first in hot(): callgrind files it under the STL's header
    "cpp": """#include <cstdio>
#include <vector>

long long hot(const std::vector<int> &v, int rounds) {
    long long s = 0;
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < v.size(); i++) s += (v[i] ^ r) % 7;
    return s;
}

long long cold(const std::vector<int> &v) {
    long long s = 0;
    for (size_t i = 0; i < v.size(); i++) s += v[i] % 5;
    return s;
}

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<int> v(n);
    for (int i = 0; i < n; i++) v[i] = i * 7919 % 1000;
    std::printf("%lld %lld\\n", hot(v, 16), cold(v));
}
""",
    "go": """package main

import "fmt"

func hot(n int) uint64 {
	x, s := uint64(88172645463325252), uint64(0)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		s += x % 1000
	}
	return s
}

func cold(n int) uint64 {
	x, s := uint64(2463534242), uint64(0)
	for i := 0; i < n; i++ {
		x ^= x << 5
		x ^= x >> 3
		x ^= x << 11
		s += x % 997
	}
	return s
}

func main() {
	var n int
	fmt.Scan(&n)
	fmt.Println(hot(6*n), cold(n))
}
""",
    "java": """import java.util.Scanner;

public class Main {
    static long hot(long n) {
        long x = 88172645463325252L, s = 0;
        for (long i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 7; x ^= x << 17; s += x & 1023; }
        return s;
    }

    static long cold(long n) {
        long x = 2463534242L, s = 0;
        for (long i = 0; i < n; i++) { x ^= x << 5; x ^= x >>> 3; x ^= x << 11; s += x & 511; }
        return s;
    }

    public static void main(String[] args) {
        long n = new Scanner(System.in).nextLong();
        System.out.println(hot(6 * n) + " " + cold(n));
    }
}
""",
    "python": """import sys


def hot(n):
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def cold(n):
    s = 0
    for i in range(n):
        s += i % 5
    return s


def main():
    n = int(sys.stdin.readline())
    print(hot(6 * n), cold(n))


main()
""",
}
SIZES = {"c": 200_000, "cpp": 100_000, "go": 200_000, "java": 40_000_000, "python": 100_000}


def workload(language: str) -> list[TestInput]:
    n = SIZES[language]
    return [TestInput("small.in", f"{n // 10}\n".encode()), TestInput("big.in", f"{n}\n".encode())]


@pytest.fixture(scope="module")
def judge():
    return Judge(limits=Limits(timeout=30))


@pytest.mark.parametrize("language", list(PROGRAMS))
def test_the_hot_function_is_named_first_and_holds_the_top_line(judge, language):
    profile = profile_program(Program(language, PROGRAMS[language]), workload(language), judge, budget=60)
    assert profile.ok, profile.message
    assert profile.input == "big.in"
    own = [f for f in profile.functions if f.in_source]
    assert own[0].name == "hot", profile.functions
    assert own[0].self_share > 0.6
    assert {"hot", "cold", "main"} <= {f.name for f in own}
    assert profile.lines and profile.lines[0].function == "hot", profile.lines
    assert profile.lines[0].text in PROGRAMS[language]
    assert profile.hottest_function() == "hot"
    assert profile.total > 0 and profile.engine in profile.message


STARTUP = re.compile(r"^(_dl_relocate_object|_dl_start|dl_main|_dl_map_object|_dl_sysdep_start|_dl_init|__libc_early_init)")


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_on_a_small_input_the_programs_own_work_is_counted_not_the_process_start(judge, language):
    profile = profile_program(Program(language, PROGRAMS[language]), [TestInput("tiny.in", b"100\n")], judge, budget=60)
    assert profile.ok, profile.message
    assert not [f.name for f in profile.functions if STARTUP.match(f.name)], profile.functions
    assert "main" in {f.name for f in profile.functions if f.in_source}


# The C program's work in 100 rounds, so that any start of its run holds hot() and cold() as 6 to 1: a stopped
# profile counts only the start, and how far it gets depends on the machine's speed.
IN_ROUNDS = PROGRAMS["c"].split("int main")[0] + """int main(void) {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    unsigned long long s = 0;
    for (int round = 0; round < 100; round++) { s += hot(6 * n / 100 + round); s ^= cold(n / 100 + round); }
    printf("%llu\\n", s);
    return 0;
}
"""


@pytest.mark.parametrize("n, stopped", [(4_000_000, False), (60_000_000, True)])
def test_with_callgrind_what_is_left_of_the_budget_goes_to_the_costliest_input(judge, n, stopped):
    # The bound (150x the CPU time, and a second) keeps big.in out of 6 s. Of 4 M, the whole run takes under a
    # second under callgrind; of 60 M, a run of several seconds is stopped and its start is what is counted.
    inputs = [TestInput("small.in", b"2000\n"), TestInput("big.in", f"{n}\n".encode())]
    profile = profile_program(Program("c", IN_ROUNDS), inputs, judge, budget=6)
    assert profile.ok, profile.message
    assert profile.input == "big.in"
    assert ("the first" in profile.message) == stopped, profile.message
    assert [f.name for f in profile.functions if f.in_source][0] == "hot"
    assert all(0 < line.share <= 1 for line in profile.lines)


# A loop's closing brace, the function's, and in Python a dict's: lines 3, 5 (brace 6), 7.
BRACED = {
    "c": "int f(int n) {\n    int s = 0;\n    for (int i = 0; i < n; i++) {\n        s += i % 7;\n"
         "        s ^= i;\n    }\n    return s;\n}\n",
    "cpp": "int f(int n) {\n    int s = 0;\n    for (int i = 0; i < n; i++) {\n        s += i % 7;\n"
           "        s ^= i;\n    }\n    return s;\n}\n",
    "go": "func f(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i % 7\n\t\ts ^= i\n\t}\n"
          "\treturn s\n}\n",
    "java": "class A {\n  static int f(int n) { int s = 0;\n    while (n-- > 0) {\n      s += n % 7;\n"
            "      s ^= n;\n    } // n is spent\n    return s;\n  }\n}\n",
    # a loop macro's use, which tree-sitter reads as a call and a bare block, or (before a name) as a function
    "cpp-macro": "int f(int n) {\n    int s = 0;\n    rep(i, 99) {\n        s += i % 7;\n"
                 "        s ^= i;\n    }\n    return s;\n}\n",
    "cpp-macro-read-as-function": "int f(int n) {\n    int s = 0;\n    rep(i, n) {\n        s += i % 7;\n"
                                  "        s ^= i;\n    }\n    return s;\n}\n",
}


@pytest.mark.parametrize("language", list(BRACED))
def test_a_closing_brace_counts_on_the_statement_whose_body_it_closes(language):
    # a JIT's sample or a loop's jump put on "}" tells the model nothing; on the loop's header it does
    source = BRACED[language]
    measured = profiling._Measured(100, {("f", 1): [100, 100]}, {3: 10, 4: 30, 6: 25, 7: 20, 8: 15})
    program = Program(language.split("-")[0], source)
    lines = {c.line: c.share for c in profiling._finish(measured, program, None).lines}
    assert lines == {3: 0.35, 4: 0.30, 7: 0.20, 8: 0.15}  # the function's own brace (8) stays: its return


def test_a_python_dict_closing_on_its_own_line_keeps_its_cost():
    source = "def f():\n    d = {\n        1: 2,\n    }\n    return d\n"
    measured = profiling._Measured(10, {("f", 1): [10, 10]}, {2: 4, 4: 6})
    lines = {c.line: c.share for c in profiling._finish(measured, Program("python", source), None).lines}
    assert lines == {2: 0.4, 4: 0.6}


def test_a_python_script_without_functions_gets_lines_and_its_top_level(judge):
    script = "n = int(input())\ntotal = 0\nfor i in range(n):\n    total += i * i % 7\nprint(total)\n"
    profile = profile_program(Program("python", script), [TestInput("1", b"30000\n")], judge)
    assert profile.ok, profile.message
    assert profile.lines[0].line in (3, 4) and profile.lines[0].function is None  # the loop
    assert profile.hottest_function() == "<module>"


# Does the work of alone() when it may use one CPU, as the judge times it, and of spread() when it may use more.
SIZED_BY_CPUS = """import os


def alone(n):
    return sum(i * i % 7 for i in range(n))


def spread(n):
    return sum(i * i % 5 for i in range(n))


n = int(input())
print(alone(n) if len(os.sched_getaffinity(0)) == 1 else spread(n))
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU: a pinned and a free run look the same")
def test_the_program_is_profiled_on_the_one_cpu_the_judge_times_it_on(judge):
    profile = profile_program(Program("python", SIZED_BY_CPUS), [TestInput("1", b"200000\n")], judge)
    assert profile.ok, profile.message
    assert profile.hottest_function() == "alone", profile.functions


def test_a_missing_tool_is_no_profile_with_a_message(judge, monkeypatch):
    which = profiling.shutil.which
    monkeypatch.setattr(profiling.shutil, "which", lambda tool: None if tool == "valgrind" else which(tool))
    profile = profile_program(Program("c", PROGRAMS["c"]), workload("c")[:1], judge)
    assert not profile.ok
    assert "valgrind is not installed" in profile.message and profile.functions == []


def test_without_line_profiler_in_the_sandbox_python_keeps_its_functions(judge, monkeypatch, tmp_path):
    empty = tmp_path / "line_profiler"  # as if the sandbox's Python could not import this environment's copy
    empty.mkdir()
    monkeypatch.setattr(profiling, "_line_profiler_package", lambda: empty)
    profile = profile_program(Program("python", PROGRAMS["python"]), workload("python")[:1], judge)
    assert profile.ok, profile.message
    assert "no lines: line_profiler cannot be imported" in profile.message
    assert [f for f in profile.functions if f.in_source][0].name == "hot" and profile.lines == []


def test_a_run_over_the_budget_is_no_profile(judge):
    sleeper = Program("python", "import time\ntime.sleep(4)\n")
    profile = profile_program(sleeper, [TestInput("1")], judge, budget=1)
    assert not profile.ok
    assert "took longer than 1 s" in profile.message


def test_a_report_the_program_overwrites_is_no_profile(judge):
    # the report shares the program's sandbox: this one rewrites it after the bootstrap has written it
    forger = Program("python", "import atexit\natexit.register(lambda: open('/tmp/bite-profile.json', 'w').write("
                               "'{\"status\": 0, \"functions\": [[1]]}'))\n")  # fmt: skip
    profile = profile_program(forger, [TestInput("1")], judge)
    assert not profile.ok
    assert "gave no readable report" in profile.message


def test_hottest_function_prefers_the_entry_point_only_when_its_own_lines_weigh_more():
    def profile(main_lines: float) -> Profile:
        return Profile(True, "", functions=[
            FunctionCost("std::vector<int>::operator[]", 0.5, 0.5, False),
            FunctionCost("solve", 0.1, 0.4, True, 3, 0.4),
            FunctionCost("main", 0.05, 1.0, True, 10, main_lines),
        ])  # fmt: skip

    assert profile(0.3).hottest_function() == "solve"
    assert profile(0.6).hottest_function() == "main"
    assert Profile(False, "no profile").hottest_function() is None


def test_hottest_function_is_where_the_work_is_done_not_a_step_that_hands_it_on():
    step = Profile(True, "", functions=[
        FunctionCost("cell", 0.34, 0.34, True, 1, 0.34),  # a one-line helper the two loops call
        FunctionCost("times", 0.33, 0.5, True, 3, 0.33),
        FunctionCost("times_transposed", 0.31, 0.48, True, 12, 0.31),
        FunctionCost("both", 0.0, 0.98, True, 20, 0.0),  # calls times and times_transposed
        FunctionCost("main", 0.02, 1.0, True, 30, 0.02),
    ])  # fmt: skip
    assert step.hottest_function() == "times"
    solve = Profile(True, "", functions=[  # its own loop calls a small helper: the loop is what to change
        FunctionCost("gcd", 0.55, 0.55, True, 3, 0.55),
        FunctionCost("solve", 0.4, 0.95, True, 10, 0.4),
        FunctionCost("main", 0.05, 1.0, True, 30, 0.05),
    ])  # fmt: skip
    assert solve.hottest_function() == "solve"


def bite(*args):
    return subprocess.run([sys.executable, "-m", "bite.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=240)  # fmt: skip


@pytest.fixture
def python_project(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAMS["python"])
    (tmp_path / "prog.inputs").mkdir()
    (tmp_path / "prog.inputs" / "a.in").write_text("20000\n")
    return program


def test_cli_prints_the_tables(python_project):
    out = bite("profile", python_project)  # the workload: prog.inputs/ beside the file
    assert out.returncode == 0, out.stderr
    assert "cprofile+line_profiler on a.in" in out.stdout
    assert "self %" in out.stdout and "hot" in out.stdout and "s += i * i % 7" in out.stdout


def test_cli_json_and_one_function(python_project):
    out = bite("profile", python_project, "--json", "--function", "cold")
    assert out.returncode == 0, out.stderr
    profile = json.loads(out.stdout)
    assert profile["ok"] and profile["functions"][0]["name"] == "hot"
    assert profile["lines"] and {line["function"] for line in profile["lines"]} == {"cold"}


@pytest.mark.parametrize("case, message", [("unknown.txt", "unknown extension"), ("broken.py", "does not compile"),
                                           ("no_inputs.py", "no inputs")])  # fmt: skip
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, case, message):
    path = tmp_path / case
    path.write_text("def f(:\n" if case == "broken.py" else "print(1)\n")
    args = [] if case == "no_inputs.py" else ["--argv", "1"]
    out = bite("profile", path, *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("name, file, function", [("make-c", "textnorm.c", "normalize"),
                                                  ("java-multi", "src/main/java/shop/Inventory.java", "toReorder")])
def test_a_project_timed_as_a_whole_says_what_share_of_it_the_function_is(name, file, function, tmp_path):
    """For C, C++ and Java projects the judge times the whole command: the user is told what to expect."""
    import shutil
    from pathlib import Path

    from bite.profiling import command_share
    from bite.project import find_workload
    from bite.treegen.engine import judge_for
    from bite.treegen.search import SearchConfig

    project = tmp_path / name
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "projects" / name, project)
    workload = find_workload(project / file)
    program = workload.program(Program.from_file(project / file).language, (project / file).read_text())
    note = command_share(program, workload.inputs, judge_for(workload, SearchConfig()), function)
    share = float(note.split(f"`{function}` is ")[1].split("%")[0])
    assert share >= 30, note  # the slow function dominates its project's command
    assert "at most" in note
