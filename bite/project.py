"""A file's workload: the inputs bite verifies and times it on, and how to build, run and compare it.

Found, first match wins, from:
  1. `[[workload]]` entries in a bite.toml, or `[[tool.bite.workload]]` in a pyproject.toml, in the
     file's folder or any folder above it (the nearest config file decides);
  2. the convention `<stem>.inputs/*.in` beside the file (expected outputs in `<stem>.outputs/`);
  3. the benchmark layout `inputs/` beside the file (with `outputs/`, and `argv_per_input` in meta.json).

A workload with a `command` is a project workload: the file is judged inside a copy of the config's
folder, built with `build` and run with `command` (bite.runners.Project). Python runs on the project's
interpreter (project_python).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
import shlex
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bite.runners import (
    DEFAULT_IGNORE, Comparison, Limits, Program, Project, RunnerError, TestInput, language_for_path, load_inputs,
)
from bite.runners.compare import MODES
from bite.runners.trace import load as load_trace, trace_workload

_KEYS = {"files", "inputs", "expected", "argv", "flags", "flags_replace", "compare", "timeout", "memory_mb",
         "command", "build", "python", "env", "measure", "ignore"}  # fmt: skip
TRACES = Path(".bite") / "traces"  # where `bite trace` keeps a function's recorded calls: TRACES/<file>/<name>.json
COMMAND_TIMEOUT = 60.0  # seconds per run of a project's command (test suites start slowly), unless `timeout`


class NoWorkload(RunnerError):
    """No inputs for a file; the message says exactly how to add them."""


@dataclass
class Workload:
    inputs: list[TestInput]
    origin: str  # where it came from, for messages
    flags: tuple[str, ...] | None = None  # all the build flags, defaults included; None: the language's defaults
    comparison: Comparison = field(default_factory=Comparison)
    limits: Limits = field(default_factory=Limits)
    project: Project | None = None  # a command workload: the program is built and run inside its project
    interpreter: str | None = None  # Python: the project's interpreter; None: the system's python3
    measure: str | None = "auto"  # Python projects: time this function ("file.py:Qualified.name") within the
    # command, not the process; "auto": the function being accelerated; None: the command's CPU time

    def program(self, language: str, source: str) -> Program:
        """`source` as this workload builds and runs it."""
        return Program(language, source, self.flags, self.project, self.interpreter)

    def timing(self, qualified: str | None) -> Workload:
        """This workload timing `qualified` (a function of the file, "Solver.solve") inside a Python project's
        command when `measure` is "auto"; the command's CPU time where the function would be most of it anyway
        (single files, other languages) or where the workload says so."""
        project = self.project
        if project is None or project.measure or not qualified or self.measure != "auto":
            return self
        if not project.file.endswith(".py"):
            return self
        return dataclasses.replace(self, project=dataclasses.replace(project, measure=f"{project.file}:{qualified}"))


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
        f"        memory_mb = 1024\n"
        f"  - or a project command in that bite.toml, run with the candidate in a copy of the project:\n"
        f"        [[workload]]\n"
        f'        files = "src/*{file.suffix}"\n'
        f'        build = ["make"]                # optional: run first, never timed\n'
        f'        command = ["pytest", "-q"]      # compare = "exit": passing (exit 0) is what counts'
    )


def workload_for(file: Path, inputs: str | None = None, argv: list[str] | None = None, expected: Path | None = None,
                 python: str | None = None, function: str | None = None) -> Workload:  # fmt: skip
    """The command line's inputs when it gives any, else the project's workload for `file`. `python`: the
    editor's interpreter setting (see project_python); `function`: the qualified name of the function being
    accelerated, whose recorded calls (`bite trace`) are its workload when the project has no entry for it."""
    if inputs or argv or expected:
        inputs_ = load_inputs(inputs, str(expected) if expected else None, argv)
        return Workload(inputs_, "the command line", interpreter=_interpreter(file, None, None, python))
    return find_workload(file, python, function)


def find_workload(file: Path, python: str | None = None, function: str | None = None) -> Workload:
    """The workload for `file`, or NoWorkload with instructions. `python`: the editor's interpreter setting;
    `function`: the qualified name of the function being accelerated (for a trace of its calls)."""
    file = file.resolve()
    config = _nearest_config(file.parent)
    if config is not None:
        path, entries = config
        for i, entry in enumerate(entries):
            pattern = entry.get("files")
            rel = file.relative_to(path.parent).as_posix()
            if isinstance(pattern, str) and fnmatch.fnmatch(rel, pattern):
                return _from_entry(file, path, i, entry, python)
    traced = _trace(file, function, python) if function else None
    if traced is not None:
        return traced
    interpreter = _interpreter(file, None, None, python)
    own = file.parent / f"{file.stem}.inputs"
    if own.is_dir():
        outputs = file.parent / f"{file.stem}.outputs"
        inputs = load_inputs(str(own), str(outputs) if outputs.is_dir() else None)
        return Workload(inputs, f"{own.name}/", interpreter=interpreter)
    shared = file.parent / "inputs"
    if shared.is_dir():
        outputs = file.parent / "outputs"
        argv = _meta_argv(file.parent / "meta.json")
        inputs = load_inputs(str(shared), str(outputs) if outputs.is_dir() else None, argv)
        return Workload(inputs, "inputs/ beside the file", interpreter=interpreter)
    raise NoWorkload(how_to_add_inputs(file))


def project_python(file: Path, explicit: str | None = None, config_dir: Path | None = None,
                   editor: str | None = None) -> str | None:  # fmt: skip
    """The interpreter a Python file's project uses, first found: the workload's `python` (relative to its
    config), the editor's setting (bite.python: what the user chose for this project), $VIRTUAL_ENV, a
    .venv/ or venv/ at or above the file; None for the system's python3. The editor's choice comes before
    $VIRTUAL_ENV because the environment bite itself runs in may be another project's (or bite's own)."""
    for given, where in ((explicit, "the workload's python"), (editor, "the editor's bite.python")):
        if given:
            path = Path(given).expanduser()
            path = path if path.is_absolute() or config_dir is None else config_dir / path
            if not (path.is_file() and os.access(path, os.X_OK)):
                raise RunnerError(f"{where} {given!r} is not an executable file ({path})")
            return str(path.absolute())
    if os.environ.get("VIRTUAL_ENV"):
        venv = Path(os.environ["VIRTUAL_ENV"]) / "bin" / "python"
        if venv.is_file():
            return str(venv)
    for folder in (file.parent, *file.parent.parents):
        for name in (".venv", "venv"):
            venv = folder / name / "bin" / "python"
            if venv.is_file():
                return str(venv)
    return None


def _trace(file: Path, function: str, python: str | None) -> Workload | None:
    """The calls `bite trace` recorded for this function, in the nearest folder above that has a trace of it."""
    for root in (file.parent, *file.parent.parents):
        path = root / TRACES / file.relative_to(root).as_posix() / f"{function}.json"
        if path.is_file():
            try:
                project, inputs = trace_workload(str(root), load_trace(path.read_text(encoding="utf-8")))
            except RunnerError as error:
                raise RunnerError(f"{path}: {error}") from None
            return Workload(inputs, f"the calls traced in {path.relative_to(root)}", comparison=Comparison("exact"),
                            limits=Limits(timeout=COMMAND_TIMEOUT), project=project,
                            interpreter=_interpreter(file, None, None, python))  # fmt: skip
    return None


def _interpreter(file: Path, explicit: str | None, config_dir: Path | None, editor: str | None) -> str | None:
    """The project's interpreter for a Python file; None for other languages."""
    if language_for_path(file).name != "python":
        return None
    return project_python(file, explicit, config_dir, editor)


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


def _from_entry(file: Path, config: Path, index: int, entry: dict, editor_python: str | None = None) -> Workload:
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

    def strings(key: str, what: str) -> list[str] | None:
        value = entry.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(a, str) for a in value)):
            raise RunnerError(f"{where}: {key} must be a list of strings{what}")
        return value

    argv = strings("argv", ", one per input")
    ignore = strings("ignore", " (names or paths relative to the config, not copied into the project's copy)")
    flags = strings("flags", "")
    command, build = strings("command", ""), strings("build", "")
    if command == [] or build == []:
        raise RunnerError(f"{where}: command and build, when given, must not be empty")
    replace = entry.get("flags_replace", False)
    if not isinstance(replace, bool):
        raise RunnerError(f"{where}: flags_replace must be true or false")
    if replace:  # the given flags (perhaps none) instead of the language's defaults
        flags = list(flags or ())
    elif flags is not None:  # added after the defaults, so that e.g. -O3 overrides -O2 and -std=c++17 stays
        flags = [*language_for_path(file).default_flags, *flags]
    env = entry.get("env", {})
    if not (isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())):
        raise RunnerError(f"{where}: env must be a table of strings (env = {{ NAME = \"value\" }})")
    python = entry.get("python")
    if python is not None and not isinstance(python, str):
        raise RunnerError(f"{where}: python must be a path (to the project's interpreter)")
    measure = entry.get("measure", "auto")
    if measure is False:
        measure = None
    elif not isinstance(measure, str):
        raise RunnerError(f'{where}: measure is "auto", false, or "path/in/project.py:Qualified.name"')
    default_mode = "tokens" if command is None else "stdout" if entry.get("inputs") else "exit"
    mode = entry.get("compare", default_mode)
    if mode not in MODES:
        raise RunnerError(f"{where}: compare must be one of {', '.join(MODES)}, not {mode!r}")
    try:
        interpreter = _interpreter(file, python, config.parent, editor_python)
        if interpreter is None and command is not None and command[0] in _PYTHON_COMMANDS:
            interpreter = project_python(file, python, config.parent, editor_python)
        limits = Limits(timeout=float(entry.get("timeout", Limits.timeout if command is None else COMMAND_TIMEOUT)),
                        memory_mb=int(entry.get("memory_mb", Limits.memory_mb)))  # fmt: skip
        if command is not None and entry.get("inputs") is None and argv is None:
            inputs = [TestInput("command")]  # one run of the command as it is
        else:
            inputs = load_inputs(path("inputs"), path("expected"), argv)
        project = None
        if command is not None:
            words, build_words = command_words(command), command_words(build) if build else ()
            maven = "mvn" in (words[:1] + build_words[:1])
            # The expected outputs stay out of the copy: a candidate must not read the answers it is judged on.
            answers = [os.path.relpath(p, config.parent) for p in [path("expected")] if p is not None]
            answers = [a for a in answers if not a.startswith("..")]
            project = Project(str(config.parent), file.relative_to(config.parent).as_posix(), words, build_words,
                              tuple(sorted(env.items())), readonly=(str(MAVEN_HOME),) if maven else (),
                              ignore=(*DEFAULT_IGNORE, *(ignore or ()), *answers),
                              measure=measure if measure not in (None, "auto") else None)  # fmt: skip
    except (TypeError, ValueError) as error:
        raise RunnerError(f"{where}: {error}") from None
    except RunnerError as error:
        raise RunnerError(f"{where}: {error}") from None
    return Workload(inputs, where, tuple(flags) if flags is not None else None, Comparison(mode), limits, project,
                    interpreter, measure)  # fmt: skip


_PYTHON_COMMANDS = ("python", "python3", "pytest")


MAVEN_HOME = Path.home() / ".m2"  # Maven's local repository, which a sandboxed build may read, offline


def command_words(command: list[str]) -> tuple[str, ...]:
    """`pytest ...` is `python -m pytest ...` on the project's interpreter (runners runs `python` and `python3`
    as Program.interpreter), so the tests import the project's packages; `mvn ...` runs offline on the user's
    local repository (bound read-only), since the sandbox has no network and its own HOME."""
    if command[0] == "pytest":
        return ("python", "-m", "pytest", *command[1:])
    if command[0] == "mvn":
        offline = [] if {"-o", "--offline"} & set(command) else ["-o"]
        return ("mvn", *offline, f"-Dmaven.repo.local={MAVEN_HOME / 'repository'}", *command[1:])
    return tuple(command)


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
