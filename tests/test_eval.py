"""`bite eval`: the metrics on hand-made cases, and a tiny benchmark end to end with a scripted model."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from bite import evaluate
from bite.backends.scripted import ScriptedBackend
from bite.benchmarks import import_pie, load_problems
from bite.metrics import ap, opt, sp, summarize
from bite.runners import RunnerError


def test_incorrect_and_slower_results_count_as_one():
    assert sp(False, 5.0) == sp(True, 0.5) == sp(False, None) == 1.0
    assert sp(True, 3.0) == 3.0
    assert opt(True, 1.10) and not opt(True, 1.09) and not opt(False, 4.0)


def test_ap_is_the_share_of_the_references_gain_clamped():
    assert ap(True, 2.0, 4.0) == pytest.approx((1 - 1 / 2) / (1 - 1 / 4))  # old 4, new 2, opti 1: 2/3
    assert ap(True, 8.0, 4.0) == 1.0  # beat the reference
    assert ap(True, 0.5, 4.0) == 0.0  # slower
    assert ap(False, 3.0, 4.0) == 0.0  # incorrect: new = old
    assert ap(True, 2.0, None) is None and ap(True, 2.0, 0.9) is None  # no reference, or one that is not faster


def test_summary_means_medians_and_ap_only_where_a_reference_exists():
    rows = [{"correct": True, "speedup": 4.0, "reference_speedup": 2.0},
            {"correct": False, "speedup": None, "reference_speedup": 2.0},
            {"correct": True, "speedup": 1.0, "reference_speedup": None}]  # fmt: skip
    s = summarize(rows)
    assert (s.problems, round(s.cor, 1), round(s.opt, 1)) == (3, 66.7, 33.3)
    assert s.sp_mean == pytest.approx(2.0) and s.sp_median == 1.0
    assert (s.ap_mean, s.ap_median, s.ap_problems) == (0.5, 0.5, 2)


# --- a tiny benchmark ------------------------------------------------------------------------------

SLOW_SUM = "n = int(input())\ns = 0\nfor i in range(n):\n    s += i\nprint(s)\n"
FAST_SUM = "n = int(input())\nprint(n * (n - 1) // 2)\n"
SLOW_MAX = "xs = list(map(int, input().split()))\nbest = xs[0]\nfor x in xs:\n    best = max(best, x)\nprint(best)\n"
SLOW_C = '#include <stdio.h>\nint main(void) {\n  long n; scanf("%ld", &n);\n  printf("%ld\\n", n * 2);\n  return 0;\n}\n'


def write_problem(root: Path, name: str, slow: str, ext: str, inputs: dict[str, str], fast: str | None = None):
    folder = root / name
    (folder / "inputs").mkdir(parents=True)
    for stem, text in inputs.items():
        (folder / "inputs" / f"{stem}.in").write_text(text)
    (folder / f"slow{ext}").write_text(slow)
    if fast:
        (folder / f"fast{ext}").write_text(fast)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    root = tmp_path / "bench"
    write_problem(root, "sum_py", SLOW_SUM, ".py", {f"{i}": f"{n}\n" for i, n in enumerate([2_000_000, 2_500_000,
                  3_000_000, 3_500_000])}, FAST_SUM)  # fmt: skip
    write_problem(root, "max_py", SLOW_MAX, ".py", {f"{i}": "3 1 4 1 5 9 2 6\n" for i in range(3)},
                  "import time\ntime.sleep(0.2)\n" + SLOW_MAX)  # a "reference" that is not faster  # fmt: skip
    write_problem(root, "twice_c", SLOW_C, ".c", {"only": "21\n"})
    return root


def replies(prompt: str) -> list[str]:
    """The model: right and faster for the sum, wrong for the max, the same program for C."""
    if "s += i" in prompt:
        return [f"```python\n{FAST_SUM}```"]
    if "best = max" in prompt:
        return ["```python\nprint(0)\n```"]
    return [f"```c\n{SLOW_C}```"]


def test_direct_takes_the_sample_as_it_is_and_the_hidden_inputs_score_it(tiny: Path, tmp_path: Path):
    out = tmp_path / "direct"
    rows = evaluate.run(tiny, out, evaluate.EvalConfig(method="direct", backend="scripted", score_on="hidden"),
                        backend=ScriptedBackend(replies))  # fmt: skip
    by = {r["problem"]: r for r in rows}
    assert by["sum_py"]["final"] == "rewrite" and by["sum_py"]["correct"] and by["sum_py"]["speedup"] > 3
    assert (by["sum_py"]["visible"], by["sum_py"]["hidden"], by["sum_py"]["split"]) == (2, 2, True)
    assert by["sum_py"]["reference_speedup"] > 3
    assert by["max_py"]["correct"] is False and by["max_py"]["verdict"] == "wrong_output"
    assert by["max_py"]["reference_speedup"] is None and "not significantly faster" in by["max_py"]["reference_note"]
    assert by["twice_c"]["final"] == "original" and not by["twice_c"]["split"]
    report = evaluate.write_report(out).read_text()
    assert "| all | 3 | 66.7 | 50.0 (2) | 1 | 33.3 |" in report
    assert "not split: scored on all inputs" in report
    assert (out / "speedups.png").stat().st_size > 1000 and (out / "ap.png").stat().st_size > 1000
    header = json.loads((out / "run.json").read_text())
    assert header["prompts_hash"] and header["toolchains"]["c"] != "missing" and header["cpu"]["cores"]


def test_a_tiny_hidden_input_does_not_hide_the_speedup_on_all_inputs_and_a_run_can_be_scored_again(tmp_path: Path):
    root = tmp_path / "bench"
    write_problem(root, "sum_py", SLOW_SUM, ".py", {f"{i}": "3\n" for i in range(4)})
    (problem,) = load_problems(root)
    visible, hidden, _ = problem.split()
    for test in visible:  # the work is in the inputs the method sees; the hidden ones only start Python
        (root / "sum_py" / "inputs" / test.name).write_text("3000000\n")
    on_hidden = evaluate.run(root, tmp_path / "hidden", evaluate.EvalConfig(method="direct", backend="scripted",
                             score_on="hidden"), backend=ScriptedBackend(replies))  # fmt: skip
    assert on_hidden[0]["correct"] and on_hidden[0]["scored_on"] == len(hidden) == 2
    assert on_hidden[0]["speedup"] < 2  # process start-up: the rewrite's 1000x on the loop does not show
    rescored = evaluate.rescore(tmp_path / "hidden", tmp_path / "all", "all")
    assert rescored[0]["correct"] and rescored[0]["scored_on"] == 4 and rescored[0]["speedup"] > 3
    assert rescored[0]["source"] == on_hidden[0]["source"] and rescored[0]["generated"] == 1  # the same program
    assert evaluate.EvalConfig().score_on == "all"
    report = evaluate.write_report(tmp_path / "all").read_text()
    assert f"scored on all inputs (final programs of {(tmp_path / 'hidden').resolve()})" in report
    with pytest.raises(RunnerError, match="score-on"):
        evaluate.rescore(tmp_path / "hidden", tmp_path / "visible", "visible")
    assert evaluate.rescore(tmp_path / "hidden", tmp_path / "all", "all") == rescored  # done: resumed, nothing new
    with pytest.raises(RunnerError, match="other settings"):  # never into a folder that holds another run
        evaluate.rescore(tmp_path / "hidden", tmp_path / "hidden", "all")
    with pytest.raises(RunnerError, match="not a `bite eval` run folder"):
        evaluate.rescore(tmp_path, tmp_path / "again", "all")


def test_tree_keeps_only_verified_rewrites(tiny: Path, tmp_path: Path):
    config = evaluate.EvalConfig(method="tree", samples=1, depth=1, backend="scripted")
    rows = evaluate.run(tiny, tmp_path / "tree", config, backend=ScriptedBackend(replies))
    by = {r["problem"]: r for r in rows}
    assert by["sum_py"]["final"] == "rewrite"
    model = [c for c in by["sum_py"]["candidates"] if not c["prompt"].startswith("fixit:")]
    assert [c["outcome"] for c in model] == ["verified"]  # besides, the fix-its moved its loop into main()
    assert {c["prompt"] for c in by["sum_py"]["candidates"]} >= {"fixit:py-module-level-code"}
    assert by["max_py"]["final"] == "original" and by["max_py"]["correct"] and by["max_py"]["pruned"]
    assert summarize(rows).cor == 100.0
    report = evaluate.write_report(tmp_path / "tree").read_text()
    assert re.search(r"The model: 3 replies, \d+ tokens[,.]", report), report
    table = evaluate.compare(tmp_path / "tree", tmp_path / "tree")
    assert ["all COR %", "100.00", "100.00"] in table


def test_a_token_budget_ends_each_search_when_its_tokens_are_spent(tiny: Path, tmp_path: Path):
    # max_py's wrong reply is 3 scripted tokens: without a budget, m = 1 and h = 1 ask once
    config = evaluate.EvalConfig(method="tree", samples=1, depth=1, backend="scripted", token_budget=7)
    (row,) = evaluate.run(tiny, tmp_path / "tokens", config, only=lambda p: p.name == "max_py",
                          backend=ScriptedBackend(replies))  # fmt: skip
    assert row["stopped"] == "token budget" and row["generated"] == 3 and row["tokens"] == 9
    assert json.loads((tmp_path / "tokens" / "run.json").read_text())["config"]["token_budget"] == 7
    with pytest.raises(RunnerError, match="must be positive"):
        evaluate.run(tiny, tmp_path / "none", evaluate.EvalConfig(backend="scripted", token_budget=0))


def test_a_killed_run_resumes_where_it_stopped(tiny: Path, tmp_path: Path):
    out, config = tmp_path / "run", evaluate.EvalConfig(method="direct", backend="scripted")

    def killed_at_the_second(problem, done, total):
        if done == 1:
            raise KeyboardInterrupt

    first = ScriptedBackend(replies)
    with pytest.raises(KeyboardInterrupt):
        evaluate.run(tiny, out, config, on_problem=killed_at_the_second, backend=first)
    assert [r["problem"] for r in evaluate.read_rows(out)] == ["max_py"]
    with open(out / "results.jsonl", "a") as f:
        f.write('{"problem": "sum_py", "lang')  # killed while writing
    again = ScriptedBackend(replies)
    rows = evaluate.run(tiny, out, config, backend=again)
    assert sorted(r["problem"] for r in rows) == ["max_py", "sum_py", "twice_c"]
    assert len(again.prompts) == 2  # max_py was not asked again
    with pytest.raises(RunnerError, match="other settings"):
        evaluate.run(tiny, out, evaluate.EvalConfig(method="tree", backend="scripted"), backend=again)


def test_a_run_made_before_a_setting_existed_resumes_with_that_setting_at_its_default(tiny: Path, tmp_path: Path):
    out, config = tmp_path / "run", evaluate.EvalConfig(method="direct", backend="scripted")
    evaluate.run(tiny, out, config, backend=ScriptedBackend(replies))
    header = json.loads((out / "run.json").read_text())
    del header["config"]["token_budget"]  # as a bite before --token-budget wrote it
    (out / "run.json").write_text(json.dumps(header))
    again = ScriptedBackend(replies)
    assert len(evaluate.run(tiny, out, config, backend=again)) == 3 and again.prompts == []
    with pytest.raises(RunnerError, match="other settings"):  # a value other than the default is not the old run
        evaluate.run(tiny, out, dataclasses.replace(config, token_budget=500), backend=again)


def test_benchmark_problems_are_checked_and_pie_pairs_imported(tmp_path: Path):
    (tmp_path / "bad" / "p1").mkdir(parents=True)
    (tmp_path / "bad" / "p1" / "slow.py").write_text("print(1)\n")
    with pytest.raises(RunnerError, match="p1: no inputs/ folder"):
        load_problems(tmp_path / "bad")
    tests = tmp_path / "tests" / "p02952"
    tests.mkdir(parents=True)
    (tests / "input.0.txt").write_text("11\n")
    (tests / "output.0.txt").write_text("9\n")
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text(json.dumps({"problem_id": "p02952", "code_v0": SLOW_SUM, "code_v1": FAST_SUM}) + "\n")
    assert import_pie(jsonl, tmp_path / "tests", tmp_path / "pie") == 1
    (problem,) = load_problems(tmp_path / "pie")
    assert problem.fast is not None and problem.inputs[0].expected == b"9\n"


def test_a_run_records_a_trained_lora_adapter_with_its_base(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BITE_MODELS_DIR", str(tmp_path))
    base, adapter = tmp_path / "base.gguf", tmp_path / "trained" / "mine-lora.gguf"
    adapter.parent.mkdir()
    base.write_bytes(b"GGUF base")
    adapter.write_bytes(b"GGUF adapter")
    (adapter.with_suffix(".json")).write_text(json.dumps({"mode": "lora", "base_gguf": str(base)}))
    identity = evaluate._model_identity(evaluate.EvalConfig(method="direct", model="mine-lora"))
    assert identity["name"] == "base.gguf + mine-lora.gguf" and identity["adapter"] == str(adapter)
    assert identity["sha256"] != identity["adapter_sha256"] and len(identity["adapter_sha256"]) == 64
