"""How often does the judge say "faster" when the true speedup is known? And what does a run cost?

Pairs: one C program whose original does `ratio` times the candidate's work (ratios 1.00,
1.10, 1.25), so the true CPU-time speedup is known. Each judgement is followed, when it says
"faster", by the confirmation block a proposal gets before it is offered (Judge.confirm), as the
search does; "offered" means both said faster. It prints, per ratio, the rate of "faster"
judgements at the judge's threshold (1.10), the rate offered, the rate at which the CI excludes
1.0 (detecting that there is a speedup at all), the median time and rounds per judgement
(confirmation included); then the family-wise rate: over searches of 8 candidates that are all
truly 1.00x (or --family-ratio: 1.10, at the threshold, is the hard case), how often anything is
offered as faster. Last, the runner's overhead per run against a bare subprocess.run of the same
binary.

`--twins FOLDER...` (bite eval's problem folders) instead judges each problem's slow program against a
copy of itself, on the inputs bite eval shows a search, the way a search judges a rewrite that is no
faster: the rounds and seconds that costs with the judge as it is and, in alternation, without its futility
bound (Judge.futility) and timing every input in every round (Judge.round_share). Real programs are noisier
than the C loop above, which decides in a few rounds either way.

    python bench/judge_precision.py [--trials 20] [--families 10] [--family-ratio 1.00] [--budget 10]
                                    [--no-confirm] [--twins FOLDER... [--repeats 4]]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.benchmarks import load_problem
from bite.runners import Judge, Limits, Program, Sandbox, TestInput

WORK = """
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    long n = atol(argv[1]) * %dL;
    volatile unsigned long x = 1;
    for (long i = 0; i < n; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
    puts("done");
    return 0;
}
"""
BASE = 400  # iterations per unit: ~40 ms of CPU per argv unit on the candidate here
INPUTS = [TestInput("small", argv=(str(100_000),)), TestInput("large", argv=(str(300_000),))]
FAMILY = 8  # candidates per simulated search


def program(units: int) -> Program:
    return Program("c", WORK % units)


def judge_once(ratio: float, budget: float, confirm: bool, console: Console) -> dict:
    """One judgement (then a confirmation when it says faster) of a candidate whose true speedup is `ratio`.
    Each candidate differs by a comment, as a search's candidates differ, so each is built and judged afresh."""
    original = program(round(BASE * ratio))
    candidate = Program("c", program(BASE).source + f"/* candidate {time.monotonic_ns()} */\n")
    judge = Judge(budget=budget, limits=Limits(timeout=30))
    started = time.monotonic()
    result = judge.judge(original, candidate, INPUTS)
    assert result.correct, result.candidate.detail
    offered = result.faster
    shown = result.speedup
    if offered and confirm:
        shown = judge.confirm(original, candidate, INPUTS)
        offered = shown.faster(judge.threshold)
    seconds = time.monotonic() - started
    console.log(f"ratio {ratio:.2f}: {result.decision} {result.speedup.estimate:.3f} [{result.speedup.low:.3f}, "
                f"{result.speedup.high:.3f}] in {result.speedup.rounds} rounds, offered {offered} at "
                f"{shown.estimate:.3f} [{shown.low:.3f}, {shown.high:.3f}], {seconds:.1f} s")  # fmt: skip
    return {"faster": result.faster, "offered": offered, "detected": result.speedup.low > 1.0,
            "estimate": result.speedup.estimate, "seconds": seconds, "rounds": result.speedup.rounds}  # fmt: skip


def precision(trials: int, families: int, family_ratio: float, budget: float, confirm: bool,
              console: Console) -> list[Table]:  # fmt: skip
    runs = {family_ratio: [judge_once(family_ratio, budget, confirm, console) for _ in range(families * FAMILY)]}
    for ratio in (1.00, 1.10, 1.25):
        if ratio != family_ratio and trials:
            runs[ratio] = [judge_once(ratio, budget, confirm, console) for _ in range(trials)]
    how = "judge, then confirm" if confirm else "judge only"
    table = Table(title=f"single judgements, threshold 1.10 ({how})", title_justify="left")
    for col in ("true ratio", "trials", "faster", "offered", "CI excludes 1.0", "median estimate",
                "median s / judgement", "median rounds"):  # fmt: skip
        table.add_column(col, justify="right")
    for ratio, rows in sorted(runs.items()):
        rate = lambda key: sum(r[key] for r in rows) / len(rows)  # noqa: E731
        med = lambda key: statistics.median(r[key] for r in rows)  # noqa: E731
        table.add_row(f"{ratio:.2f}", str(len(rows)), f"{rate('faster'):.1%}", f"{rate('offered'):.1%}",
                      f"{rate('detected'):.0%}", f"{med('estimate'):.3f}", f"{med('seconds'):.2f}",
                      f"{med('rounds'):.0f}")  # fmt: skip
    searches = runs[family_ratio]
    offered = [any(r["offered"] for r in searches[f * FAMILY:(f + 1) * FAMILY]) for f in range(families)]
    family = Table(title=f"family-wise: searches of {FAMILY} candidates, all truly {family_ratio:.2f}x ({how})",
                   title_justify="left")  # fmt: skip
    for col in ("searches", "any offered as faster", "median s / judgement (all ratios)"):
        family.add_column(col, justify="right")
    every = [r["seconds"] for rows in runs.values() for r in rows]
    family.add_row(str(families), f"{sum(offered)} ({sum(offered) / families:.1%})", f"{statistics.median(every):.2f}")
    return [table, family]


def twins(folders: list[Path], repeats: int, budget: float, console: Console) -> Table:
    """Each problem's slow program judged against a copy of itself, `repeats` times by the judge as it is and
    as many without the futility bound, timing every input, alternately: the median rounds and seconds per
    judgement, and how often it said faster (it should not)."""
    table = Table(title=f"a program against its own copy, {repeats} judgements each way (budget {budget:.0f} s)",
                  title_justify="left")  # fmt: skip
    for col in ("problem", "inputs", "rounds: judge", "plain", "s / judgement: judge", "plain", "faster"):
        table.add_column(col, justify="right")
    for folder in folders:
        problem = load_problem(folder, folder.name)
        visible, _, _ = problem.split()
        runs = {True: [], False: []}
        for i in range(repeats * 2):
            futility = i % 2 == 0  # else the plain judge: no futility bound, every input in every round
            judge = Judge(budget=budget, comparison=problem.comparison, futility=futility,
                          round_share=0.1 if futility else float("inf"))  # fmt: skip
            mark = "//" if problem.language != "python" else "#"
            twin = problem.program(problem.program().source + f"\n{mark} twin {time.monotonic_ns()}\n")
            started = time.monotonic()
            result = judge.judge(problem.program(), twin, visible)
            seconds = time.monotonic() - started
            s = result.speedup
            console.log(f"{problem.name} {'judge' if futility else 'plain'}: {result.decision} {s.estimate:.3f} "
                        f"[{s.low:.3f}, {s.high:.3f}] in {s.rounds} rounds, {seconds:.1f} s")  # fmt: skip
            runs[futility].append((s.rounds, seconds, result.faster))
        med = lambda on, k: statistics.median(r[k] for r in runs[on])  # noqa: E731
        faster = sum(r[2] for rows in runs.values() for r in rows)
        table.add_row(problem.name, str(len(visible)), f"{med(True, 0):.0f}", f"{med(False, 0):.0f}",
                      f"{med(True, 1):.1f}", f"{med(False, 1):.1f}", f"{faster} of {2 * repeats}")  # fmt: skip
    return table


def overhead(runs: int) -> Table:
    """Mean wall time per run of a do-nothing binary: bare subprocess.run vs each sandbox mode."""
    trivial = Program("c", "int main(void) { return 0; }\n")
    table = Table(title=f"runner overhead per run ({runs} runs of an empty C program)", title_justify="left")
    for col in ("how", "mean ms / run", "overhead ms"):
        table.add_column(col, justify="right")
    bare_ms = None
    for mode in ("bare", "none", "bwrap"):
        judge = Judge(sandbox=Sandbox("none" if mode == "bare" else mode))
        built = judge.build(trivial)
        binary = str(built.dir / "main")
        started = time.perf_counter()
        for _ in range(runs):
            if mode == "bare":
                subprocess.run([binary], stdin=subprocess.DEVNULL, capture_output=True)
            else:
                judge.run(built, TestInput("x"))
        ms = (time.perf_counter() - started) / runs * 1e3
        bare_ms = ms if mode == "bare" else bare_ms
        label = {"bare": "subprocess.run", "none": "sandbox: rlimits + cgroup", "bwrap": "sandbox: bubblewrap"}[mode]
        table.add_row(label, f"{ms:.2f}", "-" if mode == "bare" else f"{ms - bare_ms:.2f}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="judgements at each of 1.10 and 1.25")
    parser.add_argument("--families", type=int, default=10, help=f"searches of {FAMILY} candidates")
    parser.add_argument("--family-ratio", type=float, default=1.00, help="the true speedup of every candidate")
    parser.add_argument("--budget", type=float, default=10.0, help="timing budget per judgement, seconds")
    parser.add_argument("--no-confirm", action="store_true", help="judge only, without the confirmation block")
    parser.add_argument("--overhead-runs", type=int, default=200)
    parser.add_argument("--twins", type=Path, nargs="+", help="bite eval problem folders: judge each against itself")
    parser.add_argument("--repeats", type=int, default=4, help="with --twins: judgements each way per problem")
    args = parser.parse_args()
    console = Console()
    console.log(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if args.twins:
        console.print(twins(args.twins, args.repeats, args.budget, console))
        return
    console.print(overhead(args.overhead_runs))
    for table in precision(args.trials, args.families, args.family_ratio, args.budget, not args.no_confirm, console):
        console.print(table)
    console.log(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
