"""Tree editing (the paper's Algorithm 1, and Algorithm 2 with direction="degrade") as a search engine.

Breadth-first, level by level up to height h: each parent asks the model for m children (and, when a
level verifies nothing and a time budget is left, m more each, until it does or the budget ends); each
child is the parent's program with one function rewritten (or the whole program, as in the paper,
when no function is named and the profile names none), judged against its parent, and kept only if
it is correct and significantly >= 1.10x faster (or slower, when degrading). Before a faster child is
offered, a fresh, fixed block of rounds (as many as its judgement took) times it against the user's
original (Judge.confirm): its figure is the one shown, and a child it does not confirm is pruned as
"unconfirmed", so neither the judge's repeated looks nor the best of many candidates inflates what is
offered. Kept nodes become the next level's parents: the search goes deeper only from verified nodes.

Guided by evidence (beyond the paper): before a parent is expanded, it is profiled on the workload
(bite.profiling) and diagnosed (bite.diagnosis), and its children are asked for with a mix of prompts
over a small temperature ladder (wide before deep): diagnosis-guided (P_opti + where the time goes +
likely causes), exemplar-guided (with a worked example too), the paper's bare P_opti, and profile-only.
A whole program (`bite eval`) is accelerated through its hottest function, or through the caller whose loop
calls that function again and again over data it does not change (bite.diagnosis.helpers).

Before the model is asked, a parent's fix-its (bite.diagnosis.fixits: the detectors' mechanical rewrites) are
judged as children of their own: no tokens, one judgement each, for whole programs or their main only.

A child that fails for want of an import its compiler (or Python's traceback) names is judged again with it
(bite.imports): no tokens. With `repair` (off by default: fresh tries verify far more often), one that still does
not compile or gives a wrong answer gets one repair attempt from its feedback (CodeRefine style), after its
parent's m fresh children or, in a search with a time budget, once its parent has tried every kind of the mix;
the repaired child is judged like any other.

Scheduling on two cores: a candidate is judged as soon as it is generated, and the next one is
generated only after, so generation and timing never share the CPU, and the first verified
proposal comes as early as possible. A backend that batches (llama.cpp with parallel=True) gets a parent's
children as one batch of their own prompts instead; its replies are judged in the plan's order.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bite.backends import Ask, Backend
from bite.declarations import fix_declarations
from bite.diagnosis import Exemplar, Finding, diagnose, guidance, similarity
from bite.diagnosis.fixits import fixits
from bite.diagnosis.helpers import rescanning_caller
from bite.imports import fix_imports
from bite.languages import (
    Function, function_named, functions, has_syntax_errors, normalized, occurrence, parse,
)
from bite.profiling import Profile, profile_program
from bite.prompts import code_blocks, guided_prompt, prompt_for, repair_prompt, unmarked
from bite.runners import Cancelled, Judge, Judgement, Program, Project, RunnerError, Speedup, TestInput, Verdict
from bite.runners.errors import CandidateFailed, OriginalFailed
from bite.splicing import line_edits, splice_reply

# Generation stops at the end of the reply's first code block: what a small model writes after it (an explanation,
# a second copy) is a sixth of its tokens, and code_blocks() reads the block without its closing fence.
# An opening fence carries the language's tag ("```cpp"), which the answer format asks for.
CLOSING_FENCE = "\n```\n"
PROMPTS = ("mixed", "exemplars", "diagnosis", "profile", "paper")
# A level's mix of prompt kinds, cycled (and warmed by 0.2 a cycle) when a parent asks for more children than there
# are kinds. Ordered by what each kind verified over three dev-set runs (default model, m=2): diagnosis 13 of 139
# candidates, exemplars 8 of 156, paper 3 of 79, profile 1 of 92. Every kind's first try is at the temperature
# asked for: the exemplar-guided one, when 0.3 cooler, came back as a copy of a program already in the tree in 21
# of its 46 tries (head35, against 5 of 49 diagnosis-guided ones at 0.7), and the paper's, 0.2 warmer, gave a
# broken or wrong whole program in 28 of 32.
MIX = ("diagnosis", "exemplars", "paper", "profile")
# The warming stops here: over four dev-set runs (head28-31), fresh tries at 1.0-1.2 verified 1 of 135, against
# 53 of 719 at 0.4-0.9. (The warm ones come late, on problems where the first tries failed, so part of the gap is
# the problems'.)
WARMEST = 0.9


@dataclass
class SearchConfig:
    degree: int = 4  # m: children asked per parent
    height: int = 2  # h: levels below the root
    direction: str = "optimize"  # or "degrade" (Algorithm 2)
    temperature: float = 0.7
    max_tokens: int = 1024
    time_budget: float | None = None  # seconds for the whole search
    candidate_budget: int | None = None  # model replies, repairs included
    # Model tokens for the whole search, looked at between replies: unlike seconds, the same on a faster machine.
    token_budget: int | None = None
    # Off by default: over three dev-set runs a small model's repairs verified 1 of 122 (33 of compile errors,
    # 89 of wrong outputs, 35 of which handed the parent back), its fresh tries 43 of 578, at the same tokens each.
    repair: bool = False
    seed: int | None = None  # sampling seeds derived from it per parent: a resumed tree asks for the same children
    prompt: str = "mixed"  # one of PROMPTS: every child with that kind, or the mix (degrading: always "paper")
    threshold: float = 1.10  # the judge's rule: significantly this much faster (or slower)
    judge_budget: float = 30.0  # seconds of timing per judgement
    profile_budget: float = 15.0  # seconds for profiling a parent (the first input, then a costlier one if it fits)
    refine_levels: int | None = None  # stop this many levels after the first verified node (None: go to height)
    exemplar_store: str | None = None  # a treegen store whose verified edits serve as worked examples too
    fixits: bool = True  # with the mixed prompts: judge the detectors' mechanical fixes before asking the model

    def __post_init__(self):
        if self.prompt not in PROMPTS:
            raise ValueError(f"prompt must be one of {', '.join(PROMPTS)}, not {self.prompt!r}")

    @property
    def budgeted(self) -> bool:
        """Whether a budget (seconds or tokens) ends the search: then a level that verifies nothing asks for more."""
        return self.time_budget is not None or self.token_budget is not None

    @property
    def mixing(self) -> bool:
        """Whether a level mixes the kinds of MIX (degrading always asks with the paper's prompt)."""
        return self.prompt == "mixed" and self.direction == "optimize"


@dataclass
class Node:
    id: int
    parent: int | None
    depth: int
    source: str  # the whole program
    function: str  # the rewritten function as it stands in `source` (the whole program, when that was rewritten)
    status: str  # "root", "verified" or a pruning reason: no_code, parse_error, duplicate, incorrect, not_faster...
    detail: str = ""
    judgement: Judgement | None = None  # against the parent
    vs_root: Speedup | None = None  # for verified nodes
    repaired: bool = False
    tokens: int = 0
    generation_seconds: float = 0.0
    prompt: str = ""  # what made it: one of PROMPTS but "mixed", "repair", or "fixit:<id>" (bite.diagnosis.fixits)
    temperature: float | None = None
    # what bite.imports and bite.declarations added (+) or removed (-) so it builds: "+#include <vector>", "+int k2"
    build_fixes: list[str] = field(default_factory=list)
    others: bool = False  # a whole program's child with the reply's changes to other definitions (_judged)

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def outcome(self) -> str:
        """The status, with "incorrect" told apart by the judge's verdict (compile_error, wrong_output,
        runtime_error, timeout, ...)."""
        if self.status == "incorrect" and self.judgement is not None:
            return self.judgement.candidate.verdict.value
        return self.status


@dataclass
class Evidence:
    """What a parent's children are asked with: the function to rewrite, its profile and diagnoses."""

    target: Function | None  # None: the whole program
    profile: Profile | None
    findings: list[Finding]
    exemplars: list[Exemplar]


@dataclass
class SearchStats:
    planned: int = 0  # model replies the search means to ask for so far (m per parent; repairs not counted)
    generated: int = 0
    tokens: int = 0  # of the replies generated
    judged: int = 0
    verified: int = 0
    best: Speedup | None = None
    message: str = ""


@dataclass
class SearchResult:
    nodes: list[Node]
    best: Node | None
    stopped: str  # "done", "time budget", "token budget", "candidate budget", "cancelled"
    stats: SearchStats = field(default_factory=SearchStats)
    evidence: Evidence | None = None  # the root's

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
        project: Project | None = None, interpreter: str | None = None,
    ) -> SearchResult:  # fmt: skip
        """Search for rewrites of `function_name` in `source` (built with `flags`, None for the defaults);
        `occurrence` picks among functions of that name (see languages.function_named). With no
        function name, the profile's hottest function is rewritten, else the whole program. `resume`: the
        nodes an interrupted run of the same tree had made (ids 0..k-1, the root first); parents ask only
        for the children they still lack. `project`, `interpreter`: as bite.runners.Program takes them (a
        file judged inside its project; a project's Python). Raises OriginalFailed if the program does not
        work on its own inputs, NoFunction if the function is not there."""
        cfg = self.config
        self.language, self.name, self.inputs, self.flags = language, function_name, inputs, flags
        self.project, self.interpreter = project, interpreter
        self.occurrence = occurrence  # splicing replaces only the target, so its index holds in every node
        self.started = time.monotonic()
        self.stats = SearchStats()
        function = function_named(source, language, function_name, occurrence).block if function_name else source
        root = Node(0, None, 0, source, function, "root")
        self.nodes, self.seen = [root], {normalized(source)}
        self._evidence: dict[str, Evidence] = {}
        self._edits = None  # the exemplar store's verified edits, read once
        self._broken: dict[int, list[tuple[Node, Function | None]]] = {}  # per parent: failed children to repair
        self._resume((resume or [])[1:])
        stopped = "done"
        level = [root]
        try:
            self.judge.reference(self._program(source), inputs, self.cancel)  # raises when the original fails
            for depth in range(1, cfg.height + 1):
                next_level, width = [], 0
                while not next_level:
                    width += 1
                    self.stats.planned += cfg.degree * len(level)
                    made = len(self.nodes)
                    for parent in level:
                        next_level += self._expand(parent, cfg.degree * width)
                        if next_level and cfg.refine_levels is not None:
                            break  # quick: refine the first verified node rather than widen
                    # Nothing verified: while time is left, the same parents ask for m more children each (the
                    # mix goes on, warmer), instead of ending the search with the budget unspent. A quick search
                    # that has a proposal already refines it one round per level, not until the budget ends.
                    refining = cfg.refine_levels is not None and self.stats.verified > 0
                    if not cfg.budgeted or len(self.nodes) == made or refining:
                        break
                if not next_level:
                    break
                first = min(n.depth for n in self.nodes if n.verified)
                if cfg.refine_levels is not None and depth >= first + cfg.refine_levels:
                    break
                level = next_level
        except _Stop as stop:
            stopped = stop.why
        except Cancelled:
            stopped = "cancelled"
        return SearchResult(self.nodes, self._best(), stopped, self.stats, self._evidence.get(source))

    def _resume(self, nodes: list[Node]) -> None:
        for node in nodes:
            if node.id != len(self.nodes):
                raise ValueError(f"resumed nodes must be numbered 0..k-1 in order, not {node.id} at {len(self.nodes)}")
            self.nodes.append(node)
            judged = node.status not in ("no_code", "parse_error", "duplicate")
            if judged:  # its code was new to the tree then: a copy of it is a duplicate now too
                self.seen.add(normalized(node.source))
            self.stats.generated += 1
            self.stats.tokens += node.tokens
            self.stats.judged += judged
            self.stats.verified += node.verified

    def _program(self, source: str) -> Program:
        return Program(self.language, source, self.flags, self.project, self.interpreter)

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
        tokens = self.config.token_budget
        if tokens is not None and self.stats.tokens >= tokens:
            raise _Stop("token budget")

    def _seed(self, node: int, done: int = 0) -> int | None:
        """The sampling seed of the children of `node` from the done-th on (None: unseeded)."""
        base = self.config.seed
        return None if base is None else (base * 1_000_003 + node * 7_919 + done) & 0x7FFFFFFF

    def _generate(self, prompt: str, temperature: float, seed: int | None = None,
                  until: Callable[[str], bool] | None = None):  # fmt: skip
        """One reply, or None when the backend has none left."""
        return next(self._generate_each([Ask(prompt, temperature, seed, until)]), None)

    def _generate_each(self, asks: list[Ask]):
        """A reply per ask, in order (None when the backend has none left), each after a check of the budgets:
        one after another, so a reply is judged before the next is generated, or as one batch where the backend
        batches (llama.cpp's parallel sequences)."""
        self._check_budgets()
        self._say("generating")
        replies = self.backend.generate_each(asks, max_tokens=self.config.max_tokens, stop=[CLOSING_FENCE],
                                             cancel=self.cancel)  # fmt: skip
        for i, reply in enumerate(replies):
            if reply is None:
                yield None
                return
            self.stats.generated += 1
            self.stats.tokens += reply.tokens
            yield reply  # a reply that ran past the budget is still judged: it cost the most
            if i + 1 < len(asks):
                self._check_budgets()
                self._say("generating")

    def plan(self, count: int | None = None) -> list[tuple[str, float]]:
        """(prompt kind, temperature) of the first `count` (default m) children a parent asks for."""
        cfg = self.config
        count = cfg.degree if count is None else count
        if not cfg.mixing:
            kind = "paper" if cfg.direction == "degrade" else cfg.prompt
            return [(kind, cfg.temperature)] * count
        warmest = max(cfg.temperature, WARMEST)  # a warmer start than WARMEST, asked for, is kept
        return [(MIX[i % len(MIX)], _clamp(min(cfg.temperature + 0.2 * (i // len(MIX)), warmest)))
                for i in range(count)]  # fmt: skip

    def _expand(self, parent: Node, upto: int | None = None) -> list[Node]:
        """The parent's children up to the `upto`-th (default m), then one repair for each one that failed.
        Fresh samples come first (wide before deep): with the mixed prompts and a time budget to widen with,
        the repairs wait until the parent has tried every kind of the mix, since a small model's repairs verify
        far less often than its fresh tries (1 of 85 against 25 of 466 over three dev-set runs)."""
        earlier = [n for n in self.nodes if n.parent == parent.id]  # made before a resume
        kept = [n for n in earlier if n.verified]
        if not any(n.prompt.startswith("fixit") for n in earlier):
            kept += [n for n in self._fixits(parent) if n.verified]
            if kept and self.config.refine_levels is not None:
                return kept
        done = sum(not n.repaired and not n.prompt.startswith("fixit") for n in earlier)
        broken = self._broken.setdefault(parent.id, [])
        plan = self.plan(upto)
        asked, asks = [], []  # (kind, temperature, target) and what the model is asked, per child still to make
        for i, (kind, temperature) in enumerate(plan[done:], start=done):
            evidence = self._evidence_for(parent) if kind != "paper" else None
            target = evidence.target if evidence else self._named_target(parent.source)
            asked.append((kind, temperature, target))
            asks.append(Ask(self._prompt(parent, kind, evidence), temperature, self._seed(parent.id, i),
                            self._repeating(parent, target)))  # fmt: skip
        for (kind, temperature, target), reply in zip(asked, self._generate_each(asks)):
            if reply is None:
                break
            child = self._child(parent, reply, target, kind, temperature)
            if child.verified:
                kept.append(child)
                if self.config.refine_levels is not None:
                    return kept
            elif child.status == "incorrect" and self.config.repair:
                broken.append((child, target))
        widens = self.config.budgeted  # a level that verifies nothing asks for more (run)
        if self.config.mixing and widens and len(plan) < len(MIX):
            return kept  # kinds of the mix still untried: they come before any repair
        while broken:
            child, target = broken.pop(0)
            fixed = self._repair(parent, child, target)
            if fixed is not None and fixed.verified:
                kept.append(fixed)
                if self.config.refine_levels is not None:
                    break
        return kept

    def _fixits(self, parent: Node) -> list[Node]:
        """The parent's children from fix-its: no tokens, one judgement each. For a function the user asked for
        (other than main), only those that change nothing else but add lines (an import, a field, a package-level
        variable), as a model's reply may."""
        cfg = self.config
        if not cfg.fixits or not cfg.mixing:
            return []
        target = self._named_target(parent.source) if self.name not in (None, "main") else None
        children = []
        for id, source in fixits(parent.source, self.language, diagnose(parent.source, self.language)):
            function = source
            if target is not None:
                if not _only_within(parent.source, source, target, self.language):
                    continue
                function = function_named(source, self.language, self.name, self.occurrence).block
            self._check_budgets()
            node = Node(len(self.nodes), parent.id, parent.depth + 1, source, function, "no_code",
                        prompt=f"fixit:{id}")  # fmt: skip
            self.nodes.append(node)
            children.append(self._judged(parent, node))
        return children

    def _prompt(self, parent: Node, kind: str, evidence: Evidence | None) -> str:
        title = self._program(parent.source).lang.title
        if evidence is None:
            return prompt_for(self.config.direction, title, parent.source)
        target = evidence.target
        lines = (target.start_line + 1, target.end_line + 1) if target else None
        return guided_prompt(title, parent.source, target.name if target else None, lines, evidence.profile,
                             evidence.findings if kind in ("diagnosis", "exemplars") else (),
                             evidence.exemplars if kind == "exemplars" else ())  # fmt: skip

    def _named_target(self, source: str) -> Function | None:
        return function_named(source, self.language, self.name, self.occurrence) if self.name else None

    def _evidence_for(self, parent: Node) -> Evidence:
        """The parent profiled and diagnosed, once per program."""
        if parent.source in self._evidence:
            return self._evidence[parent.source]
        self._say("profiling")
        profile = profile_program(self._program(parent.source), self.inputs, self.judge,
                                  self.config.profile_budget, self.cancel)  # fmt: skip
        self._check_budgets()
        target = self._named_target(parent.source)
        if target is None:  # a whole program: rewrite where its time goes
            target = _hottest(parent.source, self.language, profile)
        code = target.text if target else parent.source
        findings, exemplars = guidance(parent.source, self.language, profile, target.name if target else None, code)
        if self.config.exemplar_store:  # BiTE's trees serve twice: as training data, and as worked examples
            own = [e for e in exemplars if e.detector in {f.detector.id for f in findings}]
            exemplars = (own + self._retrieved(code))[:2] or exemplars
        evidence = self._evidence[parent.source] = Evidence(target, profile, findings, exemplars)
        return evidence

    def _retrieved(self, code: str) -> list:
        """The store's verified edits most like `code`, for the exemplar-guided prompt."""
        from bite.treegen.store import Store  # the store module builds on this one

        if self._edits is None:
            path = Path(self.config.exemplar_store)
            if not path.is_file():
                raise RunnerError(f"{path}: no treegen store there (make one with `bite treegen`)")
            store = Store(path)
            self._edits = store.verified_edits(self.language)
            store.close()
        return sorted(self._edits, key=lambda e: -similarity(code, e.slow))[:2]

    def _repair(self, parent: Node, broken: Node, target: Function | None) -> Node | None:
        cand = broken.judgement.candidate
        problem = {"compile_error": "it does not compile",
                   "wrong_output": "it gives a different output"}.get(cand.verdict.value)  # fmt: skip
        if problem is None:  # crashes, timeouts and limits are not repaired
            return None
        title = self._program(parent.source).lang.title
        prompt = repair_prompt(title, parent.source, broken.function, problem, self._feedback(broken),
                               target.name if target else None)  # fmt: skip
        reply = self._generate(prompt, self.config.temperature, self._seed(broken.id, 1 << 20),
                               self._repeating(parent, target))  # fmt: skip
        if reply is None:
            return None
        return self._child(parent, reply, target, "repair", self.config.temperature, repaired=True)

    def _feedback(self, node: Node) -> str:
        judgement = node.judgement
        cand = judgement.candidate
        if cand.verdict is Verdict.COMPILE_ERROR:
            return "Compiler message:\n" + cand.results[0].detail[:1500]
        for i, result in enumerate(cand.results):
            if result.verdict is Verdict.WRONG_OUTPUT and i >= len(self.inputs):  # a recorded call behaved otherwise
                return result.detail
            if result.verdict is Verdict.WRONG_OUTPUT:
                stdin = self.inputs[i].stdin.decode(errors="replace")
                expected = judgement.original.outputs[i].decode(errors="replace")
                actual = cand.outputs[i].decode(errors="replace")
                return (f"On this input:\n{_clip(stdin)}\nthe original prints:\n{_clip(expected)}\n"
                        f"but the rewrite prints:\n{_clip(actual)}")  # fmt: skip
        return cand.detail

    def _child(self, parent: Node, reply, target: Function | None, kind: str, temperature: float,
               repaired: bool = False) -> Node:  # fmt: skip
        node = Node(len(self.nodes), parent.id, parent.depth + 1, parent.source, "", "no_code", repaired=repaired,
                    tokens=reply.tokens, generation_seconds=reply.seconds, prompt=kind,
                    temperature=temperature)  # fmt: skip
        self.nodes.append(node)
        rewritten = self._rewritten(parent.source, reply.text, target)
        if rewritten is None:
            what = f"function named {target.name}" if target else "code"
            return self._pruned(node, "no_code", f"the reply holds no {what}: {reply.text[:300]!r}")
        node.source, node.function = rewritten
        fuller = None  # a whole program's child may take what the reply changed around the target too
        if self.name is None and target is not None:
            fuller = self._rewritten(parent.source, reply.text, target, others=True)
        return self._judged(parent, node, fuller[0] if fuller and fuller[0] != node.source else None)

    def _judged(self, parent: Node, node: Node, fuller: str | None = None) -> Node:
        """The child judged against its parent (and, when faster, confirmed against the original). `fuller`:
        the child with the reply's changes to other definitions as well, judged when the child alone is a
        duplicate or incorrect (a rewrite often needs them: a constructor that sets a new field)."""
        # tree-sitter misreads some code that compiles (C macros used as statements): only a parse error the
        # parent did not have prunes; the compiler decides the rest
        parent_parses = not has_syntax_errors(parent.source, self.language)
        if fuller is not None and (parent_parses and has_syntax_errors(fuller, self.language)
                                   or normalized(fuller) in self.seen):  # fmt: skip
            fuller = None
        if parent_parses and has_syntax_errors(node.source, self.language):
            return self._pruned(node, "parse_error", "the rewritten program does not parse")
        if normalized(node.source) in self.seen:
            if fuller is None:
                return self._pruned(node, "duplicate", "same as a program already in the tree")
            node.source, node.others, fuller = fuller, True, None
        self.seen.add(normalized(node.source))

        # Only a cancel stops here: a reply that is in hand is judged even past the time budget (before, the
        # budget's stop left it unjudged and miscounted as "no_code").
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled")
        self._say(f"judging candidate {node.id}")
        direction = self.config.direction
        try:
            judgement = self._judgement(parent, node)
            if not judgement.correct and fuller is not None and normalized(fuller) not in self.seen:
                self._say(f"judging candidate {node.id} with the reply's other changes")
                node.source, node.others, node.build_fixes = fuller, True, []
                self.seen.add(normalized(fuller))
                judgement = self._judgement(parent, node)
        except OriginalFailed as error:  # the parent failed while being timed again: a flaky parent
            return self._pruned(node, "flaky_parent", str(error))
        child_program = self._program(node.source)
        node.judgement = judgement
        self.stats.judged += 1
        if not judgement.correct:
            return self._pruned(node, "incorrect", f"{judgement.candidate.verdict.value}: {judgement.candidate.detail}")
        if judgement.decision not in ("faster", "slower"):
            s = judgement.speedup
            why = f"; {judgement.timing_note}" if judgement.timing_note else ""
            return self._pruned(node, judgement.decision, f"{s.estimate:.2f}x against its parent ({s.interval}, "
                                f"{s.rounds} rounds, {s.basis} time{why})")  # fmt: skip
        if direction == "optimize":  # before it is offered: a fresh block against the user's original
            try:
                node.vs_root = self.judge.confirm(self._program(self.nodes[0].source), child_program, self.inputs,
                                                  rounds=judgement.speedup.rounds, cancel=self.cancel)  # fmt: skip
            except CandidateFailed as failure:
                return self._pruned(node, "unconfirmed", str(failure))
            if not node.vs_root.faster(self.config.threshold):
                return self._pruned(node, "unconfirmed", f"{node.vs_root.estimate:.2f}x against the original when "
                                    f"confirmed ({node.vs_root.interval})")  # fmt: skip
        elif node.depth > 1:  # a degradation's speedup over the tree's root, for the pairs of section 3.3
            root = self._program(self.nodes[0].source)
            node.vs_root = self.judge.judge(root, child_program, self.inputs, cancel=self.cancel,
                                            direction=direction).speedup  # fmt: skip
        else:
            node.vs_root = judgement.speedup
        node.status = "verified"
        self.stats.verified += 1
        best = self._best()
        self.stats.best = best.vs_root if best else None
        self.on_node(node)
        self._say(f"candidate {node.id} verified: {node.vs_root.estimate:.2f}x")
        return node

    def _judgement(self, parent: Node, node: Node) -> Judgement:
        """The judge's verdict on the child against its parent. A child that fails for want of an import its
        compiler (or traceback) names (bite.imports), or of a local declaration that its parent has
        (bite.declarations), is judged again with it, up to twice: a model often drops them, and the rewrite
        may be right otherwise."""
        def judge() -> Judgement:
            return self.judge.judge(self._program(parent.source), self._program(node.source), self.inputs,
                                    cancel=self.cancel, direction=self.config.direction)  # fmt: skip

        for _ in range(2):
            judgement = judge()
            verdict = judgement.candidate.verdict
            python_name = verdict is Verdict.RUNTIME_ERROR and self.language == "python"
            fix, message = None, judgement.candidate.detail
            if verdict is Verdict.COMPILE_ERROR or python_name:
                fix = fix_imports(node.source, self.language, message)
            if verdict is Verdict.COMPILE_ERROR and fix is None:
                fix = fix_declarations(node.source, parent.source, self.language, message)
            if fix is None or normalized(fix[0]) in self.seen:
                return judgement
            node.function = self._function_after(node, fix[0])
            node.source = fix[0]
            node.build_fixes += fix[1]
            self.seen.add(normalized(node.source))
        return judge()

    def _function_after(self, node: Node, fixed: str) -> str:
        """The node's rewritten part once `fixed` replaces its source: a declaration goes inside it."""
        if node.function == node.source:  # the whole program was rewritten
            return fixed
        tree = parse(node.source.encode("utf-8", "surrogateescape"), self.language)
        old = next((f for f in functions(node.source, self.language, tree) if f.block == node.function), None)
        if old is None:
            return node.function
        which = occurrence(node.source, self.language, old, tree)
        return function_named(fixed, self.language, old.name, which).block

    def _repeating(self, parent: Node, target: Function | None) -> Callable[[str], bool] | None:
        """Ends a reply as soon as its function for the target is the parent's own, unchanged: the child would
        be a duplicate whatever followed. A small model often copies the code it was given, sometimes a whole
        program around the one function asked for; the copy after that function is cut."""
        if target is None:
            return None
        flat, parent_key = " ".join(target.text.split()), normalized(parent.source)

        def repeating(text: str) -> bool:
            # cheap: only a reply holding the function verbatim (once the marks are out) is spliced
            if flat not in " ".join(unmarked(text, parent.source).split()):
                return False
            child = self._rewritten(parent.source, text, target)
            return child is not None and normalized(child[0]) == parent_key

        return repeating

    def _rewritten(self, source: str, reply: str, target: Function | None, others: bool = False,
                   ) -> tuple[str, str] | None:  # fmt: skip
        """The child's program and its rewritten part, from the reply's code blocks (without the marks that the
        prompt put in `source`, which the model copies); None if none fits. `others`: with the reply's changes
        to the program's other definitions (splicing.splice_reply)."""
        blocks = code_blocks(unmarked(reply, source))
        if target is None:
            program = whole_program(blocks, self.language)
            return (program, program) if program is not None else None
        for block in blocks:
            child = splice_reply(source, self.language, target, block, others)
            if child is not None:
                which = occurrence(source, self.language, target)
                return child, function_named(child, self.language, target.name, which).block
        return None

    def _pruned(self, node: Node, status: str, detail: str) -> Node:
        node.status, node.detail = status, detail
        self.on_node(node)
        self._say(f"candidate {node.id}: {status}")
        return node

    def _say(self, message: str) -> None:
        self.stats.message = message
        self.on_progress(self.stats)


def _hottest(source: str, language: str, profile: Profile) -> Function | None:
    """The function a whole program's search rewrites: the profile's hottest of the program's own, if the
    file has exactly that function; None (the whole program) without a profile or for module-level code.
    Where the hottest is a helper that a loop calls again and again over data the loop does not change, its
    caller instead: the helper alone cannot do the work once."""
    name = profile.hottest_function() if profile.ok else None  # as tree-sitter names it (bite.profiling)
    name = name and (rescanning_caller(source, language, name) or name)
    found = [f for f in functions(source, language) if f.name == name] if name else []
    return found[0] if len(found) == 1 else None


def _only_within(old: str, new: str, target: Function, language: str) -> bool:
    """Whether `new` changes no line of `old` outside `target`, but may add lines outside other functions."""
    others = [f for f in functions(old, language) if f.start_byte != target.start_byte]
    for start, end, _ in line_edits(old, new):
        inside = target.start_line <= start and end <= target.end_line + 1
        if not inside and (start != end or any(f.start_line < start <= f.end_line for f in others)):
            return False
    return True


def whole_program(blocks: list[str], language: str) -> str | None:
    """A reply's rewrite of a whole program: its first code block that parses, else its first block."""
    if not blocks:
        return None
    return next((b for b in blocks if not has_syntax_errors(b, language)), blocks[0]) + "\n"


def _clamp(temperature: float) -> float:
    return round(min(1.2, max(0.1, temperature)), 2)


def _clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit] + "\n...(cut)"
