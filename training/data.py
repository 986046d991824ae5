"""Training data: editor pairs, the PKAC stages, and tokenized examples whose loss is on the output only.

Rows are what `bite treegen export` writes (jsonl or parquet): {language, input, output, speedup, level, ...},
where speedup is of output over input (> 1: output is faster). Plain pairs {language, slow, fast} work too,
and so does a benchmark folder (the layout of `bite eval`): each problem with a fast reference is one pair.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

from bite.prompts import prompt_for
from bite.runners import LANGUAGES

LEVELS = ("easy", "medium", "hard")
IGNORE = -100  # the label transformers' cross-entropy skips


class DataError(ValueError):
    pass


def load_rows(path: Path, languages: list[str] | None = None) -> list[dict]:
    """Rows of a .jsonl/.json or .parquet file or a benchmark folder, only those in `languages` (keys such as
    python, cpp) if given."""
    import datasets

    path = Path(path)
    kind = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}.get(path.suffix)
    if path.is_dir():
        rows = benchmark_pairs(path)
    elif kind is None or not path.is_file():
        raise DataError(f"{path}: expected a .jsonl or .parquet file of pairs (bite treegen export writes them) "
                        "or a benchmark folder")  # fmt: skip
    else:
        rows = datasets.load_dataset(kind, data_files=str(path), split="train").to_list()
    for n, row in enumerate(rows):
        if row.get("language") not in LANGUAGES:
            raise DataError(f"{path}: row {n} has language {row.get('language')!r}, not one of {', '.join(LANGUAGES)}")
    if languages:
        unknown = set(languages) - set(LANGUAGES)
        if unknown:
            raise DataError(f"unknown languages {', '.join(sorted(unknown))}: choose from {', '.join(LANGUAGES)}")
        rows = [r for r in rows if r["language"] in languages]
    return rows


def benchmark_pairs(root: Path) -> list[dict]:
    """{language, slow, fast, problem} for each problem under `root` that has a fast reference."""
    from bite.benchmarks import load_problems
    from bite.runners import RunnerError

    try:
        problems = load_problems(root)
    except RunnerError as error:
        raise DataError(str(error)) from None
    rows = [{"language": p.language, "slow": p.slow.read_text(encoding="utf-8"),
             "fast": p.fast.read_text(encoding="utf-8"), "problem": p.name} for p in problems if p.fast]  # fmt: skip
    if not rows:
        raise DataError(f"{root}: no problem has a fast.<ext> reference to learn from")
    return rows


def slow_fast(row: dict) -> tuple[str, str]:
    """The slower and the faster program of a row: an optimizer row reads input -> output, a degrader row
    (speedup < 1) the other way, so either export trains either editor."""
    if "slow" in row and "fast" in row:
        return row["slow"], row["fast"]
    if row.get("speedup") is not None and row["speedup"] < 1:
        return row["output"], row["input"]
    return row["input"], row["output"]


def editor_example(row: dict, direction: str) -> dict:
    """Section 3.1: optimize is P_opti(slow) -> fast, degrade is P_degr(fast) -> slow (appendix B prompts)."""
    slow, fast = slow_fast(row)
    source, target = (slow, fast) if direction == "optimize" else (fast, slow)
    return {"prompt": prompt_for(direction, LANGUAGES[row["language"]].title, source), "output": target}


def top_half(rows: list[dict]) -> list[dict]:
    """The top 50 % by speedup (ceil, so one pair keeps one); ties keep their order in the file."""
    ranked = sorted(rows, key=lambda r: -(r["speedup"] or 0.0))
    return ranked[: math.ceil(len(ranked) / 2)]


def pkac_stages(rows: list[dict]) -> list[list[dict]]:
    """Section 3.3's three stages over multi-level rows:
    1: all easy; 2: the top 50 % of easy by speedup + all medium; 3: the top 50 % of medium + all hard."""
    by_level = {level: [r for r in rows if r.get("level") == level] for level in LEVELS}
    other = {r.get("level") for r in rows} - set(LEVELS)
    if other:
        raise DataError(f"rows with level {', '.join(map(str, other))}: a multilevel file has easy, medium, hard")
    easy, medium, hard = by_level["easy"], by_level["medium"], by_level["hard"]
    return [easy, top_half(easy) + medium, top_half(medium) + hard]


def describe(rows: list[dict]) -> dict:
    """What a stage or run trained on, for its log: counts by level and language, and the speedups."""
    speedups = [r["speedup"] for r in rows if r.get("speedup") is not None]
    return {
        "pairs": len(rows),
        "levels": dict(Counter(r.get("level") or "-" for r in rows)),
        "languages": dict(Counter(r["language"] for r in rows)),
        "speedup_min": min(speedups, default=None),
        "speedup_max": max(speedups, default=None),
        "roots": sorted({r["root"] for r in rows if r.get("root")}),
    }


def prompt_text(tokenizer, prompt: str) -> str:
    """The prompt as the model sees it at inference: inside the chat template when the model has one
    (bite's backends send the prompt as one user message), else bare and followed by a newline."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)  # fmt: skip
    return prompt + "\n"


def tokenize(example: dict, tokenizer, max_length: int) -> dict | None:
    """input_ids of prompt + output + end-of-turn token, labels IGNORE over the prompt (Eq. 1: the loss is on
    the output tokens only); None when it does not fit in max_length (cutting code would teach broken code)."""
    prompt_ids = tokenizer(prompt_text(tokenizer, example["prompt"]), add_special_tokens=False)["input_ids"]
    output_ids = tokenizer(example["output"], add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    if len(prompt_ids) + len(output_ids) > max_length:
        return None
    return {"input_ids": prompt_ids + output_ids, "attention_mask": [1] * (len(prompt_ids) + len(output_ids)),
            "labels": [IGNORE] * len(prompt_ids) + output_ids}  # fmt: skip


def tokenized_dataset(examples: list[dict], tokenizer, max_length: int):
    """A datasets.Dataset of tokenized examples, and how many were left out as too long."""
    import datasets

    encoded = [tokenize(e, tokenizer, max_length) for e in examples]
    kept = [e for e in encoded if e is not None]
    if not kept:
        raise DataError(f"no example fits in --max-length {max_length} tokens (of {len(examples)})")
    return datasets.Dataset.from_list(kept), len(encoded) - len(kept)


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
