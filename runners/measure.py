"""Timing the function, not the process: figures a run measures inside itself.

- Python projects with `Project.measure`: bite's hook (pyhook/, put on PYTHONPATH and bound read-only into the
  sandbox) times the function's outermost calls with the thread's CPU clock and reports at exit on stderr,
  each line prefixed with a nonce made for the run; the lines are stripped before anything else sees stderr.
  The same hook records calls for the behaviour check and for `bite trace` (behaviour.py).
- Go projects whose command is `go test -bench`: the benchmarks' ns/op, parsed from stdout.

A program can forge what it reports about itself, so the judge believes these figures only where the process
CPU, which the cgroup counts outside, confirms the savings they claim (stats.savings_check). That needs to know
how much of the run's CPU the figure accounts for (RunResult.measured_run_s): the function's time for Python,
iterations x ns/op for Go, which only a fixed iteration count (-benchtime=Nx) makes comparable between runs.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import RunnerError
from .sandbox import MiB, RunResult

HOOK_DIR = Path(__file__).with_name("pyhook")


def with_hook(pythonpath: str | None) -> str:
    """A PYTHONPATH with bite's hook folder first (its sitecustomize goes on to the environment's own)."""
    return f"{HOOK_DIR}:{pythonpath}" if pythonpath else str(HOOK_DIR)
CAPTURE_CALLS = 64  # calls recorded per function, the first ones made...
CAPTURE_BYTES = 4 * MiB  # ...while their pickled arguments fit in this
_BENCH_LINE = re.compile(rb"^Benchmark\S*\s+(\d+)\s+([0-9.]+) ns/op", re.MULTILINE)


@dataclass
class Probe:
    """How a run measures inside itself: the environment to give it, and how to read its figures back."""

    env: dict[str, str]
    binds: tuple[str, ...] = ()
    nonce: str = ""  # Python's hook: the prefix of its report lines
    name: str = ""  # Python: the function's qualified name ("*": every function of the file, recorded only)
    go_fixed: bool | None = None  # Go: None when not a benchmark; whether the iteration count is fixed (Nx)

    def read(self, result: RunResult) -> None:
        """Strip the hook's lines from the run's stderr and fill in the run's measured figures."""
        if self.nonce:
            self._read_python(result)
        elif self.go_fixed is not None:
            self._read_go(result)

    def _read_python(self, result: RunResult) -> None:
        pattern = re.compile(re.escape(self.nonce.encode()) + rb" ([^\n]*)\n?")
        reports = []
        for match in pattern.finditer(result.stderr):
            try:
                report = json.loads(match.group(1))
            except ValueError:
                continue
            if isinstance(report, dict):
                reports.append(report)
        result.stderr = pattern.sub(b"", result.stderr)
        result.captured = reports
        if self.name == "*":
            return
        mine = [r for r in reports if r.get("kind") == "measured" and r.get("name") == self.name]
        errors = [str(r["error"]) for r in mine if r.get("error")]
        if errors:
            result.measure_note = errors[0]
        elif not mine:
            result.measure_note = (f"no Python process reported the time of {self.name} (a command that runs no "
                                   f"Python, python -I, -E or -S, or a process that ended by os._exit?)")  # fmt: skip
        else:
            try:
                seconds = sum(float(r.get("seconds", 0.0)) for r in mine)
                calls = sum(int(r.get("calls", 0)) for r in mine)
            except (TypeError, ValueError):
                seconds = math.nan
            if not (math.isfinite(seconds) and seconds >= 0):
                result.measure_note = "the hook's report is malformed"
                return
            result.measured_s = result.measured_run_s = seconds
            if calls == 0:
                result.measure_note = f"the command never called {self.name}"

    def _read_go(self, result: RunResult) -> None:
        found = [(int(iters), float(ns)) for iters, ns in _BENCH_LINE.findall(result.stdout)]
        if not found:
            result.measure_note = "go test -bench printed no benchmark results (BenchmarkX-N  iters  T ns/op)"
            return
        result.measured_s = sum(ns for _, ns in found) / 1e9
        if self.go_fixed:
            result.measured_run_s = sum(iters * ns for iters, ns in found) / 1e9
        else:
            result.measure_note = ("go test -bench ran adaptive iteration counts, which fill the same time whatever "
                                   "ns/op is, so process CPU cannot confirm ns/op: give -benchtime=Nx to judge on "
                                   "ns/op")  # fmt: skip


def probe_for(program, capture: tuple[int, int] | None = None) -> Probe | None:
    """The probe of a project program's run, or None when it measures nothing inside itself. `capture`: (calls,
    bytes) to record per function, for Python."""
    project = program.project
    if project is None:
        return None
    target = project.measured()
    if target is not None:
        if program.language != "python":
            raise RunnerError(f"measure is for Python projects; a {program.lang.title} project is timed by its "
                              f"command's CPU (or a Go benchmark's ns/op)")  # fmt: skip
        file, name = target
        nonce = secrets.token_hex(16)
        env = {
            "PYTHONPATH": with_hook(dict(project.env).get("PYTHONPATH")),
            "BITE_HOOK_NONCE": nonce, "BITE_HOOK_FILE": f"{{box}}/{file}", "BITE_HOOK_NAMES": name,
            "BITE_HOOK_BOX": "{box}",
        }  # fmt: skip
        if capture:
            env["BITE_HOOK_CAPTURE"] = f"{capture[0]},{capture[1]}"
            env["PYTHONHASHSEED"] = "0"  # recorded calls replay with the same string hashes (set orders)
        return Probe(env, (str(HOOK_DIR),), nonce=nonce, name=name)
    fixed = go_benchmark(project.command) if program.language == "go" else None
    return Probe({}, go_fixed=fixed) if fixed is not None else None


def go_benchmark(command: tuple[str, ...]) -> bool | None:
    """None when `command` is not `go test` with -bench; else whether its iteration count is fixed
    (-benchtime=Nx), which makes iterations x ns/op comparable between runs."""
    if len(command) < 2 or os.path.basename(command[0]) != "go" or command[1] != "test":
        return None
    args = list(command[2:])
    if not any(a in ("-bench", "--bench", "-test.bench") or a.startswith(("-bench=", "--bench=", "-test.bench="))
               for a in args):  # fmt: skip
        return None
    for i, arg in enumerate(args):
        flag, eq, value = arg.partition("=")
        if flag.lstrip("-") in ("benchtime", "test.benchtime"):
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            return re.fullmatch(r"\d+x", value) is not None
    return False
