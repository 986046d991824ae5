"""The treegen store: every node of every tree, in SQLite, one transaction per node.

A run killed at any moment (SIGKILL included) and started again finds here the nodes it had made:
each tree goes on from them (TreeSearch's `resume`), finished trees are left alone, and the
multi-level pairs of a root are measured once. One connection writes, under a lock: the store is the
single writer whatever runs the trees (threads here, or Ray workers reporting back).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bite.runners import RunnerError, Speedup
from bite.treegen.search import Node

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trees (
    root TEXT NOT NULL, direction TEXT NOT NULL, language TEXT NOT NULL, source TEXT NOT NULL,
    state TEXT NOT NULL, stopped TEXT, model TEXT, prompt_hash TEXT, seconds REAL,
    PRIMARY KEY (root, direction));
CREATE TABLE IF NOT EXISTS nodes (
    root TEXT NOT NULL, direction TEXT NOT NULL, id INTEGER NOT NULL, parent INTEGER, depth INTEGER NOT NULL,
    source TEXT NOT NULL, function TEXT NOT NULL, status TEXT NOT NULL, detail TEXT, repaired INTEGER NOT NULL,
    model TEXT, prompt_hash TEXT,
    verdicts TEXT,  -- the judge's judgement against the parent, as JSON (verdicts per input, timings)
    vs_parent REAL, vs_parent_low REAL, vs_parent_high REAL,
    vs_root REAL, vs_root_low REAL, vs_root_high REAL, rounds INTEGER,
    tokens INTEGER, generation_seconds REAL, judge_seconds REAL, created REAL,
    PRIMARY KEY (root, direction, id));
CREATE TABLE IF NOT EXISTS pairs (
    root TEXT NOT NULL, level TEXT NOT NULL,  -- easy, medium, hard
    source_direction TEXT, source_id INTEGER, target_direction TEXT, target_id INTEGER,
    speedup REAL, low REAL, high REAL, measured TEXT,
    PRIMARY KEY (root, level));
"""


class Store:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")  # readers (stats, export) never block the writer
            self.db.execute("PRAGMA synchronous=FULL")  # a committed node survives a power cut, not only a kill
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as error:
            raise RunnerError(f"{path} is not a treegen store: {error}") from None
        self.db.row_factory = sqlite3.Row
        self.lock = threading.Lock()

    def close(self) -> None:
        self.db.close()

    def _write(self, sql: str, args: tuple) -> None:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute(sql, args)
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # --- the settings a store was made with: a resume must use the same ---------------------------

    def check_config(self, config: dict) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        if row is None:
            self._write("INSERT INTO meta VALUES ('config', ?)", (json.dumps(config, sort_keys=True),))
        elif json.loads(row["value"]) != config:
            raise RunnerError(f"{self.path} was made with other settings ({row['value']}): resume it with those, "
                              "or give another --out")  # fmt: skip

    def config(self) -> dict:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        return json.loads(row["value"]) if row else {}

    # --- trees and nodes ---------------------------------------------------------------------------

    def tree_state(self, root: str, direction: str) -> str | None:
        row = self.db.execute("SELECT state FROM trees WHERE root = ? AND direction = ?", (root, direction)).fetchone()
        return row["state"] if row else None

    def start_tree(self, root: str, direction: str, language: str, source: str, model: str, prompts: str) -> None:
        self._write("INSERT OR IGNORE INTO trees (root, direction, language, source, state, model, prompt_hash) "
                    "VALUES (?, ?, ?, ?, 'running', ?, ?)", (root, direction, language, source, model, prompts))  # fmt: skip

    def finish_tree(self, root: str, direction: str, stopped: str, seconds: float) -> None:
        self._write("UPDATE trees SET state = 'done', stopped = ?, seconds = COALESCE(seconds, 0) + ? "
                    "WHERE root = ? AND direction = ?", (stopped, seconds, root, direction))  # fmt: skip

    def add_node(self, root: str, direction: str, node: Node, model: str, prompts: str) -> None:
        j, vs = node.judgement, node.vs_root
        s = j.speedup if j else None
        self._write(
            "INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (root, direction, node.id, node.parent, node.depth, node.source, node.function, node.status,
             node.detail[:2000], int(node.repaired), model, prompts, json.dumps(j.to_dict()) if j else None,
             s.estimate if s else None, s.low if s else None, s.high if s else None,
             vs.estimate if vs else None, vs.low if vs else None, vs.high if vs else None, s.rounds if s else None,
             node.tokens, node.generation_seconds, j.seconds if j else None, time.time()),
        )  # fmt: skip

    def nodes(self, root: str, direction: str) -> list[Node]:
        """The tree's nodes as the search made them (without the full judgements), ids 0..k-1."""
        rows = self.db.execute("SELECT * FROM nodes WHERE root = ? AND direction = ? ORDER BY id",
                               (root, direction)).fetchall()  # fmt: skip
        return [Node(r["id"], r["parent"], r["depth"], r["source"], r["function"], r["status"], r["detail"] or "",
                     None, _speedup(r, "vs_root"), bool(r["repaired"]), r["tokens"] or 0,
                     r["generation_seconds"] or 0.0) for r in rows]  # fmt: skip

    def verified_edits(self, language: str, max_lines: int = 60) -> list[VerifiedEdit]:
        """The store's verified edges in one language as slow -> fast pairs: optimizations as they were made,
        degradations read backwards; only those short enough to show in a prompt."""
        rows = self.db.execute(
            "SELECT child.function AS child, parent.function AS parent, child.direction AS direction, "
            "child.vs_parent AS speedup FROM nodes child JOIN nodes parent ON parent.root = child.root AND "
            "parent.direction = child.direction AND parent.id = child.parent JOIN trees t ON t.root = child.root "
            "AND t.direction = child.direction WHERE child.status = 'verified' AND t.language = ?",
            (language,)).fetchall()  # fmt: skip
        edits = []
        for r in rows:
            slow, fast = (r["parent"], r["child"]) if r["direction"] == "optimize" else (r["child"], r["parent"])
            speedup = r["speedup"] if r["direction"] == "optimize" else 1 / r["speedup"]
            if max(slow.count("\n"), fast.count("\n")) < max_lines:
                edits.append(VerifiedEdit(slow.strip("\n"), fast.strip("\n"), speedup))
        return edits

    def rows(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    # --- multi-level pairs -------------------------------------------------------------------------

    def add_pair(self, root: str, level: str, source: tuple[str, int], target: tuple[str, int], speedup: Speedup,
                 measured: str) -> None:  # fmt: skip
        self._write("INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (root, level, *source, *target, speedup.estimate, speedup.low, speedup.high, measured))  # fmt: skip

    def pairs_done(self, root: str) -> bool:
        return self.db.execute("SELECT 1 FROM meta WHERE key = ?", (f"pairs:{root}",)).fetchone() is not None

    def mark_pairs_done(self, root: str) -> None:
        """A root's pairs are chosen and measured (it may have none: no verified node on a side)."""
        self._write("INSERT OR REPLACE INTO meta VALUES (?, 'done')", (f"pairs:{root}",))


@dataclass(frozen=True)
class VerifiedEdit:
    """A worked example from a tree: what a prompt shows next to the detectors' exemplars."""

    slow: str
    fast: str
    speedup: float


def _speedup(row: sqlite3.Row, prefix: str) -> Speedup | None:
    if row[prefix] is None:
        return None
    return Speedup(row[prefix], row[f"{prefix}_low"], row[f"{prefix}_high"], row["rounds"] or 0)
