"""Writes inputs/NNN.in: the coin denominations on one line, then one amount to pay per line.
Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(4, 300, 5), (30, 200000, 150), (40, 250000, 200), (50, 300000, 250)]  # (coins, max amount, amounts)


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (coins, largest, amounts) in enumerate(SIZES):
        rng = random.Random(8000 + i)
        denominations = sorted(rng.sample(range(7, min(500, largest // 4)), coins))
        lines = [" ".join(map(str, denominations))]
        lines += [str(rng.randint(1, largest)) for _ in range(amounts - 1)] + [str(largest)]
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
