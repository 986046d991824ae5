"""The fix of a total kept in memory (bite.diagnosis.accumulators), in C, C++ and Go: the element or field is
copied into a local before the loop, the loop updates the local, and the local is stored back once after the
loop. The operations stay the same and in the same order, so even floating-point output is unchanged.

The rewrite is exact unless the loop also reaches the element through another name (`b2->vx` where b2 is b,
`v[j]` where j is i). Nothing here can rule that out; the judge checks it on the inputs, where such a loop
gives other output. A loop that can leave without passing the store (return, goto, a label, a
throw), or that takes the element's address, is left alone."""

from __future__ import annotations

import re

from tree_sitter import Node

from bite.diagnosis import descendants, repeating_loop, text
from bite.diagnosis.accumulators import ELEMENTS, address_of, element_accumulators
from bite.diagnosis.fixits.base import edited, fixit, line_indent, parsed

# C has no `auto` before C23: GCC and Clang know `__auto_type`, which tree-sitter parses (unlike `__typeof__`).
LOCAL = {"c": "__auto_type {name} = {place};", "cpp": "auto {name} = {place};", "go": "{name} := {place}"}
STORE = {"c": "{place} = {name};", "cpp": "{place} = {name};", "go": "{place} = {name}"}
# Ways out of a loop that skip the statement after it.
LEAVES = {"return_statement", "goto_statement", "labeled_statement", "throw_statement", "co_return_statement"}
ROUNDS = 64  # loops rewritten in one program at most
BLOCKS = {"compound_statement", "statement_list", "block"}  # a statement can go before and after the loop here


def kept_in_locals(source: str, language: str) -> str | None:
    """`source` with each flagged total kept in a local around its loop, one loop at a time (a loop's
    rewrite can hold another flagged loop); None if no loop can be rewritten."""
    rewritten = None
    for _ in range(ROUNDS):
        current = source if rewritten is None else rewritten
        tree = parsed(current, language)
        edits = _first_loop_edits(tree, current, language)
        if edits is None:
            return rewritten
        rewritten = edited(current.encode("utf-8", "surrogateescape"), edits)
    return rewritten


def _first_loop_edits(tree, source: str, language: str) -> list[tuple[int, int, str]] | None:
    """The edits for the first loop with flagged totals that can be kept in locals (a rewritten loop is
    flagged no more, so each round moves on)."""
    places: dict[int, tuple[Node, list[str]]] = {}
    for assignment in sorted(element_accumulators(tree, language), key=lambda a: a.start_byte):
        loop = repeating_loop(assignment, language)
        place = text(assignment.child_by_field_name("left"))
        held = places.setdefault(loop.start_byte, (loop, []))[1]
        if place not in held:
            held.append(place)
    for loop, held in sorted(places.values(), key=lambda found: found[0].start_byte):
        edits = _loop_edits(loop, held, source, language)
        if edits:
            return edits
    return None


def _loop_edits(loop: Node, held: list[str], source: str, language: str) -> list[tuple[int, int, str]] | None:
    if next(descendants(loop, LEAVES), None) is not None or _labelled_jump(loop):
        return None
    uses = {place: [n for n in descendants(loop, ELEMENTS) if text(n) == place] for place in held}
    if any(use.parent is not None and address_of(use.parent) for found in uses.values() for use in found):
        return None
    taken = set(re.findall(r"\w+", source))
    names = {place: _local_name(place, taken, language) for place in held}
    edits = [(use.start_byte, use.end_byte, names[place]) for place, found in uses.items() for use in found]
    before = [LOCAL[language].format(place=place, name=names[place]) for place in held]
    after = [STORE[language].format(place=place, name=names[place]) for place in held]
    data = source.encode("utf-8", "surrogateescape")
    if loop.parent.type in BLOCKS:
        indent = line_indent(data, loop)
        edits.append((loop.start_byte, loop.start_byte, "".join(f"{s}\n{indent}" for s in before)))
        edits.append((loop.end_byte, loop.end_byte, "".join(f"\n{indent}{s}" for s in after)))
        return edits
    # the body of an if or of another loop, without braces: braces around it, from the end of the header on
    header_end = loop.prev_sibling.end_byte
    outer = line_indent(data, loop.parent)
    starts_line = b"\n" in data[header_end : loop.start_byte]
    indent = line_indent(data, loop) if starts_line else outer + ("\t" if "\t" in outer else "    ")
    edits.append((header_end, loop.start_byte, " {" + "".join(f"\n{indent}{s}" for s in before) + f"\n{indent}"))
    edits.append((loop.end_byte, loop.end_byte, "".join(f"\n{indent}{s}" for s in after) + f"\n{outer}}}"))
    return edits


def _labelled_jump(loop: Node) -> bool:
    """A Go `break L` or `continue L`: the label may name a loop outside this one."""
    jumps = descendants(loop, {"break_statement", "continue_statement"})
    return any(j.named_children for j in jumps)


def _local_name(place: str, taken: set[str], language: str) -> str:
    """A readable name for the local, unused in the program: `b->vx` -> b_vx, `sums[i]` -> sums_i (Go: sumsI)."""
    words = re.findall(r"\w+", place) or ["total"]
    base = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if language == "go" else "_".join(words)
    name, n = base, 1
    while name in taken or not name.isidentifier() or name[0].isdigit():
        n += 1
        name = f"{base}{n}" if language == "go" else f"{base}_{n}"
    taken.add(name)
    return name


def _register(language: str) -> None:
    @fixit(language, f"{language}-element-accumulator-in-loop")  # the detector's id: c, cpp and go are its prefixes
    def rewrite(source: str) -> str | None:
        return kept_in_locals(source, language)


for _language in LOCAL:
    _register(_language)
