"""`bite doctor`: what this machine can do for bite, and what to install for the rest."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bite.runners import LANGUAGES, RunnerError
from bite.runners.build import cache_cap, cache_dir, cache_usage
from bite.runners.languages import resolve, toolchain_version
from bite.runners.sandbox import _cgroup_layout, bwrap_works, helper_path


@dataclass
class Check:
    area: str
    name: str
    ok: bool
    detail: str  # the version or state when ok, else what to install or why not


def checks() -> list[Check]:
    found = []
    for lang in LANGUAGES.values():
        try:
            found.append(Check("toolchain", lang.title, True, toolchain_version(lang).replace("\n", "; ")))
        except RunnerError as missing:
            found.append(Check("toolchain", lang.title, False, str(missing)))

    try:
        helper_path()
        found.append(Check("sandbox", "bite-exec helper", True, "compiled"))
    except (RunnerError, subprocess.CalledProcessError) as error:
        found.append(Check("sandbox", "bite-exec helper", False, str(error)))
    problem = bwrap_works()
    found.append(
        Check("sandbox", "bubblewrap namespaces", problem is None,
              "no network, private /tmp, read-only toolchains, own PID namespace" if problem is None
              else f"{problem}. WITHOUT IT, UNTRUSTED CODE RUNS WITH RLIMITS ONLY")  # fmt: skip
    )
    layout = _cgroup_layout()
    found.append(
        Check("sandbox", "cgroups", layout is not None,
              f"v{layout[0]}: memory and pids limits per run" if layout
              else "no writable cgroup with memory and pids controllers: run as root, or delegate a cgroup v2 "
                   "subtree; limits fall back to rlimits")  # fmt: skip
    )
    used, builds = cache_usage()
    found.append(
        Check("cache", "build cache", True,
              f"{cache_dir()}: {used / 2**20:.0f} MiB in {builds} builds, capped at {cache_cap() / 2**20:.0f} MiB "
              "(BITE_BUILD_CACHE_MB): the least recently used builds go first; compile errors are kept only when "
              "the compiler reported them, not after a timeout, a kill or the memory limit")  # fmt: skip
    )
    counted = layout is not None and "cpu" in layout[1]
    found.append(
        Check("timing", "CPU time from the cgroup", counted,
              "counted outside the sandbox, every descendant included" if counted
              else "NOT ISOLATED timing: CPU time comes from bite's launcher beside the program; give bite a cgroup "
                   "(v2, or v1 with cpuacct) to fix")  # fmt: skip
    )

    perf = shutil.which("perf")
    if perf:
        probe = subprocess.run([perf, "stat", "-x,", "-e", "instructions", "true"], capture_output=True, text=True)
        counted = probe.returncode == 0 and "not supported" not in probe.stderr and "<not" not in probe.stderr
        found.append(Check("timing", "perf hardware counters", counted,
                           "instruction counts available" if counted else "the kernel/VM exposes no counters"))
    else:
        found.append(Check("timing", "perf hardware counters", False, "apt-get install linux-perf"))
    found += _profilers()

    from bite.models import installed

    for name, path, state in installed():
        found.append(Check("models", name, state.startswith("ok"),
                           f"{state}: {path}" if state.startswith("ok") else f"{state}: run `bite model pull`"))
    for module, backend, hint in [("llama_cpp", "llama (default)", "pip install llama-cpp-python"),
                                  ("transformers", "transformers", "pip install 'bite[hf]' (torch first)"),
                                  ("tree_sitter_python", "tree-sitter grammars", "pip install bite")]:  # fmt: skip
        spec = importlib.util.find_spec(module)
        found.append(Check("backends", backend, spec is not None, "installed" if spec else hint))
    found.append(_accelerator())
    return found


def _profilers() -> list[Check]:
    """The tools `bite profile` runs: callgrind for C, C++ and Go, the JDK's Flight Recorder, line_profiler."""
    valgrind = shutil.which("valgrind")
    found = [Check("profiling", "callgrind (C, C++, Go)", valgrind is not None,
                   "valgrind: deterministic instruction counts" if valgrind else "apt-get install valgrind")]
    try:
        jfr = Path(resolve("java")).parent / "jfr"
        found.append(Check("profiling", "JDK Flight Recorder (Java)", jfr.exists(),
                           str(jfr) if jfr.exists() else "apt-get install default-jdk-headless"))  # fmt: skip
    except RunnerError as missing:
        found.append(Check("profiling", "JDK Flight Recorder (Java)", False, str(missing)))
    try:
        version = importlib.metadata.version("line_profiler")
        found.append(Check("profiling", "line_profiler (Python lines)", True, version))
    except importlib.metadata.PackageNotFoundError:
        found.append(Check("profiling", "line_profiler (Python lines)", False, "pip install line_profiler"))
    return found


def _accelerator() -> Check:
    smi = shutil.which("nvidia-smi")
    if smi:
        out = subprocess.run([smi, "--query-gpu=name,memory.total", "--format=csv,noheader"], capture_output=True,
                             text=True)  # fmt: skip
        if out.returncode == 0 and out.stdout.strip():
            return Check("accelerator", "GPU", True, out.stdout.strip().replace("\n", "; "))
    return Check("accelerator", "GPU", False, "none found: models run on the CPU (llama.cpp)")
