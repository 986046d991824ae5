"""Writes inputs/NNN.in: a CSV of orders with a header row; some fields quoted, some empty.
Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [6, 1500, 1700, 1900]  # data rows per input
CUSTOMERS = ["Acme Corp", "Globex", "Initech", "Umbrella, Inc.", "Stark Industries", "Wayne Enterprises",
             "Hooli", "Vandelay \"Imports\"", "Soylent", "Tyrell", "Cyberdyne Systems", "Wonka"]
REGIONS = ["north", "south", "east", "west", "central", ""]


def field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"') else text


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, rows in enumerate(SIZES):
        rng = random.Random(11000 + i)
        lines = ["order,date,customer,region,items,amount,note"]
        for r in range(rows):
            note = rng.choice(["", "", "", "rush", "gift wrap", "call first", "backorder, partial"])
            lines.append(",".join([
                str(100000 + r), f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                field(rng.choice(CUSTOMERS)), rng.choice(REGIONS), str(rng.randint(1, 40)),
                f"{rng.uniform(5, 5000):.2f}", field(note)]))
        (folder / f"{i:03d}.in").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
