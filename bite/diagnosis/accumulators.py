"""Totals kept in memory: `v[i] += x` (or `b->vx -= x`) inside a loop that leaves the element where it is, so
each iteration loads the element and stores it back. Go's compiler never keeps such an element in a register;
GCC does where nothing else in the loop stores to memory that might be the same (so C and C++ are flagged only
where the loop stores to another element or field too, as `b2->vx += x` beside `b->vx -= x`). A local copy,
loaded before the loop and stored back once after it, takes the memory round trip off the loop's critical path:
6x on the Go exemplar, 5-7x on the C one and 10x on the C++ one (2 cores, GCC 12, Go 1.19). Java is left out: HotSpot's
JIT does much of it (a Java copy of the Go exemplar gained 1.8x, short of the 3x an exemplar must show)."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from bite.diagnosis import captures, descendants, detector, line, repeating_loop, text
from bite.diagnosis.helpers import rebound

# Per grammar: the compound assignment, where it keeps its target, and the targets that live in memory.
ASSIGNMENTS = {"c": "assignment_expression", "cpp": "assignment_expression", "go": "assignment_statement"}
ELEMENTS = {"subscript_expression", "field_expression", "index_expression", "selector_expression"}
# A field's name is not a variable the place depends on (b->vx, acc.Balance).
FIELDS = {"field_expression": "field", "selector_expression": "field"}
FOLDS = {"+=", "-=", "*=", "|=", "&=", "^="}


def element_accumulators(tree, language: str) -> Iterator[Node]:
    """Compound assignments (+=, -=, ...) to an array element or a field whose place the innermost loop around
    them never moves: the same element updated on every iteration (C, C++ and Go)."""
    for assignment in captures(tree, language, f"({ASSIGNMENTS[language]}) @a", "a"):
        if text(assignment.child_by_field_name("operator")) not in FOLDS:
            continue
        left = assignment.child_by_field_name("left")
        targets = left.named_children if left.type == "expression_list" else [left]  # Go: a, b += ...
        loop = repeating_loop(assignment, language)
        if len(targets) != 1 or targets[0].type not in ELEMENTS or loop is None or _local_struct_field(targets[0]):
            continue
        if _place_names(targets[0]) & _bound(loop, language):
            continue  # the place moves with the loop: a new element each time
        if language in ("c", "cpp") and not _stores_elsewhere(loop, targets[0]):
            continue  # GCC keeps the element in a register by itself
        yield assignment


def _stores_elsewhere(loop: Node, target: Node) -> bool:
    """The loop also stores to an element or field other than `target`, which might be the same memory."""
    for node in descendants(loop, {"assignment_expression", "update_expression"}):
        written = node.child_by_field_name("left" if node.type == "assignment_expression" else "argument")
        if written is not None and written.type in ELEMENTS and text(written) != text(target):
            return True
    return False


def _local_struct_field(target: Node) -> bool:
    """s.total in C or C++: a struct held by value, which the compiler keeps in registers by itself."""
    return (target.type == "field_expression" and text(target.child_by_field_name("operator")) == "."
            and target.child_by_field_name("argument").type == "identifier")  # fmt: skip


def _place_names(target: Node) -> set[str]:
    """The variables that say which element or field: v and i in v[i], b in b->vx."""
    names, stack = set(), [target]
    while stack:
        node = stack.pop()
        field = node.child_by_field_name(FIELDS[node.type]) if node.type in FIELDS else None
        if node.type == "identifier":
            names.add(text(node))
        stack.extend(c for c in node.children if c != field)
    return names


def _bound(loop: Node, language: str) -> set[str]:
    """Names the loop rebinds (helpers.rebound), or hands out by address (&x), which may rebind them."""
    names = rebound(loop, language)
    for node in descendants(loop, {"pointer_expression", "unary_expression"}):
        if address_of(node):
            names |= {text(n) for n in node.named_children if n.type == "identifier"}
    return names


def address_of(node: Node) -> bool:
    """Whether `node` is `&x`, in C, C++ or Go."""
    return node.type in ("pointer_expression", "unary_expression") and bool(node.children) and (
        node.children[0].type == "&")  # fmt: skip


def register(language: str, prefix: str) -> None:
    """The language's detector, a broad one (Detector.fallback): a specific finding on its line is kept instead."""
    detector(
        f"{prefix}-element-accumulator-in-loop", language,
        "a total kept in an array element or a field, updated on every iteration of a loop",
        "Copy the element or field into a local variable before the loop, update the local inside the loop, and "
        "store it back once after the loop (the same operations in the same order, so even floating-point "
        "results stay the same): the element is loaded and stored through memory on every iteration, because "
        "the compiler cannot keep it in a register when the loop might reach it through another name.",
        "bite (scalar replacement: the store motion a compiler skips when it cannot rule out aliasing)",
        fallback=True,
    )(_flagged_lines)  # fmt: skip


def _flagged_lines(tree, data, language):
    return (line(assignment) for assignment in element_accumulators(tree, language))
