"""Behaviour capture: the calls a function received while the original's command ran, replayed on a candidate.

While the original runs, bite's hook (pyhook/_bite_hook.py) records the measured function's calls, up to a
bound: the arguments pickled before each call, and fingerprints (canonical text) of the call, of its return
value and of the arguments after it. The calls are then replayed on the original, in a fresh process in its
own built tree: those that do the same again are the ones a candidate is checked on (a call that depends on
state the command set up, or on chance, is left out). A candidate replays them in its built tree; a different
return value, exception or mutation of the arguments makes it incorrect, even where the project's tests pass.

Every pickle is loaded inside the sandbox, by the hook's replay(); bite itself only compares the text the
sandbox printed, and parses it as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .measure import with_hook
from .sandbox import RunResult

REPLAY_CODE = "import _bite_hook; _bite_hook.replay()"
_FIELDS = ("args", "call", "result", "after")  # what the hook records of a call, each a string


@dataclass(frozen=True)
class Behaviour:
    """Recorded calls of one function: where it lives, and per call what the hook wrote (args, call, result,
    after)."""

    module: str
    name: str
    path: tuple[str, ...]  # sys.path entries inside the project, relative to its root ("" is the root)
    calls: tuple[dict, ...]

    def request(self) -> bytes:
        """The replay's stdin."""
        calls = [{"args": c["args"]} for c in self.calls]
        return json.dumps({"module": self.module, "name": self.name, "path": list(self.path), "calls": calls}).encode()


def recorded(runs: list[RunResult], name: str, max_calls: int, max_bytes: int) -> Behaviour | None:
    """The calls of `name` recorded across `runs`, without repeats, within the bounds; None when there are none."""
    calls, seen, size, where = [], set(), 0, None
    for run in runs:
        for call in run.captured:
            if not is_call(call, name):
                continue
            pickled = len(call["args"]) * 3 // 4  # base64's size, decoded
            if call["args"] in seen or len(calls) >= max_calls or size + pickled > max_bytes:
                continue
            seen.add(call["args"])
            size += pickled
            calls.append({k: call[k] for k in _FIELDS})
            where = where or (call.get("module"), call.get("path"))
    if not calls or not isinstance(where[0], str) or not isinstance(where[1], list):
        return None
    return Behaviour(where[0], name, tuple(str(p) for p in where[1]), tuple(calls))


def is_call(report: dict, name: str) -> bool:
    """Whether one of the hook's reports is a well-formed recorded call of `name`."""
    return report.get("kind") == "call" and report.get("name") == name and all(
        isinstance(report.get(key), str) for key in _FIELDS)  # fmt: skip


def replay_command(python: str) -> list[str]:
    return [python, "-c", REPLAY_CODE]


def replay_env(base: dict[str, str]) -> dict[str, str]:
    """The replay's environment: the program's, with the hook importable and the recording's string hashes."""
    return {**base, "PYTHONPATH": with_hook(base.get("PYTHONPATH")), "PYTHONHASHSEED": "0"}


def replayed(stdout: bytes) -> tuple[dict[int, dict], str]:
    """The replay's lines by call number, and the error that stopped it before any call ("" if none)."""
    lines = {}
    for raw in stdout.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("k"), int):
            lines[line["k"]] = line
    stopped = lines.pop(-1, {}).get("error", "")
    return lines, str(stopped)


def reproducible(behaviour: Behaviour, lines: dict[int, dict]) -> Behaviour:
    """The calls the original's replay repeated exactly: the ones to check candidates on."""
    kept = tuple(call for k, call in enumerate(behaviour.calls) if _same(lines.get(k), call))
    return Behaviour(behaviour.module, behaviour.name, behaviour.path, kept)


def difference(behaviour: Behaviour, lines: dict[int, dict], stopped: str) -> str | None:
    """How the candidate's replay differs from the original's calls, or None when it does the same on each."""
    n = len(behaviour.calls)
    if stopped:
        return f"behaviour differs: the recorded calls of {behaviour.name} cannot be replayed on it: {stopped}"
    for k, call in enumerate(behaviour.calls):
        line = lines.get(k)
        where = f"behaviour differs on recorded call {k + 1} of {n}, {behaviour.name}{_clip(call['call'], 160)}"
        if line is None:
            return f"{where}: the replay stopped before it"
        if "error" in line:
            return f"{where}: {line['error']}"
        if line.get("result") != call["result"]:
            got, want = _excerpts(str(line.get("result")), call["result"])
            return f"{where}: it {_outcome(line.get('result'), got)}, the original {_outcome(call['result'], want)}"
        if line.get("after") != call["after"]:
            got, want = _excerpts(str(line.get("after")), call["after"])
            return f"{where}: it left the arguments as {got}, the original as {want}"
    return None


def _same(line: dict | None, call: dict) -> bool:
    return line is not None and line.get("result") == call["result"] and line.get("after") == call["after"]


def _outcome(fingerprint, excerpt: str) -> str:
    return excerpt if str(fingerprint).startswith("raised ") else f"returned {excerpt}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _excerpts(a: str, b: str, width: int = 160) -> tuple[str, str]:
    """Short excerpts of two texts around their first difference."""
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, at - width // 3)
    cut = (lambda s: ("..." if start else "") + _clip(s[start:], width))
    return cut(a), cut(b)
