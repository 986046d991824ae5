"""Recorded calls: the behaviour capture that checks a candidate beyond the project's tests, and `bite trace`, which
turns a real run into a replayable workload for a function."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bite.runners import Comparison, Judge, Limits, Program, Project, RunnerError, TestInput, Verdict
from bite.runners.trace import FORMAT, load, record, trace_workload

PYTHON = sys.executable  # the test's venv, which has pytest
BITE = Path(sys.executable).parent / "bite"

FREQ = (
    "def top_words(words, k):\n"
    '    """The k most common of `words` as (word, count), most common first; ties in alphabetical order."""\n'
    "    counts = {word: words.count(word) for word in words}\n"
    "    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:k]\n"
)
# Faster, and right.
FREQ_FAST = (
    "from collections import Counter\n\n\n"
    "def top_words(words, k):\n"
    "    return sorted(Counter(words).items(), key=lambda pair: (-pair[1], pair[0]))[:k]\n"
)
# Faster, passes the tests, but ties come in the order the words first appear.
FREQ_TIES = (
    "from collections import Counter\n\n\n"
    "def top_words(words, k):\n"
    "    return sorted(Counter(words).items(), key=lambda pair: -pair[1])[:k]\n"
)
# Faster, returns the same, passes the tests, but sorts the caller's list.
FREQ_MUTATES = (
    "from itertools import groupby\n\n\n"
    "def top_words(words, k):\n"
    "    words.sort()\n"
    "    counts = [(word, len(list(run))) for word, run in groupby(words)]\n"
    "    return sorted(counts, key=lambda pair: (-pair[1], pair[0]))[:k]\n"
)
TESTS = (
    "from words.freq import top_words\n\n\n"
    "def test_the_most_common_word_comes_first():\n"
    "    assert top_words('a b a c a b'.split(), 2)[0] == ('a', 3)\n\n\n"
    "def test_at_most_k_words():\n"
    "    assert len(top_words('x y z x'.split(), 2)) == 2\n\n\n"
    "def test_a_longer_text():\n"
    "    text = ('the dog sat on the mat the cat sat ' * 30).split()\n"
    "    assert top_words(text, 3)[0] == ('the', 90)\n"
)
PYTEST = ("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")


def make_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.fixture
def words_project(tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "project", {"words/__init__.py": "", "words/freq.py": FREQ,
                                               "tests/test_freq.py": TESTS})  # fmt: skip
    return Project(str(root), "words/freq.py", PYTEST, measure="top_words")


def program(project: Project, source: str) -> Program:
    return Program("python", source, project=project, interpreter=PYTHON)


@pytest.fixture
def judge():
    return Judge(limits=Limits(timeout=60), comparison=Comparison("exit"), budget=10, max_rounds=3)


TESTS_RUN = [TestInput("tests")]


def test_capture_catches_a_candidate_that_passes_the_tests_but_returns_other_values(words_project, judge):
    original, ties = program(words_project, FREQ), program(words_project, FREQ_TIES)
    # With the capture switched off, it is correct: the project's tests pass with it.
    unchecked = Judge(limits=judge.limits, comparison=judge.comparison, capture_calls=0, max_rounds=2, budget=1)
    assert unchecked.judge(original, ties, TESTS_RUN).correct

    result = judge.judge(original, ties, TESTS_RUN)
    assert result.decision == "incorrect"
    assert result.candidate.verdict is Verdict.WRONG_OUTPUT
    detail = result.candidate.detail
    assert detail.startswith("recorded calls: behaviour differs on recorded call "), detail
    assert "it returned [('the', 90), ('sat', 60), ('dog', 30)]" in detail, detail
    assert "the original returned [('the', 90), ('sat', 60), ('cat', 30)]" in detail, detail
    assert result.original.behaviour_note == "behaviour checked on 3 recorded calls of top_words"


def test_capture_catches_a_candidate_that_mutates_its_arguments(words_project, judge):
    result = judge.judge(program(words_project, FREQ), program(words_project, FREQ_MUTATES), TESTS_RUN)
    assert result.decision == "incorrect"
    assert "behaviour differs on recorded call 1 of 3" in result.candidate.detail
    assert "it left the arguments as ((['a', 'a', 'a', 'b', 'b', 'c'], 2), {})" in result.candidate.detail
    assert "the original as ((['a', 'b', 'a', 'c', 'a', 'b'], 2), {})" in result.candidate.detail


def test_a_candidate_that_behaves_the_same_passes_the_capture(words_project, judge):
    result = judge.judge(program(words_project, FREQ), program(words_project, FREQ_FAST), TESTS_RUN)
    assert result.correct, result.candidate.detail
    assert result.candidate.behaviour_note == "behaviour checked on 3 recorded calls of top_words"
    assert result.to_dict()["candidate"]["behaviour"] == result.candidate.behaviour_note


def test_calls_that_depend_on_the_commands_state_are_left_out(tmp_path, monkeypatch, judge):
    """scale() reads a setting that the command sets: replayed alone, it would do otherwise, so that call is not
    one to check candidates on; the call made before the setting changed is."""
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    lib = "FACTOR = 1\n\n\ndef scale(values):\n    return [v * FACTOR for v in values]\n"
    main = "import lib\nprint(lib.scale([1, 2]))\nlib.FACTOR = 3\nprint(lib.scale([1, 2]))\n"
    root = make_project(tmp_path / "project", {"lib.py": lib, "main.py": main})
    project = Project(str(root), "lib.py", ("python3", "main.py"), measure="scale")
    base = judge.reference(program(project, lib), TESTS_RUN)
    assert base.behaviour is not None and [c["result"] for c in base.behaviour.calls] == ["[1, 2]"]


# bite trace: the calls of a script to the functions of its library.
LIB = (
    "def count_pairs(values, target):\n"
    "    n = 0\n"
    "    for i in range(len(values)):\n"
    "        for j in range(i + 1, len(values)):\n"
    "            if values[i] + values[j] == target:\n"
    "                n += 1\n"
    "    return n\n\n\n"
    "def normalise(text):\n"
    "    return ' '.join(text.lower().split())\n\n\n"
    "class Counter:\n"
    "    def __init__(self):\n"
    "        self.seen = []\n\n"
    "    def add(self, value):\n"
    "        self.seen.append(value)\n"
    "        return len(self.seen)\n"
)
LIB_FAST = LIB.replace(LIB[: LIB.index("def normalise")], (
    "def count_pairs(values, target):\n"
    "    seen, n = {}, 0\n"
    "    for v in values:\n"
    "        n += seen.get(target - v, 0)\n"
    "        seen[v] = seen.get(v, 0) + 1\n"
    "    return n\n\n\n"
))  # fmt: skip
LIB_WRONG = LIB.replace("range(i + 1, len(values))", "range(i, len(values))")
MAIN = (
    "import random\nfrom lib import Counter, count_pairs, normalise\n\n"
    "rng = random.Random(1)\n"
    "for size in (1200, 1500, 1800):\n"
    "    print(count_pairs([rng.randint(0, 1000) for _ in range(size)], 1000))\n"
    "print(normalise('  Hello   World '))\n"
    "counter = Counter()\n"
    "print(counter.add(5), counter.add(7))\n"
)


@pytest.fixture
def script(tmp_path, monkeypatch):
    monkeypatch.setenv("BITE_CACHE_DIR", str(tmp_path / "cache"))
    return make_project(tmp_path / "project", {"lib.py": LIB, "main.py": MAIN})


def test_a_trace_records_every_function_of_the_file(script):
    project = Project(str(script), "lib.py", ("python3", "main.py"), measure="lib.py:*")
    traces = {t["function"]: t for t in record(Judge(limits=Limits(timeout=60)), program(project, LIB))}
    assert sorted(traces) == ["Counter.__init__", "Counter.add", "count_pairs", "normalise"]
    pairs = traces["count_pairs"]
    assert pairs["format"] == FORMAT and pairs["module"] == "lib" and pairs["path"] == [""]
    assert pairs["made"] == 3 and len(pairs["calls"]) == 3 and pairs["skipped"] == 0
    assert traces["normalise"]["calls"][0]["result"] == "'hello world'"
    # A method's calls hold the object: its state before (in the pickle) and after each call.
    add = traces["Counter.add"]["calls"]
    assert [c["result"] for c in add] == ["1", "2"]
    assert add[1]["after"] == "((lib.Counter{seen=[5, 7]}, 7), {})"
    assert load(json.dumps(pairs)) == pairs


def test_a_trace_is_a_workload_timed_on_the_function_that_catches_wrong_returns(script):
    recorded = record(Judge(limits=Limits(timeout=60)),
                      program(Project(str(script), "lib.py", ("python3", "main.py"), measure="count_pairs"), LIB))
    (pairs,) = recorded
    project, inputs = trace_workload(str(script), pairs)
    judge = Judge(limits=Limits(timeout=60), comparison=Comparison("exact"), budget=60)
    result = judge.judge(program(project, LIB), program(project, LIB_FAST), inputs)
    assert result.decision == "faster", (result.speedup, result.timing_note)
    assert result.decided_on == "function"
    assert result.original.outputs[0].count(b"\n") == 3  # one line per recorded call

    wrong = judge.judge(program(project, LIB), program(project, LIB_WRONG), inputs)
    assert wrong.decision == "incorrect" and wrong.candidate.verdict is Verdict.WRONG_OUTPUT
    assert 'line 1: expected \'{"k": 0, "result": "' in wrong.candidate.detail, wrong.candidate.detail


def test_a_malformed_trace_is_refused(script):
    with pytest.raises(RunnerError, match="malformed"):
        trace_workload(str(script), {"format": FORMAT, "file": "lib.py"})
    with pytest.raises(RunnerError, match="not a bite-trace/1 trace"):
        load('{"format": "something else"}')


def test_bite_trace_writes_the_traces_and_leaves_the_rest_of_the_tree_alone(script, tmp_path):
    before = sorted(p.name for p in script.iterdir())
    done = subprocess.run([BITE, "trace", "--file", "lib.py", "--function", "normalise", "--python", PYTHON, "--",
                           "python", "main.py"], cwd=script, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = script / ".bite" / "traces" / "lib.py" / "normalise.json"
    assert done.stdout.strip() == f"normalise: 1 calls -> {written}"
    trace = load(written.read_text())
    assert trace["function"] == "normalise" and trace["command"] == ["python", "main.py"]
    assert sorted(p.name for p in script.iterdir()) == sorted([*before, ".bite"])  # the run was in a copy

    missing = subprocess.run([BITE, "trace", "--file", "lib.py", "--function", "nothing", "--python", PYTHON, "--",
                              "python", "main.py"], cwd=script, capture_output=True, text=True,
                             timeout=300)  # fmt: skip
    assert missing.returncode == 2 and "never called nothing" in missing.stderr
