"""Workloads: the inputs a program is verified and timed on."""

from __future__ import annotations

import glob
import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import RunnerError


@dataclass(frozen=True)
class TestInput:
    name: str
    stdin: bytes = b""
    argv: tuple[str, ...] = ()
    expected: bytes | None = None  # when absent, the original's output is the reference

    __test__ = False  # not a pytest test class, despite the name


def load_inputs(inputs: str | None, expected: str | None = None, argv: list[str] | None = None) -> list[TestInput]:
    """Inputs from a directory of *.in files or a glob, optionally paired by index with argv strings.

    With `expected`, each input NAME.in takes NAME.out (or NAME) from that directory.
    """
    argv = argv or []
    files: list[Path] = []
    if inputs:
        path = Path(inputs)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            files = sorted(Path(p) for p in glob.glob(inputs) if Path(p).is_file())
        if not files:
            raise RunnerError(f"no inputs found at {inputs}")
    if files and argv and len(argv) != len(files):
        raise RunnerError(f"{len(argv)} --argv values for {len(files)} input files: give one per input, or none")
    if not files and not argv:
        raise RunnerError("no inputs: give --inputs DIR|GLOB and/or --argv ARGS")
    count = max(len(files), len(argv))
    result = []
    for i in range(count):
        file = files[i] if files else None
        name = file.name if file else f"argv{i + 1}"
        result.append(
            TestInput(
                name=name,
                stdin=file.read_bytes() if file else b"",
                argv=tuple(shlex.split(argv[i])) if argv else (),
                expected=_expected_for(Path(expected), file, name) if expected else None,
            )
        )
    return result


def _expected_for(directory: Path, file: Path | None, name: str) -> bytes:
    if not directory.is_dir():
        raise RunnerError(f"{directory}: expected-output directory not found")
    stem = file.stem if file else name
    for candidate in (directory / f"{stem}.out", directory / stem, directory / f"{name}.out"):
        if candidate.is_file():
            return candidate.read_bytes()
    raise RunnerError(f"no expected output for input {name} in {directory} (looked for {stem}.out)")
