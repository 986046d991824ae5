"""The VS Code extension (editors/vscode): its unit tests, its .vsix, and an end-to-end run in code-server.

Needs what editors/vscode/scripts/setup-e2e.sh installs (`make setup` runs it): node, the extension's npm
packages, code-server and chromium. Missing pieces fail the tests with that advice; BITE_SKIP_EDITOR_TESTS=1
skips them instead. The e2e run leaves its screenshots and VS Code's logs in build/vscode-e2e (or
$BITE_E2E_OUT).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "editors" / "vscode"
SETUP = "editors/vscode/scripts/setup-e2e.sh"
CODE_SERVER_VERSION = "4.100.3"  # as in the setup script
CODE_SERVER = Path(os.environ.get("BITE_CODE_SERVER_DIR") or Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bite" / f"code-server-{CODE_SERVER_VERSION}"
) / "node_modules" / ".bin" / "code-server"  # fmt: skip
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.editors,
    pytest.mark.skipif(os.environ.get("BITE_SKIP_EDITOR_TESTS") == "1", reason="BITE_SKIP_EDITOR_TESTS=1"),
]


def require(what: str, present: bool) -> None:
    if not present:
        pytest.fail(f"{what} is missing: run {SETUP} (make setup does), or set BITE_SKIP_EDITOR_TESTS=1 to skip")


def npm(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    require("npm", shutil.which("npm") is not None)
    require(f"{EXTENSION / 'node_modules'} (npm ci)", (EXTENSION / "node_modules" / ".bin" / "vsce").exists())
    return subprocess.run(["npm", *args], cwd=EXTENSION, capture_output=True, text=True, timeout=timeout)


def check(run: subprocess.CompletedProcess) -> None:
    assert run.returncode == 0, f"{' '.join(run.args)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"


@pytest.fixture(scope="module")
def vsix() -> Path:
    """Type-checks, bundles with esbuild and packages with vsce."""
    check(npm("run", "typecheck"))
    check(npm("run", "package"))
    path = EXTENSION / "bite.vsix"
    assert path.stat().st_size > 10_000
    return path


def test_unit_tests_pass():
    run = npm("test")
    check(run)
    assert "# fail 0" in run.stdout and "# pass " in run.stdout, run.stdout


def test_vsix_holds_the_bundle(vsix):
    import zipfile

    names = zipfile.ZipFile(vsix).namelist()
    assert "extension/out/extension.js" in names and "extension/package.json" in names
    assert not any("node_modules" in name or name.endswith(".ts") for name in names), names


@pytest.mark.timeout(600)
def test_end_to_end_in_code_server(vsix):
    require(f"code-server {CODE_SERVER_VERSION} ({CODE_SERVER})", CODE_SERVER.exists())
    require(f"chromium ({CHROMIUM})", CHROMIUM.exists())
    out = Path(os.environ.get("BITE_E2E_OUT") or ROOT / "build" / "vscode-e2e")
    shutil.rmtree(out, ignore_errors=True)
    print(f"e2e screenshots and logs: {out}")
    run = subprocess.run(
        ["node", "test/e2e.mjs", "--vsix", str(vsix), "--python", sys.executable, "--out", str(out),
         "--code-server", str(CODE_SERVER), "--chromium", str(CHROMIUM)],
        cwd=EXTENSION, capture_output=True, text=True, timeout=540)  # fmt: skip
    assert run.returncode == 0, f"e2e failed; screenshots and logs in {out}\n{run.stdout}\n{run.stderr}"
    assert (out / "6-applied.png").exists()
