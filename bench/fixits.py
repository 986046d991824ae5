"""What each fix-it buys on its detector's slow exemplar: the fix-it's rewrite judged against the slow program
(same output, CPU-time speedup with its 95% interval), beside the exemplar's hand-written fast version.

Each detector's exemplar (bite/diagnosis/exemplars/<language>/<id>/) is a small program with the pattern at
3x or more; a fix-it that applies there is the mechanical half of that fix. Some do not apply to their own
exemplar, and the table says so: the strlen exemplars (C, C++) write to the string they measure, which the
fix-it leaves alone. The fast version may do more than the fix-it (Java's regex one parses without a regex).

With --programs, each benchmark problem under a folder instead (bench/devset, ../shared/devset): every fix-it
that applies to its slow program, and to its fast one, judged against that program on the problem's inputs.
That is where the fix-its without a detector of their own (Python's module-level code, Java's string `+`) show
what they buy: their effect is real but small, or lies in start-up, so no exemplar of 3x can show it.

    python bench/fixits.py [--budget 10] [--language go]
    python bench/fixits.py --programs bench/devset --language java
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.benchmarks import load_problems
from bite.diagnosis import EXEMPLARS, diagnose
from bite.diagnosis.fixits import fixits, registered
from bite.runners import Judge, Program, TestInput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=10.0, help="seconds the judge may spend on a pair")
    parser.add_argument("--language", help="only this language's fix-its")
    parser.add_argument("--id", action="append", help="only this fix-it (may be repeated)")
    parser.add_argument("--programs", help="a benchmark folder: judge the fix-its on its problems' programs")
    args = parser.parse_args()
    if args.programs:
        on_programs(args)
        return
    judge = Judge(budget=args.budget)
    table = Table("language", "fix-it", "output", "fix-it speedup (95% CI)", "exemplar's fast version")
    for language, ids in sorted(registered().items()):
        if args.language and language != args.language:
            continue
        for id in ids:
            if args.id and id not in args.id:
                continue
            folder = EXEMPLARS / language / id
            slow = next(folder.glob("slow.*"), None)
            if slow is None:
                table.add_row(language, id, "-", "no exemplar of its own", "-")
                continue
            source = slow.read_text()
            stdin = folder / "input.txt"
            inputs = [TestInput(id, stdin.read_bytes() if stdin.is_file() else b"")]
            fixed = dict(fixits(source, language, diagnose(source, language))).get(id)
            fast = judge.judge(Program(language, source), Program(language, next(folder.glob("fast.*")).read_text()),
                               inputs)  # fmt: skip
            if fixed is None:
                table.add_row(language, id, "-", "does not apply", f"{fast.speedup.estimate:.2f}x")
                continue
            result = judge.judge(Program(language, source), Program(language, fixed), inputs)
            figure = (f"{result.speedup.estimate:.2f}x ({result.speedup.interval})" if result.correct
                      else result.candidate.verdict.value)  # fmt: skip
            table.add_row(language, id, "same" if result.correct else "differs", figure,
                          f"{fast.speedup.estimate:.2f}x")  # fmt: skip
    Console(width=None if sys.stdout.isatty() else 160).print(table)  # piped: one line a row


def on_programs(args: argparse.Namespace) -> None:
    table = Table("problem", "program", "fix-it", "output", "speedup (95% CI)")
    for problem in load_problems(Path(args.programs)):
        if args.language and problem.language != args.language:
            continue
        judge = Judge(budget=args.budget, comparison=problem.comparison)
        for which, path in (("slow", problem.slow), ("fast", problem.fast)):
            source = path.read_text(encoding="utf-8", errors="surrogateescape") if path else ""
            for id, fixed in fixits(source, problem.language, diagnose(source, problem.language)):
                if args.id and id not in args.id:
                    continue
                result = judge.judge(problem.program(source), problem.program(fixed), problem.inputs)
                figure = (f"{result.speedup.estimate:.2f}x ({result.speedup.interval})" if result.correct
                          else result.candidate.verdict.value)  # fmt: skip
                table.add_row(problem.name, which, id, "same" if result.correct else "differs", figure)
    Console(width=None if sys.stdout.isatty() else 160).print(table)


if __name__ == "__main__":
    main()
