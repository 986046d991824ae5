"""How often does the judge say "faster" when the true speedup is known? And what does a run cost?

Pairs: one C program whose original does `ratio` times the candidate's work (ratios 1.00,
1.10, 1.25), so the true CPU-time speedup is known. Over --trials judgements each, it prints
the rate of "faster" decisions at the judge's threshold (1.10), the rate at which the CI
excludes 1.0 (detecting that there is a speedup at all), the median time and rounds per
judgement, and the runner's overhead per run against a bare subprocess.run of the same binary.

    python bench/judge_precision.py [--trials 20] [--budget 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

from rich.console import Console
from rich.table import Table

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


def program(units: int) -> Program:
    return Program("c", WORK % units)


def precision(trials: int, budget: float, console: Console) -> Table:
    table = Table(title=f"judge decisions over {trials} trials (threshold 1.10)", title_justify="left")
    for col in ("true ratio", "faster", "CI excludes 1.0", "median estimate", "median s / judgement",
                "median rounds"):  # fmt: skip
        table.add_column(col, justify="right")
    candidate = program(BASE)
    for ratio in (1.00, 1.10, 1.25):
        original = program(round(BASE * ratio))
        decisions, detected, estimates, seconds, rounds = 0, 0, [], [], []
        for trial in range(trials):
            judge = Judge(budget=budget, limits=Limits(timeout=30))
            result = judge.judge(original, candidate, INPUTS)
            assert result.correct, result.candidate.detail
            decisions += result.faster
            detected += result.speedup.low > 1.0
            estimates.append(result.speedup.estimate)
            seconds.append(result.seconds)
            rounds.append(result.speedup.rounds)
            console.log(f"ratio {ratio:.2f} trial {trial + 1}: {result.decision} {result.speedup.estimate:.3f} "
                        f"[{result.speedup.low:.3f}, {result.speedup.high:.3f}] in {result.seconds:.1f} s")
        table.add_row(f"{ratio:.2f}", f"{decisions / trials:.0%}", f"{detected / trials:.0%}",
                      f"{statistics.median(estimates):.3f}", f"{statistics.median(seconds):.2f}",
                      f"{statistics.median(rounds):.0f}")  # fmt: skip
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
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--budget", type=float, default=10.0, help="timing budget per judgement, seconds")
    parser.add_argument("--overhead-runs", type=int, default=200)
    args = parser.parse_args()
    console = Console()
    console.print(overhead(args.overhead_runs))
    console.print(precision(args.trials, args.budget, console))


if __name__ == "__main__":
    main()
