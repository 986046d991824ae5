"""Writes inputs/NNN.in: n listings (id, price in cents) in arrival order, then rank and quantile queries.
Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(20, 6), (30000, 50), (50000, 60), (70000, 70)]  # (listings, queries) per input


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (n, q) in enumerate(SIZES):
        rng = random.Random(2000 + i)
        lines = [str(n)]
        ids = rng.sample(range(100000, 1000000), n)
        lines += [f"{ids[k]} {int(rng.lognormvariate(9.0, 0.8))}" for k in range(n)]
        lines.append(str(q))
        for _ in range(q):
            if rng.random() < 0.5:
                lines.append(f"rank {int(rng.lognormvariate(9.0, 0.9))}")
            else:
                lines.append(f"quantile {rng.choice([1, 5, 10, 25, 50, 75, 90, 95, 99, 100])}")
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
