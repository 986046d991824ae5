"""The judge's statistics, its build cache, cancellation, comparison modes and the no-namespace fallback."""

import math
import os
import threading
import time

import pytest
from conftest import example

from bite.runners import CandidateFailed, Cancelled, Comparison, Judge, Limits, Program, Sandbox, TestInput, Verdict
from bite.runners import build as builds
from bite.runners.sandbox import RunResult
from bite.runners.stats import paired_speedup, pocock_level


def test_same_program_twice_is_not_faster(judge):
    slow, _, inputs = example("pairsum_c")
    twin = Program(slow.language, slow.source + "\n/* an identical copy */\n")
    result = judge.judge(slow, twin, inputs)
    assert result.correct
    assert result.decision == "not_faster"
    assert result.speedup.low < 1.10


def test_interval_of_exact_ratios():
    s = paired_speedup([2.0, 4.0, 6.0], [1.0, 2.0, 3.0])
    assert s.estimate == pytest.approx(2.0)
    assert s.low == pytest.approx(2.0) and s.high == pytest.approx(2.0)
    assert s.faster(1.10) and not s.slower(1.10)


def test_interval_widens_with_noise_and_covers_the_truth():
    noisy = paired_speedup([1.00, 1.10, 0.95, 1.05], [1.0, 1.0, 1.0, 1.0])
    assert noisy.low < 1.0 < noisy.high
    assert not noisy.faster(1.10)
    assert paired_speedup([1.0], [0.5]).high == math.inf  # one round decides nothing


def test_slower_is_the_mirror_of_faster():
    s = paired_speedup([1.0, 1.0, 1.0], [1.5, 1.52, 1.48])
    assert s.slower(1.10) and not s.faster(1.10)


def test_the_pocock_boundary_widens_the_interval_for_repeated_looks():
    assert pocock_level(6, 6) == pytest.approx(0.95, abs=0.004)  # a single look: the plain level
    assert 0.99 < pocock_level(2, 40) < 0.998  # 39 looks: each much stricter
    times = [1.0, 1.2, 0.9, 1.1, 1.05]
    once, repeated = paired_speedup(times, [1.0] * 5), paired_speedup(times, [1.0] * 5, looks=range(2, 41))
    assert repeated.estimate == pytest.approx(once.estimate)
    assert repeated.low < once.low and repeated.high > once.high


def test_timing_stops_once_the_threshold_is_out_of_reach_of_the_plain_interval():
    """A candidate about as fast as the original: the Pocock interval, made for many looks, still reaches 1.10,
    but the plain interval does not. More rounds could only confirm "not faster", so the judge stops (futility);
    a candidate 3x faster, or one whose plain interval still reaches 1.10, goes on."""
    from bite.runners.judge import _Rounds

    def rounds(original, candidate):
        timing = _Rounds()
        timing.cpu, timing.measured = [original, candidate], None
        return timing, timing.decide(1.10, "optimize", range(2, 41))

    even, timed = rounds([1.0, 1.06, 0.95, 1.03, 0.97], [1.0] * 5)
    assert not timed.speedup.settled(1.10, "optimize")  # the Pocock rule alone would time on
    assert even.futile(timed, 1.10, "optimize")
    noisy, timed = rounds([1.0, 1.25, 0.9, 1.2, 0.95], [1.0] * 5)
    assert not noisy.futile(timed, 1.10, "optimize")
    fast, timed = rounds([3.0, 3.1, 2.9], [1.0, 1.02, 0.99])
    assert not fast.futile(timed, 1.10, "optimize")
    # degrading mirrors it: a candidate as fast as the original will not be shown 1.10x slower
    slow, timed = rounds([1.0] * 5, [1.0, 1.06, 0.95, 1.03, 0.97])
    assert slow.futile(slow.decide(1.10, "degrade", range(2, 41)), 1.10, "degrade")


ROUND_ORIGINAL = Program("python", "print(1)\n")


class ScriptedTimes(Judge):
    """A judge whose timed runs take the CPU seconds of a script, on a clock that they alone advance: the
    original's times cycle through `original`, the candidate's are 1.0."""

    def __init__(self, original: list[float], clock: list[float], **settings):
        super().__init__(**settings)
        self.script, self.clock, self.timed = original, clock, 0

    def run(self, built, test, cpu=None, cancel=None):
        result = super().run(built, test, cpu, cancel)
        if cpu is not None:  # a timed run (verification runs are not pinned)
            is_original = built.program.source == ROUND_ORIGINAL.source
            result.cpu_s = self.script[self.timed // 2 % len(self.script)] if is_original else 1.0
            self.timed += 1
            self.clock[0] += result.cpu_s
        return result


def test_a_close_call_leaning_toward_faster_times_on_past_the_budget(monkeypatch):
    """A 10 s budget holds 4 rounds of these ~2.15 s. A candidate 1.15x faster with some noise is then still a
    close call: its estimate passes 1.10, its interval does not yet. It may time on, up to close_call_budgets,
    and is shown faster; without that it stops "not faster". One leaning the other way (1.05x) stops in time."""
    from types import SimpleNamespace

    from bite.runners import judge as judging

    clock = [0.0]
    monkeypatch.setattr(judging, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    twin = Program("python", ROUND_ORIGINAL.source + "# a twin\n")

    def judged(original_times, **settings):
        judge = ScriptedTimes(original_times, clock, budget=10.0, pin_cpu=True, **settings)
        return judge.judge(ROUND_ORIGINAL, twin, [TestInput("x")])

    close_call = [1.20, 1.12, 1.18, 1.10]
    stopped = judged(close_call, close_call_budgets=1.0)
    assert stopped.decision == "not_faster" and stopped.speedup.rounds == 4
    assert stopped.speedup.leans(1.10, "optimize") and not stopped.speedup.settled(1.10, "optimize")
    timed_on = judged(close_call)
    assert timed_on.decision == "faster" and 4 < timed_on.speedup.rounds <= 14
    leaning_slower = judged([1.10, 1.02, 1.08, 1.00])
    assert leaning_slower.decision == "not_faster" and leaning_slower.speedup.rounds <= 4


def test_a_round_times_the_costliest_inputs_where_all_of_them_would_take_too_long():
    """Many inputs: a round of all of them would leave the budget room for two or three rounds, too few for an
    interval to decide. The round runs the costliest inputs that fit in its share of the budget instead (at least
    one), chosen by the original's runs; every input is still verified."""
    from bite.runners.judge import InputResult, Verification

    def chosen(costs, budget=10.0):
        base = Verification(Verdict.OK, [InputResult(f"{i}", Verdict.OK, wall_s=c) for i, c in enumerate(costs)], 0, True)
        return Judge(budget=budget)._timed_inputs(base)

    assert chosen([0.01] * 5) == [0, 1, 2, 3, 4]  # 0.05 s a side: all fit in 0.5 s
    assert chosen([0.05, 0.4, 0.1, 0.3]) == [1]  # the two costliest would take 0.7 s
    assert chosen([0.2, 0.01, 0.15, 0.3, 0.02]) == [0, 3]  # in input order
    assert chosen([2.0, 3.0]) == [1]  # one input even when it alone is too long

    loop = """#include <stdio.h>
int main(void) {
    long n; volatile long x = 0;
    if (scanf("%ld", &n) != 1) return 1;
    for (long i = 0; i < n; i++) x += i;
    printf("%ld\\n", n);
    return 0;
}
"""
    inputs = [TestInput(f"small{i}", b"1000") for i in range(6)] + [TestInput("large", b"200000000")]
    twin = Program("c", loop + "/* a twin */\n")
    result = Judge(budget=1.0, limits=Limits(timeout=30)).judge(Program("c", loop), twin, inputs)
    assert result.correct and len(result.candidate.results) == 7
    assert [t.input for t in result.timings] == ["large"]


def test_original_is_built_once(judge):
    slow, fast, inputs = example("distinct_cpp")
    judge.judge(slow, fast, inputs)
    assert judge.build(slow).cached
    fresh = Judge(budget=5)  # no in-memory state: the build comes from the on-disk cache
    again = fresh.judge(slow, Program("cpp", fast.source + "\n// another candidate\n"), inputs)
    assert again.original.build_cached and not again.candidate.build_cached


def test_failed_builds_are_cached_too(judge):
    broken = Program("c", "int main(void) { return }\n")
    first = judge.build(broken)
    assert not first.ok and "error" in first.message
    assert judge.build(broken).cached


class _Interrupted:
    """A sandbox whose builds end the way a busy machine can end them: timed out, killed, out of memory."""

    def __init__(self, **how):
        self.how = how

    def run(self, *args, **kwargs):
        return RunResult(**{"exit_code": None, "signal": 9, "stdout": b"", "stderr": b"", "cpu_s": 0.0,
                            "wall_s": 0.0, "maxrss_kb": 0, **self.how})  # fmt: skip


@pytest.mark.parametrize(
    "how", [{"timed_out": True}, {"signal": 9}, {"exit_code": 1, "signal": 0, "memory_exceeded": True}],
    ids=["timeout", "signal", "oom"],
)
def test_a_build_failure_from_load_is_not_cached(judge, how):
    program = Program("c", f"int main(void) {{ return 0; }} /* {how} */\n")
    failed = builds.build(program, _Interrupted(**how))
    assert not failed.ok and not failed.cached
    assert judge.build(program).ok  # tried again, for real this time


def test_the_build_cache_evicts_the_least_recently_used_beyond_its_cap(judge):
    programs = [Program("c", f"int main(void) {{ return {i}; }} /* eviction */\n") for i in range(3)]
    folders = [judge.build(p).dir for p in programs]
    for days, folder in zip((3, 2, 1), folders):  # since the last use: older than anything else in the cache
        past = time.time() - days * 86400
        os.utime(folder / "build.json", (past, past))
    judge.build(programs[0])  # a use: now the most recent, so the second is the least recently used
    sizes = {folder: sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) for folder in folders}
    total, _ = builds.cache_usage()
    assert builds.evict(cap=total - 1) == 1  # one build over the cap: the least recently used goes
    assert [folder.exists() for folder in folders] == [True, False, True]
    assert builds.cache_usage()[0] == total - sizes[folders[1]]
    assert not judge.build(programs[1]).cached


def test_cancel_stops_within_a_second(judge):
    slow, _, inputs = example("primes_py")
    forever = Program("python", "import time\ntime.sleep(60)\n")
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        Judge(limits=Limits(timeout=30)).judge(slow, forever, inputs, cancel=cancel)
    assert time.monotonic() - started < 0.5 + 1.5


def test_a_candidate_is_rejected_at_its_first_failing_input_without_running_the_rest():
    original = Program("python", "print(input())\n")
    hangs = Program("python", "import time\ntime.sleep(60)\n")
    inputs = [TestInput(f"{i:03}", f"{i}\n".encode()) for i in range(6)]
    result = Judge(limits=Limits(timeout=1)).judge(original, hangs, inputs)
    assert not result.correct and result.candidate.verdict is Verdict.TIMEOUT
    assert [r.input for r in result.candidate.results] == ["000"]  # 1 s, not 6: the other five never ran


def test_candidate_failing_only_while_timed_is_incorrect():
    slow, fast, inputs = example("primes_py")

    class FlakyAfterVerification(Judge):
        calls = 0

        def run(self, built, test, cpu=None, cancel=None):
            result = super().run(built, test, cpu, cancel)
            if built.program == fast:
                self.calls += 1
                if self.calls > len(inputs):  # verified fine, then crashes on a timing run
                    result.exit_code, result.stderr = 1, b"Segmentation fault"
            return result

    result = FlakyAfterVerification().judge(slow, fast, inputs)
    assert result.decision == "incorrect"
    assert result.candidate.verdict is Verdict.RUNTIME_ERROR
    assert "Segmentation fault" in result.candidate.detail


SOMETIMES_RIGHT = "import random\nn = int(input())\nprint(n * 2 if random.random() < 0.6 else n * 2 + 1)\n"


def test_a_candidate_right_only_sometimes_is_incorrect():
    original = Program("python", "n = int(input())\nprint(n * 2)\n")
    flaky = Program("python", SOMETIMES_RIGHT)
    judge = Judge(min_rounds=24, max_rounds=24, budget=120)  # 24 timed runs: all right with p = 0.6**24 < 1e-5
    for _ in range(12):  # until its verification run happens to be right (p = 0.6 each time)
        result = judge.judge(original, flaky, [TestInput("x", stdin=b"21\n")])
        assert result.decision == "incorrect"
        if "nondeterministic" in result.candidate.detail:
            break
    else:
        pytest.fail("the flaky candidate never passed its verification run")
    assert result.candidate.verdict is Verdict.WRONG_OUTPUT
    assert result.candidate.detail.startswith("x: nondeterministic output")


def test_confirm_times_a_fresh_fixed_block(judge):
    slow, fast, inputs = example("pairsum_c")
    speedup = judge.confirm(slow, fast, inputs)
    assert speedup.rounds == judge.confirm_rounds
    assert speedup.faster(3.0)  # the example is far faster than that
    with pytest.raises(CandidateFailed, match="while being confirmed on") as failed:
        judge.confirm(slow, Program("c", "int main(void) { return 0; }\n"), inputs)
    assert failed.value.result.verdict is Verdict.WRONG_OUTPUT


@pytest.mark.parametrize(
    "mode, expected, actual, match",
    [
        ("exact", b"1 2\n", b"1 2\n", True),
        ("exact", b"1 2\n", b"1  2\n", False),
        ("tokens", b"1 2\n", b"1\n2", True),
        ("tokens", b"1 2\n", b"1 2 3\n", False),
        ("tokens", b"0.5\n", b"0.50000001\n", False),
        ("float", b"0.5\n", b"0.50000001\n", True),
        ("float", b"0.5\n", b"0.51\n", False),
        ("float", b"abc 1e3\n", b"abc 1000.0\n", True),
        ("float", b"abc\n", b"abd\n", False),
    ],
)
def test_comparison_modes(mode, expected, actual, match):
    assert (Comparison(mode).mismatch(expected, actual) is None) is match


def test_unknown_comparison_mode_is_refused():
    with pytest.raises(ValueError, match="exact, tokens, float"):
        Comparison("fuzzy")


def test_fallback_without_namespaces_still_judges_and_warns():
    unsafe = Judge(sandbox=Sandbox("none"), limits=Limits(timeout=2))
    assert any("NOT ISOLATED" in w for w in unsafe.sandbox.warnings)
    slow, _, inputs = example("primes_py")
    assert unsafe.verify(slow, inputs).ok
    looping = unsafe.verify(Program("python", "while True: pass\n"), [TestInput("x")])
    assert looping.verdict is Verdict.TIMEOUT
