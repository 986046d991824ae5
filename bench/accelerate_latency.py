"""How long until the first verified proposal, against the bare time to generate one candidate?

For each bundled example: the bare llama.cpp cost of one candidate (prompt evaluation plus N tokens,
measured on the prompt that made the proposal), and bite's time from start to the first verified proposal
(whose reply had N tokens), profiling and judging included. The ratio's goal is <= 1.2: judging and the
search add little to generation.

    python bench/accelerate_latency.py [--examples primes_py pairsum_c] [--candidates 4] [--prompt mixed]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.backends import Backend
from bite.models import pull
from bite.project import find_workload
from bite.prompts import prompt_for
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
            found.update(seconds=time.monotonic() - started, tokens=node.tokens, speedup=node.vs_root.estimate,
                         prompt=recording.prompts[node.id - 1], kind=node.prompt)  # one prompt per child
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
    args = parser.parse_args()
    console = Console()
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
        tokens = found["tokens"]
        prompt_s, per_token = bare_costs(backend, found["prompt"], max(tokens, 1))
        bare = prompt_s + tokens * per_token
        table.add_row(example, f"{found['seconds']:.1f}", found["kind"], str(tokens), f"{bare:.1f}",
                      f"{found['seconds'] / bare:.2f}", f"{found['speedup']:.2f}x", str(info["generated"]))  # fmt: skip
    console.print(table)
    console.print(throughput(args.examples[0], args.candidates, args.seed))


def throughput(example: str, n: int, seed: int, max_tokens: int = 200) -> Table:
    """Aggregate tokens/s of n candidates as n parallel sequences of one batch vs one after another."""
    source = next((EXAMPLES / example).glob("slow.*"))
    prompt = prompt_for("optimize", Program.from_file(source).lang.title, source.read_text())
    table = Table(title=f"generating {n} candidates of up to {max_tokens} tokens ({example})", title_justify="left")
    for col in ("mode", "tokens", "seconds", "tokens/s", "first candidate s"):
        table.add_column(col, justify="right")
    rates = {}
    for parallel in (False, True):
        backend = load_model("llama", str(pull()), seed=seed, parallel=parallel)
        started, first, tokens = time.monotonic(), None, 0
        for reply in backend.generate(prompt, n=n, temperature=0.8, max_tokens=max_tokens):
            first = first or time.monotonic() - started
            tokens += reply.tokens
        seconds = time.monotonic() - started
        rates[parallel] = tokens / seconds
        table.add_row("batched" if parallel else "sequential", str(tokens), f"{seconds:.1f}",
                      f"{tokens / seconds:.1f}", f"{first:.1f}")  # fmt: skip
    table.caption = f"batched / sequential tokens/s: {rates[True] / rates[False]:.2f}"
    return table


if __name__ == "__main__":
    main()
