"""The one engine entry: the CLI, the server, `bite eval` and `bite treegen` set up a search here and
nowhere else, so the guided search (profile, diagnose, propose, judge) exists once.

    backend = load_model("llama")
    result = search(backend, workload, source, "c", "solve", config=SearchConfig(degree=4, height=2),
                    on_node=print, cancel=event)
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bite.backends import Backend, load_backend
from bite.languages import function_named, qualified_name
from bite.project import Workload
from bite.runners import Judge
from bite.treegen.search import Node, SearchConfig, SearchResult, SearchStats, TreeSearch


def load_model(kind: str, model: str | None = None, *, parallel: bool = False, seed: int | None = None) -> Backend:
    """A model backend; options only some backends have go to them alone: a batch of parallel sequences
    (llama.cpp, transformers), a base seed (llama.cpp)."""
    options = {"parallel": True} if parallel and kind in ("llama", "transformers") else {}
    if kind == "llama" and seed is not None:
        options["seed"] = seed
    return load_backend(kind, model, **options)


def judge_for(workload: Workload, config: SearchConfig) -> Judge:
    """The judge of a workload: its comparison and limits, the search's threshold and timing budget."""
    return Judge(threshold=config.threshold, comparison=workload.comparison, limits=workload.limits,
                 budget=config.judge_budget)  # fmt: skip


def search(
    backend: Backend, workload: Workload, source: str, language: str, function: str | None = None,
    occurrence: int = 0, config: SearchConfig | None = None, *, judge: Judge | None = None,
    on_node: Callable[[Node], None] | None = None, on_progress: Callable[[SearchStats], None] | None = None,
    cancel: threading.Event | None = None, resume: list[Node] | None = None,
) -> SearchResult:  # fmt: skip
    """Search for faster (or, degrading, slower) versions of `function` in `source` (None: the profile's
    hottest function of a whole program) on the workload; verified nodes stream to `on_node` as they come.
    `judge`: one to use instead of the workload's (Ray's remote judges)."""
    config = config or SearchConfig()
    if function is not None:  # a Python project's command is timed on this function, not on the whole process
        workload = workload.timing(qualified_name(source, language, function_named(source, language, function,
                                                                                   occurrence)))
    tree = TreeSearch(backend, judge or judge_for(workload, config), config, on_node, on_progress, cancel)
    return tree.run(source, language, function, workload.inputs, workload.flags, occurrence, resume, workload.project,
                    workload.interpreter)  # fmt: skip
