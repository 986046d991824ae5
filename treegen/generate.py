"""`bite treegen`: the paper's data engine (section 3.2) over a benchmark folder.

For each program (a problem's slow.<ext>, with its inputs), an optimization tree (Algorithm 1: the
optimizer prompt, children kept when correct and >= 1.10x faster than their parent) and a degradation
tree (Algorithm 2: the degrader prompt, children kept when correct and >= 1.10x slower) are grown by
TreeSearch, each node recorded in the Store as it is judged. Then section 3.3's three programs per
root, slow (the slowest verified degradation), src (the root) and fast (the fastest verified
optimization), give the easy, medium and hard pairs, each with its measured speedup.

Trees run `workers` at a time. Locally each worker thread loads its own models (llama.cpp is not
thread-safe) and the judge's machine-wide timing lock keeps timings apart; with Ray (ray_runtime.py)
generation and judging are remote and only the trees' bookkeeping stays here.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bite.backends import Backend
from bite.benchmarks import Problem, load_problems
from bite.prompts import prompts_hash
from bite.runners import Judge, Program, Speedup
from bite.treegen.engine import judge_for, load_model, search
from bite.treegen.search import Node, SearchConfig
from bite.treegen.store import Store

DIRECTIONS = ("optimize", "degrade")


@dataclass(frozen=True)
class TreegenConfig:
    height: int = 5  # the paper's h
    degree: int = 10  # the paper's m
    directions: tuple[str, ...] = DIRECTIONS
    model_backend: str = "llama"  # llama, transformers, openai or scripted
    optimizer: str | None = None  # the models; None: the default one
    degrader: str | None = None
    temperature: float = 1.0  # the paper's
    max_tokens: int = 2048
    threshold: float = 1.10
    seed: int = 0
    judge_budget: float = 10.0  # seconds of timing per judgement

    def model(self, direction: str) -> str | None:
        return self.optimizer if direction == "optimize" else self.degrader

    def search(self, direction: str, seed: int | None = None) -> SearchConfig:
        """A tree's search: the paper's prompts (P_opti, P_degr) over whole programs, no repairs."""
        return SearchConfig(degree=self.degree, height=self.height, direction=direction, temperature=self.temperature,
                            max_tokens=self.max_tokens, repair=False, seed=seed, prompt="paper",
                            threshold=self.threshold, judge_budget=self.judge_budget)  # fmt: skip


class LocalRuntime:
    """Models and judges in this process; each worker thread loads the models it uses once."""

    def __init__(self, config: TreegenConfig):
        self.config, self._mine = config, threading.local()

    def editor(self, direction: str) -> Backend:
        loaded = self._mine.__dict__.setdefault("editors", {})
        key = self.config.model(direction)
        if key not in loaded:
            loaded[key] = load_model(self.config.model_backend, key, seed=self.config.seed)
        return loaded[key]

    def judge(self, problem: Problem) -> Judge:
        return judge_for(problem.workload(), self.config.search("optimize"))


class Tally:
    """Nodes generated, judged and kept per direction and level, for the progress display."""

    def __init__(self, trees: int):
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.trees, self.trees_done = trees, 0

    def node(self, direction: str, node: Node) -> None:
        with self.lock:
            self.counts[direction, node.depth, "generated"] += 1
            self.counts[direction, node.depth, "judged"] += node.judgement is not None
            self.counts[direction, node.depth, "kept"] += node.verified

    def tree_done(self) -> None:
        with self.lock:
            self.trees_done += 1

    def line(self) -> str:
        with self.lock:
            parts = []
            for direction in DIRECTIONS:
                levels = sorted({d for (dr, d, _) in self.counts if dr == direction})
                if levels:
                    parts.append(direction + " " + " ".join(
                        f"L{d} {self.counts[direction, d, 'generated']}/{self.counts[direction, d, 'judged']}/"
                        f"{self.counts[direction, d, 'kept']}" for d in levels))  # fmt: skip
            return "; ".join(parts) + (" (generated/judged/kept)" if parts else "")


def grow(sources: Path, store: Store, config: TreegenConfig, workers: int = 1, runtime=None,
         on_change: Callable[[Tally], None] | None = None, cancel: threading.Event | None = None) -> Tally:  # fmt: skip
    """Grow every tree not yet done, then choose and measure each root's pairs; resumes what the store has."""
    problems = load_problems(sources)
    store.check_config({**dataclasses.asdict(config), "directions": list(config.directions)})
    runtime = runtime or LocalRuntime(config)
    tally = Tally(len(problems) * len(config.directions))
    tally.trees_done = sum(store.tree_state(p.name, d) == "done" for p in problems for d in config.directions)
    changed = on_change or (lambda t: None)

    def one_root(problem: Problem) -> None:
        for direction in config.directions:
            if store.tree_state(problem.name, direction) != "done":
                _grow_tree(problem, direction, store, runtime, config, tally, changed, cancel)
                tally.tree_done()
                changed(tally)
        if set(DIRECTIONS) <= set(config.directions) and not store.pairs_done(problem.name):
            _choose_pairs(problem, store, runtime.judge(problem), cancel)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="treegen") as pool:
        for done in [pool.submit(one_root, p) for p in problems]:
            done.result()  # the first failure stops the run (its nodes are in the store)
    return tally


def _grow_tree(problem: Problem, direction: str, store: Store, runtime, config: TreegenConfig, tally: Tally,
               changed, cancel) -> None:  # fmt: skip
    editor = runtime.editor(direction)
    source = problem.program().source
    prompts = prompts_hash()
    store.start_tree(problem.name, direction, problem.language, source, editor.model_id, prompts)
    made = store.nodes(problem.name, direction)
    if not made:  # the root is node 0 of the tree, as in the search
        store.add_node(problem.name, direction, Node(0, None, 0, source, source, "root"), editor.model_id, prompts)
    seed = zlib.crc32(f"{config.seed}/{problem.name}/{direction}".encode())  # each tree its own, the same each run

    def on_node(node: Node) -> None:
        store.add_node(problem.name, direction, node, editor.model_id, prompts)
        tally.node(direction, node)
        changed(tally)

    started = time.monotonic()
    result = search(editor, problem.workload(), source, problem.language, config=config.search(direction, seed),
                    judge=runtime.judge(problem), on_node=on_node, cancel=cancel, resume=made)  # fmt: skip
    if result.stopped == "cancelled":
        raise KeyboardInterrupt
    store.finish_tree(problem.name, direction, result.stopped, time.monotonic() - started)


def _choose_pairs(problem: Problem, store: Store, judge: Judge, cancel) -> None:
    """Section 3.3: slow, src and fast of one root, and the easy, medium and hard pairs between them."""
    name = problem.name
    fast = max((n for n in store.nodes(name, "optimize") if n.verified and n.vs_root), default=None,
               key=lambda n: n.vs_root.estimate)  # fmt: skip
    slow = min((n for n in store.nodes(name, "degrade") if n.verified and n.vs_root), default=None,
               key=lambda n: n.vs_root.estimate)  # fmt: skip
    if slow is not None:  # the degradation tree measured slow against the root: src is 1/that faster
        store.add_pair(name, "easy", ("degrade", slow.id), ("degrade", 0), _inverse(slow.vs_root),
                       "degradation tree: node against root, inverted")  # fmt: skip
    if fast is not None:
        store.add_pair(name, "medium", ("optimize", 0), ("optimize", fast.id), fast.vs_root,
                       "optimization tree: node against root")  # fmt: skip
    if slow is not None and fast is not None:
        j = judge.judge(Program(problem.language, slow.source), Program(problem.language, fast.source),
                        problem.inputs, cancel=cancel)  # fmt: skip
        if j.speedup is not None:
            store.add_pair(name, "hard", ("degrade", slow.id), ("optimize", fast.id), j.speedup,
                           "judged: fast against slow")  # fmt: skip
    store.mark_pairs_done(name)


def _inverse(s: Speedup) -> Speedup:
    return Speedup(1 / s.estimate, 1 / s.high, 1 / s.low if s.low > 0 else math.inf, s.rounds)
