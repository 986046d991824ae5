"""Where the time goes: a program profiled on one of its workload's inputs, inside the sandbox.

One engine per language, each a well-kept tool:
    C, C++, Go  valgrind's callgrind (instruction counts: the same on a busy machine as on an idle one)
    Java        JDK Flight Recorder (execution samples every millisecond)
    Python      cProfile for functions, line_profiler for lines
A profile that cannot be taken (a tool missing, a run too slow, a crash) is a Profile with ok=False and
a message: it never fails the search.

    profile = profile_program(program, inputs, judge)
    profile.functions[0].name, profile.functions[0].self_share, profile.lines[0].line, profile.lines[0].share

Every tool runs with the program inside the sandbox, under the judge's limits; what comes back is the tool's
text output, which only this module's own parsers read. A line's cost is the time spent on it, with the
library and runtime code it calls but without the program's own functions it calls (they have their own lines).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shlex
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from bite.languages import Function, closing_brace_owners, functions as function_spans, innermost
from bite.runners import Build, Cancelled, Judge, Program, RunnerError, RunResult, TestInput
from bite.runners.build import address_space, extra_ro_paths
from bite.runners.judge import first_error
from bite.runners.languages import resolve
from bite.runners.sandbox import MiB

ENTRY_POINTS = ("main", "<module>")
KEEP = 10  # functions and lines kept in a profile
FLOOR = 0.01  # and only those with at least this share
TOOL_MEMORY_MB = 512  # what valgrind or the second JVM (jfr print) needs beyond the program's own limit


@dataclass
class FunctionCost:
    name: str  # as the source names it ("solve"); library and runtime functions as the tool does
    self_share: float  # 0..1 of the whole run
    inclusive_share: float | None  # with its callees; None where the engine cannot tell
    in_source: bool  # defined in the profiled program (else a library or runtime function)
    line: int | None = None  # its first line in the program, 1-based
    lines_share: float | None = None  # its own lines with the library code they call, without the program's
    # other functions: what rewriting this function alone can change; None without line data


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
        """What to rewrite when the whole program is being accelerated: the program's own function with the
        largest inclusive share short of the entry point (main, Python's <module>) among those that do not
        mostly call the others (DELEGATES); unless the entry point's own lines (its loops, its I/O) weigh
        more than the function chosen, or it is the only one; then the entry point, "main" where there is
        one."""
        own = [f for f in self.functions if f.in_source] if self.ok else []
        entries = [f for f in own if f.name in ENTRY_POINTS]
        others = [f for f in own if f.name not in ENTRY_POINTS]
        # A function that hands its time on to the program's others (a step that calls two loops) is passed
        # over: rewriting it leaves the loops as they are.
        working = [f for f in others if _own_lines(f) >= DELEGATES * _inclusive(f)] or others
        best = max(working, key=_inclusive, default=None)
        entry_weight = sum(_own_lines(f) for f in entries)
        if entries and (best is None or entry_weight > _inclusive(best)):
            return "main" if any(f.name == "main" for f in entries) else entries[0].name
        return best.name if best else None


# A function whose own lines hold less than this part of its inclusive share mostly calls the program's others.
DELEGATES = 1 / 3


def _own_lines(f: FunctionCost) -> float:
    """The share of the run in a function's own lines, with the library code they call."""
    return f.lines_share if f.lines_share is not None else f.self_share


def _inclusive(f: FunctionCost) -> float:
    return f.inclusive_share or f.self_share


def share_of(profile: Profile, function: str) -> float | None:
    """The share of the run `function` takes with what it calls, matched by its name in the source or, for a
    project's build without line data, by the tool's name for it ("window::moving_max(std::vector<...>)")."""
    if not profile.ok:
        return None
    shares = [f.inclusive_share if f.inclusive_share is not None else f.self_share for f in profile.functions
              if _names(f.name, function)]  # fmt: skip
    return max(shares) if shares else None


def command_share(program: Program, inputs: list[TestInput], judge: Judge, function: str, budget: float = 20.0,
                  cancel: threading.Event | None = None) -> str | None:  # fmt: skip
    """For a project whose command is timed as a whole (C, C++, Java): what share of it the function is, and so
    the most a rewrite of it can gain the command, for the user to know what to expect; None elsewhere."""
    if program.project is None or program.language not in PROJECT_ENGINES:
        return None
    profile = profile_program(program, inputs, judge, budget, cancel, function)
    share = share_of(profile, function)
    if share is None:
        return f"bite times the whole command; no share of `{function}` in it ({profile.message or 'not found'})"
    most = f"{1 / (1 - share):.1f}x" if share < 0.99 else "many times"
    return (f"bite times the whole command; `{function}` is {share:.0%} of it ({profile.message}), so a rewrite of "
            f"it can make the command at most {most} faster")


def no_profile(message: str) -> Profile:
    return Profile(False, message)


class _NoProfile(Exception):
    """Why this profile cannot be taken; becomes a Profile with ok=False."""


@dataclass
class _Measured:
    """What an engine measured, in its own unit, before names are mapped to the source."""

    total: float
    functions: dict[tuple[str, int | None], list[float]]  # (tool's name, a line of it in the program, None
    # for library and runtime code) -> [self, inclusive]
    lines: dict[int, float]  # line of the program -> cost
    note: str = ""  # what the message adds ("lines: ...")


@dataclass(frozen=True)
class _Engine:
    name: str
    unit: str
    slowdown: float  # a profiled run's seconds per CPU second of a plain run, about (measured on small programs)
    overhead: float  # seconds the tool adds to any run
    measure: Callable  # (program, test, its plain CPU seconds, judge, budget, cancel) -> _Measured
    build: Callable | None = None  # (program, judge): the profiling build, done (and cached) outside the budget
    # (program, test, judge, seconds, cancel) -> _Measured: a run stopped after `seconds`, with what it counted so far
    partial: Callable | None = None


def profile_program(program: Program, inputs: list[TestInput], judge: Judge, budget: float = 20.0,
                    cancel: threading.Event | None = None, function: str | None = None) -> Profile:  # fmt: skip
    """Profile `program` (a bite.runners.Program) on the costliest of `inputs` whose profiled run fits
    in `budget` seconds, in `judge`'s sandbox and limits. `function`: keep that function's lines only.
    The original's verification (judge.reference) picks the input; it is not counted in the budget."""
    started = time.monotonic()
    engine = ENGINES[program.language] if program.project is None else PROJECT_ENGINES.get(program.language)
    if engine is None:
        why = {"python": "a Python project's command is timed on the function itself (bite.toml's measure)",
               "go": "a Go project's `go test -bench -benchtime=Nx` is judged on its ns/op"}  # fmt: skip
        return no_profile(why.get(program.language, "bite profiles this language's programs, not its projects"))
    try:
        if not inputs:
            raise _NoProfile("no inputs to run the program on")
        reference = judge.reference(program, inputs, cancel)
        cpu_s = [r.cpu_s for r in reference.results]
        chosen = _choose_input(cpu_s, engine, budget)
        test = inputs[chosen]
        if engine.build is not None:
            engine.build(program, judge)
        measuring = time.monotonic()
        measured = engine.measure(program, test, cpu_s[chosen], judge, budget, cancel)
        costliest = max(range(len(inputs)), key=lambda i: cpu_s[i])
        left = budget - (time.monotonic() - measuring)
        if engine.partial and cpu_s[costliest] >= COSTLIER * max(cpu_s[chosen], 1e-3) and left >= MIN_PARTIAL_S:
            # The slowdown bound keeps big inputs out, and a small one may not show where a big one spends its
            # time (a search in a list of ten items is cheap): the costliest input gets what is left of the budget.
            try:
                start = engine.partial(program, inputs[costliest], judge, left, cancel)
                if _consistent(start, program):  # a call cut off mid-way can leave a dump that is not
                    measured, test = start, inputs[costliest]
            except _NoProfile:
                pass
        if measured.total <= 0:
            raise _NoProfile(f"{engine.name} measured nothing on {test.name}")
        try:  # the figures came out of the program's own sandbox: a hostile one may have shaped them
            profile = _finish(measured, program, function)
        except _MALFORMED as error:
            raise _NoProfile(f"{engine.name} on {test.name} gave a malformed report ({type(error).__name__})") from None
    except (_NoProfile, RunnerError) as problem:
        return replace(no_profile(str(problem)), engine=engine.name, seconds=time.monotonic() - started)
    message = f"{engine.name} on {test.name}, {_amount(measured.total, engine.unit)}"
    return replace(profile, message=message + (f"; {measured.note}" if measured.note else ""), engine=engine.name,
                   input=test.name, unit=engine.unit, seconds=time.monotonic() - started)  # fmt: skip


# What _finish may raise on a report the program shaped (it runs in the program's own sandbox).
_MALFORMED = (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError)


def _consistent(measured: _Measured, program: Program) -> bool:
    """No line and no function holds more than the whole run."""
    try:
        profile = _finish(measured, program, None)
    except _MALFORMED:
        return False
    shares = [c.share for c in profile.lines] + [f.inclusive_share or f.self_share for f in profile.functions]
    return measured.total > 0 and all(0 <= share <= 1.001 for share in shares)


MIN_PARTIAL_S = 3.0  # what must be left of the budget to profile the start of a costlier input's run
COSTLIER = 3.0  # ... which takes this many times the CPU of the first one, or more


def _choose_input(cpu_s: list[float], engine: _Engine, budget: float) -> int:
    """The costliest input whose profiled run should fit in the budget, else the cheapest (under a timeout)."""
    estimates = sorted((engine.overhead + cpu * engine.slowdown, i) for i, cpu in enumerate(cpu_s))
    fitting = [i for estimate, i in estimates if estimate <= budget]
    return fitting[-1] if fitting else estimates[0][1]


def _amount(total: float, unit: str) -> str:
    if unit == "seconds":
        return f"{total:.2f} s profiled"
    if total >= 1e6:
        return f"{total / 1e6:.1f} M {unit}"
    return f"{total:.0f} {unit}"


# --- from what a tool measured to the source's names ------------------------------------------------------


def _innermost(spans: list[Function], line: int) -> Function | None:
    return innermost(spans, line - 1)  # profiles count lines from 1


def _finish(measured: _Measured, program: Program, only: str | None) -> Profile:
    """Shares of the whole run; the program's own functions under the names its source gives them (a lambda,
    a closure or a comprehension counts in the function that holds it); lines with their function and text."""
    spans = function_spans(program.source, program.language)
    text = program.source.splitlines()
    total = measured.total
    line_total = sum(measured.lines.values())
    # lines: normalised by the engine's total, except Python's, whose line pass is not the function pass
    line_scale = total if program.language != "python" else line_total
    lines_share: dict[tuple[str, int | None], float] = defaultdict(float)
    lines = []
    for number, cost in _braces_folded(measured.lines, program).items():
        holder = _innermost(spans, number)
        share = cost / line_scale if line_scale else 0.0
        lines_share[(holder.name, holder.start_line + 1) if holder else ("<module>", 1)] += share
        if 1 <= number <= len(text):
            lines.append(LineCost(number, share, holder.name if holder else None, text[number - 1].strip()))

    merged: dict[tuple[str, int | None], FunctionCost] = {}
    for (tool_name, line), (self_cost, inclusive) in measured.functions.items():
        holder = _innermost(spans, line) if line is not None and tool_name != "<module>" else None
        if holder is not None:
            key = (holder.name, holder.start_line + 1)
        elif line is not None and program.language == "python" and tool_name.startswith("<"):
            key = ("<module>", 1)  # the module's own code, or a comprehension in it
        else:
            key = (tool_name, line)  # library or runtime code (line None), or code outside any function
        own = line is not None
        self_share, inclusive_share = self_cost / total, min(1.0, inclusive / total)
        if key in merged:  # a lambda or closure joins its function: its time is that function's own
            known = merged[key]
            known.self_share += self_share
            known.inclusive_share = max(known.inclusive_share, inclusive_share)
        else:
            merged[key] = FunctionCost(key[0], self_share, inclusive_share, own, key[1])
    for (name, line), cost in merged.items():
        if cost.in_source and measured.lines:
            cost.lines_share = lines_share.get((name, line), 0.0)

    by_self = sorted(merged.values(), key=lambda f: -f.self_share)
    # the top by self share, and the program's own functions that hold much time through their callees
    kept = [f for f in by_self[:KEEP] if f.self_share >= FLOOR]
    holders = [f for f in by_self if f.in_source and f.inclusive_share >= FLOOR]
    kept += [f for f in sorted(holders, key=lambda f: -f.inclusive_share)[:KEEP] if f not in kept]
    kept += [f for f in by_self if only is not None and _names(f.name, only) and f not in kept]  # asked for: kept
    if only is not None:  # all of its lines that cost anything, however little
        lines = [c for c in lines if c.function == only and c.share > 0]
    lines = [c for c in sorted(lines, key=lambda c: -c.share) if c.share >= FLOOR or only is not None][:KEEP]
    return Profile(True, "", total=total, functions=sorted(kept, key=lambda f: -f.self_share), lines=lines)


def _braces_folded(lines: dict[int, float], program: Program) -> dict[int, float]:
    """Each line's cost, with a closing brace's moved to the statement whose body it closes (a loop's header)."""
    owners = closing_brace_owners(program.source, program.language)
    folded: dict[int, float] = defaultdict(float)
    for number, cost in lines.items():
        folded[owners.get(number - 1, number - 1) + 1] += cost
    return folded


# --- running a tool on the program, inside the sandbox -----------------------------------------------------


def _then(command: list[str], after: list[str], stop_after: float | None = None) -> list[str]:
    """`command` with its output thrown away (the judge checked it already), then `after` for the tool's report.
    Both run in the run's working directory: the sandbox's private /tmp for a program, the throwaway view of
    its built tree for a project's command (whose tools write their reports to /tmp by absolute path).
    `stop_after`: `command` gets SIGTERM after so many seconds (a tool then writes what it has), and the report
    starts with the line STOPPED."""
    if stop_after is None:
        return ["/bin/sh", "-c", f'"$@" >/dev/null || exit; exec {shlex.join(after)}', "sh", *command]
    script = (f'"$@" >/dev/null; s=$?; if [ $s -eq 124 ]; then echo {shlex.quote(STOPPED)}; elif [ $s -ne 0 ]; then '
              f"exit $s; fi; exec {shlex.join(after)}")  # fmt: skip
    return ["/bin/sh", "-c", script, "sh", "timeout", "-s", "TERM", "-k", "2", f"{stop_after:.1f}", *command]


STOPPED = "# bite: stopped at the deadline"  # a comment line to callgrind's format


def _run(judge: Judge, build: Build, command: list[str], test: TestInput, timeout: float, cancel, what: str,
         env: dict | None = None, extra_ro: tuple[str, ...] = ()) -> str:
    """Run a tool's command on `test` in the sandbox, with the judge's limits plus room for the tool; its stdout.
    It runs on the CPU the judge times on, since a runtime sizes itself by the CPUs it may use: given two, Go's
    background sweeper ran beside the program, and in 2 runs of 26 under callgrind it and the runtime's locks took
    most of the instructions (96 % once: a map-bound loop's map share fell from 62 % to 4 %); pinned, 26 of 26
    gave 62 %.
    A project program's command runs as the judge runs it: in a throwaway view of its built tree, with its
    environment and read-only folders."""
    program, lang = build.program, build.program.lang
    memory = judge.limits.memory_mb + TOOL_MEMORY_MB
    limits = replace(judge.limits, timeout=timeout, memory_mb=memory + lang.runtime_overhead_mb,
                     output_bytes=64 * MiB)  # fmt: skip
    project = program.project is not None
    result: RunResult = judge.sandbox.run(
        command, build.dir, stdin=test.stdin, limits=limits, env={**program.env(), **(env or {})} if project else env,
        cpu=judge.timing_cpu, cancel=cancel, throwaway_box=project,
        address_space=address_space(lang, memory, judge.sandbox.cgroups),
        extra_ro=(program.readonly() if project else extra_ro_paths(lang)) + extra_ro,
    )  # fmt: skip
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
    if result.timed_out:
        raise _NoProfile(f"{what} on {test.name} took longer than {timeout:.0f} s (the budget); give more --budget "
                         f"or a smaller input")  # fmt: skip
    if result.memory_exceeded or result.output_exceeded or result.exit_code != 0:
        why = ("ran out of memory" if result.memory_exceeded else "wrote too much" if result.output_exceeded
               else f"failed: {first_error(result.stderr.decode(errors='replace'))}")  # fmt: skip
        raise _NoProfile(f"{what} on {test.name} {why}")
    return result.stdout.decode(errors="replace")


def _build(judge: Judge, program: Program) -> Build:
    built = judge.build(program)
    if not built.ok:
        raise _NoProfile(f"the profiling build does not compile: {first_error(built.message)}")
    return built


# --- C, C++ and Go: callgrind ------------------------------------------------------------------------------

# Functions keep their own costs: without inlining, the library code a line calls (C++'s templates among it) is
# called from that line, where callgrind records it. It makes STL-heavy C++ slower under the profiler.
_NO_INLINING = {"c": ("-g", "-fno-inline"), "cpp": ("-g", "-fno-inline"), "go": ("-gcflags=-l",)}
_CALLGRIND_OUT = "bite.callgrind"  # in the run's private working directory
# Counted only inside the program's entry point: on a small input, loading and starting the process (the dynamic
# linker, libstdc++'s set-up) is most of the instructions (98 % of a C++ program's 1.9 M on one input). Not Go:
# a goroutine's stack moves as it grows, and callgrind then loses track of main.main and stops counting.
_ENTRY = {"c": "main", "cpp": "main"}


def _valgrind() -> str:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise _NoProfile("valgrind is not installed (apt-get install valgrind)")
    return valgrind


def _callgrind(program: Program, test: TestInput, cpu_s: float, judge: Judge, budget: float, cancel,
               stop_after: float | None = None) -> _Measured:  # fmt: skip
    valgrind = _valgrind()
    built = _callgrind_build(program, judge)
    tool = [valgrind, "--tool=callgrind", "-q", f"--callgrind-out-file={_CALLGRIND_OUT}", "--dump-line=yes",
            "--compress-strings=no", "--compress-pos=no", "--separate-recs=1",
            *([f"--toggle-collect={_ENTRY[program.language]}"] if program.language in _ENTRY else [])]  # fmt: skip
    command = _then([*tool, "{box}/main", *test.argv], ["cat", _CALLGRIND_OUT], stop_after)
    # Go's asynchronous preemption signals confuse valgrind.
    env = {"GODEBUG": "asyncpreemptoff=1"} if program.language == "go" else None
    text = _run(judge, built, command, test, budget, cancel, "callgrind", env)
    spans = function_spans(program.source, program.language)
    measured = parse_callgrind(text, program.lang.source_name(program.source), spans)
    if text.startswith(STOPPED):
        measured.note = f"the first {stop_after:.0f} s of its run under callgrind"
    return measured


def _callgrind_start(program: Program, test: TestInput, judge: Judge, seconds: float, cancel) -> _Measured:
    """callgrind on `test`, stopped (SIGTERM: it writes what it counted) before `seconds` are up: valgrind's own
    start, the report of a long run and the sandbox's set-up take 2 to 3 s, more on a busy machine."""
    stop_after = max(1.0, seconds - max(3.5, 0.25 * seconds))
    return _callgrind(program, test, 0.0, judge, seconds + 2.0, cancel, stop_after)


def _callgrind_build(program: Program, judge: Judge) -> Build:
    return _build(judge, Program(program.language, program.source, program.effective_flags
                                 + _NO_INLINING[program.language]))  # fmt: skip


_POSITION = re.compile(r"^([+-]?\d+|\*)\s+(\d+)")
_COMPRESSED = re.compile(r"^\((\d+)\)\s*(.*)$")


def parse_callgrind(text: str, source_name: str, spans: list[Function]) -> _Measured:
    """A callgrind.out file (positions: line, first event: Ir). A function's inclusive cost is its own plus
    that of its calls to other functions. A line's cost is its own plus its calls into library code, less what
    comes back from there into the program (callbacks, lambdas); library code inlined into the program's function
    all the same (always_inline helpers) counts on the program's line it follows.
    A function is the program's when it has costs on the program's lines, and its file is the program's or its
    name is one the program defines (callgrind files a function under the file of its first instruction, which
    may come from an inlined library function)."""
    names: dict[tuple[str, str], str] = {}  # (kind, id) -> name, for names compressed as "(id) name"

    def name(kind: str, value: str) -> str:
        found = _COMPRESSED.match(value)
        if not found:
            return value.strip()
        if found.group(2):
            names[(kind, found.group(1))] = found.group(2).strip()
        return names.get((kind, found.group(1)), value)

    def in_program(path: str | None) -> bool:
        return path is not None and Path(path).name == source_name

    # function (file, name) -> its costs in the file's order: (line if in the program's file, cost, callee or None)
    events: dict[tuple, list[tuple[int | None, int, tuple | None]]] = defaultdict(list)
    fl = file = fn = callee_file = callee = None
    calling = False
    line = 0
    for raw in text.splitlines():
        if not raw or raw.startswith("#"):
            continue
        found = _POSITION.match(raw)
        if found:
            position, cost = found.groups()
            line = line if position == "*" else line + int(position) if position[0] in "+-" else int(position)
            if fn is not None:  # after "calls=": the inclusive cost of the calls made from this line
                called = (callee_file or fl, callee) if calling else None
                events[(fl, fn)].append((line if in_program(file) else None, int(cost), called))
            calling, callee_file = False, callee_file if not calling else None
            continue
        key, _, value = raw.partition("=")
        if key == "fl":
            fl = file = name("file", value)
        elif key in ("fi", "fe"):
            file = name("file", value)
        elif key == "fn":
            fn, file = name("fn", value), fl
        elif key in ("cfi", "cfl"):
            callee_file = name("file", value)
        elif key == "cfn":
            callee = name("fn", value)
        elif key == "calls":
            calling = True

    self_cost = {f: sum(c for _, c, called in costs if called is None) for f, costs in events.items()}
    program_cost: dict[tuple, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for f, costs in events.items():
        for at, cost, called in costs:
            if at is not None and called is None:
                program_cost[f][at] += cost
    inclusive = dict(self_cost)
    for f, costs in events.items():
        for _, cost, called in costs:
            if called is not None and called != f:  # a recursive call is already in the function's own cost
                inclusive[f] += cost
    own_names = {f.name for f in spans}
    own = {f: bool(program_cost.get(f)) and (in_program(f[0]) or bool(_short_names(f[1]) & own_names))
           for f in events}  # fmt: skip

    # The part of a library function's cost that comes back into the program, through chains of library
    # functions: to a fixed point.
    back: dict[tuple, float] = {}
    for _ in range(20):
        before, back = back, {}
        for f, costs in events.items():
            if own[f]:
                continue
            back[f] = sum(program_cost.get(f, {}).values())
            for _, cost, called in costs:
                if called is not None and called != f:
                    back[f] += cost if own.get(called) else cost * _part(before.get(called, 0.0), inclusive.get(called))
        if back == before:
            break
    lines: dict[int, float] = defaultdict(float)
    for f, costs in events.items():
        last, pending = None, 0.0
        for at, cost, called in costs:
            if called is not None:
                if own.get(called):
                    continue  # the program's own function: on its own lines
                cost *= 1 - _part(back.get(called, 0.0), inclusive.get(called))
            if at is None and own[f]:
                at = last  # library code inlined here
                if at is None:
                    pending += cost
                    continue
            if at is not None:
                lines[at] += cost + pending
                last, pending = at, 0.0

    def source_line(f: tuple) -> int:
        """A line that names the function in the source: the first of the function holding most of its cost
        among those of its name (code inlined from a neighbour is not enough to rename it), else of any."""
        held: dict[Function | None, float] = defaultdict(float)
        for number, cost in program_cost[f].items():
            held[_innermost(spans, number)] += cost
        named = [g for g in held if g is not None and g.name in _short_names(f[1])]
        chosen = max(named or held, key=lambda g: held[g])
        return chosen.start_line + 1 if chosen else min(program_cost[f])

    measured: dict[tuple[str, int | None], list[float]] = {}
    for f, cost in self_cost.items():
        key = (f[1], source_line(f)) if own[f] else (_CLONE.sub("", f[1]), None)
        known = measured.setdefault(key, [0, 0])
        known[0] += cost  # one name in two files, or clones of one function
        known[1] = max(known[1], inclusive[f])
    return _Measured(sum(self_cost.values()), measured, dict(lines))


def _part(part: float, whole: float | None) -> float:
    return min(1.0, part / whole) if whole else 0.0


_CLONE = re.compile(r" \[clone [^\]]*\]")
_GROUP = re.compile(r"\([^()]*\)|<[^<>]*>")


def _names(symbol: str, function: str) -> bool:
    """Whether a profile's entry `symbol` is the source's `function`."""
    return symbol == function or function in _short_names(symbol)


def _short_names(symbol: str) -> set[str]:
    """The names a tool's symbol may have in the source: solve for "long Solver::solve(int) const",
    "main.(*T).solve" or "solve.cold"."""
    bare = _CLONE.sub("", symbol)
    while (shorter := _GROUP.sub("", bare)) != bare:  # parameters and template arguments, innermost first
        bare = shorter
    words = [w for w in bare.split() if w not in ("const", "volatile", "&", "&&", "noexcept")]
    if not words:
        return set()
    last = words[-1].rsplit("::", 1)[-1]
    return {last.rsplit(".", 1)[-1], last.split(".", 1)[0]}


# --- Java: JDK Flight Recorder -----------------------------------------------------------------------------

_JFR_OUT = "bite.jfr"
# One sample per millisecond (the default profile's "max"; JDK 17 takes a finer period but then samples as fast
# as it can, busy on a core of its own). Only the execution sampler, to keep the recording small.
_JFR_START = (f"-XX:StartFlightRecording=filename={_JFR_OUT},settings=none,+jdk.ExecutionSample#enabled=true,"
              "+jdk.ExecutionSample#period=1ms")  # fmt: skip
# Without these, a sample in JIT-compiled code is put on the nearest safepoint's line (a loop's closing brace
# or header) instead of the line it was taken on.
_JFR_PRECISE_LINES = ("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints")
_JFR_STACK_DEPTH = 64  # JFR's own default: deeper stacks are cut there


def _jfr_printer() -> list[str]:
    """`jfr print` of a recording's execution samples (the recording's path goes last). The recording is the
    untrusted program's: it is read in the sandbox too. The text form, not --json, which repeats each frame's
    class loader and module (about 1 KB a frame against 50 bytes)."""
    jfr = Path(resolve("java")).parent / "jfr"
    if not jfr.exists():
        raise _NoProfile(f"{jfr} is missing: the JDK Flight Recorder needs a full JDK "
                         f"(apt-get install default-jdk-headless)")  # fmt: skip
    return [str(jfr), "print", "--events", "jdk.ExecutionSample", "--stack-depth", str(_JFR_STACK_DEPTH)]


def _jfr(program: Program, test: TestInput, cpu_s: float, judge: Judge, budget: float, cancel) -> _Measured:
    built = _build(judge, program)
    printer = [*_jfr_printer(), _JFR_OUT]
    run = built.run_command(judge.limits.memory_mb)
    command = _then([run[0], *_JFR_PRECISE_LINES, _JFR_START, *run[1:], *test.argv], printer)
    text = _run(judge, built, command, test, budget, cancel, "the JDK Flight Recorder")
    return parse_jfr(text, _java_classes(program.source))


_JAVA_TYPE = re.compile(r"\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
_JFR_FRAME = re.compile(r"^\s+([^\s(]+)\((.*)\)\s+line:\s*(-?\d+)")


def _java_classes(source: str) -> set[str]:
    return set(_JAVA_TYPE.findall(source))


def parse_jfr(text: str, classes: set[str]) -> _Measured:
    """`jfr print --events jdk.ExecutionSample` output. Self: samples with the method on top; inclusive:
    samples with it anywhere on the stack; a line: samples whose topmost frame in the program is on it."""
    functions: dict[tuple[str, int | None], list[float]] = {}
    first_line: dict[str, int | None] = {}  # a method is known by the first line it was seen on
    lines: dict[int, float] = defaultdict(float)
    samples = 0
    stack: list[tuple[str, int | None]] | None = None
    for raw in text.splitlines():
        if raw.startswith("jdk.ExecutionSample"):
            stack = []
        elif stack is not None and (frame := _JFR_FRAME.match(raw)):
            method, number = frame.group(1), int(frame.group(3))
            owner = method.rpartition(".")[0]
            own = "." not in owner and owner.split("$")[0] in classes and number > 0
            stack.append((method, number if own else None))
        elif stack is not None and raw.startswith("}"):
            if stack:
                samples += 1
                for method, line in stack:
                    first_line.setdefault(method, line)
                keys = [(method, first_line[method]) for method, _ in stack]
                for key in set(keys):  # each method once per sample, however deep it recurses
                    functions.setdefault(key, [0, 0])[1] += 1
                functions[keys[0]][0] += 1
                mine = next((line for _, line in stack if line is not None), None)
                if mine is not None:
                    lines[mine] += 1
            stack = None
    return _Measured(samples, functions, dict(lines))


# --- Python: cProfile, then line_profiler ------------------------------------------------------------------

# Runs in the sandbox as `python -I -c BOOT MODE LINE_PROFILER_DIR SCRIPT ARGS...`: the program as __main__
# under cProfile, and in "lines" mode under line_profiler too, every code object of its file.
# The report (JSON) goes to a file, which the shell then prints.
_PYTHON_BOOT = r"""
import json, os, sys, types
mode, lp_dir, path = sys.argv[1:4]
sys.argv = [path, *sys.argv[4:]]
out = os.path.abspath("bite-profile.json")  # here, in the run's private working directory, whatever the program does
report = {"path": path, "status": 0}
try:
    sys.path.insert(0, lp_dir)
    from line_profiler import LineProfiler
    lines = LineProfiler() if mode == "lines" else None
except Exception as error:
    report["line_profiler"], lines = f"{type(error).__name__}: {error}", None
del sys.path[0]
with open(path, "rb") as f:
    code = compile(f.read(), path, "exec")

def instrument(code):
    # line_profiler knows a code object by its padded bytecode: pad each before the module makes functions of it
    consts = tuple(instrument(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    holder = types.FunctionType(code.replace(co_consts=consts), {}, None, None,
                                tuple(types.CellType() for _ in code.co_freevars))
    lines.add_function(holder)
    return holder.__code__

def calibrate(n):
    for _ in range(n):
        pass

if lines:
    code = instrument(code)
    # what the tracer itself costs per line event: an empty loop's cheapest line, per hit, in the calmest of 5 runs
    lines.add_function(calibrate)
    per_hit, before = [], {}
    for _ in range(5):
        lines.enable_by_count()
        calibrate(10000)
        lines.disable_by_count()
        stats = lines.get_stats()
        now = {n: (hits, t) for key, found in stats.timings.items() if key[0] == "<string>"  # this bootstrap's
               for n, hits, t in found}
        per_hit += [(t - before.get(n, (0, 0))[1]) / (hits - before.get(n, (0, 0))[0]) * stats.unit
                    for n, (hits, t) in now.items() if hits > before.get(n, (0, 0))[0]]
        before = now
    report["per_hit"] = min(per_hit)
module = types.ModuleType("__main__")
module.__file__ = path
sys.modules["__main__"] = module
import cProfile, threading
report["threads"], start = 0, threading.Thread.start
def counted_start(thread):  # cProfile sees the main thread only: count the others, to say so
    report["threads"] += 1
    start(thread)
threading.Thread.start = counted_start
functions = cProfile.Profile()
if lines:
    lines.enable_by_count()
functions.enable()
try:
    exec(code, module.__dict__)
except SystemExit as exit:
    report["status"] = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
except BaseException:
    import traceback
    traceback.print_exc()
    report["status"] = 1
finally:
    functions.disable()
    if lines:
        lines.disable_by_count()
functions.create_stats()
report["functions"] = [[*key, tt, ct, [[*k, edge[3]] for k, edge in callers.items()]]
                       for key, (cc, nc, tt, ct, callers) in functions.stats.items()]
if lines:
    stats = lines.get_stats()
    report["lines"] = [[*key, [[n, hits, t * stats.unit] for n, hits, t in timings]]
                       for key, timings in stats.timings.items() if key[0] == path]
with open(out, "w") as f:
    json.dump(report, f)
"""
_PYTHON_FUNCTIONS_SLOWDOWN, _PYTHON_LINES_SLOWDOWN, _PYTHON_OVERHEAD = 4.0, 25.0, 0.5  # each pass's


def _line_profiler_package() -> Path | None:
    """This environment's line_profiler, which the sandbox's Python imports when it is the same version."""
    spec = importlib.util.find_spec("line_profiler")
    return Path(spec.origin).parent if spec and spec.origin else None


def _python(program: Program, test: TestInput, cpu_s: float, judge: Judge, budget: float, cancel) -> _Measured:
    started = time.monotonic()
    built = _build(judge, program)
    package = _line_profiler_package()
    run = built.run_command(judge.limits.memory_mb)

    def measure(mode: str, timeout: float, parse: Callable):
        boot = ["-c", _PYTHON_BOOT, mode, str(package.parent if package else "/nonexistent"), run[-1]]
        command = _then([*run[:-1], *boot, *test.argv], ["cat", "bite-profile.json"])
        what = "cProfile" if mode == "functions" else "line_profiler"
        text = _run(judge, built, command, test, timeout, cancel, what, extra_ro=(str(package),) if package else ())
        try:  # the report shared the program's sandbox: it may be anything
            report = json.loads(text)
            if report["status"] != 0:
                raise _NoProfile(f"the program exited with {report['status']} under {what} on {test.name}")
            return report, parse(report)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, ZeroDivisionError):
            raise _NoProfile(f"{what} on {test.name} gave no readable report") from None

    report, measured = measure("functions", budget, parse_cprofile)
    if report.get("threads"):
        measured.note = f"threads it started ({report['threads']}) are not profiled, only the main one"
        return measured  # line_profiler would see no more: the main thread waits on the line that joins them
    if package is None or "line_profiler" in report:
        why = report.get("line_profiler", "not installed")
        measured.note = f"no lines: line_profiler cannot be imported ({why})"
        return measured
    left = budget - (time.monotonic() - started)
    if left < _PYTHON_OVERHEAD + cpu_s * _PYTHON_LINES_SLOWDOWN:
        measured.note = "no lines: line_profiler would not finish within the budget"
        return measured
    try:
        measured.lines = measure("lines", left, lambda report: python_lines(report, program.source))[1]
    except _NoProfile as problem:
        measured.note = f"no lines: {problem}"
    return measured


def parse_cprofile(report: dict) -> _Measured:
    """Functions from the bootstrap's cProfile stats: [file, line, name, self s, inclusive s, callers]."""
    # What has no caller was called by the bootstrap itself (exec, the profiler's disable): not the program's.
    entries = [e for e in report["functions"] if e[5]]
    functions: dict[tuple[str, int | None], list[float]] = {}
    for file, line, name, self_s, inclusive_s, _ in entries:
        library = name if file == "~" else f"{Path(file).name}:{name}"  # "~": a builtin
        key = (name, line) if file == report["path"] else (library, None)
        known = functions.setdefault(key, [0, 0])
        known[0] += self_s
        known[1] = max(known[1], inclusive_s)
    return _Measured(sum(e[3] for e in entries), functions, {})


def _names_by_line(source: str) -> dict[int, set[str]]:
    """The names each line mentions (called, or passed on as in map(f, ...) and key=f); naming one of the
    program's classes counts as naming __init__."""
    found: dict[int, set[str]] = defaultdict(set)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return found
    classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found[node.lineno] |= {node.id, "__init__"} if node.id in classes else {node.id}
        elif isinstance(node, ast.Attribute):
            found[node.end_lineno or node.lineno].add(node.attr)
    return found


def python_lines(report: dict, source: str) -> dict[int, float]:
    """Seconds per line from line_profiler, less what its tracer costs per line event. Its line times include
    the calls made there: each of the program's functions is taken out of its callers' lines, by cProfile's time
    for each caller (same run): from the lines naming it (a comprehension or lambda: from the line it is on),
    split by how often each ran. A recursive function's lines cannot be told apart so: they are capped at its time."""
    path, per_hit = report["path"], report.get("per_hit", 0.0)
    own = {(e[1], e[2]): e for e in report["functions"] if e[0] == path}
    cost: dict[tuple, dict[int, float]] = {}  # code (first line, name) -> line -> seconds
    hits: dict[tuple, dict[int, int]] = {}
    for file, first, qualified, timings in report.get("lines", []):
        code = (first, qualified.rsplit(".", 1)[-1])  # line_profiler says Solver.count where cProfile says count
        if file == path:
            cost[code] = {n: max(0.0, seconds - count * per_hit) for n, count, seconds in timings}
            hits[code] = {n: count for n, count, _ in timings}
    names = _names_by_line(source)

    def sites(code: tuple, callee: tuple) -> list[tuple[tuple, int]]:
        first, name = callee
        anonymous = name.startswith("<")
        return [(code, n) for n in cost.get(code, {}) if hits[code][n]
                and (n == first if anonymous else name in names.get(n, ()))]  # fmt: skip

    def take(places: list[tuple[tuple, int]], seconds: float) -> bool:
        ran = sum(hits[code][n] for code, n in places)
        for code, n in places:
            cost[code][n] -= seconds * hits[code][n] / ran
        return bool(places)

    for callee, entry in own.items():
        left = entry[4]
        for file, first, name, seconds in entry[5]:
            caller = (first, name)
            if file == path and caller != callee and take(sites(caller, callee), seconds):
                left -= seconds
        if left > 0:  # called through library code (sorted(key=f), sum(a generator)): where it is named
            take([place for code in cost if code != callee for place in sites(code, callee)], left)
    for code, costs in cost.items():
        spent = sum(max(0.0, c) for c in costs.values())
        inclusive = own[code][4] if code in own else 0.0
        for n, c in costs.items():
            costs[n] = max(0.0, c) * (inclusive / spent if spent > inclusive > 0 else 1.0)
    total: dict[int, float] = defaultdict(float)
    for costs in cost.values():
        for n, c in costs.items():
            total[n] += c
    return {n: c for n, c in total.items() if c > 0}


# Slowdowns measured here on a busy 2-core machine, wall-clock against a plain run's CPU time: callgrind 30x (a
# C loop), 130x (Go, recursive calls), 270x (C++, a loop at 4 instructions a cycle), and C++ built without inlining
# runs STL-heavy code 4x slower still; the JVM and jfr print start in 3 s; Python's two passes 4x and 25x.
# --- a project's command: what share of it the function is -----------------------------------------------------
# The project's own build (no -g, so functions without lines) and command, with every process it starts
# profiled: callgrind follows the command's children; every JVM the command starts records its samples.


def _callgrind_command(program: Program, test: TestInput, cpu_s: float, judge: Judge, budget: float,
                       cancel) -> _Measured:  # fmt: skip
    tool = [_valgrind(), "--tool=callgrind", "-q", "--trace-children=yes", "--callgrind-out-file=/tmp/bite.%p.out",
            "--compress-strings=no", "--compress-pos=no"]  # fmt: skip
    built = _build(judge, program)
    text = _run(judge, built, _then([*tool, *built.run_command(judge.limits.memory_mb), *test.argv],
                                    _each_process("/tmp/bite.*.out", "cat")), test, budget, cancel, "callgrind")
    spans = function_spans(program.source, program.language)
    return _merged([parse_callgrind(part, Path(program.project.file).name, spans) for part in _parts(text)])


def _jfr_command(program: Program, test: TestInput, cpu_s: float, judge: Judge, budget: float, cancel) -> _Measured:
    built = _build(judge, program)
    printer = f"env -u JAVA_TOOL_OPTIONS {shlex.join(_jfr_printer())}"  # the printer is a JVM too: it records not
    command = _then([*built.run_command(judge.limits.memory_mb), *test.argv], _each_process("/tmp/bite.*.jfr", printer))
    # every JVM the command starts records into a file of its own, named after its process
    record = _JFR_START.replace(f"filename={_JFR_OUT}", "filename=/tmp/bite.%p.jfr")
    text = _run(judge, built, command, test, budget, cancel, "the JDK Flight Recorder",
                env={"JAVA_TOOL_OPTIONS": " ".join((*_JFR_PRECISE_LINES, record))})  # fmt: skip
    classes = _java_classes(program.source)
    return _merged([parse_jfr(part, classes) for part in _parts(text)])


_NEXT_FILE = "@@bite: the next process's profile"


def _each_process(pattern: str, show: str) -> list[str]:
    """A shell command showing each process's report file (in the run's private /tmp, whatever folder the
    process ran in), one after the other, each after a separator line."""
    return ["/bin/sh", "-c", f'for f in {pattern}; do [ -f "$f" ] || continue; echo "{_NEXT_FILE}"; {show} "$f"; done']


def _parts(text: str) -> list[str]:
    return text.split(_NEXT_FILE + "\n")[1:]


def _merged(parts: list[_Measured]) -> _Measured:
    """The processes of one command as one program: totals and functions summed (no lines: a project's own build
    has no line data)."""
    merged = _Measured(sum(p.total for p in parts), defaultdict(lambda: [0, 0]), {})
    for part in parts:
        for key, (self_cost, inclusive) in part.functions.items():
            merged.functions[key][0] += self_cost
            merged.functions[key][1] += inclusive
    return merged


ENGINES = {
    "c": _Engine("callgrind", "instructions", 150.0, 1.0, _callgrind, _callgrind_build, _callgrind_start),
    "cpp": _Engine("callgrind", "instructions", 400.0, 1.0, _callgrind, _callgrind_build, _callgrind_start),
    "go": _Engine("callgrind", "instructions", 150.0, 1.5, _callgrind, _callgrind_build, _callgrind_start),
    "java": _Engine("jfr", "samples", 1.5, 3.0, _jfr),
    "python": _Engine("cprofile+line_profiler", "seconds", _PYTHON_FUNCTIONS_SLOWDOWN + _PYTHON_LINES_SLOWDOWN,
                      2 * _PYTHON_OVERHEAD, _python),
}
PROJECT_ENGINES = {
    "c": _Engine("callgrind", "instructions", 150.0, 1.0, _callgrind_command),
    "cpp": _Engine("callgrind", "instructions", 150.0, 1.0, _callgrind_command),
    "java": _Engine("jfr", "samples", 1.5, 3.0, _jfr_command),
}
