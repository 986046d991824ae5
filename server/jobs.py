"""The server's state between requests: settings, the loaded model, running jobs and their proposals.

Everything here runs the engine (bite.treegen's TreeSearch, bite.runners' Judge) and keeps what it
returns; nothing here speaks LSP. Jobs run on worker threads, one search at a time in the whole
server: two cores and one model cannot serve two searches well, and llama.cpp is not thread-safe.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bite.backends import Backend, BackendError
from bite.languages import Function, occurrence, qualified_name
from bite.profiling import command_share
from bite.project import Workload, find_workload
from bite.runners import Cancelled, Judgement, Speedup
from bite.splicing import line_edits
from bite.treegen.engine import judge_for, load_model, search
from bite.treegen.search import PROMPTS, Node, SearchConfig, SearchResult, SearchStats

BACKEND_KINDS = ("llama", "transformers", "openai", "scripted")


@dataclass(frozen=True)
class Settings:
    """The `bite` configuration section, as clients send it (camelCase keys accepted too)."""

    backend: str = "llama"
    model: str | None = None  # name, GGUF path, hub id, or script file; None: the default model
    endpoint: str | None = None  # openai backend: the server's base URL
    candidates: int = 4
    depth: int = 2
    threshold: float = 1.10
    budget_seconds: float | None = 300.0
    temperature: float = 0.7
    max_tokens: int = 1024
    parallel: bool = False
    prompt: str = "mixed"  # one of bite.treegen.search.PROMPTS
    python: str | None = None  # the project's interpreter, as the editor knows it (see bite.project.project_python)
    exemplar_store: str | None = None  # a treegen store whose verified edits are worked examples too

    def updated(self, value: object) -> tuple[Settings, list[str]]:
        """These settings with the client's values applied, and a list of what was rejected and why."""
        if value is None or value == []:  # Lua clients (Neovim) encode an empty table as []
            return self, []
        if not isinstance(value, dict):
            return self, [f"the bite settings must be an object, not {type(value).__name__}"]
        problems, changes = [], {}
        names = {f.name: f for f in dataclasses.fields(self)}
        for key, raw in value.items():
            name = _snake(key)
            if name not in names:
                problems.append(f"unknown setting bite.{key}")
                continue
            try:
                changes[name] = _check(name, raw)
            except ValueError as error:
                problems.append(f"bite.{key}: {error}")
        return dataclasses.replace(self, **changes), problems

    def backend_model(self) -> str | None:
        if self.backend == "openai" and self.endpoint:
            return f"{self.endpoint}#{self.model}" if self.model else self.endpoint
        return self.model


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


def _check(name: str, raw: object) -> object:
    if name == "backend":
        if raw not in BACKEND_KINDS:
            raise ValueError(f"must be one of {', '.join(BACKEND_KINDS)}")
        return raw
    if name == "prompt":
        if raw not in PROMPTS:
            raise ValueError(f"must be one of {', '.join(PROMPTS)}")
        return raw
    if name in ("model", "endpoint", "exemplar_store", "python"):
        if raw is not None and not isinstance(raw, str):
            raise ValueError("must be a string")
        return raw or None
    if name == "parallel":
        if not isinstance(raw, bool):
            raise ValueError("must be true or false")
        return raw
    if name == "budget_seconds" and raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError("must be a number")
    low = {"candidates": 1, "depth": 1, "threshold": 1.0, "budget_seconds": 1, "temperature": 0, "max_tokens": 16}
    if raw < low[name]:
        raise ValueError(f"must be at least {low[name]}")
    return int(raw) if name in ("candidates", "depth", "max_tokens") else float(raw)


class Models:
    """The one loaded backend, loaded lazily on a worker thread and reused while the settings agree."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._backend: Backend | None = None
        self.state = "not loaded"  # loading, ready, failed
        self.detail = ""

    def get(self, settings: Settings) -> Backend:
        key = (settings.backend, settings.backend_model(), settings.parallel)
        with self._lock:
            if self._key != key or self._backend is None:
                self._backend, self._key = None, None
                self.state, self.detail = "loading", f"{settings.backend} {settings.backend_model() or 'default'}"
                try:
                    self._backend = load_model(settings.backend, settings.backend_model(), parallel=settings.parallel)
                except BackendError as error:
                    self.state, self.detail = "failed", str(error)
                    raise
                except Exception as error:  # a library failing to load a model: say so, keep serving
                    self.state, self.detail = "failed", f"{type(error).__name__}: {error}"
                    raise BackendError(f"could not load the model: {self.detail}") from error
                self._key, self.state, self.detail = key, "ready", self._backend.model_id
            return self._backend


@dataclass
class Proposal:
    id: str
    job: Job
    node: Node
    edits: list[tuple[int, int, str]]  # the rewrite as line edits of job.source (see splicing.line_edits)
    speedup: Speedup
    inputs: int

    @property
    def title(self) -> str:
        return f"Apply: {self.speedup.estimate:.1f}× faster (verified on {self.inputs} inputs)"

    def summary(self) -> str:
        s = self.speedup
        return f"{s.estimate:.2f}× faster ({s.interval}) on {self.inputs} inputs"


_job_ids = itertools.count(1)


@dataclass
class Job:
    """One search for faster rewrites of one function, in the document as it was at `version`."""

    uri: str
    path: Path
    version: int | None
    source: str
    language: str
    function: Function
    settings: Settings
    id: int = field(default_factory=lambda: next(_job_ids))
    cancel: threading.Event = field(default_factory=threading.Event)
    state: str = "queued"  # running, done, cancelled, failed
    message: str = ""
    proposals: list[Proposal] = field(default_factory=list)
    result: SearchResult | None = None
    started: float = field(default_factory=time.monotonic)
    expectation: str | None = None  # a project timed as a whole: the function's share of its command

    @functools.cached_property
    def occurrence(self) -> int:
        """Which function of that name (A.solve or B.solve): see languages.function_named."""
        return occurrence(self.source, self.language, self.function)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def best(self) -> Proposal | None:
        return max(self.proposals, key=lambda p: p.speedup.estimate, default=None)


class Engine:
    """Runs jobs: one search at a time, each cancellable, reporting through callbacks."""

    def __init__(self):
        self.models = Models()
        self._turn = threading.Lock()  # held by the job that is searching or benchmarking

    @property
    def busy(self) -> bool:
        """A search or a benchmark is running (on a worker thread)."""
        return self._turn.locked()

    def _wait_turn(self, cancel: threading.Event, say: Callable[[str], None]) -> None:
        if self._turn.acquire(blocking=False):
            return
        say("waiting for another bite job to finish")
        while not self._turn.acquire(timeout=0.1):
            if cancel.is_set():
                raise Cancelled("cancelled")

    def accelerate(
        self, job: Job, say: Callable[[str], None], on_proposal: Callable[[Proposal], None],
    ) -> SearchResult:  # fmt: skip
        """Search on this thread; raises NoWorkload, BackendError, OriginalFailed, Cancelled."""
        workload = find_workload(job.path, job.settings.python, qualified_name(job.source, job.language, job.function))
        self._wait_turn(job.cancel, say)
        try:
            if job.cancel.is_set():
                raise Cancelled("cancelled")
            if job.state == "queued":  # not "cancelled" by the server meanwhile
                job.state = "running"
            say(f"loading the model ({job.settings.backend})")
            backend = self.models.get(job.settings)
            say(f"verifying the original on {len(workload.inputs)} inputs ({workload.origin})")
            judge = judge_for(workload, _config(job.settings))  # one judge: the original is verified once
            job.expectation = command_share(workload.program(job.language, job.source), workload.inputs, judge,
                                            job.function.name, cancel=job.cancel)  # fmt: skip
            children = 0

            def on_node(node: Node) -> None:
                nonlocal children
                children += 1
                self._on_node(job, node, len(workload.inputs), on_proposal)

            job.result = search(backend, workload, job.source, job.language, job.function.name, job.occurrence,
                                _config(job.settings), judge=judge, on_node=on_node, cancel=job.cancel,
                                on_progress=lambda stats: say(_progress_line(job, children, stats)))  # fmt: skip
            return job.result
        finally:
            self._turn.release()

    def _on_node(self, job: Job, node: Node, inputs: int, on_proposal: Callable[[Proposal], None]) -> None:
        if node.verified:
            edits = line_edits(job.source, node.source)
            proposal = Proposal(f"{job.id}.{node.id}", job, node, edits, node.vs_root, inputs)
            job.proposals.append(proposal)
            on_proposal(proposal)

    def benchmark(
        self, language: str, baseline: str, candidate: str, path: Path, settings: Settings,
        cancel: threading.Event, say: Callable[[str], None],
    ) -> tuple[Judgement, Workload]:  # fmt: skip
        """Judge `candidate` against `baseline` (whole programs) on the file's workload (in its project, for a
        command workload)."""
        workload = find_workload(path, settings.python)
        self._wait_turn(cancel, say)
        try:
            say(f"judging on {len(workload.inputs)} inputs ({workload.origin})")
            judgement = judge_for(workload, SearchConfig(threshold=settings.threshold)).judge(
                workload.program(language, baseline), workload.program(language, candidate),
                workload.inputs, progress=say, cancel=cancel)  # fmt: skip
            return judgement, workload
        finally:
            self._turn.release()


def _progress_line(job: Job, done: int, stats: SearchStats) -> str:
    """E.g. "3/8 judged: best 2.4× ±0.1 so far (generating)"; `planned` counts m per parent, not repairs."""
    best = job.best()
    so_far = (f"best {best.speedup.estimate:.1f}× ±{(best.speedup.high - best.speedup.low) / 2:.1f} so far"
              if best else "none verified yet")  # fmt: skip
    return f"{done}/{max(stats.planned, done)} judged: {so_far} ({stats.message})"


def _config(settings: Settings) -> SearchConfig:
    return SearchConfig(degree=settings.candidates, height=settings.depth, temperature=settings.temperature,
                        max_tokens=settings.max_tokens, time_budget=settings.budget_seconds,
                        threshold=settings.threshold, prompt=settings.prompt,
                        exemplar_store=settings.exemplar_store)  # fmt: skip
