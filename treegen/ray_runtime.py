"""`bite treegen --backend ray`: generation on GPU workers, judging on CPU workers, bookkeeping here.

The trees still grow in this process (one thread per tree in flight), and the store stays the single
writer; only the two expensive steps go out: each direction's editor model lives in a Ray actor
(given a GPU when the cluster has one: transformers, or an OpenAI-compatible endpoint), and judging
goes to a pool of one-CPU judge actors that keep their verified originals between calls.

    ray.init()  # or ray.init(address="auto") on a cluster
    grow(sources, store, config, workers=8, runtime=RayRuntime(config))
"""

from __future__ import annotations

import itertools
import threading

from bite.backends import Backend, Generation
from bite.benchmarks import Problem
from bite.project import Workload
from bite.treegen.engine import judge_for, load_model
from bite.treegen.search import SearchConfig


class _Editor:
    """A Ray actor holding one model."""

    def __init__(self, kind: str, model: str | None, seed: int):
        self.backend = load_model(kind, model, seed=seed)

    def model_id(self) -> str:
        return self.backend.model_id

    def generate(self, prompt: str, n: int, temperature: float, max_tokens: int, seed: int | None) -> list[Generation]:
        return list(self.backend.generate(prompt, n, temperature=temperature, max_tokens=max_tokens, seed=seed))


class _Judging:
    """A Ray actor judging on one CPU; its Judge remembers the originals it has verified."""

    def __init__(self):
        self.judges: dict = {}

    def call(self, settings: tuple, method: str, *args, **kwargs):
        judge = self.judges.get(settings)
        if judge is None:
            comparison, threshold, budget = settings
            judge = self.judges[settings] = judge_for(Workload([], "ray", comparison=comparison),
                                                      SearchConfig(threshold=threshold, judge_budget=budget))
        return getattr(judge, method)(*args, **kwargs)


class RemoteEditor(Backend):
    name = "ray"

    def __init__(self, actor):
        import ray

        self.actor, self.model_id = actor, ray.get(actor.model_id.remote())

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None,
                 seed=None, until=None):  # fmt: skip
        """`until` is not sent to the actor (a closure over the search): its candidates are generated in full."""
        import ray

        # One candidate per call, so that the search judges the first while the next is generated, and a
        # cancel takes effect between candidates.
        for i in range(n):
            if cancel is not None and cancel.is_set():
                return
            (reply,) = ray.get(self.actor.generate.remote(prompt, 1, temperature, max_tokens,
                                                          None if seed is None else seed + i))  # fmt: skip
            yield reply


class RemoteJudge:
    """What TreeSearch asks of a Judge (reference, judge, confirm), answered by the judging actors."""

    def __init__(self, pool, settings: tuple):
        self.pool, self.settings = pool, settings
        self.actor = next(pool)  # one actor per tree: the original it verified stays in its cache

    def reference(self, original, inputs, cancel=None):
        import ray

        return ray.get(self.actor.call.remote(self.settings, "reference", original, inputs))

    def judge(self, original, candidate, inputs, progress=None, cancel=None, direction="optimize"):
        import ray

        return ray.get(self.actor.call.remote(self.settings, "judge", original, candidate, inputs,
                                              direction=direction))  # fmt: skip

    def confirm(self, original, candidate, inputs, rounds=None, progress=None, cancel=None):
        import ray

        return ray.get(self.actor.call.remote(self.settings, "confirm", original, candidate, inputs, rounds))


class RayRuntime:
    def __init__(self, config, judges: int | None = None, gpus_per_editor: float | None = None):
        import ray

        if not ray.is_initialized():
            ray.init()
        resources = ray.cluster_resources()
        gpus = gpus_per_editor if gpus_per_editor is not None else (1 if resources.get("GPU", 0) >= 1 else 0)
        editor = ray.remote(num_gpus=gpus, num_cpus=0 if gpus else 1)(_Editor)
        models = {d: config.model(d) for d in config.directions}
        actors = {model: editor.remote(config.model_backend, model, config.seed) for model in set(models.values())}
        self.editors = {d: RemoteEditor(actors[m]) for d, m in models.items()}
        count = judges or max(1, int(resources.get("CPU", 1)) - (0 if gpus else len(actors)))
        judging = ray.remote(num_cpus=1)(_Judging)
        self.pool = itertools.cycle([judging.remote() for _ in range(count)])
        self.lock, self.config = threading.Lock(), config

    def editor(self, direction: str) -> Backend:
        return self.editors[direction]

    def judge(self, problem: Problem) -> RemoteJudge:
        with self.lock:
            return RemoteJudge(self.pool, (problem.comparison, self.config.threshold, self.config.judge_budget))
