"""Writes inputs/NNN.in: a catalog (sku name price stock), then sales, returns and restocks by sku.
Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [(8, 25), (4000, 20000), (5000, 30000), (6000, 40000)]  # (products, transactions) per input
WORDS = ["steel", "oak", "mini", "pro", "cable", "lamp", "desk", "chair", "mug", "kettle", "drill", "hose",
         "filter", "charger", "bracket", "shelf", "basket", "glove", "towel", "blade"]


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, (products, transactions) in enumerate(SIZES):
        rng = random.Random(5000 + i)
        skus = [f"SKU-{n:06d}" for n in rng.sample(range(10**6), products)]
        lines = [str(products)]
        for sku in skus:
            name = "-".join(rng.sample(WORDS, 2)) + f"-{rng.randint(1, 99)}"
            lines.append(f"{sku} {name} {rng.randint(99, 99999)} {rng.randint(0, 40)}")
        weights = [1 / (k + 1) ** 0.5 for k in range(products)]  # some products sell more than others
        rng.shuffle(weights)
        for _ in range(transactions):
            kind = rng.choices(["sale", "return", "restock"], [85, 5, 10])[0]
            sku = rng.choices(skus, weights)[0] if rng.random() < 0.995 else f"SKU-{rng.randrange(10**6):06d}"
            qty = rng.randint(1, 3) if kind != "restock" else rng.randint(10, 50)
            lines.append(f"{kind} {sku} {qty}")
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
