"""Fix-its: mechanical, local rewrites that the search judges like any model child, labelled `fixit:<id>`.

The model stays the main proposer; a fix-it costs no tokens, only one judgement, so the search tries the
ones that apply before it asks the model. Most are the fix of a detector (same id) and apply only where
that detector fires. The Python ones fix patterns whose effect is real but too small or too dependent on
the input to be a detector with a 3x exemplar (module-level code runs about 2x slower than the same code
in a function; input() flushes stdout on every call): the judge decides on the user's own inputs.

One module a language (c, cpp, go, java, python), each registering its fix-its with `@fixit` in the order
they are tried; `base` holds the registry and the edits they share.

    for id, rewritten in fixits(source, "cpp", findings):
        ...  # a candidate program
"""

from bite.diagnosis.fixits import accumulators, c, cpp, go, java, python  # noqa: F401  (each registers its fix-its)
from bite.diagnosis.fixits.base import fixit, fixits, registered

__all__ = ["fixit", "fixits", "registered"]
