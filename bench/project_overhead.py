"""What does judging a file inside its project cost? Per-run overhead, and the build cache's hit rate.

1. Per run: the median wall time (all a run costs, the copy and the sandbox's setup included) and the
   CPU time the judge counts, of N runs of a project's command, bare (subprocess.run in a
   copy of the built tree, where Python keeps its bytecode between runs as it does for the user) against
   bite's project sandbox: bubblewrap with a throwaway view of the built copy (an overlay where bubblewrap
   has them, 0.11+, else a fresh copy per run) and the cgroup. Two small projects: a Python package run as
   `python3 -m mypkg.cli` and a Make-built C program; --extra-files pads each tree with 4 KB data files to
   show what a per-run copy costs as a tree grows.
2. The build cache over a search-like sequence: several candidates of the C project (distinct rewrites, a
   duplicate, a wrong one, one that does not compile) judged against one original by one judge, as in a
   search: how many build lookups were hits, and how many builds ran.

    python bench/project_overhead.py [--runs 30] [--extra-files 0] [--budget 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.runners import Judge, Limits, Program, Project, Sandbox, TestInput
from bite.runners.build import build as cached_build
from bite.runners.project import copy_box

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_project_runner import C, C_FAST, C_WRONG, PY, make_project, numbers  # the tests' projects

PROJECTS = {  # language, files, the program's file, build, command, values in the input
    "python package": ("python", PY, "mypkg/pairs.py", (), ("python3", "-m", "mypkg.cli"), 300),
    "make C": ("c", C, "pairs.c", ("make",), ("./pairs",), 2000),
}


def overhead(workdir: Path, runs: int, extra_files: int, console: Console) -> Table:
    table = Table(title=f"per-run cost, median of {runs} runs (a small input: the run's own work is a few ms)",
                  title_justify="left")  # fmt: skip
    for column in ("project", "files", "how", "wall ms", "CPU ms", "wall overhead ms", "CPU overhead ms"):
        table.add_column(column, justify="right")
    modes = ["bare", "copy per run"] + (["overlay"] if Sandbox().overlay else [])
    for name, (language, files, file, build, command, count) in PROJECTS.items():
        padding = {f"data/{i:04}.txt": "x" * 4096 for i in range(extra_files)}
        root = make_project(workdir / name.replace(" ", "-"), {**files, **padding})
        project = Project(str(root), file, command, build)
        program = Program(language, files[file], project=project,
                          interpreter=sys.executable if language == "python" else None)  # fmt: skip
        judge = Judge(limits=Limits(timeout=30))
        built = judge.build(program)
        assert built.ok, built.message
        test = TestInput("x", numbers(count, 1))
        bare_box = workdir / f"{root.name}-bare"
        copy_box(built.dir, bare_box)
        base = None
        for mode in modes:
            judge.sandbox.overlay = mode == "overlay"
            walls, cpus = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                if mode == "bare":
                    done = subprocess.run(built.run_command(1024), input=test.stdin, capture_output=True,
                                          cwd=bare_box, env={**os.environ, **program.env()})  # fmt: skip
                    assert done.returncode == 0, done.stderr
                else:
                    result = judge.run(built, test)
                    assert result.ok, result.stderr
                walls.append(time.perf_counter() - started)  # all of it: a per-run copy, the sandbox's setup
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                # CPU as the judge counts it: the run's cgroup (bare: the child's rusage)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime if mode == "bare"
                            else result.cpu_s)  # fmt: skip
            wall, cpu = statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3
            base = base or (wall, cpu)
            extra = ("-", "-") if mode == "bare" else (f"{wall - base[0]:.1f}", f"{cpu - base[1]:.1f}")
            table.add_row(name, str(len(files) + extra_files), mode, f"{wall:.1f}", f"{cpu:.1f}", *extra)
        console.log(f"{name}: done")
    return table


class CountingJudge(Judge):
    """A judge that records each build lookup: (the program's key, whether the cache had it)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lookups: list[tuple[str, bool]] = []

    def build(self, program):
        built = cached_build(program, self.sandbox)
        self.lookups.append((program.key(), built.cached))
        return built


def cache_hits(workdir: Path, budget: float, console: Console) -> Table:
    os.environ["BITE_CACHE_DIR"] = str(workdir / "search-cache")  # empty: the hits are this sequence's own
    root = make_project(workdir / "search", C)
    project = Project(str(root), "pairs.c", ("./pairs",), ("make",))
    original = Program("c", C["pairs.c"], project=project)
    variants = [  # what a search's children look like: rewrites, a repeat, a wrong one, a broken one
        C_FAST,
        C_FAST.replace("static long seen[1001];", "static long seen[1001] = {0};"),
        C_FAST.replace("long count = 0;", "long count = 0;  /* linear */"),
        C_FAST,
        C_WRONG,
        C_FAST.replace("count += seen[want];", "count += seen[want]"),
    ]
    inputs = [TestInput("a", numbers(20000, 1)), TestInput("b", numbers(20000, 2))]
    decisions, started = [], time.monotonic()
    judge = CountingJudge(limits=Limits(timeout=30), budget=budget)  # one judge for the search, as a search has
    for source in variants:
        result = judge.judge(original, Program("c", source, project=project), inputs)
        decisions.append(result.decision if result.correct else result.candidate.verdict.value)
    lookups = judge.lookups
    hits = sum(cached for _, cached in lookups)
    table = Table(title="build cache over a search-like sequence (Make C project, one original, "
                        f"{len(variants)} candidates)", title_justify="left")  # fmt: skip
    for column in ("lookups", "hits", "builds run", "hit rate", "distinct contents", "seconds"):
        table.add_column(column, justify="right")
    table.add_row(str(len(lookups)), str(hits), str(len(lookups) - hits), f"{hits / len(lookups):.0%}",
                  str(len({key for key, _ in lookups})), f"{time.monotonic() - started:.1f}")  # fmt: skip
    console.log(f"decisions: {', '.join(decisions)}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per project and mode")
    parser.add_argument("--extra-files", type=int, default=0, help="4 KB data files added to each tree")
    parser.add_argument("--budget", type=float, default=3.0, help="timing budget per judgement, seconds")
    args = parser.parse_args()
    console = Console()
    console.log(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {Sandbox().description}; "
                f"{'overlay views' if Sandbox().overlay else 'a copy per run (no overlays in this bubblewrap)'}")
    workdir = Path(tempfile.mkdtemp(prefix="bite-project-bench-"))
    os.environ["BITE_CACHE_DIR"] = str(workdir / "cache")  # not the user's build cache
    try:
        console.print(overhead(workdir, args.runs, args.extra_files, console))
        console.print(cache_hits(workdir, args.budget, console))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    console.log(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
