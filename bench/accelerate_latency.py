"""How long until the first verified proposal, against the bare time to generate one candidate?

For each bundled example: the bare llama.cpp cost of one candidate (prompt evaluation plus N tokens,
measured on the same prompt), and bite's time from start to the first verified proposal (whose reply
had N tokens). The ratio's goal is <= 1.2: judging and the search add little to generation.

    python bench/accelerate_latency.py [--examples primes_py pairsum_c] [--candidates 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.backends import load_backend
from bite.models import pull
from bite.prompts import prompt_for
from bite.runners import Judge, Program, load_inputs
from bite.treegen.search import SearchConfig, TreeSearch

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


def first_verified(backend, example: str, candidates: int, budget: float) -> tuple[float | None, int, dict]:
    folder = EXAMPLES / example
    source = next(folder.glob("slow.*")).read_text()
    language = Program.from_file(next(folder.glob("slow.*"))).language
    function = json.loads((folder / "meta.json").read_text())["function"]
    inputs = load_inputs(str(folder / "inputs"))
    judge = Judge()
    judge.reference(Program(language, source), inputs)  # the original's checks are not the model's latency
    cancel, found = threading.Event(), {}

    def on_node(node):
        if node.verified and not found:
            found.update(seconds=time.monotonic() - started, tokens=node.tokens, speedup=node.vs_root.estimate)
            cancel.set()

    search = TreeSearch(backend, judge, SearchConfig(degree=candidates, height=1, time_budget=budget),
                        on_node=on_node, cancel=cancel)  # fmt: skip
    started = time.monotonic()
    result = search.run(source, language, function, inputs)
    return found.get("seconds"), found.get("tokens", 0), {"generated": result.stats.generated, **found,
                                                           "pruned": dict(result.reasons())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", nargs="+", default=["primes_py", "pairsum_c"])
    parser.add_argument("--candidates", type=int, default=4)
    parser.add_argument("--budget", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    console = Console()
    backend = load_backend("llama", str(pull()), seed=args.seed)
    table = Table(title="time to first verified proposal vs bare generation of one candidate", title_justify="left")
    for col in ("example", "first verified s", "reply tokens", "bare s (same length)", "ratio", "speedup",
                "candidates tried"):  # fmt: skip
        table.add_column(col, justify="right")
    for example in args.examples:
        seconds, tokens, info = first_verified(backend, example, args.candidates, args.budget)
        console.log(example, info)
        if seconds is None:
            table.add_row(example, "none", "-", "-", "-", "-", str(info["generated"]))
            continue
        source = next((EXAMPLES / example).glob("slow.*"))
        prompt = prompt_for("optimize", Program.from_file(source).lang.title, source.read_text())
        prompt_s, per_token = bare_costs(backend, prompt, max(tokens, 1))
        bare = prompt_s + tokens * per_token
        table.add_row(example, f"{seconds:.1f}", str(tokens), f"{bare:.1f}", f"{seconds / bare:.2f}",
                      f"{info['speedup']:.2f}x", str(info["generated"]))  # fmt: skip
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
        backend = load_backend("llama", str(pull()), seed=seed, parallel=parallel)
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
