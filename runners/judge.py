"""The judge: does the candidate give the original's output on every input, and is it faster?

judge() = build both (cached) -> verify both on every input (this is also the warm-up)
-> time them interleaved, A B / B A, one pair at a time and pinned to one CPU (on the costliest
inputs alone where all of them would make a round too long to have many), until
the speedup's confidence interval decides, is tight enough, or the budget is spent (a few budgets for a
close call whose estimate passes); or until the plain interval shows that the threshold is out of reach (a
futility bound, which never adds a "faster").
"faster" means the interval's lower bound is at least the threshold (default 1.10). The
interval allows for looking after every round (a Pocock boundary, see stats.py), and every
timed run's output is checked too: a candidate that is right only sometimes is incorrect.

confirm() times a fresh, fixed block of rounds (as many as the judgement took) and looks once: the figure a
proposal shows, free of the upward bias of picking the best of many candidates by their own estimates.

Where the runs measure the function inside themselves (measure.py: a Python project's `measure`, a Go
benchmark's ns/op), the judge decides on those figures, but only once the process CPU, counted by the cgroup
outside, confirms the savings they claim (stats.savings_check); else on the process CPU, saying why. For a
Python project with `measure`, the original's calls are also recorded and replayed on the candidate
(behaviour.py): a candidate whose replay differs is incorrect.
"""

from __future__ import annotations

import fcntl
import os
import signal
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from enum import Enum

from . import behaviour as calls
from .build import Build, Program, address_space, build, clip, extra_ro_paths
from .compare import Comparison
from .errors import CandidateFailed, OriginalFailed
from .measure import CAPTURE_BYTES, CAPTURE_CALLS, HOOK_DIR, probe_for
from .sandbox import Limits, RunResult, Sandbox
from .stats import Speedup, paired_speedup, savings_check
from .workload import TestInput


class Verdict(str, Enum):
    OK = "ok"
    WRONG_OUTPUT = "wrong_output"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    COMPILE_ERROR = "compile_error"


class Cancelled(Exception):
    """The caller's cancel event was set; nothing further was run."""


@dataclass
class InputResult:
    input: str
    verdict: Verdict
    detail: str = ""
    cpu_s: float = 0.0
    wall_s: float = 0.0
    maxrss_kb: int = 0
    measured_s: float | None = None  # the time measured inside the run (the function's), when there is one


@dataclass
class Verification:
    verdict: Verdict  # ok when every input is ok, else the first failure's verdict
    results: list[InputResult]
    build_seconds: float
    build_cached: bool
    outputs: list[bytes] = field(default_factory=list, repr=False)
    # The original's recorded calls that candidates are replayed on (behaviour.py), and what the check did.
    behaviour: calls.Behaviour | None = field(default=None, repr=False)
    behaviour_note: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    @property
    def detail(self) -> str:
        return next((f"{r.input}: {r.detail}" for r in self.results if r.verdict is not Verdict.OK), "")


@dataclass
class InputTiming:
    input: str
    original_cpu_s: float  # medians over the timing rounds
    candidate_cpu_s: float
    original_wall_s: float
    candidate_wall_s: float
    original_measured_s: float | None = None  # medians of the time measured inside the runs, when measured
    candidate_measured_s: float | None = None

    @property
    def ratio(self) -> float:
        return self.original_cpu_s / self.candidate_cpu_s if self.candidate_cpu_s > 0 else float("inf")


@dataclass
class Judgement:
    decision: str  # "faster", "not_faster" or "incorrect" ("slower", "not_slower" when degrading)
    threshold: float
    original: Verification
    candidate: Verification
    speedup: Speedup | None  # None when the candidate is incorrect (nothing was timed)
    timings: list[InputTiming]
    seconds: float
    sandbox: str
    warnings: list[str]
    # Both figures where the runs measured the function inside themselves: `speedup` is the one that decided.
    process_speedup: Speedup | None = None  # the command's CPU time, from the cgroup
    function_speedup: Speedup | None = None  # the function's measured time (Go: ns/op); None when not measured
    timing_note: str = ""  # why the process CPU decided although the function was measured

    @property
    def decided_on(self) -> str | None:
        """ "function" or "process": which figure the decision and `speedup` are."""
        return self.speedup.basis if self.speedup else None

    @property
    def correct(self) -> bool:
        return self.candidate.ok

    @property
    def faster(self) -> bool:
        return self.decision == "faster"

    @property
    def original_cpu_s(self) -> float:
        return sum(t.original_cpu_s for t in self.timings)

    @property
    def candidate_cpu_s(self) -> float:
        return sum(t.candidate_cpu_s for t in self.timings)

    def to_dict(self) -> dict:
        def verification(v: Verification) -> dict:
            return {
                "verdict": v.verdict.value, "build_seconds": v.build_seconds, "build_cached": v.build_cached,
                "inputs": [{**asdict(r), "verdict": r.verdict.value} for r in v.results],
                "behaviour": v.behaviour_note,
            }  # fmt: skip

        return {
            "decision": self.decision,
            "threshold": self.threshold,
            "correct": self.correct,
            "speedup": asdict(self.speedup) if self.speedup else None,
            "speedup_method": "paired t-interval on log ratios of per-round total "
                              f"{'measured function' if self.decided_on == 'function' else 'CPU'} time, "
                              "repeated over rounds with a Pocock boundary",
            "decided_on": self.decided_on,
            "process_speedup": asdict(self.process_speedup) if self.process_speedup else None,
            "function_speedup": asdict(self.function_speedup) if self.function_speedup else None,
            "timing_note": self.timing_note,
            "original_cpu_s": self.original_cpu_s,
            "candidate_cpu_s": self.candidate_cpu_s,
            "timings": [{**asdict(t), "ratio": t.ratio} for t in self.timings],
            "original": verification(self.original),
            "candidate": verification(self.candidate),
            "seconds": self.seconds,
            "sandbox": self.sandbox,
            "warnings": self.warnings,
        }


_MEMORY_MARKERS = (b"MemoryError", b"std::bad_alloc", b"OutOfMemoryError", b"out of memory", b"cannot allocate memory")


def classify(result: RunResult, memory_mb: int) -> tuple[Verdict, str] | None:
    """The failure verdict of one run, or None when it ran to a clean exit (output not yet checked)."""
    excerpt = result.stderr[-600:].decode(errors="replace").strip()
    if result.output_exceeded:
        return Verdict.OUTPUT_LIMIT, "output exceeded the limit"
    near_limit = result.maxrss_kb * 1024 >= 0.9 * memory_mb * (1 << 20)
    says_so = any(m in result.stderr for m in _MEMORY_MARKERS)
    if result.memory_exceeded or (not result.ok and (says_so or near_limit)):
        return Verdict.MEMORY_LIMIT, excerpt or f"killed at the memory limit ({memory_mb} MiB)"
    if result.timed_out:
        return Verdict.TIMEOUT, f"ran past the time limit ({result.wall_s:.1f} s wall, {result.cpu_s:.1f} s CPU)"
    if not result.reported:  # bubblewrap's own message (a mount that failed, a namespace limit) says why
        why = "the sandbox could not start the program, or its launcher was killed before it reported"
        return Verdict.RUNTIME_ERROR, f"{why}: {excerpt}" if excerpt else why
    if result.exit_code != 0:
        how = f"exit code {result.exit_code}" if result.exit_code is not None else _signal_name(result.signal)
        if result.process_limit_hit:
            how += ", process limit reached"
        return Verdict.RUNTIME_ERROR, f"{how}: {excerpt}" if excerpt else how
    return None


def first_error(message: str) -> str:
    """The line of a compiler's or interpreter's message that says what went wrong, for one-line reports."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower() or "exception" in line.lower():
            return line[:300]
    return lines[-1][:300] if lines else "(no message)"


def _signal_name(sig: int) -> str:
    try:
        return f"killed by {signal.Signals(sig).name}"
    except ValueError:
        return f"killed by signal {sig}"


@contextmanager
def _timing_lock():
    """One timing at a time on this machine, whatever the user or cache: two judgements timed at once
    corrupt each other. The lock file is world-writable so that every user's bite can take it."""
    fd = os.open(os.path.join(tempfile.gettempdir(), "bite-timing.lock"), os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass
class Judge:
    sandbox: Sandbox = field(default_factory=Sandbox)
    limits: Limits = field(default_factory=Limits)
    comparison: Comparison = field(default_factory=Comparison)
    threshold: float = 1.10
    budget: float = 30.0  # seconds of timing per judgement
    close_call_budgets: float = 3.0  # how many budgets a close call leaning toward passing may take: see _time
    min_rounds: int = 3
    max_rounds: int = 40
    precision: float = 0.02  # stop once the interval's relative half-width is below this
    futility: bool = True  # stop once the plain interval shows the threshold is out of reach (_Rounds.futile)
    round_share: float = 0.1  # the part of the budget one round (both programs) may take: see _timed_inputs
    confirm_rounds: int = 6  # the fixed block of confirm()
    pin_cpu: bool = True
    # Behaviour capture (Python projects with `measure`): calls recorded per function while the original runs,
    # and the bytes their pickled arguments may take. capture_calls = 0 switches it off.
    capture_calls: int = CAPTURE_CALLS
    capture_bytes: int = CAPTURE_BYTES
    # The original's verification per (program, workload): a search judges many children against one parent.
    _references: dict = field(default_factory=dict, repr=False)

    def build(self, program: Program) -> Build:
        return build(program, self.sandbox)

    @property
    def timing_cpu(self) -> int | None:
        """The CPU that timed runs are pinned to (the last this process may use), or None when they are not."""
        return sorted(os.sched_getaffinity(0))[-1] if self.pin_cpu else None

    def run(
        self, built: Build, test: TestInput, cpu: int | None = None, cancel: threading.Event | None = None,
        capture: bool = False,
    ) -> RunResult:  # fmt: skip
        """One run of a built program on one input. Figures it measures inside itself (a project's function,
        a Go benchmark) come back in measured_s; `capture` records the measured function's calls too."""
        program = built.program
        lang = program.lang
        limits = replace(self.limits, memory_mb=self.limits.memory_mb + lang.runtime_overhead_mb)
        project = program.project is not None
        probe = probe_for(program, (self.capture_calls, self.capture_bytes) if capture else None)
        result = self.sandbox.run(
            built.run_command(self.limits.memory_mb) + list(test.argv),
            built.dir,
            stdin=test.stdin,
            limits=limits,
            throwaway_box=project,  # a project's command may write in its tree: into a view that is thrown away
            env={**program.env(), **(probe.env if probe else {})} if project else None,
            address_space=address_space(lang, self.limits.memory_mb, self.sandbox.cgroups),
            extra_ro=program.readonly() + (probe.binds if probe else ()) if project
            else extra_ro_paths(lang, program.interpreter),
            cpu=cpu,
            cancel=cancel,
        )
        _check(cancel)  # a cancelled run looks like a timeout: report it as what it is
        if probe:
            probe.read(result)  # before anything looks at stderr: the hook's lines leave it here
        return result

    def verify(
        self, program: Program, inputs: list[TestInput], reference: list[bytes] | None = None,
        cancel: threading.Event | None = None, capture: bool = False, behaviour: calls.Behaviour | None = None,
    ) -> Verification:  # fmt: skip
        """Build and run on each input, up to the first that fails; compare with `reference` outputs, else each
        input's expected output.
        `capture`: record the measured function's calls (the original's verification); `behaviour`: replay
        these recorded calls on the program once its runs pass (a candidate's)."""
        built = self.build(program)
        if not built.ok:
            failed = [InputResult(t.name, Verdict.COMPILE_ERROR, clip(built.message, 2000)) for t in inputs]
            return Verification(Verdict.COMPILE_ERROR, failed, built.seconds, built.cached)
        capture = capture and self._captures(program)
        results, outputs, runs = [], [], []
        for i, test in enumerate(inputs):
            _check(cancel)
            recording = {"capture": True} if capture else {}  # subclasses that override run() need not know it
            run = self.run(built, test, cancel=cancel, **recording)
            runs.append(run)
            outputs.append(run.stdout)
            failure = classify(run, self.limits.memory_mb)
            want = reference[i] if reference is not None else test.expected
            if failure is None and want is not None:
                diff = self.comparison.mismatch(want, run.stdout)
                failure = (Verdict.WRONG_OUTPUT, diff) if diff else None
            verdict, detail = failure or (Verdict.OK, "")
            results.append(InputResult(test.name, verdict, detail, run.cpu_s, run.wall_s, run.maxrss_kb,
                                       run.measured_s))  # fmt: skip
            if failure is not None:
                break  # rejected already; each input left could cost a whole time limit (a candidate that hangs)
        overall = next((r.verdict for r in results if r.verdict is not Verdict.OK), Verdict.OK)
        verification = Verification(overall, results, built.seconds, built.cached, outputs)
        if overall is Verdict.OK and capture:
            verification.behaviour, verification.behaviour_note = self._record(built, runs, cancel)
        elif overall is Verdict.OK and behaviour is not None:
            failure, verification.behaviour_note = self._replay_on(built, behaviour, cancel)
            if failure is not None:
                verification.results.append(failure)
                verification.verdict = failure.verdict
        return verification

    def _captures(self, program: Program) -> bool:
        """Whether the program's verification records the calls of its measured function."""
        measured = program.project.measured() if program.project is not None else None
        replaying = measured is not None and calls.REPLAY_CODE in program.project.command  # a trace: checked already
        return self.capture_calls > 0 and measured is not None and measured[1] != "*" and not replaying

    def _record(self, built: Build, runs: list[RunResult], cancel) -> tuple[calls.Behaviour | None, str]:
        """The original's recorded calls that its own replay repeats, and a note on them."""
        name = built.program.project.measured()[1]
        recorded = calls.recorded(runs, name, self.capture_calls, self.capture_bytes)
        if recorded is None:
            return None, f"behaviour not checked: no calls of {name} were recorded (none made, or none pickles)"
        run = self._replay(built, recorded, cancel)
        lines, stopped = calls.replayed(run.stdout)
        failure = classify(run, self.limits.memory_mb)
        if failure or stopped:
            why = stopped or f"{failure[0].value}: {first_error(failure[1])}"
            return None, f"behaviour not checked: the recorded calls of {name} do not replay on the original: {why}"
        kept = calls.reproducible(recorded, lines)
        if not kept.calls:
            return None, (f"behaviour not checked: none of the {len(recorded.calls)} recorded calls of {name} "
                          f"did the same again on the original")  # fmt: skip
        return kept, f"behaviour checked on {len(kept.calls)} recorded calls of {name}"

    def _replay_on(self, built: Build, behaviour: calls.Behaviour, cancel) -> tuple[InputResult | None, str]:
        """Replay the original's recorded calls on a candidate: the failure (an extra InputResult) if it
        behaves differently, and a note."""
        run = self._replay(built, behaviour, cancel)
        failure = classify(run, self.limits.memory_mb)
        if failure is None:
            diff = calls.difference(behaviour, *calls.replayed(run.stdout))
            failure = (Verdict.WRONG_OUTPUT, diff) if diff else None
        note = f"behaviour checked on {len(behaviour.calls)} recorded calls of {behaviour.name}"
        if failure is None:
            return None, note
        return InputResult("recorded calls", *failure, run.cpu_s, run.wall_s, run.maxrss_kb), note

    def _replay(self, built: Build, behaviour: calls.Behaviour, cancel) -> RunResult:
        program = built.program
        result = self.sandbox.run(
            calls.replay_command(program.python), built.dir, stdin=behaviour.request(), limits=self.limits,
            throwaway_box=True, env=calls.replay_env(program.env()),
            address_space=address_space(program.lang, self.limits.memory_mb, self.sandbox.cgroups),
            extra_ro=program.readonly() + (str(HOOK_DIR),), cancel=cancel,
        )  # fmt: skip
        _check(cancel)
        return result

    def reference(self, original: Program, inputs: list[TestInput], cancel: threading.Event | None = None):
        """The original's verification, which every candidate is compared with; OriginalFailed when the
        original does not build or fails its own inputs. Remembered per (program, workload)."""
        key = (original.key(), tuple(inputs))
        if key in self._references:
            return self._references[key]
        base = self.verify(original, inputs, cancel=cancel, capture=True)
        if not base.ok and self._captures(original):  # recording calls costs time: a run may fail only with it
            plain = self.verify(original, inputs, cancel=cancel)
            if plain.ok:
                plain.behaviour_note = f"behaviour not checked: recording its calls, the original failed: {base.detail}"
                base = plain
        if base.verdict is Verdict.COMPILE_ERROR and original.project is not None:
            step, _, output = base.results[0].detail.partition("\n")  # "the build `make` failed (exit code 2)"
            raise OriginalFailed(f"the original does not build: {step}: {first_error(output)}")
        if base.verdict is Verdict.COMPILE_ERROR:
            raise OriginalFailed(f"the original does not compile: {first_error(base.results[0].detail)}")
        if not base.ok:
            failed = next(r for r in base.results if r.verdict is not Verdict.OK)
            raise OriginalFailed(f"the original fails on {failed.input}: {failed.verdict.value}: "
                                 f"{first_error(failed.detail)}")  # fmt: skip
        self._references[key] = base
        return base

    def judge(
        self, original: Program, candidate: Program, inputs: list[TestInput],
        progress: Callable[[str], None] | None = None, cancel: threading.Event | None = None,
        direction: str = "optimize",
    ) -> Judgement:  # fmt: skip
        """The one question bite asks: same output as the original, and faster by the threshold?

        direction="degrade" asks the mirror question, for degradation trees: slower by the threshold?
        Its decisions are "slower" and "not_slower"."""
        if direction not in ("optimize", "degrade"):
            raise ValueError(f"direction must be optimize or degrade, not {direction!r}")
        if not inputs:
            raise OriginalFailed("no inputs to judge on")
        started = time.monotonic()
        say = progress or (lambda _msg: None)
        say("verifying the original")
        base = self.reference(original, inputs, cancel)
        say("verifying the candidate")
        cand = self.verify(candidate, inputs, reference=base.outputs, cancel=cancel, behaviour=base.behaviour)

        def verdict(decision: str, timed: _Timed | None = None):
            figures = (timed.speedup, timed.timings) if timed else (None, [])
            extra = (timed.process, timed.function, timed.note) if timed else ()
            return Judgement(decision, self.threshold, base, cand, *figures, time.monotonic() - started,
                             self.sandbox.description, list(self.sandbox.warnings), *extra)  # fmt: skip

        if not cand.ok:
            return verdict("incorrect")
        try:
            timed = self._time(original, candidate, inputs, base, say, cancel, direction)
        except _TimingFailure as failure:
            if failure.side == 0:
                raise _original_failed(failure) from None
            # A candidate that fails only sometimes (nondeterminism, a race) is incorrect.
            cand.results = [failure.result if r.input == failure.result.input else r for r in cand.results]
            cand.verdict = failure.result.verdict
            return verdict("incorrect")
        passed = timed.speedup.passes(self.threshold, direction)
        if direction == "optimize":
            return verdict("faster" if passed else "not_faster", timed)
        return verdict("slower" if passed else "not_slower", timed)

    def confirm(
        self, original: Program, candidate: Program, inputs: list[TestInput], rounds: int | None = None,
        progress: Callable[[str], None] | None = None, cancel: threading.Event | None = None,
    ) -> Speedup:  # fmt: skip
        """A fresh, fixed block of `rounds` interleaved rounds of the candidate against the original, with one
        look at the end: the figure to show for a proposal chosen as the best of several. The block has at least
        confirm_rounds; a search passes the rounds its judgement took, since a close call that needed many to pass
        needs as many to be confirmed. That length comes from data other than the block's, so its one look stays
        a plain 95 % interval.
        Raises CandidateFailed when a run of the candidate fails or its output differs from the original's.
        Its basis says whether it is the function's measured speedup or the process CPU's, as in judge()."""
        rounds = max(rounds or 0, self.confirm_rounds)
        if rounds < 2:
            raise ValueError("a confirmation needs at least 2 rounds for an interval")
        base = self.reference(original, inputs, cancel)
        try:
            timed = self._time(original, candidate, inputs, base, progress or (lambda _msg: None), cancel,
                               "optimize", fixed_rounds=rounds)  # fmt: skip
        except _TimingFailure as failure:
            if failure.side == 0:
                raise _original_failed(failure) from None
            raise CandidateFailed(f"the candidate failed while being confirmed on {failure.result.input}: "
                                  f"{failure.result.verdict.value}: {first_error(failure.result.detail)}",
                                  failure.result) from None  # fmt: skip
        return timed.speedup

    def _time(
        self, original, candidate, inputs, base: Verification, say, cancel, direction, fixed_rounds: int | None = None
    ) -> _Timed:
        """Interleaved rounds under the timing lock, on the inputs _timed_inputs picks. Adaptive (a look after every
        round) unless `fixed_rounds`: then the figures are those of the first `fixed_rounds`, looked at once, and
        more rounds follow only while the process CPU has neither confirmed nor refuted the function's figure (they
        settle that, nothing else). Every run's output is compared with the original's verified output (`base`)."""
        chosen = self._timed_inputs(base)
        inputs, references = [inputs[i] for i in chosen], [base.outputs[i] for i in chosen]
        builds = (self.build(original), self.build(candidate))
        cpu = self.timing_cpu
        # [side][input]: (CPU, wall, measured) per round
        figures: list[list[list[tuple]]] = [[[] for _ in inputs] for _ in builds]
        rounds_of = _Rounds()
        max_rounds = max(fixed_rounds or 0, self.max_rounds)
        looks = range(2, max_rounds + 1)  # a budget may end it at round 2
        with _timing_lock():
            timing_started = time.monotonic()
            for round_no in range(max_rounds):
                order = (0, 1) if round_no % 2 == 0 else (1, 0)
                this_round: list[list[RunResult]] = [[], []]
                for i, test in enumerate(inputs):
                    for side in order:
                        _check(cancel)
                        run = self.run(builds[side], test, cpu=cpu, cancel=cancel)
                        failure = classify(run, self.limits.memory_mb)
                        if failure is None:
                            diff = self.comparison.mismatch(references[i], run.stdout)
                            failure = (Verdict.WRONG_OUTPUT, f"nondeterministic output: a timed run differed "
                                                             f"from the verified output: {diff}") if diff else None
                        if failure is not None:
                            result = InputResult(test.name, *failure, run.cpu_s, run.wall_s, run.maxrss_kb)
                            raise _TimingFailure(side, result)
                        figures[side][i].append((run.cpu_s, run.wall_s, run.measured_s))
                        this_round[side].append(run)
                rounds_of.add(*this_round)
                rounds = round_no + 1
                if rounds < (fixed_rounds or 2):
                    continue
                if not fixed_rounds:
                    timed = rounds_of.decide(self.threshold, direction, looks)
                elif rounds == fixed_rounds:  # the block's one look
                    timed = block = rounds_of.decide(self.threshold, direction, None)
                else:
                    later = rounds_of.decide(self.threshold, direction, range(fixed_rounds + 1, max_rounds + 1))
                    timed = block.settled_by(later)
                speedup = timed.speedup
                say(f"round {rounds}: {speedup.estimate:.2f}x [{speedup.low:.2f}, {speedup.high:.2f}]"
                    + (f" ({speedup.basis})" if timed.function else ""))  # fmt: skip
                decided = speedup.settled(self.threshold, direction)
                precise = speedup.relative_half_width <= self.precision
                futile = self.futility and not fixed_rounds and rounds_of.futile(timed, self.threshold, direction)
                elapsed = time.monotonic() - timing_started
                per_round = elapsed / rounds
                if fixed_rounds and not timed.waiting:
                    break
                settled = decided or precise or futile
                if not fixed_rounds and rounds >= self.min_rounds and settled and not timed.waiting:
                    break
                # A close call that leans toward passing may time on for up to close_call_budgets: the Pocock
                # boundary holds for any rule that picks when to stop within its looks, and a true 1.15x with
                # a noisy start-up (a JVM) would otherwise be dropped when the budget runs out.
                close_call = not fixed_rounds and not settled and speedup.leans(self.threshold, direction)
                if elapsed + per_round > self.budget * (self.close_call_budgets if close_call else 1):
                    break
        for i, test in enumerate(inputs):
            (o_cpu, o_wall, o_measured), (c_cpu, c_wall, c_measured) = _medians(figures[0][i]), _medians(figures[1][i])
            timed.timings.append(InputTiming(test.name, o_cpu, c_cpu, o_wall, c_wall, o_measured, c_measured))
        return timed

    def _timed_inputs(self, base: Verification) -> list[int]:
        """The inputs a timing round runs (their indices): all of them where a round of both programs takes at
        most `round_share` of the budget (judged by the original's verification runs), else the costliest that
        fit, at least one. A workload of many inputs would otherwise allow two or three rounds, too few for any
        interval to decide; the inputs left out hold the least of the time, mostly process start-up. Every
        input was verified already, and the choice rests on the original alone, never on the candidate."""
        costs = [r.wall_s for r in base.results]
        per_side = self.round_share * self.budget / 2
        if sum(costs) <= per_side:
            return list(range(len(costs)))
        chosen, spent = [], 0.0
        for i in sorted(range(len(costs)), key=lambda i: -costs[i]):
            if chosen and spent + costs[i] > per_side:
                break
            chosen.append(i)
            spent += costs[i]
        return sorted(chosen)


@dataclass
class _Timed:
    speedup: Speedup  # the figure that decides
    process: Speedup
    function: Speedup | None
    note: str  # why the process decided where the function was measured
    waiting: bool  # the function's claim is neither confirmed nor refuted yet: more rounds may tell
    timings: list[InputTiming] = field(default_factory=list)

    def settled_by(self, later: _Timed) -> _Timed:
        """A fixed block's figures, with the basis that `later` looks (after more rounds) settled on."""
        if later.waiting or later.speedup.basis == "process":
            return replace(self, speedup=self.process, note=later.note, waiting=later.waiting)
        return replace(self, speedup=self.function, note="", waiting=False)


class _Rounds:
    """The per-round totals of a timing and the decision they support: on the function's measured time where
    every run measured it and the process CPU confirms the savings it claims, else on the process CPU."""

    def __init__(self):
        self.cpu: list[list[float]] = [[], []]  # [side][round]
        self.measured: list[list[float]] | None = [[], []]  # None once a run measured nothing
        self.claimed: list[float] | None = []  # CPU the measured figures say the candidate saved, per round
        self.note = ""
        self.refuted = False  # once the process CPU refutes the claim, later looks do not revive it

    def add(self, original: list[RunResult], candidate: list[RunResult]) -> None:
        for side, runs in enumerate((original, candidate)):
            self.cpu[side].append(sum(r.cpu_s for r in runs))
        if self.measured is None:
            return
        for who, runs in (("the original", original), ("the candidate", candidate)):
            # A run without a figure, or an original that never ran the function, leaves the process CPU to decide.
            lacking = next((r for r in runs if r.measured_s is None or (who == "the original" and r.measured_s <= 0)),
                           None)  # fmt: skip
            if lacking is not None:  # no note where nothing was to be measured (a C program, say)
                self.note = f"{who}: {lacking.measure_note}" if lacking.measure_note else ""
                self.measured = self.claimed = None
                return
        for side, runs in enumerate((original, candidate)):
            self.measured[side].append(sum(r.measured_s for r in runs))
        if self.claimed is not None:
            spans = [r.measured_run_s for r in original + candidate]
            if any(span is None for span in spans):
                self.note = next(r.measure_note for r in original + candidate if r.measured_run_s is None)
                self.claimed = None
            else:
                self.claimed.append(sum(spans[: len(original)]) - sum(spans[len(original):]))

    def decide(self, threshold: float, direction: str, looks: range | None) -> _Timed:
        process = paired_speedup(self.cpu[0], self.cpu[1], looks=looks)
        if self.measured is None:
            note = f"decided on the process CPU: {self.note}" if self.note else ""
            return _Timed(process, process, None, note, False)
        function = replace(paired_speedup(self.measured[0], self.measured[1], looks=looks), basis="function")
        if not function.passes(threshold, direction):  # a claim of no gain needs no confirming
            return _Timed(function, process, function, "", False)
        if self.claimed is None:
            return _Timed(process, process, function, f"decided on the process CPU: {self.note}", False)
        saved = [a - b for a, b in zip(*self.cpu)]
        check = "refuted" if self.refuted else savings_check(self.claimed, saved, direction, looks=looks)
        self.refuted = check == "refuted"
        if check == "confirmed":
            return _Timed(function, process, function, "", False)
        per_round = (f"the function's times claim {statistics.fmean(self.claimed) * 1e3:.1f} ms of CPU saved per "
                     f"round, the process saved {statistics.fmean(saved) * 1e3:.1f} ms")  # fmt: skip
        if check == "refuted":
            note = f"decided on the process CPU, which does not confirm the function's measured savings: {per_round}"
        else:
            note = (f"decided on the process CPU, which did not confirm the function's measured savings in "
                    f"{len(saved)} rounds: {per_round}")  # fmt: skip
        return _Timed(process, process, function, note, check == "open")

    def futile(self, timed: _Timed, threshold: float, direction: str) -> bool:
        """Whether the plain 95 % interval of the deciding figure (one look's, narrower than the Pocock boundary's)
        already lies wholly short of the threshold: the candidate will not be shown to pass it, so more rounds
        would only cost time. Stopping there can only turn a later "faster" into "not faster", never the
        reverse, so the boundary's 2.5 % chance of a false "faster" holds (a non-binding futility bound); what
        it costs is some power for candidates just above the threshold (bench/judge_precision.py measures it)."""
        if timed.waiting:
            return False
        sides = self.measured if timed.speedup.basis == "function" else self.cpu
        plain = paired_speedup(sides[0], sides[1])
        return plain.high < threshold if direction == "optimize" else plain.low > 1 / threshold


def _medians(figures: list[tuple]) -> tuple[float, float, float | None]:
    """(CPU, wall, measured) medians over one side's rounds of one input; measured is None unless every run has it."""
    cpu, wall, measured = zip(*figures)
    med = statistics.median
    return med(cpu), med(wall), med(measured) if None not in measured else None


class _TimingFailure(Exception):
    def __init__(self, side: int, result: InputResult):
        self.side, self.result = side, result


def _original_failed(failure: _TimingFailure) -> OriginalFailed:
    return OriginalFailed(f"the original failed while being timed on {failure.result.input}: "
                          f"{first_error(failure.result.detail)}")  # fmt: skip


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
