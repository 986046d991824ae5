"""Python detectors. Origins: ruff's PERF, FURB and PLR rules, ECO's rule descriptions, and algorithmic
patterns that no linter flags."""

from __future__ import annotations

from bite.diagnosis import captures, detector, in_loop, line, text

LANG = "python"


@detector(
    "py-list-membership-in-loop", LANG,
    "membership test (`in`) on a list inside a loop",
    "Build a set (or dict) from the list once, before the loop, and test membership in that instead: "
    "`x in some_list` scans the whole list every time.",
    "bite (ruff FURB/PLR6201 test membership on sets; ECO non_hash)",
)  # fmt: skip
def list_membership_in_loop(tree, data, language):
    lists = _names_bound_to_lists(tree)
    for node in captures(tree, LANG, "(comparison_operator) @cmp", "cmp"):
        operators = [text(c) for c in node.children if c.type in ("in", "not in")]
        right = node.children[-1]
        if operators and in_loop(node, LANG) and (right.type == "list" or text(right) in lists):
            yield line(node)


def _names_bound_to_lists(tree) -> set[str]:
    """Names assigned a list display, a list comprehension or list(...) anywhere in the file."""
    names = set()
    for node in captures(tree, LANG, "(assignment left: (identifier) @name right: (_) @value)", "value"):
        value = node
        if value.type in ("list", "list_comprehension") or (
            value.type == "call" and text(value.child_by_field_name("function")) in ("list", "sorted")
        ):
            names.add(text(value.parent.child_by_field_name("left")))
    return names
