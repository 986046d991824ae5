"""Writes inputs/NNN.in: the vocabulary size (hashed term buckets), then one document per line as term ids
(Zipf-like: a few terms are common). Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(1000, 5), (1 << 22, 700), (1 << 22, 850), (1 << 22, 1000)]  # (vocabulary, documents)


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (vocabulary, documents) in enumerate(SIZES):
        rng = random.Random(12000 + i)
        lines = [str(vocabulary)]
        for _ in range(documents):
            length = rng.randint(3, 40)
            terms = [int(rng.paretovariate(0.6)) * 2654435761 % vocabulary for _ in range(length)]
            lines.append(" ".join(map(str, terms)))
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
