"""Tokens per second of the llama backend with and without its copy drafts (CopyDraft), on bite's own guided
prompts: the hot function of a few programs, each asked twice with the same seeds both ways (the second ask
finds the prompt cached, as a search's later asks of one program do). The replies should match, since a draft
changes only how many passes a reply takes; they can drift apart where the batched arithmetic turns a
near-tie another way.

    python bench/draft_decoding.py [--model NAME_OR_PATH] [--max-tokens 500] [FILE:FUNCTION ...]

Without files it takes four programs of ../shared/devset (C, Go, Java, Python)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bite.backends import load_backend
from bite.runners import language_for_path
from bite.prompts import guided_prompt

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"
DEFAULT = [f"{DEVSET}/benchmarksgame/nbody_c/slow.c:advance", f"{DEVSET}/benchmarksgame/spectralnorm_go/slow.go:Times",
           f"{DEVSET}/benchmarksgame/fannkuchredux_java/slow.java:fannkuch", f"{DEVSET}/pie_codenet_py/p02574/slow.py:"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", default=DEFAULT, help="FILE:FUNCTION (FUNCTION empty: the program)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--max-tokens", type=int, default=500)
    args = parser.parse_args()
    prompts = []
    for target in args.targets:
        file, _, function = target.rpartition(":")
        prompts.append((Path(file).name, guided_prompt(language_for_path(file).title, Path(file).read_text(),
                                                       function=function or None)))  # fmt: skip
    totals = {}
    for draft in (False, True):
        backend = load_backend("llama", args.model, draft=draft)
        tokens = seconds = 0.0
        for name, prompt in prompts:
            for seed in (1, 2):
                started = time.monotonic()
                (reply,) = backend.generate(prompt, temperature=0.7, max_tokens=args.max_tokens, seed=seed)
                took = time.monotonic() - started
                tokens, seconds = tokens + reply.tokens, seconds + took
                print(f"{'draft' if draft else 'plain'} {name} seed {seed}: {reply.tokens} tokens in {took:.1f} s "
                      f"({reply.tokens / took:.1f}/s)", flush=True)  # fmt: skip
        totals[draft] = (tokens, seconds)
        del backend
    (plain_tokens, plain_seconds), (draft_tokens, draft_seconds) = totals[False], totals[True]
    print(f"plain: {plain_tokens:.0f} tokens in {plain_seconds:.1f} s ({plain_tokens / plain_seconds:.1f}/s)")
    print(f"draft: {draft_tokens:.0f} tokens in {draft_seconds:.1f} s ({draft_tokens / draft_seconds:.1f}/s)")
    print(f"tokens/s ratio draft/plain: {(draft_tokens / draft_seconds) / (plain_tokens / plain_seconds):.2f}")


if __name__ == "__main__":
    main()
