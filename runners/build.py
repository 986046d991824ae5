"""Programs and their builds, cached by content.

The cache key is the source, the flags and the toolchain's version, so judging ten
candidates against one original builds the original once. Compile errors are cached
too, so a broken candidate is not recompiled on every look, but only when the compiler
said so itself: a build that timed out, was killed by a signal or hit the memory limit
(a busy machine can cause all three) is tried again next time. The cache keeps its size
under a cap (BITE_BUILD_CACHE_MB, default 2048) by removing the least recently used builds.

A project program (project.py) is built the same way: its key is the tree's content with the
candidate in place, the commands, environment and tools; its build is a copy of the tree where
the project's build command ran, and each run sees a throwaway writable view of that copy.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import RunnerError, ToolchainMissing
from .languages import (
    Language, interpreter_version, language, language_for_path, python_syntax_check, resolve, toolchain_version,
)  # fmt: skip
from .project import Project, copy_project, find_tool, tool_binds, tool_stamp, tree_digest, venv_of
from .sandbox import SAFE_PATH, MiB, Limits, RunResult, Sandbox, cache_root, remove_tree

BUILD_LIMITS = Limits(timeout=120, memory_mb=2048, output_bytes=256 * MiB, processes=128, tmp_mb=1024)
PROJECT_BUILD_LIMITS = Limits(timeout=600, memory_mb=4096, output_bytes=256 * MiB, processes=256, tmp_mb=2048)
DEFAULT_CACHE_MB = 2048
EVICTION_INTERVAL = 60.0  # seconds between two size checks of the cache in one process
_last_eviction = -math.inf


@dataclass(frozen=True)
class Program:
    language: str  # a key of LANGUAGES
    source: str
    flags: tuple[str, ...] | None = None  # build flags (interpreter flags for Python); None: the defaults
    project: Project | None = None  # a file inside a project: built and run with the project around it
    interpreter: str | None = None  # Python: the absolute path of the python to use (a venv's, say)

    @classmethod
    def from_file(cls, path: str | Path, flags: tuple[str, ...] | None = None) -> Program:
        path = Path(path)
        lang = language_for_path(path)
        try:
            return cls(lang.name, path.read_text(encoding="utf-8", errors="surrogateescape"), flags)
        except FileNotFoundError:
            raise RunnerError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise RunnerError(f"{path}: is a directory, not a source file") from None

    @property
    def lang(self) -> Language:
        return language(self.language)

    @property
    def effective_flags(self) -> tuple[str, ...]:
        return self.lang.default_flags if self.flags is None else tuple(self.flags)

    @property
    def python(self) -> str:
        return self.interpreter or resolve("python3")

    def key(self) -> str:
        if self.project is None:
            version = interpreter_version(self.python) if self.language == "python" else toolchain_version(self.lang)
            parts = [self.language, self.source, list(self.effective_flags), version]
        else:
            p = self.project
            if self.language == "python":
                tools = [interpreter_version(self.python)]
            else:  # the compilers a build may call, found or not
                tools = [tool_stamp(shutil.which(tool) or tool) for tool in self.lang.tools]
            tools += [tool_stamp(word) for word in (self.command(p.build)[:1] + self.command(p.command)[:1])
                      if os.path.isabs(word)]  # fmt: skip
            parts = [self.language, self.source, p.file, tree_digest(p), list(p.command), list(p.build),
                     list(p.env), list(p.readonly), tools, p.measure, self.warmup()]  # fmt: skip
        return hashlib.sha256(json.dumps(parts).encode("utf-8", "surrogateescape")).hexdigest()

    # A project program's commands, environment and read-only folders.

    def command(self, words: tuple[str, ...]) -> list[str]:
        """A project's command with its first word found: python/python3 are the program's interpreter."""
        if not words:
            return []
        first = words[0]
        if first in ("python", "python3"):
            first = self.python
        else:
            first = find_tool(first, dict(self.project.env).get("PATH"))
        return [first, *words[1:]]

    def warmup(self) -> tuple[str, ...]:
        """A build step that bite adds: `go test` compiles its packages and their tests on every run, and what a
        run writes (Go's build cache among it) is thrown away with its view of the box, so a timed run would be
        mostly compiling. Compiled once in the build's writable copy, with the command's own flags and packages,
        the runs find it all in the cache; `-exec true` links the test binaries without running them, and a
        compile error fails there as it would in the run. () where the command is not `go test`, or picks its own
        -exec."""
        command = self.project.command
        if self.language != "go" or command[:2] != ("go", "test") or any(
                re.fullmatch(r"--?exec(=.*)?", w) for w in command):
            return ()
        return ("go", "test", "-count=1", "-exec", "/bin/true", *command[2:])

    def env(self) -> dict[str, str]:
        env = dict(self.lang.project_env)
        if self.language == "go" and go_module_cache():
            env["GOMODCACHE"] = go_module_cache()
        venv = venv_of(self.python) if self.language == "python" else None
        if venv:  # the venv's scripts (pytest, console entry points) come first, as when it is activated
            env.update(PATH=f"{venv}/bin:{SAFE_PATH}", VIRTUAL_ENV=str(venv))
        return {**env, **dict(self.project.env)}

    def readonly(self) -> tuple[str, ...]:
        """Folders the runs and builds see read-only at their own path: toolchains outside /usr, the venv,
        the module cache and the project's own `readonly`."""
        try:
            binds = list(extra_ro_paths(self.lang, self.interpreter))
        except ToolchainMissing:  # a C project built with clang alone, say: its tools are bound below
            binds = []
        for words in (self.project.build, self.project.command):
            binds += tool_binds(self.command(words)[0]) if words else ()
        if self.language == "go" and go_module_cache():
            binds.append(go_module_cache())
        binds += [path for path in self.project.readonly if os.path.isdir(path)]
        # never the project itself or a folder holding it: runs see only their copy (no expected outputs, no .git)
        root = Path(self.project.root)
        binds = [b for b in binds if not (Path(b) == root or Path(b) in root.parents)]
        return tuple(dict.fromkeys(binds))


@dataclass
class Build:
    program: Program
    ok: bool
    dir: Path  # the box: source and artifacts (a project's built copy), mounted read-only for runs
    message: str  # the compiler's output, for compile_error verdicts
    seconds: float
    cached: bool

    def run_command(self, memory_mb: int) -> list[str]:
        program = self.program
        if program.project is not None:
            return program.command(program.project.command)
        return program.lang.run_command(program.source, program.effective_flags, memory_mb, program.interpreter)


def extra_ro_paths(lang: Language, interpreter: str | None = None) -> tuple[str, ...]:
    """Toolchains installed outside /usr (pyenv, /opt/go, a venv and its base) are bound read-only at their
    own prefix. `interpreter`: the Python a program uses instead of the system's."""
    tools = [interpreter or resolve("python3")] if lang.name == "python" else [resolve(tool) for tool in lang.tools]
    return tuple(dict.fromkeys(path for tool in tools for path in tool_binds(tool)))


@functools.cache
def go_module_cache() -> str | None:
    """The host's Go module cache (GOMODCACHE), which Go projects see read-only; None when there is none."""
    try:
        out = subprocess.run([resolve("go"), "env", "GOMODCACHE"], capture_output=True, text=True, timeout=30)
    except (OSError, ToolchainMissing, subprocess.TimeoutExpired):
        return None
    path = out.stdout.strip()
    return path if path and os.path.isdir(path) else None


def address_space(lang: Language, memory_mb: int, cgroup_backed: bool) -> int | None:
    """RLIMIT_AS for a run. Where a cgroup enforces the real memory limit, address space gets twice that,
    so a program that really uses too much is OOM-killed (a clear memory_limit) rather than seeing
    malloc fail and crashing in its own way; one absurd allocation still fails at once."""
    if lang.address_space_extra is None:
        return None
    return memory_mb * MiB * (2 if cgroup_backed else 1) + lang.address_space_extra


def cache_dir() -> Path:
    return cache_root() / "builds"


def cache_cap() -> int:
    """The build cache's size cap in bytes."""
    return int(os.environ.get("BITE_BUILD_CACHE_MB") or DEFAULT_CACHE_MB) * MiB


def build(program: Program, sandbox: Sandbox) -> Build:
    key = program.key()
    final = cache_dir() / key[:2] / key
    box = final / "tree" if program.project else final
    record = final / "build.json"
    try:
        data = json.loads(record.read_text())
    except FileNotFoundError:  # not built yet, or evicted meanwhile
        pass
    else:
        with contextlib.suppress(OSError):  # its mtime is the last use: eviction removes the least recent first
            os.utime(record)
        return Build(program, data["ok"], box, data["message"], data["seconds"], cached=True)

    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{key[:12]}-", dir=final.parent))
    try:
        started = time.monotonic()
        if program.project is None:
            result, message = _build_file(program, staging, sandbox)
        else:
            result, message = _build_project(program, staging / "tree", sandbox)
        seconds = time.monotonic() - started
        message = clip(message, 20000)
        ok = result is None or result.ok
        # The compiler's own verdict is a property of the source; a timeout, a kill or the memory limit may be load,
        # and a tool the launcher cannot run is a problem of this machine.
        deterministic = ok or (result.exit_code is not None and not (result.timed_out or result.memory_exceeded)
                               and b"bite-exec: cannot run" not in result.stderr)  # fmt: skip
        if not deterministic:
            remove_tree(staging)
            return Build(program, False, box, message, seconds, cached=False)
        record_tmp = staging / "build.json"
        record_tmp.write_text(json.dumps({"ok": ok, "message": message, "seconds": seconds}))
        try:
            os.rename(staging, final)
        except OSError:  # another process built the same program meanwhile: keep theirs
            remove_tree(staging)
        _evict_when_due()
        return Build(program, ok, box, message, seconds, cached=False)
    except BaseException:
        remove_tree(staging)
        raise


def _build_file(program: Program, box: Path, sandbox: Sandbox) -> tuple[RunResult, str]:
    lang = program.lang
    (box / lang.source_name(program.source)).write_text(program.source, encoding="utf-8", errors="surrogateescape")
    result = sandbox.run(
        lang.build_command(program.source, program.effective_flags, program.interpreter),
        box,
        limits=BUILD_LIMITS,
        writable_box=True,
        env=lang.build_env,
        address_space=None,  # compilers get the cgroup limit, not RLIMIT_AS (Go's needs too much)
        extra_ro=extra_ro_paths(lang, program.interpreter),
    )
    message = _output(result)
    if result.timed_out:
        message = f"the build took longer than {BUILD_LIMITS.timeout:.0f} s\n{message}"
    if not result.ok and not message:
        message = f"the compiler exited with {result.exit_code} (signal {result.signal})"
    return result, message


def _build_project(program: Program, box: Path, sandbox: Sandbox) -> tuple[RunResult | None, str]:
    """Copy the project with the candidate in place, then (Python) check its syntax and run the build, if any.
    A failure's message starts with a line that names the step, then its output."""
    project = program.project
    copy_project(project, box, program.source)
    steps = []
    if program.language == "python":
        steps.append(("the syntax check", python_syntax_check(program.python, project.file)))
    if project.build:
        steps.append((f"the build `{shlex.join(project.build)}`", program.command(project.build)))
    warmup = program.warmup()
    if warmup:
        steps.append((f"compiling the tests `{shlex.join(warmup)}`", program.command(warmup)))
    result, messages = None, []
    for step, command in steps:
        result = sandbox.run(command, box, limits=PROJECT_BUILD_LIMITS, writable_box=True, env=program.env(),
                             address_space=None, extra_ro=program.readonly())  # fmt: skip
        messages.append(_output(result))
        if not result.ok:
            return result, f"{step} failed ({_how(result, PROJECT_BUILD_LIMITS)})\n{messages[-1]}"
    return result, "\n".join(m for m in messages if m)


def clip(message: str, size: int) -> str:
    """About `size` characters of the message: its start (what failed, and a compiler's first errors, which the
    later ones often follow from) and its end (where a build tool's errors end)."""
    if len(message) <= size:
        return message
    return f"{message[: size // 2]}\n...\n{message[-(size // 2):]}"


def _output(result: RunResult) -> str:
    return (result.stderr + result.stdout).decode(errors="replace").strip()


def _how(result: RunResult, limits: Limits) -> str:
    if result.timed_out:
        return f"it took longer than {limits.timeout:.0f} s"
    if result.memory_exceeded:
        return f"it went over {limits.memory_mb} MiB of memory"
    if result.output_exceeded:
        return "its output went over the limit"
    if not result.reported:
        return "the sandbox could not start it, or its launcher was killed"
    if result.exit_code is not None:
        return f"exit code {result.exit_code}"
    return f"killed by signal {result.signal}"


def cache_usage() -> tuple[int, int]:
    """(bytes, builds) the build cache holds now."""
    entries = _cache_entries()
    return sum(size for _, size, _ in entries), len(entries)


RECENT_USE = 600.0  # seconds: a build used this recently is not evicted (a judgement may be running it)


def evict(cap: int | None = None) -> int:
    """Remove the least recently used builds until the cache is within `cap` bytes; returns how many went."""
    cap = cache_cap() if cap is None else cap
    entries = sorted(_cache_entries(), key=lambda entry: entry[2])  # oldest use first
    total, removed = sum(size for _, size, _ in entries), 0
    in_use = time.time() - RECENT_USE
    for path, size, used in entries:
        if total <= cap:
            break
        if used >= in_use:  # another search (or process) may be running it right now: the cap can wait
            continue
        remove_tree(path)
        if not path.exists():
            total -= size
            removed += 1
    return removed


def _evict_when_due() -> None:
    global _last_eviction
    if time.monotonic() - _last_eviction >= EVICTION_INTERVAL:
        _last_eviction = time.monotonic()
        evict()


def _cache_entries() -> list[tuple[Path, int, float]]:
    """(folder, bytes, last use) of every finished build; staging folders and vanishing entries are skipped."""
    entries = []
    for shard in cache_dir().glob("??"):
        for entry in shard.iterdir():
            if len(entry.name) != 64:  # a build still in its staging folder
                continue
            try:
                used = (entry / "build.json").stat().st_mtime
                size = sum(f.lstat().st_size for f in entry.rglob("*") if not f.is_symlink() and f.is_file())
            except OSError:
                continue
            entries.append((entry, size, used))
    return entries
