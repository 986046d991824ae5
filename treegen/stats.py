"""`bite treegen stats`: what a store holds, in the terms of the paper's Table 4.

Counts per level and direction, why children were pruned, the speedups kept, and how similar the two
programs of each pair are. Similarity is a token-sequence ratio (difflib's ratio over the programs'
word and symbol tokens), named as such: CodeBLEU's PyPI package pins tree-sitter below 0.23, which
bite's grammars cannot use.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from bite.treegen.export import editor_rows, multilevel_rows
from bite.treegen.store import Store

_TOKEN = re.compile(r"\w+|[^\w\s]")


def token_similarity(a: str, b: str) -> float:
    """difflib's ratio over the two programs' token sequences: 1.0 for the same tokens, 0.0 for none shared."""
    return difflib.SequenceMatcher(None, _TOKEN.findall(a), _TOKEN.findall(b), autojunk=False).ratio()


def collect(store: Store) -> dict:
    levels: dict[str, Counter] = defaultdict(Counter)  # "direction depth" -> status counts
    reasons: Counter = Counter()
    speedups: dict[str, list[float]] = defaultdict(list)  # direction -> kept children's speedup over their parent
    for row in store.rows("SELECT direction, depth, status, vs_parent FROM nodes WHERE id > 0"):
        levels[f"{row['direction']} {row['depth']}"][row["status"]] += 1
        if row["status"] == "verified":
            speedups[row["direction"]].append(row["vs_parent"])
        else:
            reasons[f"{row['direction']}: {row['status']}"] += 1
    similarity = defaultdict(list)
    for row in multilevel_rows(store):
        similarity[row["level"]].append(token_similarity(row["input"], row["output"]))
    for row in editor_rows(store, "optimize"):
        similarity["editor edge"].append(token_similarity(row["input"], row["output"]))
    trees = store.rows("SELECT direction, state, COUNT(*) AS n, SUM(seconds) AS seconds FROM trees "
                       "GROUP BY direction, state")  # fmt: skip
    return {"levels": levels, "reasons": reasons, "speedups": speedups, "similarity": similarity,
            "trees": [dict(t) for t in trees]}  # fmt: skip


def report(stats: dict) -> list[str]:
    """The statistics as Markdown lines."""
    lines = ["| direction | level | children | verified | pruned |", "|---|---|---|---|---|"]
    for key in sorted(stats["levels"]):
        counts = stats["levels"][key]
        direction, depth = key.split()
        total = sum(counts.values())
        lines.append(f"| {direction} | {depth} | {total} | {counts['verified']} | {total - counts['verified']} |")
    lines += ["", "| prune reason | children |", "|---|---|"]
    lines += [f"| {reason} | {n} |" for reason, n in stats["reasons"].most_common()]
    lines += ["", "| kept children | n | min | median | max |", "|---|---|---|---|---|"]
    for direction, values in sorted(stats["speedups"].items()):
        lines.append(f"| {direction} (speedup over parent) | {len(values)} | {min(values):.2f} | "
                     f"{statistics.median(values):.2f} | {max(values):.2f} |")  # fmt: skip
    lines += ["", "| pairs | n | token similarity mean | median |", "|---|---|---|---|"]
    for level, values in sorted(stats["similarity"].items()):
        lines.append(f"| {level} | {len(values)} | {statistics.fmean(values):.3f} | {statistics.median(values):.3f} |")
    lines += ["", "| trees | state | n | seconds |", "|---|---|---|---|"]
    lines += [f"| {t['direction']} | {t['state']} | {t['n']} | {t['seconds'] or 0:.0f} |" for t in stats["trees"]]
    return lines


def plots(stats: dict, out: Path) -> list[Path]:
    """speedups.png (kept children per direction, log scale) and similarity.png (per pair kind)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name, data, label, log in (("speedups", stats["speedups"], "speedup over parent", True),
                                   ("similarity", stats["similarity"], "token similarity of the pair", False)):  # fmt: skip
        fig, axis = plt.subplots(figsize=(6, 3.5))
        for key, values in sorted(data.items()):
            axis.hist(values, bins=20, alpha=0.6, label=f"{key} ({len(values)})")
        if log:
            axis.set_xscale("log")
        axis.set_xlabel(label)
        axis.set_ylabel("count")
        if data:
            axis.legend()
        fig.tight_layout()
        fig.savefig(out / f"{name}.png", dpi=100)
        plt.close(fig)
        made.append(out / f"{name}.png")
    return made
