"""Programs and their builds, cached by content.

The cache key is the source, the flags and the toolchain's version, so judging ten
candidates against one original builds the original once. Compile errors are cached
too, so a broken candidate is not recompiled on every look, but only when the compiler
said so itself: a build that timed out, was killed by a signal or hit the memory limit
(a busy machine can cause all three) is tried again next time. The cache keeps its size
under a cap (BITE_BUILD_CACHE_MB, default 2048) by removing the least recently used builds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import RunnerError
from .languages import Language, language, language_for_path, resolve, toolchain_version
from .sandbox import MiB, Limits, Sandbox, cache_root

BUILD_LIMITS = Limits(timeout=120, memory_mb=2048, output_bytes=256 * MiB, processes=128, tmp_mb=1024)
DEFAULT_CACHE_MB = 2048
EVICTION_INTERVAL = 60.0  # seconds between two size checks of the cache in one process
_last_eviction = -math.inf


@dataclass(frozen=True)
class Program:
    language: str  # a key of LANGUAGES
    source: str
    flags: tuple[str, ...] | None = None  # build flags (interpreter flags for Python); None: the defaults

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

    def key(self) -> str:
        parts = [self.language, self.source, list(self.effective_flags), toolchain_version(self.lang)]
        return hashlib.sha256(json.dumps(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass
class Build:
    program: Program
    ok: bool
    dir: Path  # the box: source and artifacts, mounted read-only for runs
    message: str  # the compiler's output, for compile_error verdicts
    seconds: float
    cached: bool

    def run_command(self, memory_mb: int) -> list[str]:
        return self.program.lang.run_command(self.program.source, self.program.effective_flags, memory_mb)


def extra_ro_paths(lang: Language) -> tuple[str, ...]:
    """Toolchains installed outside /usr (pyenv, /opt/go) are bound read-only at their own prefix."""
    paths = []
    for tool in lang.tools:
        real = Path(os.path.realpath(resolve(tool)))
        if not str(real).startswith("/usr/"):
            paths.append(str(real.parent.parent))
    return tuple(dict.fromkeys(paths))


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
    lang = program.lang
    key = program.key()
    final = cache_dir() / key[:2] / key
    record = final / "build.json"
    try:
        data = json.loads(record.read_text())
    except FileNotFoundError:  # not built yet, or evicted meanwhile
        pass
    else:
        with contextlib.suppress(OSError):  # its mtime is the last use: eviction removes the least recent first
            os.utime(record)
        return Build(program, data["ok"], final, data["message"], data["seconds"], cached=True)

    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{key[:12]}-", dir=final.parent))
    try:
        name = lang.source_name(program.source)
        (staging / name).write_text(program.source, encoding="utf-8", errors="surrogateescape")
        started = time.monotonic()
        result = sandbox.run(
            lang.build_command(program.source, program.effective_flags),
            staging,
            limits=BUILD_LIMITS,
            writable_box=True,
            env=lang.build_env,
            address_space=None,  # compilers get the cgroup limit, not RLIMIT_AS (Go's needs too much)
            extra_ro=extra_ro_paths(lang),
        )
        seconds = time.monotonic() - started
        message = (result.stderr + result.stdout).decode(errors="replace").strip()
        if result.timed_out:
            message = f"the build took longer than {BUILD_LIMITS.timeout:.0f} s\n{message}"
        ok = result.ok
        if not ok and not message:
            message = f"the compiler exited with {result.exit_code} (signal {result.signal})"
        # The compiler's own verdict is a property of the source; a timeout, a kill or the memory limit may be load.
        deterministic = ok or (result.exit_code is not None and not (result.timed_out or result.memory_exceeded))
        if not deterministic:
            shutil.rmtree(staging, ignore_errors=True)
            return Build(program, False, final, message[-20000:], seconds, cached=False)
        record_tmp = staging / "build.json"
        record_tmp.write_text(json.dumps({"ok": ok, "message": message[-20000:], "seconds": seconds}))
        try:
            os.rename(staging, final)
        except OSError:  # another process built the same program meanwhile: keep theirs
            shutil.rmtree(staging, ignore_errors=True)
        _evict_when_due()
        return Build(program, ok, final, message[-20000:], seconds, cached=False)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def cache_usage() -> tuple[int, int]:
    """(bytes, builds) the build cache holds now."""
    entries = _cache_entries()
    return sum(size for _, size, _ in entries), len(entries)


def evict(cap: int | None = None) -> int:
    """Remove the least recently used builds until the cache is within `cap` bytes; returns how many went."""
    cap = cache_cap() if cap is None else cap
    entries = sorted(_cache_entries(), key=lambda entry: entry[2])  # oldest use first
    total, removed = sum(size for _, size, _ in entries), 0
    for path, size, _ in entries:
        if total <= cap:
            break
        shutil.rmtree(path, ignore_errors=True)
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
                size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
            except OSError:
                continue
            entries.append((entry, size, used))
    return entries
