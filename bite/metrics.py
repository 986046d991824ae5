"""The paper's metrics (section 4.2), per problem and summed up over a benchmark.

    COR  share of problems whose final program is correct (on the inputs scored); a search that found nothing
         hands back the original, which is correct: "own COR" counts only the method's own rewrites, and the
         fallbacks to the original are counted apart
    OPT  share of problems whose final program is correct and at least 1.10x faster than the original
    SP   speedup old/new, counting an incorrect or slower result as 1.0 (PIE's max(1, old/new))
    AP   achieved share of the reference's gain: max(0, old - new) / (old - opti), new = old when
         incorrect, clamped to [0, 1]; only where a reference `fast` program exists and is significantly
         faster (bite eval leaves out a reference whose 95% interval reaches 1.0)

Speedups are the judge's paired estimates of old/new, so with s = old/new and r = old/opti,
(old - new) / (old - opti) = (1 - 1/s) / (1 - 1/r).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

OPT_THRESHOLD = 1.10


def sp(correct: bool, speedup: float | None) -> float:
    return max(1.0, speedup) if correct and speedup is not None else 1.0


def opt(correct: bool, speedup: float | None, threshold: float = OPT_THRESHOLD) -> bool:
    return correct and speedup is not None and speedup >= threshold


def ap(correct: bool, speedup: float | None, reference: float | None) -> float | None:
    """None when there is no reference, or it is not faster than the original."""
    if reference is None or reference <= 1.0:
        return None
    if not correct or speedup is None:
        return 0.0
    return min(1.0, max(0.0, (1 - 1 / speedup) / (1 - 1 / reference)))


@dataclass
class Summary:
    problems: int
    cor: float  # percent
    opt: float  # percent
    sp_mean: float
    sp_median: float
    ap_mean: float | None  # over the problems with a faster reference
    ap_median: float | None
    ap_problems: int
    own_cor: float | None = None  # percent of the method's own rewrites that are correct; None without rewrites
    rewrites: int = 0  # problems whose final program is the method's own rewrite
    fallbacks: int = 0  # problems where the method handed back the original


def summarize(rows: Iterable[dict]) -> Summary:
    """Rows as `bite eval` writes them: correct, speedup, reference_speedup."""
    rows = list(rows)
    if not rows:
        return Summary(0, 0.0, 0.0, 1.0, 1.0, None, None, 0)
    sps = [sp(r["correct"], r["speedup"]) for r in rows]
    aps = [a for r in rows if (a := ap(r["correct"], r["speedup"], r.get("reference_speedup"))) is not None]
    own = [r for r in rows if r.get("final", "rewrite") != "original"]
    return Summary(
        problems=len(rows),
        cor=100 * sum(r["correct"] for r in rows) / len(rows),
        opt=100 * sum(opt(r["correct"], r["speedup"]) for r in rows) / len(rows),
        sp_mean=statistics.fmean(sps),
        sp_median=statistics.median(sps),
        ap_mean=statistics.fmean(aps) if aps else None,
        ap_median=statistics.median(aps) if aps else None,
        ap_problems=len(aps),
        own_cor=100 * sum(r["correct"] for r in own) / len(own) if own else None,
        rewrites=len(own),
        fallbacks=sum(r.get("final") == "original" for r in rows),
    )
