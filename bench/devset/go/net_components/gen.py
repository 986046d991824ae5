"""Writes inputs/NNN.in: hosts and links of a network (a few links invalid), mostly within clusters.
Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(12, 9), (30000, 25000), (60000, 50000), (100000, 90000)]  # (hosts, links) per input


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (hosts, links) in enumerate(SIZES):
        rng = random.Random(3000 + i)
        cluster = max(2, hosts // 200)
        lines = [f"{hosts} {links}"]
        for _ in range(links):
            a = rng.randrange(hosts)
            if rng.random() < 0.97:  # a link inside a's cluster
                base = a - a % cluster
                b = min(hosts - 1, base + rng.randrange(cluster))
            else:
                b = rng.randrange(hosts)
            if rng.random() < 0.002:
                b = hosts + rng.randrange(10)
            lines.append(f"{a} {b}")
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
