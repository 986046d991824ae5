"""Benchmark sets for `bite eval`: one folder per problem, as in ../shared/devset.

A problem folder holds `slow.<ext>` (the program to speed up), an optional `fast.<ext>` (a reference
solution), `inputs/*.in`, optional `outputs/*.out` and an optional `meta.json` (`argv_per_input` for
programs driven by arguments, `compare` for how outputs are compared). Inputs are split, per problem
and deterministically, into visible ones (which a method may use to verify and time) and hidden ones
(which it never sees; scoring checks and times all of them, or the hidden ones alone).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from bite.project import NoWorkload, Workload, find_workload
from bite.runners import Comparison, Judge, Program, RunnerError, TestInput, language_for_path
from bite.runners.errors import UnknownLanguage

MIN_INPUTS_TO_SPLIT = 3  # fewer: score on all inputs, and flag it in the report


@dataclass
class Problem:
    name: str  # its folder relative to the benchmark root, e.g. "pie_codenet_py/p02952"
    folder: Path
    slow: Path
    fast: Path | None
    language: str
    inputs: list[TestInput]
    comparison: Comparison = field(default_factory=Comparison)

    def program(self, source: str | None = None) -> Program:
        return Program(self.language, self.slow.read_text(encoding="utf-8", errors="surrogateescape")
                       if source is None else source)  # fmt: skip

    def workload(self, inputs: list[TestInput] | None = None) -> Workload:
        """The problem's inputs (or some of them) as a workload, for the engine and the judge."""
        return Workload(self.inputs if inputs is None else inputs, self.name, comparison=self.comparison)

    def split(self) -> tuple[list[TestInput], list[TestInput], bool]:
        """(visible, hidden, split): about half the inputs hidden, chosen by a hash of the problem's and the
        input's names, so every run and every method sees the same split. With too few inputs both lists
        are all of them and `split` is False."""
        if len(self.inputs) < MIN_INPUTS_TO_SPLIT:
            return self.inputs, self.inputs, False
        ranked = sorted(self.inputs, key=lambda t: hashlib.sha256(f"{self.name}/{t.name}".encode()).hexdigest())
        hidden = {t.name for t in ranked[: len(ranked) // 2]}
        return [t for t in self.inputs if t.name not in hidden], [t for t in self.inputs if t.name in hidden], True


def load_problems(root: Path) -> list[Problem]:
    """Every problem under `root` (a problem folder itself, or folders of them), in name order.
    Raises RunnerError naming each folder that is not a usable problem."""
    root = root.resolve()
    if not root.is_dir():
        raise RunnerError(f"{root}: no such benchmark folder")
    folders = sorted({p.parent for p in root.rglob("slow.*") if p.is_file()})
    if not folders:
        raise RunnerError(f"{root}: no problems (folders with a slow.<ext> program)")
    problems, errors = [], []
    for folder in folders:
        try:
            problems.append(load_problem(folder, folder.relative_to(root).as_posix() or folder.name))
        except RunnerError as error:
            errors.append(f"{folder.relative_to(root).as_posix() or folder.name}: {error}")
    if errors:
        raise RunnerError("not a usable benchmark:\n  " + "\n  ".join(errors))
    return problems


def load_problem(folder: Path, name: str) -> Problem:
    slow = _one(folder, "slow")
    if slow is None:
        raise RunnerError("several slow.* files: keep one")
    try:
        language = language_for_path(slow).name
    except UnknownLanguage as error:
        raise RunnerError(str(error)) from None
    if not (folder / "inputs").is_dir():
        raise RunnerError("no inputs/ folder: add inputs/NAME.in files (stdin), with argv_per_input in "
                          "meta.json for programs that read arguments")  # fmt: skip
    try:
        workload = find_workload(slow)
    except NoWorkload:
        raise RunnerError("inputs/ holds no input files") from None
    return Problem(name, folder, slow, _one(folder, "fast"), language, workload.inputs, _comparison(folder))


def _one(folder: Path, stem: str) -> Path | None:
    found = [p for p in folder.glob(f"{stem}.*") if p.is_file() and p.suffix != ".json"]
    return found[0] if len(found) == 1 else None


def _comparison(folder: Path) -> Comparison:
    """meta.json's `compare`: "exact"/"tokens"/"float", or the dev set's prose ("byte-exact", "floats within")."""
    try:
        compare = str(json.loads((folder / "meta.json").read_text()).get("compare", "")).lower()
    except (OSError, ValueError, AttributeError):
        return Comparison()
    if compare in ("exact", "tokens", "float"):
        return Comparison(compare)
    if "exact" in compare:
        return Comparison("exact")
    return Comparison("float") if "float" in compare else Comparison()


def validate(problem: Problem, judge: Judge) -> list[str]:
    """What is wrong with a problem, as messages: an original or a reference that fails its own inputs."""
    found = []
    for label, path in (("slow", problem.slow), ("fast", problem.fast)):
        if path is None:
            continue
        verification = judge.verify(Program.from_file(path), problem.inputs)
        if not verification.ok:
            found.append(f"{problem.name}: {path.name} fails its own inputs: {verification.verdict.value}: "
                         f"{verification.detail[:300]}")  # fmt: skip
    return found


def import_pie(jsonl: Path, tests: Path, out: Path, language: str = "python") -> int:
    """Write PIE-style pairs as problem folders under `out`; returns how many.

    Each line: `src_code`/`tgt_code` (or `code_v0`/`code_v1`, with or without `_no_empty_lines`) and
    `problem_id`; `tests` holds `<problem_id>/input.N.txt` and `output.N.txt` (PIE's public test cases).
    The first pair of each problem is taken."""
    from bite.runners import LANGUAGES

    ext = LANGUAGES[language].extensions[0]
    count = 0
    for number, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise RunnerError(f"{jsonl}:{number}: not JSON: {error}") from None
        slow = _field(row, "src_code", "code_v0_no_empty_lines", "code_v0")
        fast = _field(row, "tgt_code", "code_v1_no_empty_lines", "code_v1")
        pid = row.get("problem_id")
        if slow is None or not pid:
            raise RunnerError(f"{jsonl}:{number}: needs problem_id and src_code (or code_v0)")
        folder = out / str(pid)
        cases = sorted((tests / str(pid)).glob("input.*.txt"))
        if folder.exists() or not cases:
            continue  # a problem already written, or one without test cases
        (folder / "inputs").mkdir(parents=True)
        (folder / "outputs").mkdir()
        for i, case in enumerate(cases):
            (folder / "inputs" / f"{i:03d}.in").write_bytes(case.read_bytes())
            expected = case.with_name(case.name.replace("input.", "output.", 1))
            if expected.is_file():
                (folder / "outputs" / f"{i:03d}.out").write_bytes(expected.read_bytes())
        (folder / f"slow{ext}").write_text(slow, encoding="utf-8")
        if fast is not None:
            (folder / f"fast{ext}").write_text(fast, encoding="utf-8")
        meta = {"problem_id": pid, "source": f"imported from {jsonl.name}", "compare": "float"}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        count += 1
    return count


def _field(row: dict, *names: str) -> str | None:
    return next((row[n] for n in names if isinstance(row.get(n), str)), None)
