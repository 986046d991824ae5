"""The guided search: what the prompt holds (with and without a profile), the level's mix of prompts over a
temperature ladder, and a whole program accelerated through the function its profile names."""

import pytest

from bite.backends.scripted import ScriptedBackend
from bite.diagnosis import guidance
from bite.profiling import FunctionCost, LineCost, Profile, no_profile
from bite.prompts import P_OPTI, guided_prompt, marked, unmarked
from bite.runners import Judge, TestInput
from bite.treegen import search as search_module
from bite.treegen.search import SearchConfig, TreeSearch

SLOW = """import sys


def count_known(queries, known):
    seen = list(known)
    hits = 0
    for q in queries:
        if q in seen:
            hits += 1
    return hits


def main():
    known = [i * 7 % 10007 for i in range(3000)]
    queries = [i * 13 % 20011 for i in range(int(sys.stdin.read()))]
    print(count_known(queries, known))


main()
"""
FAST_FUNCTION = """def count_known(queries, known):
    seen = set(known)
    return sum(q in seen for q in queries)
"""
INPUTS = [TestInput("n", b"12000\n")]
PROFILE = Profile(
    True, "callgrind on n", "cprofile+line_profiler", "n", "seconds", 1.0,
    functions=[FunctionCost("count_known", 0.9, 0.92, True, 4), FunctionCost("main", 0.02, 1.0, True, 13),
               FunctionCost("{built-in method builtins.print}", 0.0, 0.0, False)],
    lines=[LineCost(8, 0.81, "count_known", "if q in seen:"), LineCost(7, 0.06, "count_known", "for q in queries:"),
           LineCost(14, 0.01, "main", "known = [i * 7 % 10007 for i in range(3000)]")],
)  # fmt: skip


def test_the_guided_prompt_starts_with_p_opti_and_carries_the_evidence():
    findings, exemplars = guidance(SLOW, "python", PROFILE, "count_known")
    assert [f.detector.id for f in findings] == ["py-list-membership-in-loop"] and findings[0].heat == 0.81
    prompt = guided_prompt("Python", SLOW, "count_known", (4, 10), PROFILE, findings, exemplars)
    # the hot lines of the function are marked where they stand; line 14 (main's, 1 %) is not
    marked = (SLOW.replace("for q in queries:", "for q in queries:  # SLOW: 6% of the time")
              .replace("if q in seen:", "if q in seen:  # SLOW: 81% of the time: membership test (`in`) on a list "
                                        "inside a loop"))  # fmt: skip
    assert prompt.startswith(P_OPTI.format(LANGUAGE="Python", CODE=marked))
    assert "Rewrite only the function `count_known` (lines 4-10 above)" in prompt
    assert "- line 8, 81% of the time: `if q in seen:`" in prompt
    # what was measured, not the tool (a small model told "line_profiler" imported it)
    assert "(measured on the program's inputs: CPU time)" in prompt and "line_profiler" not in prompt
    assert "line 14" not in prompt  # another function's line
    assert "### Likely causes\n- line 8: membership test" in prompt
    assert "### Example of such a fix\nSlow:\n```python\n" in prompt and "seen = set(known)" in prompt
    assert prompt.endswith("in the same block. Nothing else.")


def test_without_a_profile_the_prompt_says_only_what_is_known():
    findings, exemplars = guidance(SLOW, "python", no_profile("valgrind is missing"), "count_known")
    assert findings and findings[0].heat == 0.0  # no heat without a profile: findings in the function are kept
    prompt = guided_prompt("Python", SLOW, "count_known", (4, 10), no_profile("valgrind is missing"), findings)
    assert "Where the time goes" not in prompt and "### Likely causes" in prompt
    assert "Example of such a fix" not in prompt
    bare = guided_prompt("Python", SLOW)
    assert "Rewrite only" not in bare and bare.endswith("holding the complete optimized program.")


def test_the_marks_a_reply_copies_are_taken_out_and_a_program_with_such_comments_is_not_marked():
    findings, _ = guidance(SLOW, "python", PROFILE, "count_known")
    code = marked(SLOW, "Python", (4, 10), PROFILE, findings)
    copied = code.replace("seen = list(known)", "seen = set(known)").replace("81%", "81 %, fixed", 1)
    assert unmarked(f"```python\n{copied}```", SLOW) == f"```python\n{SLOW.replace('list(known)', 'set(known)')}```"
    c_code = "int f(int n) {\n    int s = 0;\n    for (int i = 0; i < n; i++) s += i;\n    return s;\n}\n"
    hot = Profile(True, "", "callgrind", "n", "instructions", 1.0, lines=[LineCost(3, 0.9, "f", "for ...")])
    assert marked(c_code, "C", (1, 5), hot).split("\n")[2].endswith("s += i;  // SLOW: 90% of the time")
    own = SLOW.replace("hits = 0", "hits = 0  # SLOW: the user's own note")
    assert marked(own, "Python", (4, 10), PROFILE, findings) == own
    assert unmarked(own, own) == own


def test_cold_findings_stay_out_of_the_prompt():
    cold = Profile(True, "", "cprofile+line_profiler", "n", "seconds", 1.0,
                   functions=[FunctionCost("main", 0.99, 1.0, True, 13)],
                   lines=[LineCost(14, 0.9, "main", "known = ..."), LineCost(8, 0.001, "count_known", "if q in seen:")])
    findings, exemplars = guidance(SLOW, "python", cold)
    assert findings == [] and len(exemplars) == 1  # retrieved by similarity instead


@pytest.fixture
def profiled(monkeypatch):
    """The search sees PROFILE for the original, whatever the profiler would say on this machine."""
    calls = []

    def fake(program, inputs, judge, budget=20.0, cancel=None):
        calls.append(program.source)
        return PROFILE if program.source == SLOW else no_profile("not the original")

    monkeypatch.setattr(search_module, "profile_program", fake)
    return calls


def test_a_level_mixes_prompts_over_a_temperature_ladder(profiled):
    # budget: the judge stops once it is sure; on a loaded machine, 10 s left a 7x child unverified
    backend = ScriptedBackend(lambda prompt: [f"```python\n{FAST_FUNCTION}```"] * 2)
    config = SearchConfig(degree=5, height=1, repair=False, temperature=0.7, fixits=False)  # the model's children
    search = TreeSearch(backend, Judge(budget=30), config)
    result = search.run(SLOW, "python", "count_known", INPUTS)
    children = result.nodes[1:]
    assert [(n.prompt, n.temperature) for n in children] == [
        ("diagnosis", 0.7), ("exemplars", 0.7), ("paper", 0.7), ("profile", 0.7), ("diagnosis", 0.9)]
    diagnosis, exemplars, paper, profile, _ = backend.prompts
    assert "Example of such a fix" in exemplars and "Likely causes" in exemplars
    assert "Likely causes" in diagnosis and "Example" not in diagnosis
    assert "Where the time goes" in profile and "Likely causes" not in profile
    assert paper == P_OPTI.format(LANGUAGE="Python", CODE=SLOW)
    assert profiled == [SLOW]  # profiled once per parent
    assert children[0].verified and [n.status for n in children[1:]] == ["duplicate"] * 4
    assert result.best.vs_root.faster(3.0)


def test_a_reply_that_copies_the_marked_function_is_a_duplicate(profiled):
    def copy_of_the_marked_function(prompt):
        program = prompt.split("### Python Code:\n", 1)[1]
        function = program[program.index("def count_known"):program.index("def main")]
        assert "# SLOW: 81% of the time" in function
        return [f"```python\n{function}```"]

    backend = ScriptedBackend(copy_of_the_marked_function)
    search = TreeSearch(backend, Judge(budget=10), SearchConfig(degree=1, height=1, prompt="diagnosis", repair=False))
    child = search.run(SLOW, "python", "count_known", INPUTS).nodes[1]
    assert child.status == "duplicate" and "SLOW" not in child.source


def test_a_whole_program_is_rewritten_through_its_hottest_function(profiled):
    backend = ScriptedBackend(lambda prompt: [f"Faster:\n```python\n{FAST_FUNCTION}```"])
    search = TreeSearch(backend, Judge(budget=30), SearchConfig(degree=1, height=1, prompt="profile"))
    result = search.run(SLOW, "python", None, INPUTS)
    assert "Rewrite only the function `count_known`" in backend.prompts[0]
    assert result.evidence.target.name == "count_known"
    child = result.nodes[1]
    assert child.verified and child.source.startswith("import sys\n\n\ndef count_known(queries, known):\n    seen = set(")
    assert child.source.endswith(SLOW[SLOW.index("def main"):])  # the rest of the program as it was


RANKS = """import bisect
import sys


def sorted_prices(prices):
    out = []
    for p in prices:
        out.append(p)
    out.sort()
    return out


def rank(prices, price):
    return bisect.bisect_right(sorted_prices(prices), price)


def main():
    prices = [i * 7919 % 10007 for i in range(4000)]
    total = 0
    for q in range(int(sys.stdin.read())):
        total += rank(prices, q * 13 % 10007)
    print(total)


main()
"""
RANKS_MAIN = """def main():
    prices = [i * 7919 % 10007 for i in range(4000)]
    ordered = sorted(prices)
    total = 0
    for q in range(int(sys.stdin.read())):
        total += bisect.bisect_right(ordered, q * 13 % 10007)
    print(total)
"""


def test_a_helper_called_again_over_unchanged_data_is_rewritten_through_its_caller(monkeypatch):
    """The profile names rank (it sorts the same prices on every call), but rank alone cannot sort them once:
    the search asks for main, whose loop makes the calls, and says so at the call."""
    profile = Profile(True, "cprofile on n", "cprofile+line_profiler", "n", "seconds", 1.0,
                      functions=[FunctionCost("sorted_prices", 0.6, 0.9, True, 5),
                                 FunctionCost("rank", 0.05, 0.95, True, 13), FunctionCost("main", 0.01, 1.0, True, 17)],
                      lines=[LineCost(8, 0.5, "sorted_prices", "out.append(p)"),
                             LineCost(21, 0.95, "main", "total += rank(prices, q * 13 % 10007)")])  # fmt: skip
    monkeypatch.setattr(search_module, "profile_program",
                        lambda program, *a, **k: profile if program.source == RANKS else no_profile("a child"))
    backend = ScriptedBackend(lambda prompt: [f"```python\n{RANKS_MAIN}```"])
    config = SearchConfig(degree=1, height=1, prompt="diagnosis", repair=False, fixits=False)
    result = TreeSearch(backend, Judge(budget=30), config).run(RANKS, "python", None, [TestInput("n", b"300\n")])
    assert result.evidence.target.name == "main"
    assert "Rewrite only the function `main`" in backend.prompts[0]
    assert "- line 21: a function called in a loop walks the same data again on every call." in backend.prompts[0]
    child = result.nodes[1]
    assert child.verified, (child.status, child.detail)
    assert child.source == RANKS[: RANKS.index("def main")] + RANKS_MAIN + "\n\nmain()\n"  # the rest as it was


def test_a_treegen_store_lends_its_verified_edits_as_examples(profiled, tmp_path):
    from bite.treegen.store import Store

    store = Store(tmp_path / "trees.db")
    slow = "def lookup(keys, wanted):\n    return [k for k in wanted if k in list(keys)]\n"
    fast = "def lookup(keys, wanted):\n    have = set(keys)\n    return [k for k in wanted if k in have]\n"
    store.start_tree("p1", "optimize", "python", slow, "m", "h")
    for node_id, parent, function, status, speedup in ((0, None, slow, "root", None), (1, 0, fast, "verified", 4.0)):
        store.db.execute("INSERT INTO nodes (root, direction, id, parent, depth, source, function, status, repaired, "
                         "vs_parent) VALUES ('p1', 'optimize', ?, ?, ?, ?, ?, ?, 0, ?)",
                         (node_id, parent, node_id, function, function, status, speedup))  # fmt: skip
    assert [(e.slow, e.fast, e.speedup) for e in store.verified_edits("python")] == [(slow.strip(), fast.strip(), 4.0)]
    store.close()
    backend = ScriptedBackend(lambda prompt: [f"```python\n{FAST_FUNCTION}```"])
    config = SearchConfig(degree=1, height=1, prompt="exemplars", exemplar_store=str(tmp_path / "trees.db"))
    TreeSearch(backend, Judge(budget=10), config).run(SLOW, "python", "count_known", INPUTS)
    assert "have = set(keys)" in backend.prompts[0]  # the store's edit, beside the detector's own exemplar
    assert backend.prompts[0].count("### Example of such a fix") == 2
