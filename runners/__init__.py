"""bite.runners: the judge. Build, sandbox, verify and time programs in C, C++, Go, Java and Python.

This is the bottom layer of bite: it imports nothing else of bite's.

    from bite.runners import Judge, Program, load_inputs
    judgement = Judge().judge(Program.from_file("slow.c"), Program.from_file("fast.c"), load_inputs("inputs/"))
    judgement.decision   # "faster", "not_faster" or "incorrect"
    judgement.speedup    # Speedup(estimate, low, high, rounds)

A file inside a project is a Program with a Project: built and run with the project around it (project.py).
"""

from .build import Build, Program
from .compare import Comparison
from .errors import CandidateFailed, OriginalFailed, RunnerError, ToolchainMissing, UnknownLanguage
from .judge import Cancelled, InputResult, Judge, Judgement, Verdict, Verification
from .languages import LANGUAGES, Language, language_for_path
from .project import DEFAULT_IGNORE, Project
from .sandbox import Limits, RunResult, Sandbox
from .stats import Speedup
from .workload import TestInput, load_inputs

__all__ = [
    "DEFAULT_IGNORE", "LANGUAGES", "Build", "CandidateFailed", "Cancelled", "Comparison", "InputResult", "Judge",
    "Judgement", "Language", "Limits", "OriginalFailed", "Program", "Project", "RunResult", "RunnerError", "Sandbox",
    "Speedup", "TestInput", "ToolchainMissing", "UnknownLanguage", "Verdict", "Verification", "language_for_path",
    "load_inputs",
]  # fmt: skip
