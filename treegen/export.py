"""`bite treegen export`: a store's pairs as files that Hugging Face `datasets` loads.

    multilevel   section 3.3's easy (P_opti(slow) -> src), medium (P_opti(src) -> fast) and hard
                 (P_opti(slow) -> fast) pairs, for the PKAC curriculum
    optimizer    editor pairs slower -> faster: every verified edge of an optimization tree, and every
                 verified edge of a degradation tree read backwards
    degrader     editor pairs faster -> slower: the same edges the other way, with the degrader prompt

Each row: prompt (the paper's prompt around the input program), input, output, speedup (of output
over input: > 1 for optimizer and multilevel rows, < 1 for degrader rows), its 95% interval, and where
it came from.
"""

from __future__ import annotations

import json
from pathlib import Path

from bite.prompts import prompt_for
from bite.runners import LANGUAGES
from bite.treegen.store import Store

FORMATS = ("jsonl", "parquet")


def multilevel_rows(store: Store) -> list[dict]:
    rows = []
    for p in store.rows("SELECT p.*, t.language FROM pairs p JOIN trees t ON t.root = p.root AND t.direction = "
                        "p.source_direction ORDER BY p.root, p.level"):  # fmt: skip
        source = _source(store, p["root"], p["source_direction"], p["source_id"])
        target = _source(store, p["root"], p["target_direction"], p["target_id"])
        rows.append(_row(p["root"], p["language"], "optimize", source, target, p["speedup"], p["low"], p["high"],
                         level=p["level"], measured=p["measured"]))  # fmt: skip
    return rows


def editor_rows(store: Store, direction: str) -> list[dict]:
    """Pairs for training the optimizer (direction="optimize") or the degrader ("degrade")."""
    rows = []
    edges = store.rows("SELECT c.root, c.direction, c.id, c.vs_parent, c.vs_parent_low, c.vs_parent_high, "
                       "c.source AS child, p.source AS parent, t.language FROM nodes c "
                       "JOIN nodes p ON p.root = c.root AND p.direction = c.direction AND p.id = c.parent "
                       "JOIN trees t ON t.root = c.root AND t.direction = c.direction "
                       "WHERE c.status = 'verified' ORDER BY c.root, c.direction, c.id")  # fmt: skip
    for e in edges:
        forward = e["direction"] == direction  # the edge as grown: parent -> child in the wanted direction
        before, after = (e["parent"], e["child"]) if forward else (e["child"], e["parent"])
        s, low, high = e["vs_parent"], e["vs_parent_low"], e["vs_parent_high"]
        if not forward:
            s, low, high = 1 / s, 1 / high if high else None, 1 / low if low else None
        rows.append(_row(e["root"], e["language"], direction, before, after, s, low, high,
                         edge=f"{e['direction']} tree, node {e['id']}" + ("" if forward else ", read backwards")))  # fmt: skip
    return rows


def export(store: Store, out: Path, fmt: str = "jsonl") -> dict[str, Path]:
    """Write multilevel, optimizer and degrader files into `out`; returns them by name."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, rows in (("multilevel", multilevel_rows(store)), ("optimizer", editor_rows(store, "optimize")),
                       ("degrader", editor_rows(store, "degrade"))):  # fmt: skip
        path = out / f"{name}.{fmt}"
        if fmt == "jsonl":
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        else:
            import datasets

            datasets.Dataset.from_list(rows, features=_features()).to_parquet(str(path))
        written[name] = path
    return written


def _row(root: str, language: str, direction: str, before: str, after: str, speedup, low, high, **origin) -> dict:
    return {"root": root, "language": language, "level": origin.pop("level", None),
            "prompt": prompt_for(direction, LANGUAGES[language].title, before), "input": before, "output": after,
            "speedup": speedup, "low": low, "high": high, "origin": json.dumps(origin)}  # fmt: skip


def _features():
    import datasets

    text, number = datasets.Value("string"), datasets.Value("float64")
    return datasets.Features({"root": text, "language": text, "level": text, "prompt": text, "input": text,
                              "output": text, "speedup": number, "low": number, "high": number, "origin": text})  # fmt: skip


def _source(store: Store, root: str, direction: str, node: int) -> str:
    return store.rows("SELECT source FROM nodes WHERE root = ? AND direction = ? AND id = ?",
                      (root, direction, node))[0]["source"]  # fmt: skip
