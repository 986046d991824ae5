"""Does a program's output match the reference? Modes: exact, tokens (the default), float, stdout, exit."""

from __future__ import annotations

import math
from dataclasses import dataclass

# stdout is tokens, named for command workloads; exit ignores the output: exit status 0 is correct.
MODES = ("exact", "tokens", "float", "stdout", "exit")


@dataclass(frozen=True)
class Comparison:
    mode: str = "tokens"  # exact bytes; whitespace-separated tokens; tokens with numeric tolerance
    rel_tol: float = 1e-6
    abs_tol: float = 1e-9

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"comparison mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    def mismatch(self, expected: bytes, actual: bytes) -> str | None:
        """None when the outputs match, else a short description of the first difference."""
        if self.mode == "exit":
            return None
        if self.mode == "exact":
            if expected == actual:
                return None
            at = _first_difference(expected, actual)
            line = expected[:at].count(b"\n")  # the line where they part, shown around the difference
            want, got = expected.split(b"\n")[line:line + 1] or [b""], actual.split(b"\n")[line:line + 1] or [b""]
            column = _first_difference(want[0], got[0])
            start = max(0, column - 40)
            return (f"bytes differ at offset {at} (expected {len(expected)} bytes, got {len(actual)}), line "
                    f"{line + 1}: expected {_show(want[0][start:], 120)}, got {_show(got[0][start:], 120)}")
        want, got = expected.split(), actual.split()
        for i, (w, g) in enumerate(zip(want, got)):
            if w != g and not (self.mode == "float" and self._close(w, g)):
                return f"token {i + 1}: expected {_show(w)}, got {_show(g)}"
        if len(want) != len(got):
            return f"expected {len(want)} tokens, got {len(got)}"
        return None

    def _close(self, want: bytes, got: bytes) -> bool:
        try:
            a, b = float(want), float(got)
        except ValueError:
            return False
        return math.isclose(a, b, rel_tol=self.rel_tol, abs_tol=self.abs_tol)


def _first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def _show(token: bytes, width: int = 40) -> str:
    text = token.decode(errors="replace")
    return repr(text if len(text) <= width else text[: width - 3] + "...")
