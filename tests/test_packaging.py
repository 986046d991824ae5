"""Every package folder is in pyproject's explicit package list: editable installs hide a missing one."""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping, listed = tool["package-dir"], set(tool["packages"])
    found = set()
    for name, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            if all(part.isidentifier() for part in relative.parts):  # not examples/projects/python-pkg/.venv/...
                found.add(".".join([name, *relative.parts]))
    assert found == listed


@pytest.mark.timeout(900)
def test_the_wheel_runs_the_demo_in_a_fresh_venv(tmp_path):
    """What a user gets from `pip install bite`: the bundled examples and exemplars are in the wheel, and
    `bite demo` runs its whole flow (scripted, no model) outside the source tree."""
    import subprocess
    import sys

    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(wheels)],
                   check=True, capture_output=True)  # fmt: skip
    (wheel,) = wheels.glob("bite-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True)
    done = subprocess.run([str(venv / "bin" / "bite"), "demo", "--backend", "scripted"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "+    std::sort(sorted.begin(), sorted.end());" in done.stdout and "x faster (95% CI" in done.stdout
    assert "accelerating count_distinct:" in done.stderr  # plain progress lines: stderr is not a terminal
