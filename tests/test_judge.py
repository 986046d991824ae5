"""The judge's statistics, its build cache, cancellation, comparison modes and the no-namespace fallback."""

import math
import threading
import time

import pytest
from conftest import example

from bite.runners import Cancelled, Comparison, Judge, Limits, Program, Sandbox, TestInput, Verdict
from bite.runners.stats import paired_speedup


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


def test_cancel_stops_within_a_second(judge):
    slow, _, inputs = example("primes_py")
    forever = Program("python", "import time\ntime.sleep(60)\n")
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        Judge(limits=Limits(timeout=30)).judge(slow, forever, inputs, cancel=cancel)
    assert time.monotonic() - started < 0.5 + 1.5


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
