"""Every build and run of untrusted code goes through here.

Layers, strongest first, each used when this machine allows it:
1. bubblewrap: no network, a private tmpfs /tmp, read-only toolchains, no view of
   $HOME or the project, its own PID namespace, killed with its parent;
2. cgroups (v2 when it has the controllers, else v1): memory and process limits,
   the CPU time of everything the run started, and a sweep that kills anything left behind;
3. rlimits set by the bite-exec helper: CPU, address space, file size, open files,
   processes; plus a cap on captured stdout/stderr (RLIMIT_FSIZE on memfds).
Without bubblewrap the run still has layers 2 and 3, and `warnings` says so loudly.

CPU time comes from the cgroup's counter, read outside the sandbox once its setup is done
and again once everything in it is dead: nothing the program does can change it, and it
covers every descendant, reaped or not. Only where no cgroup counts CPU is the launcher's
rusage report used, and `warnings` says so.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import itertools
import math
import os
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs

from .errors import ToolchainMissing
from .project import copy_box

MiB = 1 << 20
INSIDE_BOX = "/box"
INSIDE_HELPER = "/.bite-exec"
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
_counter = itertools.count()


def cache_root() -> Path:
    root = Path(os.environ.get("BITE_CACHE_DIR") or platformdirs.user_cache_dir("bite"))
    root.mkdir(parents=True, exist_ok=True)
    return root


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # wall-clock seconds per run; CPU time is capped at the same
    memory_mb: int = 1024
    output_bytes: int = 16 * MiB  # per stream, and for any file the program writes
    processes: int = 64
    open_files: int = 256
    tmp_mb: int = 256


@dataclass
class RunResult:
    exit_code: int | None
    signal: int
    stdout: bytes
    stderr: bytes
    cpu_s: float  # user + sys of the program and all its descendants (the cgroup's counter where there is one)
    wall_s: float  # measured outside the sandbox, from the program's start to the sandbox's end
    maxrss_kb: int
    timed_out: bool = False
    memory_exceeded: bool = False  # the cgroup OOM-killed it
    output_exceeded: bool = False
    process_limit_hit: bool = False
    reported: bool = True  # False: the launcher died without saying how the program ended (it was killed)
    # Figures the run measured inside itself (measure.py), which only the judge's check against cpu_s makes
    # believable: the function's time (Python) or the benchmarks' summed ns/op (Go); None when not measured.
    measured_s: float | None = None
    measured_run_s: float | None = None  # how much of cpu_s the measured part took; None when unknowable
    measure_note: str = ""  # why measured_s is None, or what is odd about it
    captured: list = field(default_factory=list, repr=False)  # the hook's reports: recorded calls, totals

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not (self.timed_out or self.memory_exceeded or self.output_exceeded)


@functools.cache
def helper_path() -> Path:
    """Compile bite_exec.c once per source version into the cache."""
    source = resources.files(__package__).joinpath("bite_exec.c").read_bytes()
    target = cache_root() / "bin" / f"bite-exec-{hashlib.sha256(source).hexdigest()[:16]}"
    if target.exists():
        return target
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise ToolchainMissing("a C compiler is needed for bite's sandbox helper (apt-get install gcc)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bite_exec.c"
        src.write_bytes(source)
        out = Path(tmp) / "bite-exec"
        subprocess.run([cc, "-O2", "-o", str(out), str(src)], check=True, capture_output=True)
        os.replace(out, target)
    return target


@functools.cache
def bwrap_works() -> str | None:
    """None when bubblewrap runs here, else why not."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap is not installed (apt-get install bubblewrap)"
    probe = subprocess.run([bwrap, *_bwrap_base(), "--", "/bin/true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here: {probe.stderr.strip()[:200]}"
    return None


@functools.cache
def overlays_work() -> bool:
    """Whether bubblewrap can give a run a throwaway writable view of a folder (--overlay-src, bubblewrap 0.9+)."""
    if bwrap_works() is not None:
        return False
    with tempfile.TemporaryDirectory(prefix="bite-overlay-probe-") as lower:
        Path(lower, "probe").write_text("lower")
        argv = [shutil.which("bwrap"), *_bwrap_base(), "--overlay-src", lower, "--tmp-overlay", INSIDE_BOX,
                "--", "/bin/sh", "-c", f"echo upper > {INSIDE_BOX}/probe"]  # fmt: skip
        probe = subprocess.run(argv, capture_output=True)
        return probe.returncode == 0 and Path(lower, "probe").read_text() == "lower"


def _memory_folder(box: Path) -> str | None:
    """Where a run's copy of its box goes: /dev/shm, a tmpfs, when there is one with room for it (copying 500
    small files there took 40 ms here, against 600 ms on disk), else the temporary folder."""
    if not (os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK)):
        return None
    size = sum(os.lstat(os.path.join(folder, name)).st_size for folder, _, files in os.walk(box) for name in files)
    return "/dev/shm" if shutil.disk_usage("/dev/shm").free > 2 * size + 64 * MiB else None


def remove_tree(path: str | Path) -> None:
    """Remove a folder a program could write in, even one it made unreadable (chmod 000) to be left behind."""

    def opened_up(function, failed, _error):
        for folder in {os.path.dirname(failed), failed}:
            try:
                os.chmod(folder, stat.S_IRWXU)
            except OSError:
                pass
        try:
            function(failed)
        except OSError:
            pass

    shutil.rmtree(path, onerror=opened_up)


@functools.cache
def _bwrap_base() -> tuple[str, ...]:
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "bite"]
    for top in ("usr", "bin", "lib", "lib32", "lib64", "sbin"):
        path = Path("/" + top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    # Only the corners of /etc that toolchains need: alternatives (java), the JDK's config, the linker cache.
    etc = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", *map(str, Path("/etc").glob("java-*"))]
    for path in etc:
        args += ["--ro-bind-try", path, path]
    return (*args, "--proc", "/proc", "--dev", "/dev")


class CgroupSet:
    """A cgroup (one per controller on v1) that limits memory and processes, counts OOM kills,
    process-limit hits and CPU time, and kills whatever is left in it. Kept in a pool and reused across
    runs: creating and removing one costs more than the rest of a run's overhead together. Its counters
    accumulate, so a run's share is the difference across it."""

    def __init__(self, dirs: dict[str, Path], version: int):
        self.dirs, self.version = dirs, version

    @classmethod
    def create(cls) -> CgroupSet | None:
        layout = _cgroup_layout()
        if layout is None:
            return None
        version, parents = layout
        name = f"bite-{os.getpid()}-{next(_counter)}"
        group = cls({ctrl: parent / name for ctrl, parent in parents.items()}, version)
        try:
            for d in set(group.dirs.values()):
                d.mkdir()
            if version == 2:
                _write(group.dirs["memory"] / "memory.swap.max", "0", optional=True)
        except OSError:
            group.remove()
            return None
        return group

    def set_limits(self, limits: Limits) -> bool:
        """False when this group is unfit for reuse. Tasks of earlier runs stay charged to pids.current for
        seconds after they are reaped (the kernel frees them lazily). Up to `processes` of them are allowed
        for by adding them to pids.max, so a fork bomb gets at most twice its limit; more retire the group."""
        memory = str(limits.memory_mb * MiB)
        try:
            lingering = int((self.dirs["pids"] / "pids.current").read_text())
            if lingering > limits.processes:
                return False
            if self.version == 2:
                _write(self.dirs["memory"] / "memory.max", memory)
            else:  # memsw (memory + swap) must stay >= memory: set it around the memory limit
                _write(self.dirs["memory"] / "memory.memsw.limit_in_bytes", "-1", optional=True)
                _write(self.dirs["memory"] / "memory.limit_in_bytes", memory)
                _write(self.dirs["memory"] / "memory.memsw.limit_in_bytes", memory, optional=True)
            _write(self.dirs["pids"] / "pids.max", str(limits.processes + lingering))
            return True
        except (OSError, ValueError):
            return False

    def counters(self) -> tuple[int, int]:
        """(OOM kills, refused forks) so far; a run's share is the difference across it."""
        memory_events = "memory.events" if self.version == 2 else "memory.oom_control"
        return (_event_count(self.dirs["memory"] / memory_events, "oom_kill"),
                _event_count(self.dirs["pids"] / "pids.events", "max"))  # fmt: skip

    @property
    def counts_cpu(self) -> bool:
        return "cpu" in self.dirs

    def cpu_seconds(self) -> float:
        """CPU time (user + sys) of everything that ever ran in the group: v2's cpu.stat, which every cgroup
        has even without the cpu controller, or v1's cpuacct.usage (nanoseconds)."""
        if self.version == 2:
            return _event_count(self.dirs["cpu"] / "cpu.stat", "usage_usec") / 1e6
        return int((self.dirs["cpu"] / "cpuacct.usage").read_text()) / 1e9

    def pids(self) -> list[int]:
        try:
            text = (self.dirs["pids"] / "cgroup.procs").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def kill_all(self) -> bool:
        """Kill everything inside; False if something survived (the cgroup is then not reused)."""
        if self.version == 2 and (self.dirs["pids"] / "cgroup.kill").exists():
            _write(self.dirs["pids"] / "cgroup.kill", "1", optional=True)
        for _ in range(200):  # a fork bomb may spawn between reading and killing
            pids = self.pids()
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.005)
        return False

    def remove(self) -> None:
        for d in set(self.dirs.values()):
            for _ in range(50):  # rmdir fails until the last killed process is reaped
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


class _CgroupPool:
    def __init__(self):
        self.free: list[CgroupSet] = []
        self.lock = threading.Lock()
        atexit.register(self.close)

    def acquire(self, limits: Limits) -> CgroupSet | None:
        with self.lock:
            group = self.free.pop() if self.free else None
        group = group or CgroupSet.create()
        if group is not None and not group.set_limits(limits):
            group.remove()
            group = CgroupSet.create()
            if group is not None and not group.set_limits(limits):
                group.remove()
                group = None
        return group

    def release(self, group: CgroupSet) -> None:
        if group.kill_all():
            with self.lock:
                self.free.append(group)
        else:
            group.remove()

    def close(self) -> None:
        with self.lock:
            groups, self.free = self.free, []
        for group in groups:
            group.remove()


_pool = _CgroupPool()


def _write(path: Path, value: str, optional: bool = False) -> None:
    try:
        path.write_text(value)
    except OSError:
        if not optional:
            raise


def _event_count(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key:
                return int(parts[1])
    except (OSError, ValueError):
        pass
    return 0


@functools.cache
def _cgroup_layout() -> tuple[int, dict[str, Path]] | None:
    """Where this process may create child cgroups with memory and pids control, if anywhere; "cpu" is
    there too when the group's CPU time can be read (always on v2, the cpuacct hierarchy on v1)."""
    if os.environ.get("BITE_NO_CGROUPS"):
        return None
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, ctrls, path = line.split(":", 2)
        for ctrl in ctrls.split(",") if ctrls else [""]:
            own[ctrl] = path.lstrip("/")
    root = Path("/sys/fs/cgroup")
    # v2, unified at /sys/fs/cgroup, with memory and pids delegated to our cgroup's children.
    if (root / "cgroup.controllers").exists() and "" in own:
        parent = root / own[""]
        enabled = (parent / "cgroup.subtree_control").read_text().split() if parent.exists() else []
        if {"memory", "pids"} <= set(enabled) and _can_mkdir(parent):
            return 2, {"memory": parent, "pids": parent, "cpu": parent}
    # v1: one hierarchy per controller.
    parents = {}
    for ctrl in ("memory", "pids", "cpuacct"):
        parent = root / ctrl / own.get(ctrl, "")
        if not (parent / "cgroup.procs").exists() or not _can_mkdir(parent):
            if ctrl == "cpuacct":  # limits without CPU accounting: the launcher's report times the runs
                break
            return None
        parents["cpu" if ctrl == "cpuacct" else ctrl] = parent
    return 1, parents


def _can_mkdir(parent: Path) -> bool:
    probe = parent / f"bite-probe-{os.getpid()}"
    try:
        probe.mkdir()
        probe.rmdir()
        return True
    except OSError:
        return False


def _memfd(name: str, data: bytes = b"") -> int:
    fd = os.memfd_create(name, 0)
    if data:
        os.write(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _read_capped(fd: int, cap: int) -> tuple[bytes, bool]:
    size = os.fstat(fd).st_size
    return os.pread(fd, min(size, cap), 0), size >= cap


class Sandbox:
    """Runs a command over a program directory ("the box") with all the isolation this machine offers."""

    def __init__(self, mode: str = "auto"):
        if mode not in ("auto", "bwrap", "none"):
            raise ValueError(f"sandbox mode must be auto, bwrap or none, not {mode!r}")
        problem = bwrap_works() if mode != "none" else "sandbox mode 'none' was asked for"
        if mode == "bwrap" and problem:
            raise ToolchainMissing(problem)
        self.isolated = problem is None
        # A run's throwaway view of its box: an overlay where bubblewrap has them, else a copy per run.
        self.overlay = self.isolated and overlays_work()
        layout = _cgroup_layout()
        self.cgroups = layout is not None
        self.cgroup_cpu = layout is not None and "cpu" in layout[1]
        self.warnings: list[str] = []
        if not self.isolated:
            self.warnings.append(
                f"NOT ISOLATED: {problem}. Untrusted code runs with rlimits and a process group only: "
                "it can see your files and the network."
            )
        if not self.cgroups:
            self.warnings.append("no writable cgroup: memory and process limits rely on rlimits alone")
        if not self.cgroup_cpu:
            self.warnings.append(
                "NOT ISOLATED timing: no cgroup counts CPU time here, so it comes from bite's launcher, which runs "
                "beside the program; a hostile program can hide CPU time in descendants that outlive it."
            )

    @property
    def description(self) -> str:
        layers = ["bubblewrap" if self.isolated else "no namespaces"]
        layers.append(f"cgroup v{_cgroup_layout()[0]}" if self.cgroups else "no cgroup")
        layers.append("cgroup CPU time" if self.cgroup_cpu else "launcher CPU time")
        return " + ".join(layers + ["rlimits"])

    def run(
        self,
        command: list[str],
        box: Path,
        *,
        stdin: bytes = b"",
        limits: Limits = Limits(),
        writable_box: bool = False,
        throwaway_box: bool = False,
        env: dict[str, str] | None = None,
        address_space: int | None = None,
        extra_ro: tuple[str, ...] = (),
        cpu: int | None = None,
        cancel: threading.Event | None = None,
    ) -> RunResult:
        """Run `command` (with "{box}" standing for the box's path, there and in `env`) and capture everything
        about it. The box is read-only, or writable (`writable_box`, for builds), or `throwaway_box`: the program
        may write anywhere in it, and nothing it writes reaches `box` (an overlay, else a copy of it)."""
        helper = helper_path()
        # Everything made below is undone in `finally`, whatever fails on the way.
        scratch = workdir = proc = cgroup = None
        fds, read_end, write_end, go_read, go_write = [], -1, -1, -1, -1
        try:
            if throwaway_box and not self.overlay:
                scratch = Path(tempfile.mkdtemp(prefix="bite-box-", dir=_memory_folder(box)))
                copy_box(box, scratch / "box")
                box, writable_box, throwaway_box = scratch / "box", True, False
            inside_box = INSIDE_BOX if self.isolated else str(box)
            command = [part.replace("{box}", inside_box) for part in command]
            environment = {"PATH": SAFE_PATH, "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8", **(env or {})}
            environment = {key: value.replace("{box}", inside_box) for key, value in environment.items()}
            cgroup = _pool.acquire(limits) if self.cgroups else None
            counters_before = cgroup.counters() if cgroup else (0, 0)
            read_end, write_end = os.pipe()  # the launcher's report: "ready", then how the program ended
            go_read, go_write = os.pipe()  # one byte from us starts the program
            fds = [_memfd("stdin", stdin), _memfd("stdout"), _memfd("stderr")]
            limit_args = [
                "--report", str(write_end),
                "--go", str(go_read),
                "--rlimit-cpu", str(max(1, math.ceil(limits.timeout))),
                "--rlimit-fsize", str(limits.output_bytes),
                "--rlimit-nofile", str(limits.open_files),
                "--rlimit-nproc", str(limits.processes),
            ]  # fmt: skip
            if address_space is not None:
                limit_args += ["--rlimit-as", str(address_space)]
            outer = [str(helper)]
            if cgroup:
                for d in set(cgroup.dirs.values()):
                    outer += ["--cgroup", str(d)]
            if cpu is not None:
                outer += ["--cpu-affinity", str(cpu)]
            if self.isolated:
                argv = [*outer, "--", shutil.which("bwrap"), *_bwrap_base()]
                argv += ["--size", str(limits.tmp_mb * MiB), "--tmpfs", "/tmp"]
                if throwaway_box:
                    argv += ["--overlay-src", str(box), "--tmp-overlay", INSIDE_BOX]
                else:
                    argv += ["--bind" if writable_box else "--ro-bind", str(box), INSIDE_BOX]
                argv += ["--ro-bind", str(helper), INSIDE_HELPER]
                for path in extra_ro:
                    argv += ["--ro-bind", path, path]
                argv += ["--remount-ro", "/"]  # bwrap's scratch root: nothing but /tmp (and a build's box) is writable
                argv += ["--chdir", INSIDE_BOX if writable_box or throwaway_box else "/tmp", "--clearenv"]
                for key, value in environment.items():
                    argv += ["--setenv", key, value]
                argv += ["--", INSIDE_HELPER, *limit_args, "--", *command]
                cwd = None
            else:
                workdir = tempfile.mkdtemp(prefix="bite-run-")
                # The program's /tmp is this private directory, as it would be inside bubblewrap.
                environment = {k: workdir + v[4:] if v.startswith("/tmp") else v for k, v in environment.items()}
                argv = [*outer, *limit_args, "--", *command]
                cwd = str(box) if writable_box else workdir
            proc = subprocess.Popen(
                argv, stdin=fds[0], stdout=fds[1], stderr=fds[2], pass_fds=(write_end, go_read), cwd=cwd,
                env=None if self.isolated else environment, start_new_session=True,
            )  # fmt: skip
            for fd in (write_end, go_read):
                os.close(fd)
            write_end = go_read = -1
            # The sandbox's setup (namespaces, mounts) costs a few ms of CPU in the group: read the counter after it.
            report = _read_until(read_end, b"ready\n", time.monotonic() + max(limits.timeout, 30), cancel)
            ready = report.endswith(b"ready\n")
            cpu_before = cgroup.cpu_seconds() if cgroup and cgroup.counts_cpu else 0.0
            started = time.monotonic()
            timed_out = False
            if ready:
                with contextlib.suppress(BrokenPipeError):  # the launcher died meanwhile: no report will come
                    os.write(go_write, b"g")
                timed_out = not _wait(proc, started + limits.timeout, cancel)
            if timed_out or not ready:  # killing bwrap kills the whole PID namespace
                _kill_group(proc)
            proc.wait()
            if cgroup:
                cgroup.kill_all()  # daemons that setsid()'d out of the process group
            wall = time.monotonic() - started
            oom_kills, refused_forks = (
                (after - before for after, before in zip(cgroup.counters(), counters_before)) if cgroup else (0, 0)
            )
            report = _parse_report(os.read(read_end, 4096).decode(errors="replace"))
            stdout, out_full = _read_capped(fds[1], limits.output_bytes)
            stderr, err_full = _read_capped(fds[2], limits.output_bytes)
            reported = "exit" in report
            if not reported and not timed_out:
                stderr += f"\n[bite: the sandbox's launcher ended without a report (status {proc.returncode})]".encode()
            sig = report.get("signal", 0)
            if cgroup and cgroup.counts_cpu:
                cpu_s = cgroup.cpu_seconds() - cpu_before
            else:
                cpu_s = (report.get("utime_us", 0) + report.get("stime_us", 0)) / 1e6
            return RunResult(
                exit_code=None if timed_out or not reported or sig else report["exit"],
                signal=sig if not timed_out else signal.SIGKILL,
                stdout=stdout,
                stderr=stderr,
                cpu_s=cpu_s,
                wall_s=wall,
                maxrss_kb=report.get("maxrss_kb", 0),
                timed_out=timed_out or sig == signal.SIGXCPU,
                memory_exceeded=oom_kills > 0,
                output_exceeded=out_full or err_full or sig == signal.SIGXFSZ,
                process_limit_hit=refused_forks > 0,
                reported=reported,
            )
        finally:
            if proc is not None and proc.poll() is None:  # interrupted (Ctrl-C, an error): the run must not outlive us
                _kill_group(proc)
                proc.wait()
            for fd in (*fds, read_end, write_end, go_read, go_write):
                if fd >= 0:
                    os.close(fd)
            if cgroup:
                _pool.release(cgroup)
            for folder in (workdir, scratch):
                if folder:
                    remove_tree(folder)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had ended, and the group with it
        pass


def _read_until(fd: int, marker: bytes, deadline: float, cancel: threading.Event | None) -> bytes:
    """Read from a pipe until the data ends with `marker`, the pipe closes, the deadline passes or a cancel."""
    data = b""
    while not data.endswith(marker) and time.monotonic() < deadline and not (cancel and cancel.is_set()):
        if select.select([fd], [], [], min(0.1, max(0.0, deadline - time.monotonic())))[0]:
            chunk = os.read(fd, len(marker) - len(data))  # not a byte more: the report follows
            if not chunk:
                break
            data += chunk
    return data


def _wait(proc: subprocess.Popen, deadline: float, cancel: threading.Event | None) -> bool:
    """Wait for exit until the deadline; False on timeout or cancel. A pidfd wakes us the moment it exits."""
    pidfd = os.pidfd_open(proc.pid)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (cancel is not None and cancel.is_set()):
                return False
            if select.select([pidfd], [], [], min(remaining, 0.1))[0]:
                return True
    finally:
        os.close(pidfd)


def _parse_report(text: str) -> dict[str, int]:
    fields = {}
    for item in text.split():
        key, _, value = item.partition("=")
        try:
            fields[key] = int(value)
        except ValueError:
            pass
    return fields
