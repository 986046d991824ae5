"""Traces: the calls a real run made to a file's functions, kept as a replayable workload (`bite trace`).

record() runs a Python project's command once, in the sandbox and a copy of the project, with bite's hook
recording the calls of every function of a file (Project.measure "path.py:*") or of one ("path.py:name"), up to
the judge's capture bounds. Each function's calls become one trace, a JSON object:

    {"format": "bite-trace/1", "file": "pkg/mod.py", "function": "Qualified.name", "module": "pkg.mod",
     "path": ["", "src"],           # sys.path entries inside the project when it was imported ("" = the root)
     "command": ["python", "main.py"], "made": 1200, "skipped": 0,   # calls made; made but not recorded
     "calls": [{"args": "<base64: pickle of (args, kwargs)>", "call": "<the arguments, as text>",
                "result": "<the return value, as text>", "after": "<the arguments after the call>",
                "seconds": 0.0123}, ...]}

The texts are the hook's fingerprints (canonical renderings). The pickles are only ever loaded inside the
sandbox, by the hook's replay().

trace_workload() turns a trace into what the judge runs: a project program whose command replays the calls and
whose `measure` is the function, with one input holding them. Timing is the function's time over the calls
(confirmed against the process CPU as for any measured function); each call prints one line, fingerprints of
its return value and of its arguments after, and those lines are compared exactly (Comparison("exact")), so
a candidate that returns, raises or mutates differently is incorrect.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace

from .behaviour import REPLAY_CODE, Behaviour, is_call
from .build import Program
from .errors import RunnerError
from .judge import Judge, classify, first_error
from .project import Project
from .sandbox import MiB
from .workload import TestInput

FORMAT = "bite-trace/1"


def record(judge: Judge, program: Program, stdin: bytes = b"", cancel: threading.Event | None = None) -> list[dict]:
    """Run `program`'s command once with its project's `measure` recording calls; one trace per function that
    was called. RunnerError when the build or the command fails."""
    project = program.project
    if project is None or program.language != "python" or project.measured() is None:
        raise RunnerError("bite records calls of Python projects with a `measure` (path.py:* or path.py:name)")
    file, _ = project.measured()
    built = judge.build(program)
    if not built.ok:
        raise RunnerError(f"the project does not build: {first_error(built.message)}")
    # every function of a file may be recorded at once: room for all their calls on stderr, not one's bound
    roomy = replace(judge, limits=replace(judge.limits, output_bytes=max(judge.limits.output_bytes, 256 * MiB)))
    run = roomy.run(built, TestInput("trace", stdin=stdin), cancel=cancel, capture=True)
    failure = classify(run, judge.limits.memory_mb)
    if failure is not None:
        raise RunnerError(f"the command failed ({failure[0].value}): {first_error(failure[1])}")
    traces: dict[str, dict] = {}  # by function: each Python process of the command reports its own calls
    for report in run.captured:  # reports from inside the traced run: any code there could have written one
        if report.get("kind") != "measured" or not report.get("calls"):
            continue
        name = report.get("name")
        if not _qualified(name) or not isinstance(report.get("calls"), int) or \
                not isinstance(report.get("skipped", 0), int):
            continue
        trace = traces.setdefault(name, {
            "format": FORMAT, "file": file, "function": name, "module": report.get("module"),
            "path": report.get("path") or [], "command": list(project.command), "made": 0, "skipped": 0,
        })  # fmt: skip
        trace["made"] += int(report.get("calls", 0))
        trace["skipped"] += int(report.get("skipped", 0))
    for name, trace in traces.items():
        calls = [{k: c[k] for k in ("args", "call", "result", "after", "seconds") if k in c}
                 for c in run.captured if is_call(c, name)]  # fmt: skip
        trace["calls"] = calls[: judge.capture_calls]
        trace["skipped"] += len(calls) - len(trace["calls"])
    return list(traces.values())


def _qualified(name: object) -> bool:
    """A qualified Python name ("Solver.solve"): what a trace may be named, and its file after."""
    return isinstance(name, str) and bool(name) and all(part.isidentifier() for part in name.split("."))


def trace_workload(root: str, trace: dict, env: tuple[tuple[str, str], ...] = ()) -> tuple[Project, list[TestInput]]:
    """The project program settings and the input that judge a function on a trace made under `root`: give the
    Project to the original and the candidate (the candidate's source at trace["file"]), and compare with
    Comparison("exact")."""
    try:
        if trace.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} trace")
        file, name, calls = str(trace["file"]), str(trace["function"]), trace["calls"]
        behaviour = Behaviour(str(trace["module"]), name, tuple(str(p) for p in trace["path"]),
                              tuple({"args": str(call["args"])} for call in calls))  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise RunnerError(f"a malformed trace: {error}") from None
    if not calls:
        raise RunnerError(f"the trace of {name} holds no calls")
    project = Project(root, file, ("python", "-c", REPLAY_CODE), measure=f"{file}:{name}",
                      env=(*env, ("PYTHONHASHSEED", "0")))  # fmt: skip
    return project, [TestInput("recorded calls", stdin=behaviour.request())]


def load(text: str) -> dict:
    """A trace from its JSON text; RunnerError when it is not one."""
    try:
        trace = json.loads(text)
    except ValueError as error:
        raise RunnerError(f"a trace must be JSON: {error}") from None
    if not isinstance(trace, dict) or trace.get("format") != FORMAT:
        raise RunnerError(f"not a {FORMAT} trace")
    return trace
