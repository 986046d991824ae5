"""How long until the first verified proposal, against the bare time to generate one candidate?

For each bundled example: the bare llama.cpp cost of one candidate (prompt evaluation plus N tokens,
measured on the prompt that made the proposal), and bite's time from start to the first verified proposal
(whose reply had N tokens), profiling and judging included. The ratio's goal is <= 1.2: judging and the
search add little to generation.

    python bench/accelerate_latency.py [--examples primes_py pairsum_c] [--candidates 4] [--prompt mixed]
    python bench/accelerate_latency.py --throughput [--examples distinct_cpp]   # --parallel's batches only
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.backends import Ask, Backend
from bite.models import pull
from bite.project import find_workload
from bite.runners import Program
from bite.treegen.engine import judge_for, load_model, search
from bite.treegen.search import SearchConfig

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def bare_costs(backend, prompt: str, max_tokens: int) -> tuple[float, float]:
    """(prompt seconds, seconds per generated token) of llama.cpp alone on this prompt."""
    messages = [{"role": "user", "content": prompt}]
    llm = backend.llm
    started = time.monotonic()
    llm.create_chat_completion(messages, max_tokens=1, temperature=0)
    prompt_s = time.monotonic() - started
    llm.reset()
    started = time.monotonic()
    reply = llm.create_chat_completion(messages, max_tokens=max_tokens, temperature=0)
    total = time.monotonic() - started
    tokens = reply["usage"]["completion_tokens"]
    return prompt_s, (total - prompt_s) / max(tokens, 1)


class Recording(Backend):
    """The backend, keeping each prompt asked: the bare cost is measured on the one that made the proposal."""

    def __init__(self, backend: Backend):
        self.backend, self.model_id, self.prompts = backend, backend.model_id, []

    def generate(self, prompt, n=1, **options):
        self.prompts.append(prompt)
        yield from self.backend.generate(prompt, n, **options)


def first_verified(backend, example: str, candidates: int, budget: float, prompt: str):
    folder = EXAMPLES / example
    slow = next(folder.glob("slow.*"))
    program = Program.from_file(slow)
    function = json.loads((folder / "meta.json").read_text())["function"]
    workload = find_workload(slow)
    config = SearchConfig(degree=candidates, height=1, time_budget=budget, prompt=prompt)
    judge = judge_for(workload, config)
    judge.reference(workload.program(program.language, program.source), workload.inputs)  # not the model's latency
    cancel, found, recording = threading.Event(), {}, Recording(backend)

    def on_node(node):
        if node.verified and not found:
            # a fix-it's child asks the model nothing; a model's child comes of the prompt last asked
            asked = None if node.prompt.startswith("fixit:") else recording.prompts[-1]
            found.update(seconds=time.monotonic() - started, tokens=node.tokens, speedup=node.vs_root.estimate,
                         prompt=asked, kind=node.prompt)
            cancel.set()

    started = time.monotonic()
    result = search(recording, workload, program.source, program.language, function, config=config, judge=judge,
                    on_node=on_node, cancel=cancel)  # fmt: skip
    return found, {"generated": result.stats.generated, "pruned": dict(result.reasons()),
                   **{k: v for k, v in found.items() if k != "prompt"}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", nargs="+", default=["primes_py", "pairsum_c", "distinct_cpp", "fib_go",
                                                          "rangesum_java"])
    parser.add_argument("--candidates", type=int, default=4)
    parser.add_argument("--budget", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prompt", default="mixed")
    parser.add_argument("--throughput", action="store_true", help="only the batched vs sequential table")
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 160)  # a log file keeps the whole table
    if args.throughput:
        console.print(throughput(args.examples[0], args.seed))
        return
    backend = load_model("llama", str(pull()), seed=args.seed)
    table = Table(title="time to first verified proposal vs bare generation of one candidate", title_justify="left")
    for col in ("example", "first verified s", "by prompt", "reply tokens", "bare s (same length)", "ratio",
                "speedup", "candidates tried"):  # fmt: skip
        table.add_column(col, justify="right")
    for example in args.examples:
        found, info = first_verified(backend, example, args.candidates, args.budget, args.prompt)
        console.log(example, info)
        if not found:
            table.add_row(example, "none", "-", "-", "-", "-", "-", str(info["generated"]))
            continue
        if found["prompt"] is None:  # a fix-it: no generation to compare with
            table.add_row(example, f"{found['seconds']:.1f}", found["kind"], "0", "-", "-",
                          f"{found['speedup']:.2f}x", str(info["generated"]))  # fmt: skip
            continue
        tokens = found["tokens"]
        prompt_s, per_token = bare_costs(backend, found["prompt"], max(tokens, 1))
        bare = prompt_s + tokens * per_token
        table.add_row(example, f"{found['seconds']:.1f}", found["kind"], str(tokens), f"{bare:.1f}",
                      f"{found['seconds'] / bare:.2f}", f"{found['speedup']:.2f}x", str(info["generated"]))  # fmt: skip
    console.print(table)
    console.print(throughput(args.examples[0], args.seed))


class Asks(Backend):
    """Keeps what a search asks for and answers nothing: a level's asks, its mix of prompts."""

    def __init__(self):
        self.model_id, self.asks = "asks", []

    def generate_each(self, asks, **options):
        self.asks += asks
        yield None


def level_asks(example: str, n: int) -> list[Ask]:
    """The asks of the first level of the search's mix on `example`: n children of their own prompts."""
    folder = EXAMPLES / example
    slow = next(folder.glob("slow.*"))
    program, workload, recorder = Program.from_file(slow), find_workload(slow), Asks()
    search(recorder, workload, program.source, program.language, json.loads((folder / "meta.json").read_text())[
        "function"], config=SearchConfig(degree=n, height=1, fixits=False))  # fmt: skip
    return recorder.asks


def throughput(example: str, seed: int, max_tokens: int = 200) -> Table:
    """Aggregate tokens/s of a level's n children (the mix's prompts) as n sequences of one batch vs one after
    another, for n = 2 and 4."""
    table = Table(title=f"generating a level's children, up to {max_tokens} tokens each ({example})",
                  title_justify="left")  # fmt: skip
    for col in ("children", "mode", "tokens", "seconds", "tokens/s", "first reply s", "batched/sequential"):
        table.add_column(col, justify="right")
    backends = {parallel: load_model("llama", str(pull()), seed=seed, parallel=parallel) for parallel in (False, True)}
    for n in (2, 4):
        asks, rates = level_asks(example, n), {}
        for parallel, backend in backends.items():
            backend.llm.reset()  # no prompt left in the cache from the run before
            started, first, tokens = time.monotonic(), None, 0
            for reply in backend.generate_each(asks, max_tokens=max_tokens):
                first = first or time.monotonic() - started
                tokens += reply.tokens
            seconds = time.monotonic() - started
            rates[parallel] = tokens / seconds
            ratio = f"{rates[True] / rates[False]:.2f}" if parallel else ""
            table.add_row(str(n), "batched" if parallel else "sequential", str(tokens), f"{seconds:.1f}",
                          f"{tokens / seconds:.1f}", f"{first:.1f}", ratio)  # fmt: skip
    return table


if __name__ == "__main__":
    main()
