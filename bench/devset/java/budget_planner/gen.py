"""Writes inputs/NNN.in: a budget and project proposals "name cost value". Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [8, 25, 26, 26]  # proposals per input
AREAS = ["infra", "mobile", "search", "billing", "growth", "security", "data", "support", "design", "ml"]


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, count in enumerate(SIZES):
        rng = random.Random(6000 + i)
        costs = [rng.randint(20, 400) for _ in range(count)]
        budget = sum(costs) * 3 // 5
        lines = [f"{budget} {count}"]
        for k, cost in enumerate(costs):
            value = int(cost * rng.uniform(0.5, 3.0) * 100)
            lines.append(f"{rng.choice(AREAS)}-{k:02d} {cost} {value}")
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
