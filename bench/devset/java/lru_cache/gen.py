"""Writes inputs/NNN.in: the cache capacity (objects), then requests "path bytes"; popularity is skewed
and drifts over time. Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(4, 30), (12000, 45000), (14000, 45000), (16000, 45000)]  # (capacity, requests)


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (capacity, requests) in enumerate(SIZES):
        rng = random.Random(10000 + i)
        catalog = capacity * 2
        paths = [f"/{rng.choice('aiv')}/{rng.randrange(16**6):06x}" for _ in range(catalog)]
        sizes = [int(rng.lognormvariate(10, 1.5)) + 1 for _ in range(catalog)]
        lines = [str(capacity)]
        for r in range(requests):
            drift = r * catalog // (2 * requests)
            k = (drift + int(rng.paretovariate(0.9))) % catalog if rng.random() < 0.8 else rng.randrange(catalog)
            lines.append(f"{paths[k]} {sizes[k]}")
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
