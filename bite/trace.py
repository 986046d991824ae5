"""`bite trace -- CMD...`: run a command once and keep the calls it made to a file's functions as workloads.

The command runs in the sandbox, in a copy of the project (the current folder, or --project), on the project's
interpreter, with bite's hook recording the calls of every function of --file (or --function alone), up to the
judge's capture bounds (the first 64 calls per function, 4 MiB of pickled arguments). Each function's calls are
written as one trace (bite.runners.trace describes the format) to

    <project>/.bite/traces/<file>/<Qualified.name>.json

replacing an earlier trace of that function. A trace is a workload for its function: each recorded call is an
input, the timing is the function's own time over the calls, and a candidate is correct when every call returns
(or raises) and leaves its arguments as the original did (bite.runners.trace.trace_workload).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bite.project import TRACES, command_words, project_python
from bite.runners import Judge, Limits, Program, Project, RunnerError
from bite.runners.trace import record

@dataclass
class Written:
    function: str
    path: Path
    recorded: int  # calls kept in the trace
    made: int  # calls the command made
    skipped: int  # made but not kept: arguments that do not pickle, or beyond the bounds


def trace(command: list[str], file: Path, function: str | None = None, project: Path | None = None,
          python: str | None = None, stdin: bytes = b"", timeout: float = 60.0) -> list[Written]:  # fmt: skip
    """Run `command` once in a copy of `project` (default: the current folder) recording the calls to the
    functions of `file` (or to `function` alone), and write one trace per function that was called."""
    if not command:
        raise RunnerError("give the command to run after --, e.g. bite trace --file pkg/mod.py -- python main.py")
    root = (project or Path.cwd()).resolve()
    path = file if file.is_absolute() else Path.cwd() / file
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise RunnerError(f"{file} is not inside the project {root} (give --project)") from None
    if path.suffix != ".py" or not path.is_file():
        raise RunnerError(f"{file}: bite traces the functions of a Python file (.py) that exists")
    words = command_words(command)  # as in workloads: python, python3 and pytest are the project's interpreter
    program = Program("python", path.read_text(encoding="utf-8", errors="surrogateescape"),
                      project=Project(str(root), rel, words, measure=f"{rel}:{function or '*'}"),
                      interpreter=project_python(path, python))  # fmt: skip
    traces = record(Judge(limits=Limits(timeout=timeout)), program, stdin)
    if function is not None and not traces:
        raise RunnerError(f"the command never called {function} in {rel}")
    written = []
    for found in traces:
        target = root / TRACES / rel / f"{found['function']}.json"
        if not target.resolve().is_relative_to((root / TRACES).resolve()):  # a name the traced run chose
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(found, indent=1) + "\n")
        written.append(Written(found["function"], target, len(found["calls"]), found["made"], found["skipped"]))
    return written

