"""The speedup and its confidence interval.

Method: paired t-interval on log ratios. Each round times the original and the
candidate back to back on every input (interleaved, alternating which goes first),
so round r gives one paired ratio d_r = ln(T_orig,r / T_cand,r) of total CPU times.
The mean of d_r with a Student-t interval, exponentiated, is the speedup (a
geometric mean of paired ratios) with its confidence interval. Pairing cancels the
slow drift of the machine between rounds; logs make the interval symmetric for
"2x faster" and "2x slower". At the 3-10 rounds we run, this is better calibrated
than a bootstrap, which has too few distinct resamples.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Speedup:
    estimate: float  # original / candidate: > 1 means the candidate is faster
    low: float
    high: float
    rounds: int
    confidence: float = 0.95

    def faster(self, threshold: float) -> bool:
        """Faster by at least `threshold` with the interval's confidence."""
        return self.low >= threshold

    def slower(self, threshold: float) -> bool:
        """At least `threshold` times slower with the interval's confidence (degradation trees)."""
        return self.high <= 1 / threshold

    def passes(self, threshold: float, direction: str) -> bool:
        """The pruning rule of a tree: faster by the threshold (optimize) or slower by it (degrade)."""
        return self.faster(threshold) if direction == "optimize" else self.slower(threshold)

    def settled(self, threshold: float, direction: str) -> bool:
        """The interval lies wholly on one side of the decision's bound: more rounds would not change it."""
        if direction == "optimize":
            return self.low >= threshold or self.high < threshold
        return self.high <= 1 / threshold or self.low > 1 / threshold

    @property
    def relative_half_width(self) -> float:
        return math.sqrt(self.high / self.low) - 1 if self.low > 0 else math.inf


def paired_speedup(original: list[float], candidate: list[float], confidence: float = 0.95) -> Speedup:
    """Speedup of `candidate` over `original` from paired per-round times (same length, all > 0)."""
    if len(original) != len(candidate) or not original:
        raise ValueError("need the same number (at least one) of paired rounds")
    floor = 1e-6  # a program that took no measurable time counts as one microsecond
    logs = [math.log(max(a, floor) / max(b, floor)) for a, b in zip(original, candidate)]
    mean = statistics.fmean(logs)
    n = len(logs)
    if n < 2:
        return Speedup(math.exp(mean), 0.0, math.inf, n, confidence)
    from scipy.stats import t as student_t  # imported here: scipy.stats takes a second to import

    half = student_t.ppf(0.5 + confidence / 2, n - 1) * statistics.stdev(logs) / math.sqrt(n)
    return Speedup(math.exp(mean), math.exp(mean - half), math.exp(mean + half), n, confidence)
