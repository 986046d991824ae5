"""Writes inputs/NNN.in: a window (ms) and a byte limit, then requests "time client bytes" in time order,
with bursts. Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(30, 50), (25000, 4000), (40000, 5000), (50000, 6000)]  # (requests, requests per window on average)


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (n, per_window) in enumerate(SIZES):
        rng = random.Random(4000 + i)
        window = 60000
        gap = window / per_window
        clients = [f"c{rng.randrange(10**5):05d}" for _ in range(max(5, n // 200))]
        at = 1_700_000_000_000
        lines = []
        for _ in range(n):
            burst = rng.random() < 0.002
            at += int(rng.expovariate(1 / gap)) if not burst else 0
            lines.append(f"{at} {rng.choice(clients)} {int(rng.paretovariate(1.5) * 300)}")
        limit = int(per_window * 1000)
        (folder / f"{i:03d}.in").write_text(f"{window} {limit}\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
