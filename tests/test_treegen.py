"""`bite treegen`: Algorithms 1 and 2 with a scripted editor, the multi-level pairs, the store surviving
kill -9, export through `datasets`, statistics, and a run on a local Ray instance.

The scripted editor answers by rule: per parent program and direction, two children whose effects are
3x or more (or wrong, or no change), so every pruning decision is clear on a busy two-core machine."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bite.treegen.export import export
from bite.treegen.generate import TreegenConfig, grow
from bite.treegen.stats import collect, report, token_similarity
from bite.treegen.store import Store

ROOT = "import sys\nn = int(sys.stdin.read())\ns = 0\nfor i in range(n):\n    s += i\nprint(s)\n"
FAST = "import sys\nn = int(sys.stdin.read())\nprint(n * (n - 1) // 2)\n"
FAST_AGAIN = "import sys\nn = int(sys.stdin.read())\nprint((n * (n - 1)) // 2)\n"  # no faster than FAST
WRONG = "import sys\nn = int(sys.stdin.read())\nprint(n)\n"
SLOW = ROOT.replace("for i in range(n):\n    s += i\n", "for k in range(3):\n    s = 0\n    for i in range(n):\n        s += i\n")
SLOWER = SLOW.replace("range(3)", "range(12)")
SAME = ROOT.replace("s = 0", "s = 0  # the sum")


def fenced(code: str) -> str:
    return f"```python\n{code}```"


RULES = {"rules": [
    {"when": ["Optimize", "for i in range(n)"], "replies": [fenced(FAST), fenced(WRONG)]},
    {"when": ["Optimize", "n * (n - 1) // 2"], "replies": [fenced(FAST_AGAIN), fenced(WRONG)]},
    {"when": ["Degenerate", "range(12)"], "replies": [fenced(WRONG)]},
    {"when": ["Degenerate", "range(3)"], "replies": [fenced(SLOWER), fenced(WRONG)]},
    {"when": ["Degenerate", "for i in range(n)"], "replies": [fenced(SLOW), fenced(SAME)]},
]}  # fmt: skip


def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources" / "sum_py"
    (folder / "inputs").mkdir(parents=True)
    (folder / "inputs" / "000.in").write_text("1000000\n")  # the loop, not start-up, dominates: 4x for FAST
    (folder / "slow.py").write_text(ROOT)
    return tmp_path / "sources"


def rules(tmp_path: Path, delay: float = 0.0) -> str:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({**RULES, "delay": delay}))
    return str(path)


def config(script: str) -> TreegenConfig:
    return TreegenConfig(height=2, degree=2, model_backend="scripted", optimizer=script, degrader=script)


def tree(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT direction, id, parent, depth, status, source FROM nodes ORDER BY direction, id").fetchall()


def _made(db: Path) -> int:
    """Nodes stored so far; none while the store is still being created (the file comes before its tables)."""
    try:
        return len(tree(db)) if db.exists() else 0
    except sqlite3.OperationalError:
        return 0


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("treegen")
    store = Store(tmp_path / "trees.db")
    grow(sources(tmp_path), store, config(rules(tmp_path)))
    return tmp_path / "trees.db"


def test_both_trees_grow_and_prune_in_their_own_direction(grown: Path):
    nodes = sorted((d, depth, status, source) for d, _, _, depth, status, source in tree(grown))
    assert nodes == sorted([
        ("degrade", 0, "root", ROOT), ("degrade", 1, "verified", SLOW), ("degrade", 1, "not_slower", SAME),
        ("degrade", 2, "verified", SLOWER), ("degrade", 2, "incorrect", WRONG),  # only SLOW is expanded
        ("optimize", 0, "root", ROOT), ("optimize", 1, "verified", FAST), ("optimize", 1, "incorrect", WRONG),
        ("optimize", 2, "not_faster", FAST_AGAIN), ("optimize", 2, "duplicate", WRONG),  # WRONG was seen at 1
    ])  # fmt: skip
    store = Store(grown)
    assert [len(store.nodes("sum_py", d)) for d in ("optimize", "degrade")] == [5, 5]  # root + m + m per kept
    assert {r["state"] for r in store.rows("SELECT state FROM trees")} == {"done"}
    slower = next(n for n in store.nodes("sum_py", "degrade") if n.source == SLOWER)
    assert slower.vs_root.estimate < 1 / 3  # measured against the root, not only its parent


def test_multilevel_pairs_take_the_slowest_and_fastest_verified(grown: Path):
    pairs = {r["level"]: r for r in Store(grown).rows("SELECT * FROM pairs")}
    nodes = {(d, i): s for d, i, _, _, _, s in tree(grown)}
    level = {name: (nodes[p["source_direction"], p["source_id"]], nodes[p["target_direction"], p["target_id"]])
             for name, p in pairs.items()}  # fmt: skip
    assert level == {"easy": (SLOWER, ROOT), "medium": (ROOT, FAST), "hard": (SLOWER, FAST)}
    assert pairs["easy"]["speedup"] > 3 and pairs["medium"]["speedup"] > 2 and pairs["hard"]["speedup"] > 10


def test_export_loads_with_datasets(grown: Path, tmp_path: Path):
    import datasets

    store = Store(grown)
    for fmt in ("jsonl", "parquet"):
        files = export(store, tmp_path / fmt, fmt)
        loaded = {name: datasets.load_dataset("json" if fmt == "jsonl" else "parquet", data_files=str(path),
                                              split="train") for name, path in files.items()}  # fmt: skip
        multilevel = loaded["multilevel"]
        assert sorted(multilevel["level"]) == ["easy", "hard", "medium"]
        hard = multilevel[multilevel["level"].index("hard")]
        assert (hard["input"], hard["output"]) == (SLOWER, FAST) and hard["prompt"].startswith("Below is a Python")
        assert "Optimize the program" in hard["prompt"] and SLOWER in hard["prompt"]
        # optimizer pairs: the kept optimization edge, and the two kept degradation edges read backwards
        assert sorted((r["input"], r["output"]) for r in loaded["optimizer"]) == sorted(
            [(ROOT, FAST), (SLOW, ROOT), (SLOWER, SLOW)])  # fmt: skip
        assert all(r["speedup"] > 1 for r in loaded["optimizer"]) and all(r["speedup"] < 1 for r in loaded["degrader"])
        assert all("Degenerate the program" in r["prompt"] for r in loaded["degrader"])


def test_stats_count_levels_reasons_and_similarity(grown: Path, tmp_path: Path):
    stats = collect(Store(grown))
    assert stats["levels"]["optimize 1"] == {"verified": 1, "incorrect": 1}
    assert stats["reasons"]["degrade: not_slower"] == 1
    lines = "\n".join(report(stats))
    assert "| optimize | 2 | 2 | 0 | 2 |" in lines and "| hard | 1 |" in lines
    assert token_similarity(ROOT, ROOT) == 1.0 and 0 < token_similarity(ROOT, FAST) < 1


def test_a_run_killed_with_sigkill_resumes_to_the_same_trees(grown: Path, tmp_path: Path):
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "bite", "treegen", str(sources(tmp_path)), "--out", str(db), "--height", "2",
               "--degree", "2", "--model-backend", "scripted", "--optimizer", rules(tmp_path, delay=0.5),
               "--degrader", rules(tmp_path, delay=0.5)]  # fmt: skip
    # The same rules as the uninterrupted run, with time per reply so that the kill lands mid-run.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _made(db) < 4:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    made = len(tree(db))
    assert 4 <= made < 10, "the kill came before or after the run"
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert tree(db) == tree(grown)
    assert Store(db).rows("SELECT level FROM pairs ORDER BY level") == Store(grown).rows(
        "SELECT level FROM pairs ORDER BY level")  # fmt: skip


def test_a_store_refuses_other_settings(grown: Path, tmp_path: Path):
    from bite.runners import RunnerError

    with pytest.raises(RunnerError, match="other settings"):
        grow(sources(tmp_path), Store(grown), TreegenConfig(height=3, degree=2, model_backend="scripted"))


def test_ray_runs_generation_and_judging_on_workers(tmp_path: Path):
    ray = pytest.importorskip("ray")
    from bite.treegen.ray_runtime import RayRuntime

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        cfg = config(rules(tmp_path))
        store = Store(tmp_path / "ray.db")
        grow(sources(tmp_path), store, cfg, workers=2, runtime=RayRuntime(cfg))
    finally:
        ray.shutdown()
    assert [(d, s) for d, _, _, _, s, _ in tree(tmp_path / "ray.db")].count(("degrade", "verified")) == 2
    assert len(store.rows("SELECT * FROM pairs")) == 3
