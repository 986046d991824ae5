"""Tree editing (the paper's Algorithm 1, and Algorithm 2 with direction="degrade") as a search engine.

Breadth-first, level by level up to height h: each parent asks the model for m children; each
child is the parent's program with one function rewritten (or the whole program, as in the paper
and in `bite eval`, when no function is named), judged against its parent, and kept
only if it is correct and significantly >= 1.10x faster (or slower, when degrading). Kept nodes
become the next level's parents.

Beyond the paper, a child that does not compile or gives a wrong answer gets one repair attempt
from its feedback (CodeRefine style); the repaired child is judged like any other.

Scheduling on two cores: a candidate is judged as soon as it is generated, and the next one is
generated only after, so generation and timing never share the CPU, and the first verified
proposal comes as early as possible.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bite.backends import Backend
from bite.languages import function_named, has_syntax_errors, normalized, splice
from bite.prompts import code_blocks, prompt_for, repair_prompt
from bite.runners import Cancelled, Judge, Judgement, Program, Speedup, TestInput, Verdict
from bite.runners.errors import OriginalFailed


@dataclass
class SearchConfig:
    degree: int = 4  # m: children asked per parent
    height: int = 2  # h: levels below the root
    direction: str = "optimize"  # or "degrade" (Algorithm 2)
    temperature: float = 0.7
    max_tokens: int = 1024
    time_budget: float | None = None  # seconds for the whole search
    candidate_budget: int | None = None  # model replies, repairs included
    repair: bool = True
    seed: int | None = None  # sampling seeds derived from it per parent: a resumed tree asks for the same children


@dataclass
class Node:
    id: int
    parent: int | None
    depth: int
    source: str  # the whole program
    function: str  # the rewritten function as it stands in `source`
    status: str  # "root", "verified" or a pruning reason: no_code, parse_error, duplicate, incorrect, not_faster...
    detail: str = ""
    judgement: Judgement | None = None  # against the parent
    vs_root: Speedup | None = None  # for verified nodes
    repaired: bool = False
    tokens: int = 0
    generation_seconds: float = 0.0

    @property
    def verified(self) -> bool:
        return self.status == "verified"


@dataclass
class SearchStats:
    planned: int = 0  # model replies the search means to ask for so far (m per parent; repairs not counted)
    generated: int = 0
    judged: int = 0
    verified: int = 0
    best: Speedup | None = None
    message: str = ""


@dataclass
class SearchResult:
    nodes: list[Node]
    best: Node | None
    stopped: str  # "done", "time budget", "candidate budget", "cancelled"
    stats: SearchStats = field(default_factory=SearchStats)

    @property
    def root(self) -> Node:
        return self.nodes[0]

    def reasons(self) -> Counter:
        """Why children were pruned, by reason."""
        return Counter(n.status for n in self.nodes[1:] if not n.verified)


class _Stop(Exception):
    def __init__(self, why: str):
        self.why = why


class TreeSearch:
    def __init__(
        self, backend: Backend, judge: Judge, config: SearchConfig | None = None,
        on_node: Callable[[Node], None] | None = None, on_progress: Callable[[SearchStats], None] | None = None,
        cancel: threading.Event | None = None,
    ):  # fmt: skip
        self.backend, self.judge, self.config = backend, judge, config or SearchConfig()
        self.on_node = on_node or (lambda node: None)
        self.on_progress = on_progress or (lambda stats: None)
        self.cancel = cancel

    def run(
        self, source: str, language: str, function_name: str | None, inputs: list[TestInput],
        flags: tuple[str, ...] | None = None, occurrence: int = 0, resume: list[Node] | None = None,
    ) -> SearchResult:  # fmt: skip
        """Search for rewrites of `function_name` in `source` (built with `flags`, None for the defaults);
        `occurrence` picks among functions of that name (see languages.function_named). With no
        function name, the whole program is rewritten. `resume`: the nodes an interrupted run of the same
        tree had made (ids 0..k-1, the root first); parents ask only for the children they still lack.
        Raises OriginalFailed if the program does not work on its own inputs, NoFunction if the function
        is not there."""
        cfg = self.config
        self.language, self.name, self.inputs, self.flags = language, function_name, inputs, flags
        self.occurrence = occurrence  # splicing replaces only the target, so its index holds in every node
        self.started = time.monotonic()
        self.stats = SearchStats()
        function = function_named(source, language, function_name, occurrence).block if function_name else source
        root = Node(0, None, 0, source, function, "root")
        self.nodes, self.seen = [root], {normalized(function)}
        self._resume((resume or [])[1:])
        stopped = "done"
        level = [root]
        try:
            self.judge.reference(self._program(source), inputs, self.cancel)  # raises when the original fails
            for _ in range(cfg.height):
                next_level = []
                self.stats.planned += cfg.degree * len(level)
                for parent in level:
                    next_level += self._expand(parent)
                if not next_level:
                    break
                level = next_level
        except _Stop as stop:
            stopped = stop.why
        except Cancelled:
            stopped = "cancelled"
        best = self._best()
        return SearchResult(self.nodes, best, stopped, self.stats)

    def _resume(self, nodes: list[Node]) -> None:
        for node in nodes:
            if node.id != len(self.nodes):
                raise ValueError(f"resumed nodes must be numbered 0..k-1 in order, not {node.id} at {len(self.nodes)}")
            self.nodes.append(node)
            judged = node.status not in ("no_code", "parse_error", "duplicate")
            if judged:  # its code was new to the tree then: a copy of it is a duplicate now too
                self.seen.add(normalized(node.function))
            self.stats.generated += 1
            self.stats.judged += judged
            self.stats.verified += node.verified

    def _program(self, source: str) -> Program:
        return Program(self.language, source, self.flags)

    def _best(self) -> Node | None:
        verified = [n for n in self.nodes if n.verified and n.vs_root is not None]
        if not verified:
            return None
        sign = 1 if self.config.direction == "optimize" else -1
        return max(verified, key=lambda n: sign * n.vs_root.estimate)

    def _check_budgets(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled")
        budget = self.config.time_budget
        if budget is not None and time.monotonic() - self.started > budget:
            raise _Stop("time budget")
        limit = self.config.candidate_budget
        if limit is not None and self.stats.generated >= limit:
            raise _Stop("candidate budget")

    def _seed(self, node: int, done: int = 0) -> int | None:
        """The sampling seed of the children of `node` from the done-th on (None: unseeded)."""
        base = self.config.seed
        return None if base is None else (base * 1_000_003 + node * 7_919 + done) & 0x7FFFFFFF

    def _generate(self, prompt: str, n: int, seed: int | None = None):
        cfg = self.config
        replies = self.backend.generate(prompt, n, temperature=cfg.temperature, max_tokens=cfg.max_tokens,
                                        cancel=self.cancel, seed=seed)  # fmt: skip
        while True:
            self._check_budgets()
            self._say("generating")
            reply = next(replies, None)
            if reply is None:
                return
            self.stats.generated += 1
            yield reply

    def _expand(self, parent: Node) -> list[Node]:
        title = self._program(parent.source).lang.title
        earlier = [n for n in self.nodes if n.parent == parent.id]  # made before a resume
        kept = [n for n in earlier if n.verified]
        done = sum(not n.repaired for n in earlier)
        prompt = prompt_for(self.config.direction, title, parent.source)
        for reply in self._generate(prompt, self.config.degree - done, self._seed(parent.id, done)):
            child = self._child(parent, reply)
            if child.status == "incorrect" and self.config.repair:
                fixed = self._repair(parent, child, title)
                child = fixed or child
            if child.verified:
                kept.append(child)
        return kept

    def _repair(self, parent: Node, broken: Node, title: str) -> Node | None:
        cand = broken.judgement.candidate
        problem = {"compile_error": "it does not compile",
                   "wrong_output": "it gives a different output"}.get(cand.verdict.value)  # fmt: skip
        if problem is None:  # crashes, timeouts and limits are not repaired
            return None
        prompt = repair_prompt(title, parent.source, broken.function, problem, self._feedback(broken))
        for reply in self._generate(prompt, 1, self._seed(broken.id, 1 << 20)):
            return self._child(parent, reply, repaired=True)
        return None

    def _feedback(self, node: Node) -> str:
        judgement = node.judgement
        cand = judgement.candidate
        if cand.verdict is Verdict.COMPILE_ERROR:
            return "Compiler message:\n" + cand.results[0].detail[:1500]
        for i, result in enumerate(cand.results):
            if result.verdict is Verdict.WRONG_OUTPUT:
                stdin = self.inputs[i].stdin.decode(errors="replace")
                expected = judgement.original.outputs[i].decode(errors="replace")
                actual = cand.outputs[i].decode(errors="replace")
                return (f"On this input:\n{_clip(stdin)}\nthe original prints:\n{_clip(expected)}\n"
                        f"but the rewrite prints:\n{_clip(actual)}")  # fmt: skip
        return cand.detail

    def _child(self, parent: Node, reply, repaired: bool = False) -> Node:
        node = Node(len(self.nodes), parent.id, parent.depth + 1, parent.source, "", "no_code", repaired=repaired,
                    tokens=reply.tokens, generation_seconds=reply.seconds)  # fmt: skip
        self.nodes.append(node)
        rewritten = self._rewritten(parent.source, code_blocks(reply.text))
        if rewritten is None:
            what = f"function named {self.name}" if self.name else "code"
            return self._pruned(node, "no_code", f"the reply holds no {what}")
        node.source, node.function = rewritten
        # tree-sitter misreads some code that compiles (C macros used as statements): only a parse error the
        # parent did not have prunes; the compiler decides the rest
        if has_syntax_errors(node.source, self.language) and not has_syntax_errors(parent.source, self.language):
            return self._pruned(node, "parse_error", "the rewritten program does not parse")
        key = normalized(node.function)
        if key in self.seen:
            return self._pruned(node, "duplicate", "same as a program already in the tree")
        self.seen.add(key)

        self._check_budgets()
        self._say(f"judging candidate {node.id}")
        parent_program, child_program = self._program(parent.source), self._program(node.source)
        direction = self.config.direction
        try:
            judgement = self.judge.judge(parent_program, child_program, self.inputs, cancel=self.cancel,
                                         direction=direction)  # fmt: skip
        except OriginalFailed as error:  # the parent failed while being timed again: a flaky parent
            return self._pruned(node, "flaky_parent", str(error))
        node.judgement = judgement
        self.stats.judged += 1
        if not judgement.correct:
            return self._pruned(node, "incorrect", f"{judgement.candidate.verdict.value}: {judgement.candidate.detail}")
        if judgement.decision not in ("faster", "slower"):
            return self._pruned(node, judgement.decision, f"{judgement.speedup.estimate:.2f}x against its parent")
        node.status = "verified"
        node.vs_root = judgement.speedup
        if node.depth > 1:  # the proposal's title is its speedup over the user's code: measure that
            root = self._program(self.nodes[0].source)
            node.vs_root = self.judge.judge(root, child_program, self.inputs, cancel=self.cancel,
                                            direction=direction).speedup  # fmt: skip
        self.stats.verified += 1
        best = self._best()
        self.stats.best = best.vs_root if best else None
        self.on_node(node)
        self._say(f"candidate {node.id} verified: {node.vs_root.estimate:.2f}x")
        return node

    def _rewritten(self, source: str, blocks: list[str]) -> tuple[str, str] | None:
        """The child's program and its rewritten part, from the reply's code blocks; None if none fits."""
        if not self.name:
            program = whole_program(blocks, self.language)
            return (program, program) if program is not None else None
        for block in blocks:
            try:
                rewritten = function_named(block, self.language, self.name)
            except Exception:  # the block does not parse into this function
                continue
            target = function_named(source, self.language, self.name, self.occurrence)
            child = splice(source, target, rewritten.block)
            return child, function_named(child, self.language, self.name, self.occurrence).block
        return None

    def _pruned(self, node: Node, status: str, detail: str) -> Node:
        node.status, node.detail = status, detail
        self.on_node(node)
        self._say(f"candidate {node.id}: {status}")
        return node

    def _say(self, message: str) -> None:
        self.stats.message = message
        self.on_progress(self.stats)


def whole_program(blocks: list[str], language: str) -> str | None:
    """A reply's rewrite of a whole program: its first code block that parses, else its first block."""
    if not blocks:
        return None
    return next((b for b in blocks if not has_syntax_errors(b, language)), blocks[0]) + "\n"


def _clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit] + "\n...(cut)"
