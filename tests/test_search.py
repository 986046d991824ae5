"""Algorithm 1 as a search engine, driven by a scripted backend: pruning, selection, dedup, repair,
depth, budgets, cancellation, and the mirrored degradation direction."""

import threading

import pytest
from conftest import EXAMPLES

from bite.backends import before_stop
from bite.backends.scripted import ScriptedBackend
from bite.prompts import P_OPTI
from bite.runners import Judge, load_inputs
from bite.treegen.search import CLOSING_FENCE, SearchConfig, TreeSearch

SLOW = (EXAMPLES / "primes_py" / "slow.py").read_text()
FAST = (EXAMPLES / "primes_py" / "fast.py").read_text()
INPUTS = load_inputs(str(EXAMPLES / "primes_py" / "inputs"))

SIEVE = FAST[FAST.index("def count_primes") : FAST.index("def main")]
WRONG = "def count_primes(n):\n    return n // 2\n"
BROKEN = "def count_primes(n):\n    return (n\n"
SAME_SPEED = SLOW[SLOW.index("def count_primes") : SLOW.index("def main")].replace("count = 0", "count = 0  # same")
# Trial division of odd candidates by the odd primes found so far: about 4x faster than the original (which
# tries every divisor), and about 5x slower than the sieve, so each level's speedup is a clear one.
MEDIUM = """def count_primes(n):
    if n < 3:
        return 0
    primes = []
    for candidate in range(3, n, 2):
        for p in primes:
            if p * p > candidate:
                primes.append(candidate)
                break
            if candidate % p == 0:
                break
        else:
            primes.append(candidate)
    return len(primes) + 1
"""


def fenced(code: str) -> str:
    return f"Here is a faster version:\n```python\n{code}```\nIt uses a better algorithm."


def run(replies, config, **kwargs):
    backend = ScriptedBackend(replies)
    search = TreeSearch(backend, Judge(budget=10), config, **kwargs)
    return search.run(SLOW, "python", "count_primes", INPUTS), backend


def test_only_correct_and_faster_children_survive():
    replies = [fenced(SIEVE), fenced(WRONG), "I cannot help with that.", fenced(SIEVE), fenced(SAME_SPEED),
               fenced(BROKEN)]  # fmt: skip
    result, backend = run(lambda prompt: replies, SearchConfig(prompt="paper", degree=6, height=1, repair=False))
    statuses = [n.status for n in result.nodes]
    assert statuses == ["root", "verified", "incorrect", "no_code", "duplicate", "not_faster", "parse_error"]
    assert result.best is result.nodes[1]
    assert result.best.vs_root.low >= 1.10
    assert result.best.source.startswith(SLOW[: SLOW.index("def count_primes")])  # the rest is untouched
    assert backend.prompts[0] == P_OPTI.format(LANGUAGE="Python", CODE=SLOW)
    assert result.reasons() == {"incorrect": 1, "no_code": 1, "duplicate": 1, "not_faster": 1, "parse_error": 1}


def test_a_faster_child_is_confirmed_with_at_least_as_many_rounds_as_its_judgement_took():
    """A close call that needed many rounds to pass needs as many to be confirmed (Judge.confirm)."""
    class Recording(Judge):
        def confirm(self, original, candidate, inputs, rounds=None, progress=None, cancel=None):
            self.asked = rounds
            return super().confirm(original, candidate, inputs, rounds, progress, cancel)

    judge = Recording(budget=10)
    result = TreeSearch(ScriptedBackend(lambda prompt: [fenced(SIEVE)]), judge,
                        SearchConfig(prompt="paper", degree=1, height=1)).run(SLOW, "python", "count_primes", INPUTS)
    child = result.nodes[1]
    assert child.status == "verified" and judge.asked == child.judgement.speedup.rounds
    assert child.vs_root.rounds == max(judge.confirm_rounds, child.judgement.speedup.rounds)


def test_wrong_child_is_repaired_from_its_feedback():
    def replies(prompt):
        return [fenced(SIEVE)] if "### Feedback:" in prompt else [fenced(WRONG)]

    result, backend = run(replies, SearchConfig(prompt="paper", degree=1, height=1, repair=True))
    repair_prompt = backend.prompts[1]
    assert "the original prints:\n17984" in repair_prompt and "the rewrite prints:\n100000" in repair_prompt
    assert [n.status for n in result.nodes] == ["root", "incorrect", "verified"]
    assert result.best.repaired and result.best.vs_root.faster(1.10)


def test_with_the_mixed_prompts_repairs_wait_until_every_kind_was_tried():
    asked = []

    def replies(prompt):
        if "### Feedback:" in prompt:
            return [fenced(SIEVE)]
        asked.append(prompt)
        # wrong, and each one new; a few, since a prompt may be asked again (without findings, the diagnosis
        # prompt is the profile one)
        return [fenced(f"def count_primes(n):\n    return n // {len(asked) + 1}\n")] * 4

    config = SearchConfig(prompt="mixed", degree=2, height=1, time_budget=300, fixits=False, repair=True)
    result, _ = run(replies, config)
    children = result.nodes[1:]
    assert [n.prompt for n in children[:4]] == ["diagnosis", "exemplars", "paper", "profile"]
    assert [n.status for n in children[:4]] == ["incorrect"] * 4
    assert [n.prompt for n in children[4:]] == ["repair"] * 4 and children[4].verified
    # without a time budget a level is m children, as in the paper, so its repairs come right after them
    asked.clear()
    result, _ = run(replies, SearchConfig(prompt="mixed", degree=2, height=1, fixits=False, repair=True))
    assert [n.prompt for n in result.nodes[1:]] == ["diagnosis", "exemplars", "repair", "repair"]
    assert result.best.repaired


def test_by_default_a_failing_child_is_not_repaired_and_the_budget_goes_to_fresh_tries():
    def replies(prompt):
        return [fenced(SIEVE)] if "### Feedback:" in prompt else [fenced(WRONG)]

    result, backend = run(replies, SearchConfig(prompt="paper", degree=1, height=1))
    assert not any("### Feedback:" in p for p in backend.prompts)
    assert [n.status for n in result.nodes] == ["root", "incorrect"] and result.best is None


def test_second_level_builds_on_verified_children_and_is_measured_against_the_root():
    def replies(prompt):
        return [fenced(SIEVE)] if "primes = []" in prompt else [fenced(MEDIUM)]

    streamed = []
    result, _ = run(replies, SearchConfig(prompt="paper", degree=1, height=2), on_node=lambda n: streamed.append(n.status))
    assert [(n.depth, n.status) for n in result.nodes] == [(0, "root"), (1, "verified"), (2, "verified")]
    medium, sieve = result.nodes[1], result.nodes[2]
    assert sieve.parent == medium.id
    assert result.best is sieve
    assert sieve.vs_root.estimate > sieve.judgement.speedup.estimate  # against the root, not its parent
    assert streamed == ["verified", "verified"]


def test_candidate_budget_stops_the_search():
    result, _ = run(lambda p: [fenced(WRONG)] * 5, SearchConfig(prompt="paper", degree=5, height=2, candidate_budget=2, repair=False))
    assert result.stopped == "candidate budget"
    assert result.stats.generated == 2 and result.best is None


def test_a_token_budget_widens_a_level_that_verifies_nothing_until_its_tokens_are_spent():
    per_reply = len(before_stop(fenced(WRONG), [CLOSING_FENCE]).split())  # the scripted backend's tokens
    config = SearchConfig(prompt="paper", degree=1, height=2, token_budget=3 * per_reply - 1, repair=False)
    result, _ = run([fenced(WRONG)], config)  # the same wrong reply, as often as asked
    assert result.stopped == "token budget"
    assert result.stats.generated == 3 and result.stats.tokens == 3 * per_reply  # m = 1, asked for three times
    assert [n.parent for n in result.nodes[1:]] == [0, 0, 0]


def test_time_budget_stops_the_search():
    result, _ = run(lambda p: [fenced(SIEVE)], SearchConfig(prompt="paper", degree=1, height=1, time_budget=0))
    assert result.stopped == "time budget" and len(result.nodes) == 1


def test_cancel_keeps_what_was_verified():
    cancel = threading.Event()
    replies = [fenced(SIEVE), fenced(MEDIUM), fenced(WRONG)]
    result, _ = run(lambda p: replies, SearchConfig(prompt="paper", degree=3, height=1), cancel=cancel,
                    on_node=lambda n: n.verified and cancel.set())  # fmt: skip
    assert result.stopped == "cancelled"
    assert result.best is not None and result.best.status == "verified"
    assert len(result.nodes) == 2


def test_degradation_keeps_only_slower_children():
    backend = ScriptedBackend(lambda p: [fenced(SAME_SPEED.replace("# same", "# slow")), fenced(MEDIUM)])
    search = TreeSearch(backend, Judge(budget=10), SearchConfig(prompt="paper", degree=2, height=1, direction="degrade"))
    result = search.run(FAST, "python", "count_primes", INPUTS)
    assert [n.status for n in result.nodes] == ["root", "verified", "verified"]
    assert all(n.vs_root.slower(1.10) for n in result.nodes[1:])
    assert result.best is result.nodes[1]  # the slowest: trial division by every divisor
    assert backend.prompts[0].startswith("Below is a Python program. Degenerate the program")


def test_missing_function_is_a_clear_error():
    from bite.languages import NoFunction

    with pytest.raises(NoFunction):
        TreeSearch(ScriptedBackend([]), Judge()).run(SLOW, "python", "nope", INPUTS)


MACRO_LOOP = """#include <stdio.h>
#define FOR(i, a, b) for (i = a; i <= b; i++)
int main(void) {
    long n, i, s = 0;
    scanf("%ld", &n);
    FOR(i, 1, n) {
        s += i %% 7;
    }
    printf("%%ld\\n", s);
    return 0;
}
"""


def test_code_that_compiles_but_tree_sitter_misreads_goes_to_the_compiler():
    from bite.languages import has_syntax_errors
    from bite.runners import TestInput

    slow = MACRO_LOOP.replace("%%", "%")
    broken_further = slow.replace("return 0;", "return 0")  # the parent misparses already: the compiler says
    same_style = slow.replace("s += i % 7;", "s += i % 7;  /* same */")
    assert has_syntax_errors(slow, "c")  # `FOR(...) {` is not C to tree-sitter
    backend = ScriptedBackend([f"```c\n{same_style}```", f"```c\n{broken_further}```"])
    search = TreeSearch(backend, Judge(budget=5), SearchConfig(prompt="paper", degree=2, height=1, repair=False))
    result = search.run(slow, "c", None, [TestInput("n", b"200000\n")])
    # judged, not pruned as unparsable: the first is correct (its speed is noise, whatever the judge says of
    # it), the second does not compile
    assert result.nodes[1].judgement.correct and result.nodes[2].outcome == "compile_error"


def test_a_quick_search_refines_its_first_proposal_one_round_per_level_and_stops():
    """refine_levels (bite demo): after the first verified node, the next level is m children of it, not widened
    until the budget ends, and the search stops there."""

    def replies(prompt):
        return [fenced(WRONG), fenced(SAME_SPEED), fenced(SIEVE)] if "primes = []" in prompt else [fenced(MEDIUM)]

    config = SearchConfig(prompt="paper", degree=1, height=3, repair=False, time_budget=300, refine_levels=1)
    result, _ = run(replies, config)
    assert [(n.depth, n.status) for n in result.nodes] == [(0, "root"), (1, "verified"), (2, "incorrect")]
    assert result.stopped == "done" and result.best is result.nodes[1]


def test_a_reply_in_hand_is_judged_even_past_the_time_budget():
    """The budget stops the search between replies; the reply that ran over is judged, not dropped."""
    backend = ScriptedBackend([fenced(SIEVE)], delay=9)  # the first reply starts within the budget, ends past it
    search = TreeSearch(backend, Judge(budget=10), SearchConfig(prompt="paper", degree=3, height=1, time_budget=8))
    result = search.run(SLOW, "python", "count_primes", INPUTS)
    assert result.stopped == "time budget"
    assert [n.status for n in result.nodes] == ["root", "verified"]


def test_a_level_that_verifies_nothing_widens_while_time_is_left():
    replies = [fenced(WRONG), fenced(SAME_SPEED), fenced(SIEVE)]
    result, backend = run(lambda prompt: replies, SearchConfig(prompt="paper", degree=1, height=1, repair=False,
                                                                time_budget=300))  # fmt: skip
    assert [n.status for n in result.nodes] == ["root", "incorrect", "not_faster", "verified"]
    assert [n.parent for n in result.nodes[1:]] == [0, 0, 0] and result.stopped == "done"
    # without a time budget, a level is m children, as in the paper
    result, _ = run(lambda prompt: replies, SearchConfig(prompt="paper", degree=1, height=1, repair=False))
    assert [n.status for n in result.nodes] == ["root", "incorrect"]


def test_a_reply_ends_once_it_repeats_the_function_unchanged():
    original = SLOW[SLOW.index("def count_primes") : SLOW.index("def main")]
    rest = "\n\ndef main():\n    pass\n" + "# the rest of the program, copied too\n" * 60
    copy = "```python\nimport sys\n\n\n" + original + rest + "```\n"
    # The same function under a new decorator is a change, and is judged in full.
    cached = "```python\nimport functools\n\n\n@functools.cache\n" + original + rest + "```\n"
    result, _ = run([copy, cached], SearchConfig(prompt="paper", degree=2, height=1, repair=False))
    repeated, decorated = result.nodes[1:]
    assert repeated.status == "duplicate" and repeated.tokens < len(copy.split()) - 60 * 6
    assert decorated.status != "duplicate" and decorated.tokens == len(cached.split()) - 1  # all but the fence


def test_generation_ends_with_the_replys_first_code_block():
    chatty = fenced(SIEVE) + " It is faster because a sieve crosses out multiples." * 40
    result, _ = run([chatty], SearchConfig(prompt="paper", degree=1, height=1))
    sieve = result.nodes[1]
    assert sieve.verified and sieve.tokens < len(fenced(SIEVE).split()) + 2 < len(chatty.split())


def test_a_child_missing_an_import_is_judged_with_it_and_costs_no_repair():
    forgetful = SIEVE.replace("int(n**0.5)", "isqrt(n)")  # math.isqrt, not imported
    result, backend = run([fenced(forgetful)], SearchConfig(prompt="paper", degree=1, height=1))
    child = result.nodes[1]
    assert child.verified and child.build_fixes == ["+from math import isqrt"]
    assert "from math import isqrt\n" in child.source and "isqrt(n)" in child.function
    assert len(backend.prompts) == 1  # no repair was asked for


class Batching(ScriptedBackend):
    """Generates every ask of a call before it yields any reply, as a batch of sequences does."""

    def __init__(self, replies):
        super().__init__(replies)
        self.batches = []

    def generate_each(self, asks, **options):
        self.batches.append([(a.prompt, a.temperature) for a in asks])
        return iter(list(super().generate_each(asks, **options)))


def test_a_batching_backend_gets_a_parents_children_as_one_batch_of_their_own_prompts():
    def replies(prompt):  # (with no detector firing here, the diagnosis and profile prompts are the same)
        if "Example of such a fix" in prompt:
            return [fenced(SIEVE)]
        if prompt == P_OPTI.format(LANGUAGE="Python", CODE=SLOW):
            return [fenced(BROKEN)]
        return [fenced(WRONG), fenced(SAME_SPEED)]

    backend = Batching(replies)
    search = TreeSearch(backend, Judge(budget=10), SearchConfig(degree=4, height=1, repair=False, fixits=False))
    result = search.run(SLOW, "python", "count_primes", INPUTS)
    assert len(backend.batches) == 1 and len(backend.batches[0]) == 4
    assert backend.batches[0][2][0] == P_OPTI.format(LANGUAGE="Python", CODE=SLOW)  # the paper's, third
    assert [t for _, t in backend.batches[0]] == [t for _, t in search.plan(4)]
    children = result.nodes[1:]
    assert [n.prompt for n in children] == [kind for kind, _ in search.plan(4)]  # in the plan's order
    assert [n.status for n in children] == ["incorrect", "verified", "parse_error", "not_faster"]


def test_later_cycles_of_the_mix_warm_up_to_the_cap_but_a_warmer_start_asked_for_is_kept():
    plan = TreeSearch(ScriptedBackend([]), Judge(budget=10), SearchConfig(degree=16)).plan()
    kinds = [kind for kind, _ in plan]
    assert kinds[:4] == ["diagnosis", "exemplars", "paper", "profile"] and kinds[4:8] == kinds[:4]
    diagnosis = [t for kind, t in plan if kind == "diagnosis"]
    assert diagnosis == [0.7, 0.9, 0.9, 0.9]  # warmed by 0.2 a cycle, then held at the cap
    assert [t for _, t in plan[:4]] == [0.7] * 4  # every kind starts at the temperature asked for
    cool = TreeSearch(ScriptedBackend([]), Judge(budget=10), SearchConfig(degree=12, temperature=0.3)).plan()
    assert [t for kind, t in cool if kind == "exemplars"] == [0.3, 0.5, 0.7]
    hot = TreeSearch(ScriptedBackend([]), Judge(budget=10), SearchConfig(degree=8, temperature=1.2)).plan()
    assert [t for kind, t in hot if kind == "paper"] == [1.2, 1.2]  # not cooled below what was asked for


def test_one_reply_at_a_time_is_judged_before_the_next_is_generated():
    events = []

    class Recording(ScriptedBackend):
        def generate(self, prompt, n=1, **options):
            events.append("generated")
            yield from super().generate(prompt, n, **options)

    backend = Recording([fenced(WRONG), fenced(SAME_SPEED), fenced(BROKEN)])
    search = TreeSearch(backend, Judge(budget=10), SearchConfig(prompt="paper", degree=3, height=1, repair=False),
                        on_node=lambda node: events.append("judged"))  # fmt: skip
    search.run(SLOW, "python", "count_primes", INPUTS)
    assert events == ["generated", "judged"] * 3


PREFIX_COUNTS = """def count_primes(n, below):
    return below[n] if n > 0 else 0


def main():
    ns = [int(line) for line in sys.stdin if line.strip()]
    top = max(ns, default=0) + 1
    sieve = bytearray([1]) * top
    sieve[:2] = b"\\0\\0"[:top]
    for p in range(2, int(top**0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytes(len(range(p * p, top, p)))
    below, count = [0] * top, 0
    for k in range(top):
        below[k] = count
        count += sieve[k]
    for n in ns:
        print(count_primes(n, below))
"""


def test_a_whole_programs_child_takes_the_replys_changes_around_the_hot_function_when_it_needs_them():
    config = SearchConfig(prompt="profile", degree=1, height=1, repair=False)
    backend = ScriptedBackend([fenced(PREFIX_COUNTS)])
    result = TreeSearch(backend, Judge(budget=10), config).run(SLOW, "python", None, INPUTS)
    child = result.nodes[1]
    assert result.evidence.target.name == "count_primes"  # the profile's hottest: the one the prompt asks for
    # alone, the new count_primes fails (main calls it with one argument); with the reply's main it is verified
    assert child.verified and child.others, child.detail
    assert "print(count_primes(n, below))" in child.source and child.source.endswith("\n\nmain()\n")
    # a function the user chose is rewritten alone: the rest of their file is not the model's to change
    named, _ = run([fenced(PREFIX_COUNTS)], config)
    assert named.nodes[1].outcome == "runtime_error" and not named.nodes[1].others
