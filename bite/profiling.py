"""Where the time goes: a program profiled on one of its workload's inputs, inside the sandbox.

One engine per language, each a well-kept tool:
    C, C++, Go  valgrind's callgrind (instruction counts: the same on a busy machine as on an idle one)
    Java        JDK Flight Recorder (execution samples)
    Python      cProfile for functions, line_profiler for lines
A profile that cannot be taken (a tool missing, a run too slow, a crash) is a Profile with ok=False and
a message: it never fails the search.

    profile = profile_program(program, inputs, judge)
    profile.functions[0].name, profile.functions[0].self_share, profile.lines[0].line, profile.lines[0].share
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class FunctionCost:
    name: str  # as the source names it ("solve", "Solver.solve"); library and runtime functions as the tool does
    self_share: float  # 0..1 of the whole run
    inclusive_share: float | None  # with its callees; None where the engine cannot tell
    in_source: bool  # defined in the profiled program (else a library or runtime function)
    line: int | None = None  # its first line in the program, 1-based


@dataclass
class LineCost:
    line: int  # 1-based, in the profiled program
    share: float  # 0..1 of the whole run
    function: str | None  # the function holding the line
    text: str  # the line itself, stripped


@dataclass
class Profile:
    ok: bool
    message: str  # why there is no profile, or what was profiled ("callgrind on 003.in, 41 M instructions")
    engine: str = ""  # "callgrind", "jfr", "cprofile+line_profiler"
    input: str = ""  # the input it ran on
    unit: str = ""  # what `total` counts: "instructions", "samples", "seconds"
    total: float = 0.0
    functions: list[FunctionCost] = field(default_factory=list)  # by self share, highest first
    lines: list[LineCost] = field(default_factory=list)  # by share, highest first, in the program's own file
    seconds: float = 0.0  # what profiling took

    def to_dict(self) -> dict:
        return asdict(self)

    def hottest_function(self) -> str | None:
        """The program's own function with the largest inclusive share short of the entry point's, else
        the largest self share: what to rewrite when the whole program is being accelerated."""
        own = [f for f in self.functions if f.in_source]
        entry = [f for f in own if f.name in ENTRY_POINTS]
        others = [f for f in own if f.name not in ENTRY_POINTS]
        best = max(others, key=lambda f: (f.inclusive_share or f.self_share), default=None)
        main = max(entry, key=lambda f: f.self_share, default=None)
        if main is not None and (best is None or main.self_share > (best.inclusive_share or best.self_share)):
            return main.name
        return best.name if best is not None else None


ENTRY_POINTS = {"main", "<module>", "Main.main"}


def no_profile(message: str) -> Profile:
    return Profile(False, message)


def profile_program(program, inputs, judge, budget: float = 20.0, cancel=None) -> Profile:
    """Profile `program` (a bite.runners.Program) on the costliest of `inputs` whose profiled run fits
    in `budget` seconds, in `judge`'s sandbox and limits."""
    return no_profile("the profiler is not written yet")
