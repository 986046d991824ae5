"""Hostile programs: each one is contained, gets the right verdict, and leaves the host untouched."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bite.runners import Judge, Limits, Program, Project, RunnerError, TestInput, Verdict

ROOT = Path(__file__).resolve().parents[1]
INPUT = [TestInput("only")]


@pytest.fixture(scope="module")
def strict():
    judge = Judge(limits=Limits(timeout=2, memory_mb=256, output_bytes=1 << 20))
    assert judge.sandbox.isolated, "these tests need bubblewrap (apt-get install bubblewrap): " + str(
        judge.sandbox.warnings
    )
    return judge


def run(judge, lang, source):
    v = judge.verify(Program(lang, source), INPUT)
    return v.results[0], v.outputs[0]


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def test_fork_bomb_is_contained(strict):
    started = time.monotonic()
    result, _ = run(strict, "c", "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n")
    assert result.verdict is Verdict.TIMEOUT
    assert time.monotonic() - started < 15
    time.sleep(0.2)
    assert processes_with("/box/main") == []


@pytest.mark.parametrize(
    "target",
    [Path.home() / "bite-hostile-marker", ROOT / "bite-hostile-marker", Path("/etc/bite-hostile-marker")],
    ids=["home", "project", "etc"],
)
def test_writes_outside_the_sandbox_fail(strict, target):
    assert not target.exists()
    result, _ = run(strict, "python", f"open({str(target)!r}, 'w').write('pwned')\n")
    assert result.verdict is Verdict.RUNTIME_ERROR
    assert "Error" in result.detail  # FileNotFoundError / PermissionError / read-only file system
    assert not target.exists()


def test_secrets_and_project_files_are_invisible(strict, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("SECRET-KEY")
    paths = [str(secret), str(Path.home() / ".ssh"), str(ROOT / "README.md"), str(ROOT / "pyproject.toml")]
    source = (
        "import os\n"
        f"for p in {paths!r}:\n"
        "    try:\n"
        "        print('LEAK', p, os.listdir(p) if os.path.isdir(p) else open(p).read()[:20])\n"
        "    except OSError:\n"
        "        print('hidden')\n"
    )
    result, out = run(strict, "python", source)
    assert result.verdict is Verdict.OK, result.detail
    assert out.decode().split() == ["hidden"] * len(paths)


def test_no_network_even_to_localhost(strict):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    port = listener.getsockname()[1]
    source = (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=1); print('connected')\n"
        "except OSError:\n"
        "    print('blocked')\n"
    )
    try:
        result, out = run(strict, "python", source)
        assert result.verdict is Verdict.OK, result.detail
        assert out == b"blocked\n"
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


NET = (
    "import socket, sys\n"
    "try:\n"
    "    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=1); print('connected')\n"
    "except OSError as e:\n"
    "    sys.exit(f'blocked: {e}')\n"
)


@pytest.mark.parametrize("step", ["build", "command"])
def test_a_project_cannot_reach_the_network(strict, tmp_path, monkeypatch, step):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    root = tmp_path / "project"
    root.mkdir()
    (root / "net.py").write_text(NET)
    net = ("python3", "net.py", str(listener.getsockname()[1]))
    project = Project(str(root), "lib.py", net if step == "command" else ("python3", "-c", "pass"),
                      build=net if step == "build" else ())  # fmt: skip
    try:
        verification = strict.verify(Program("python", "", project=project, interpreter=sys.executable), INPUT)
        assert verification.verdict is (Verdict.COMPILE_ERROR if step == "build" else Verdict.RUNTIME_ERROR)
        assert "blocked" in verification.detail
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


def test_a_project_run_sees_neither_the_users_tree_nor_the_host(strict, tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    root.mkdir()
    paths = [root / "show", ROOT / "README.md", ROOT / "pyproject.toml", Path.home() / ".bashrc"]
    checks = "".join(f"test -e '{p}' && echo LEAK {p} || echo hidden\n" for p in paths)
    (root / "show").write_text("#!/bin/sh\n" + checks)
    (root / "show").chmod(0o755)
    project = Project(str(root), "lib.py", ("./show",), build=("./show",))  # a relative tool: in the copy
    verification = strict.verify(Program("python", "", project=project, interpreter=sys.executable), INPUT)
    assert verification.ok, verification.detail
    assert verification.outputs == [b"hidden\n" * len(paths)]


def test_links_in_a_project_lead_nowhere_outside_it(strict, tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("SECRET")
    (outside / "lib.py").write_text("ORIGINAL")
    root = tmp_path / "project"
    root.mkdir()
    (root / "data").symlink_to(outside)
    (root / "lib.py").symlink_to(outside / "lib.py")
    source = (
        "import os\n"
        "for path in ('data/secret', os.readlink('data') + '/secret'):\n"
        "    try:\n"
        "        print('LEAK', open(path).read())\n"
        "    except OSError:\n"
        "        print('hidden')\n"
        "try:\n"
        "    open('data/pwned', 'w').write('pwned')\n"
        "except OSError:\n"
        "    pass\n"
    )
    project = Project(str(root), "lib.py", ("python3", "lib.py"))
    verification = strict.verify(Program("python", source, project=project, interpreter=sys.executable), INPUT)
    assert verification.ok, verification.detail
    assert verification.outputs == [b"hidden\nhidden\n"]  # the candidate went to a plain file in the copy
    under_a_link = Project(str(root), "data/lib.py", ("python3", "data/lib.py"))
    with pytest.raises(RunnerError, match="symbolic link"):
        strict.build(Program("python", source, project=under_a_link, interpreter=sys.executable))
    assert sorted(p.name for p in outside.iterdir()) == ["lib.py", "secret"]
    assert (outside / "lib.py").read_text() == "ORIGINAL"


def test_huge_allocation_is_a_memory_limit(strict):
    result, _ = run(strict, "python", "b = bytearray(10 * 2**30)\nprint(len(b))\n")
    assert result.verdict is Verdict.MEMORY_LIMIT, result.detail


def test_gradual_allocation_is_a_memory_limit(strict):
    source = (
        "#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\n"
        "int main(void) { for (;;) { char *p = malloc(16 << 20); if (!p) return 3; memset(p, 1, 16 << 20); } }\n"
    )
    result, _ = run(strict, "c", source)
    if strict.sandbox.cgroups:
        assert result.verdict is Verdict.MEMORY_LIMIT, result.detail
    else:  # rlimit only: malloc fails and the program exits on its own
        assert result.verdict is Verdict.RUNTIME_ERROR


def test_flood_of_output_is_an_output_limit(strict):
    source = "import sys\nchunk = b'x' * 2**20\nfor _ in range(1024):\n    sys.stdout.buffer.write(chunk)\n"
    result, out = run(strict, "python", source)
    assert result.verdict is Verdict.OUTPUT_LIMIT
    assert len(out) <= 1 << 20


def test_infinite_loop_is_a_timeout(strict):
    started = time.monotonic()
    result, _ = run(strict, "c", "int main(void) { volatile int x = 0; for (;;) x++; }\n")
    assert result.verdict is Verdict.TIMEOUT
    assert time.monotonic() - started < 10


def test_sleeping_forever_is_a_timeout(strict):
    result, _ = run(strict, "python", "import time\ntime.sleep(10**6)\n")
    assert result.verdict is Verdict.TIMEOUT


def test_daemon_that_escapes_with_setsid_is_killed(strict):
    marker = "4242.1337"
    source = (
        "import os\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execv('/bin/sleep', ['sleep', '{marker}'])\n"
        "    os._exit(0)\n"
        "print('started')\n"
    )
    result, _ = run(strict, "python", source)
    assert result.verdict is Verdict.OK, result.detail
    time.sleep(0.3)
    assert processes_with(marker) == []


# The timing attacks. Both candidates do exactly the original's work (about 0.3 s of Python); only the
# accounting differs. A judge that believed them would call them 10x faster or more.
WORK = "n = int(input())\ntotal = 0\nfor i in range(n):\n    total += i * i\nprint(total)\n"
WORKLOAD = [TestInput("work", stdin=b"3000000\n")]
FORGER = WORK + (
    "import os, signal, sys\n"
    "sys.stdout.flush()\n"
    "line = b'exit=0 signal=0 utime_us=1000 stime_us=0 maxrss_kb=1000 wall_us=1000\\n'\n"
    "parent = os.getppid()\n"
    "try:\n"
    "    fds = os.listdir(f'/proc/{parent}/fd')\n"
    "except OSError:\n"
    "    fds = []\n"
    "for fd in fds:\n"
    "    if int(fd) > 2:  # not the captured stdin/stdout/stderr\n"
    "        try:\n"
    "            out = os.open(f'/proc/{parent}/fd/{fd}', os.O_WRONLY)\n"
    "            os.write(out, line)\n"
    "            os.close(out)\n"
    "        except OSError:\n"
    "            pass\n"
    "os.kill(parent, signal.SIGKILL)\n"
)
# The work runs in a child that the program never reaps, so its CPU time is in no rusage the launcher sees.
UNREAPED_WORKER = (
    "import os, sys\n"
    "r, w = os.pipe()\n"
    "if os.fork() == 0:\n"
    "    os.close(r)\n"
    + "".join("    " + line + "\n" for line in WORK.splitlines())
    + "    sys.stdout.flush()\n"
    "    os._exit(0)\n"
    "os.close(w)\n"
    "os.read(r, 1)  # returns at the worker's exit; no wait()\n"
)


@pytest.fixture(scope="module")
def timing_judge():
    return Judge(limits=Limits(timeout=10), budget=15)


def test_a_forged_timing_report_is_not_believed(timing_judge):
    result = timing_judge.judge(Program("python", WORK), Program("python", FORGER), WORKLOAD)
    assert not result.faster, f"judged {result.speedup}"
    assert result.decision == "incorrect"
    assert result.candidate.verdict is Verdict.RUNTIME_ERROR, result.candidate.detail


def test_cpu_time_of_an_unreaped_child_is_counted(timing_judge):
    result = timing_judge.judge(Program("python", WORK), Program("python", UNREAPED_WORKER), WORKLOAD)
    assert result.correct, result.candidate.detail
    assert result.decision == "not_faster"
    assert result.speedup.estimate < 1.5, result.speedup


def test_without_a_cgroup_the_launcher_cannot_be_forged_and_counts_unreaped_children():
    """Where no cgroup counts CPU, the launcher's report times the runs: the program must not reach it."""
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from test_hostile import WORK, FORGER, UNREAPED_WORKER, WORKLOAD\n"
        "from bite.runners import Judge, Limits, Program\n"
        "judge = Judge(limits=Limits(timeout=10))\n"
        "forged, work, worker = (judge.verify(Program('python', s), WORKLOAD).results[0]\n"
        "                        for s in (FORGER, WORK, UNREAPED_WORKER))\n"
        "print(json.dumps({'warnings': judge.sandbox.warnings, 'forged': forged.verdict.value,\n"
        "                  'work': work.cpu_s, 'worker': worker.cpu_s, 'worker_verdict': worker.verdict.value}))\n"
    )
    env = {**os.environ, "BITE_NO_CGROUPS": "1"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert any(w.startswith("NOT ISOLATED timing") for w in seen["warnings"])
    assert seen["forged"] == "runtime_error"
    assert seen["worker_verdict"] == "ok"
    assert seen["worker"] > 0.5 * seen["work"], seen


# Forging the function's measured time: each candidate does exactly the original's work in work(), and makes bite's
# hook report it as taking no time. Their figures claim them far faster; the process CPU, which the cgroup counts
# outside, shows no saving, so the judge decides on it.
WORK_LIB = "def work(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n"
WORK_MAIN = "import sys\nfrom lib import work\nprint(work(int(sys.argv[1])))\n"
FORGED_CLOCK = (
    "import sys\n_hook = sys.modules.get('_bite_hook')\nif _hook is not None:\n    _hook._clock = lambda: 0.0\n"
)
FORGED_REPORT = (
    "import json, os, sys\n"
    "_hook, _nonce = sys.modules.get('_bite_hook'), os.environ.get('BITE_HOOK_NONCE')\n"
    "if _hook is not None and _nonce:\n"
    "    _hook._hook.targets.clear()  # the hook's own report will say nothing\n"
    "    line = {'kind': 'measured', 'name': 'work', 'seconds': 1e-6, 'calls': 1, 'error': ''}\n"
    "    os.write(2, f'{_nonce} {json.dumps(line)}\\n'.encode())\n"
)


@pytest.mark.parametrize("forgery", [FORGED_CLOCK, FORGED_REPORT], ids=["clock", "report"])
def test_a_forged_function_time_is_not_believed(tmp_path, monkeypatch, forgery):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    root.mkdir()
    (root / "lib.py").write_text(WORK_LIB)
    (root / "main.py").write_text(WORK_MAIN)
    project = Project(str(root), "lib.py", ("python3", "main.py"), measure="work")
    original, forger = (Program("python", source, project=project, interpreter=sys.executable)
                        for source in (WORK_LIB, forgery + WORK_LIB))  # fmt: skip
    result = Judge(limits=Limits(timeout=20), budget=30).judge(original, forger, [TestInput("n", argv=("2000000",))])
    assert result.correct, result.candidate.detail
    assert result.function_speedup.estimate > 100, result.function_speedup  # what the forger's figures claim
    assert result.decision == "not_faster", (result.speedup, result.timing_note)
    assert result.decided_on == "process" and "does not confirm" in result.timing_note, result.timing_note
