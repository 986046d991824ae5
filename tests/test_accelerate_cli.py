"""`bite accelerate` end to end with a scripted backend: diff, JSON, --apply, and bad input."""

import json
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES

FAST = (EXAMPLES / "primes_py" / "fast.py").read_text()
SIEVE = FAST[FAST.index("def count_primes") : FAST.index("def main")]


def bite(*args):
    return subprocess.run([sys.executable, "-m", "bite.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)  # fmt: skip


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "primes"
    shutil.copytree(EXAMPLES / "primes_py", folder)
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([f"```python\n{SIEVE}```", "```python\ndef count_primes(n):\n    return 0\n```"]))
    return folder, replies


def test_accelerate_prints_the_best_diff_and_changes_nothing(project):
    folder, replies = project
    before = (folder / "slow.py").read_text()
    out = bite("accelerate", folder / "slow.py", "--function", "count_primes", "--inputs", folder / "inputs",
               "--backend", "scripted", "--model", replies, "--candidates", "2", "--depth", "1",
               "--repair")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "+    sieve = bytearray([1]) * n" in out.stdout
    assert "x faster (95% CI" in out.stdout and "1 of 3 candidates verified" in out.stdout  # the wrong one got a repair try
    assert (folder / "slow.py").read_text() == before


def test_accelerate_json_and_apply(project):
    folder, replies = project
    out = bite("accelerate", folder / "slow.py", "--line", "8", "--inputs", folder / "inputs", "--backend", "scripted",
               "--model", replies, "--candidates", "2", "--depth", "1", "--repair", "--json", "--apply")  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["verified"] == 1 and result["pruned"] == {"incorrect": 1, "duplicate": 1}  # the repair replayed the sieve
    assert result["best"]["speedup_vs_root"]["low"] >= 1.10
    assert (folder / "slow.py").read_text() == result["best"]["source"]
    assert not list(folder.glob(".slow.py.*"))  # no temporary file left behind


def test_no_verified_improvement_says_why(project, tmp_path):
    folder, _ = project
    replies = tmp_path / "bad.json"
    replies.write_text(json.dumps(["```python\ndef count_primes(n):\n    return 0\n```"]))
    out = bite("accelerate", folder / "slow.py", "--function", "count_primes", "--inputs", folder / "inputs",
               "--backend", "scripted", "--model", replies, "--candidates", "2", "--depth", "1", "--no-repair")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "no verified improvement (1 incorrect, 1 duplicate" in out.stdout


@pytest.mark.parametrize(
    "case, message",
    [
        ("no function at the line", "no function at line 1"),
        ("unsupported language", "unknown extension"),
        ("model not found", "bite model pull"),
        ("original fails", "the original fails on 000.in: runtime_error: ValueError"),
        ("no code", "the model returned no code"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(project, tmp_path, case, message, monkeypatch):
    folder, replies = project
    target = folder / "slow.py"
    args = ["--function", "count_primes", "--inputs", folder / "inputs", "--backend", "scripted", "--model", replies]
    if case == "no function at the line":
        args = ["--line", "1", *args[2:]]
    elif case == "unsupported language":
        target = tmp_path / "notes.txt"
        target.write_text("hello")
    elif case == "model not found":
        args = args[:4] + ["--backend", "llama", "--model", "no-such-model"]
    elif case == "original fails":
        (folder / "inputs" / "000.in").write_text("not a number\n")
    elif case == "no code":
        replies.write_text(json.dumps(["I am sorry, I cannot do that."]))
    before = target.read_text()
    out = bite("accelerate", target, *args)
    assert out.returncode == 2, out.stdout + out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr
    assert target.read_text() == before


def test_a_rewrite_that_forgot_its_include_is_offered_with_it(tmp_path):
    folder = tmp_path / "distinct"
    shutil.copytree(EXAMPLES / "distinct_cpp", folder)
    hashed = ("int count_distinct(const std::vector<int> &values) {\n"
              "    return std::unordered_set<int>(values.begin(), values.end()).size();\n}\n")  # fmt: skip
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([f"```cpp\n{hashed}```"]))
    out = bite("accelerate", folder / "slow.cpp", "--function", "count_distinct", "--inputs", folder / "inputs",
               "--backend", "scripted", "--model", replies, "--candidates", "1", "--depth", "1")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "+#include <unordered_set>" in out.stdout and "x faster (95% CI" in out.stdout
    assert "bite fixed its imports or declarations: +#include <unordered_set>" in out.stdout
