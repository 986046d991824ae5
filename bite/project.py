"""A file's workload: the inputs bite verifies and times it on, and how to build, run and compare it.

Found, first match wins, from:
  1. `[[workload]]` entries in a bite.toml, or `[[tool.bite.workload]]` in a pyproject.toml, in the
     file's folder or any folder above it (the nearest config file decides);
  2. the convention `<stem>.inputs/*.in` beside the file (expected outputs in `<stem>.outputs/`);
  3. the benchmark layout `inputs/` beside the file (with `outputs/`, and `argv_per_input` in meta.json).
"""

from __future__ import annotations

import fnmatch
import subprocess
import json
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bite.runners import Comparison, Limits, RunnerError, TestInput, language_for_path, load_inputs
from bite.runners.compare import MODES

_KEYS = {"files", "inputs", "expected", "argv", "flags", "flags_replace", "compare", "timeout", "memory_mb"}


class NoWorkload(RunnerError):
    """No inputs for a file; the message says exactly how to add them."""


@dataclass
class Workload:
    inputs: list[TestInput]
    origin: str  # where it came from, for messages
    flags: tuple[str, ...] | None = None  # all the build flags, defaults included; None: the language's defaults
    comparison: Comparison = field(default_factory=Comparison)
    limits: Limits = field(default_factory=Limits)


def how_to_add_inputs(file: Path) -> str:
    stem = file.stem
    return (
        f"bite has no inputs to verify and time {file.name} on. Add either\n"
        f"  - a folder {stem}.inputs/ beside the file, one NAME.in per run (fed to stdin), and optionally\n"
        f"    {stem}.outputs/NAME.out with the expected outputs; or\n"
        f"  - a bite.toml in the project (or [[tool.bite.workload]] in pyproject.toml):\n"
        f"        [[workload]]\n"
        f'        files = "{file.name}"           # glob, relative to the config file\n'
        f'        inputs = "{stem}.inputs/*.in"   # {{dir}} and {{stem}} stand for the file\'s folder and stem\n'
        f'        expected = "{stem}.outputs"     # optional\n'
        f'        argv = ["1000"]                 # optional: command-line arguments, one per input\n'
        f'        flags = ["-O3"]                 # optional: build flags, added to the language\'s defaults\n'
        f'        compare = "tokens"              # exact | tokens | float\n'
        f"        timeout = 10                    # seconds per run\n"
        f"        memory_mb = 1024"
    )


def workload_for(file: Path, inputs: str | None = None, argv: list[str] | None = None,
                 expected: Path | None = None) -> Workload:  # fmt: skip
    """The command line's inputs when it gives any, else the project's workload for `file`."""
    if inputs or argv or expected:
        return Workload(load_inputs(inputs, str(expected) if expected else None, argv), "the command line")
    return find_workload(file)


def find_workload(file: Path) -> Workload:
    """The workload for `file`, or NoWorkload with instructions."""
    file = file.resolve()
    config = _nearest_config(file.parent)
    if config is not None:
        path, entries = config
        for i, entry in enumerate(entries):
            pattern = entry.get("files")
            rel = file.relative_to(path.parent).as_posix()
            if isinstance(pattern, str) and fnmatch.fnmatch(rel, pattern):
                return _from_entry(file, path, i, entry)
    own = file.parent / f"{file.stem}.inputs"
    if own.is_dir():
        outputs = file.parent / f"{file.stem}.outputs"
        return Workload(load_inputs(str(own), str(outputs) if outputs.is_dir() else None), f"{own.name}/")
    shared = file.parent / "inputs"
    if shared.is_dir():
        outputs = file.parent / "outputs"
        argv = _meta_argv(file.parent / "meta.json")
        inputs = load_inputs(str(shared), str(outputs) if outputs.is_dir() else None, argv)
        return Workload(inputs, "inputs/ beside the file")
    raise NoWorkload(how_to_add_inputs(file))


def _nearest_config(folder: Path) -> tuple[Path, list[dict]] | None:
    for directory in (folder, *folder.parents):
        for name, keys in (("bite.toml", ("workload",)), ("pyproject.toml", ("tool", "bite", "workload"))):
            path = directory / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise RunnerError(f"{path}: {error}") from None
            for key in keys:
                data = data.get(key) if isinstance(data, dict) else None
            if data is None:
                continue
            if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
                raise RunnerError(f"{path}: {'.'.join(keys)} must be an array of tables ([[{'.'.join(keys)}]])")
            return path, data
    return None


def _from_entry(file: Path, config: Path, index: int, entry: dict) -> Workload:
    where = f"{config.name} workload {index + 1} ({entry['files']})"
    unknown = set(entry) - _KEYS
    if unknown:
        raise RunnerError(f"{where}: unknown keys {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")

    def path(key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        rel = file.parent.relative_to(config.parent).as_posix()
        return str(config.parent / str(value).format(dir=rel, stem=file.stem))

    argv = entry.get("argv")
    if argv is not None and not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
        raise RunnerError(f"{where}: argv must be a list of strings, one per input")
    flags = entry.get("flags")
    if flags is not None and not (isinstance(flags, list) and all(isinstance(f, str) for f in flags)):
        raise RunnerError(f"{where}: flags must be a list of strings")
    replace = entry.get("flags_replace", False)
    if not isinstance(replace, bool):
        raise RunnerError(f"{where}: flags_replace must be true or false")
    if replace:  # the given flags (perhaps none) instead of the language's defaults
        flags = list(flags or ())
    elif flags is not None:  # added after the defaults, so that e.g. -O3 overrides -O2 and -std=c++17 stays
        flags = [*language_for_path(file).default_flags, *flags]
    mode = entry.get("compare", "tokens")
    if mode not in MODES:
        raise RunnerError(f"{where}: compare must be one of {', '.join(MODES)}, not {mode!r}")
    try:
        limits = Limits(timeout=float(entry.get("timeout", Limits.timeout)),
                        memory_mb=int(entry.get("memory_mb", Limits.memory_mb)))  # fmt: skip
        inputs = load_inputs(path("inputs"), path("expected"), argv)
    except (TypeError, ValueError) as error:
        raise RunnerError(f"{where}: {error}") from None
    except RunnerError as error:
        raise RunnerError(f"{where}: {error}") from None
    return Workload(inputs, where, tuple(flags) if flags is not None else None, Comparison(mode), limits)


def _meta_argv(meta: Path) -> list[str] | None:
    """Benchmark layout: argv-driven workloads list their arguments in meta.json's argv_per_input."""
    try:
        argv = json.loads(meta.read_text()).get("argv_per_input")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(argv, list) and all(isinstance(a, list) for a in argv):
        return [shlex.join(str(x) for x in a) for a in argv]
    return None


def source_at_revision(file: Path, revision: str) -> str:
    """The file as git has it at `revision` (e.g. HEAD), for judging an edit against it."""
    if revision.startswith("-"):
        raise RunnerError(f"not a git revision: {revision!r}")
    try:
        done = subprocess.run(["git", "-C", str(file.parent), "show", f"{revision}:./{file.name}"],
                              capture_output=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RunnerError(f"cannot run git: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise RunnerError(f"git has no {file.name} at {revision}: {message[-1] if message else 'git failed'}")
    return done.stdout.decode("utf-8", "surrogateescape")
