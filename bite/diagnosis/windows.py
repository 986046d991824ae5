"""Windows re-scanned in a loop, in C, C++, Java and Go: an inner for loop whose one statement folds a[j] into an
accumulator (a sum, a max or a min) over a range [lo, hi) that moves with an outer loop. The detectors flag them;
the fix-its keep each window up to date instead (a running sum, a monotonic deque)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from bite.diagnosis import captures, descendants, detector, enclosing_loop, line, text


@dataclass(frozen=True)
class _Grammar:
    """The node and field names that differ between the C-like grammars."""

    start: str  # a for loop's initializer field
    element: str  # a[i]
    element_array: str
    conditional: str  # c ? x : y
    call: str
    comments: tuple[str, ...]


GRAMMARS = {
    "c": _Grammar("initializer", "subscript_expression", "argument", "conditional_expression", "call_expression",
                  ("comment",)),
    "cpp": _Grammar("initializer", "subscript_expression", "argument", "conditional_expression", "call_expression",
                    ("comment",)),
    "java": _Grammar("init", "array_access", "array", "ternary_expression", "method_invocation",
                     ("line_comment", "block_comment")),
}  # fmt: skip
_BLOCKS = ("compound_statement", "block")


@dataclass(frozen=True)
class WindowReduction:
    """`for (j = lo; j < hi; j++) <statement>`, the statement folding array[j] into the accumulator."""

    loop: Node
    statement: Node
    kind: str  # "sum", "max" or "min"
    array: Node  # the array's name
    element: Node  # array[j], as written in the statement
    accumulator: str
    low: Node
    high: Node
    inclusive: bool  # j <= hi


def window_reductions(tree, language: str) -> Iterator[WindowReduction]:
    """Each window re-scanned in a loop, where the range moves with an outer loop and nothing in the inner loop
    calls anything but the fold's own max or min."""
    grammar = GRAMMARS[language]
    for loop, outer, counter, low, high, statement in _counted_inner_loops(tree, language):
        folded = _folded(statement, counter, language) if statement is not None else None
        if folded is None:
            continue
        kind, element, accumulator = folded
        array = element.child_by_field_name(grammar.element_array)
        bounds = _names(low) | _names(high)
        moving = _assigned(outer) - {counter}
        calls = [c for c in descendants(loop, grammar.call) if c.parent != folded_call(statement, language)]
        if bounds & moving and not bounds & {counter, accumulator, text(array)} and not calls:
            yield WindowReduction(loop, statement, kind, array, element, accumulator, low, high,
                                  _operator(loop.child_by_field_name("condition")) == "<=")  # fmt: skip


def _counted_inner_loops(tree, language: str) -> Iterator[tuple[Node, Node, str, Node, Node, Node | None]]:
    """(loop, the loop around it, counter j, lo, hi, its one statement or None) for each loop
    `for (j = lo; j < hi; j++)` (or <=, ++j, j += 1) inside another loop."""
    grammar = GRAMMARS[language]
    for loop in captures(tree, language, "(for_statement) @for", "for"):
        outer = enclosing_loop(loop, language)
        parts = [loop.child_by_field_name(f) for f in (grammar.start, "condition", "update", "body")]
        if outer is None or None in parts or parts[1].type != "binary_expression":
            continue
        start, condition, update, body = parts
        counter = text(condition.child_by_field_name("left"))
        if _operator(condition) not in ("<", "<=") or "".join(text(update).split()) not in (
                f"{counter}++", f"++{counter}", f"{counter}+=1"):  # fmt: skip
            continue
        low = _start_value(start, counter)
        if low is not None:
            yield loop, outer, counter, low, condition.child_by_field_name("right"), only_statement(body)


def whole_sums(tree, language: str) -> Iterator[tuple[Node, Node]]:
    """(inner loop, its statement) for each sum or count over a whole array that an outer loop redoes from
    scratch on every pass: `for (j = lo; j < hi; j++) acc += f(a[j]);`, its range fixed (one that moves with
    the outer loop is a window: window_reductions), `acc` reset in the outer loop before it, and the outer loop
    changing at most a few elements of `a` a pass (each write to it outside inner loops) or none. Kept at one
    place, the total can be updated where an element changes, or computed once."""
    grammar = GRAMMARS[language]
    for loop, outer, counter, low, high, statement in _counted_inner_loops(tree, language):
        held = statement.named_children if statement is not None and statement.type == "expression_statement" else []
        if len(held) != 1 or held[0].type != "assignment_expression":
            continue
        accumulator, term = held[0].child_by_field_name("left"), added_term(held[0])
        elements = list(descendants(term, grammar.element)) if term is not None else []
        arrays = {text(e.child_by_field_name(grammar.element_array)) for e in elements}
        if accumulator.type != "identifier" or len(arrays) != 1 or list(descendants(term, grammar.call)):
            continue
        array = arrays.pop()
        if any(_index(e) != counter for e in elements) or (_names(low) | _names(high)) & _assigned(outer):
            continue
        writes = [w for w in descendants(outer, {"assignment_expression", "update_expression"})
                  if _element_written(w, array, grammar)]  # fmt: skip
        if _reset_before(accumulator, loop, outer) and all(enclosing_loop(w, language) == outer for w in writes):
            yield loop, statement


def _index(element: Node) -> str:
    """j of a[j], without spaces (the index of C and Java, C++'s [j])."""
    index = element.child_by_field_name("index") or element.child_by_field_name("indices")
    return "".join(text(index).strip("[]").split())


def _element_written(node: Node, array: str, grammar: _Grammar) -> bool:
    """Whether an assignment or ++/-- writes an element of `array`."""
    target = node.child_by_field_name("left" if node.type == "assignment_expression" else "argument")
    return target is not None and target.type == grammar.element and text(
        target.child_by_field_name(grammar.element_array)) == array  # fmt: skip


def _reset_before(accumulator: Node, loop: Node, outer: Node) -> bool:
    """Whether the outer loop sets `accumulator` afresh (acc = 0, or declares it) before `loop`, each pass."""
    name = text(accumulator)
    for n in descendants(outer, {"assignment_expression", "init_declarator"}):
        if n.start_byte >= loop.start_byte:
            return False
        target = n.child_by_field_name("left" if n.type == "assignment_expression" else "declarator")
        if text(target) == name and (n.type == "init_declarator" or _operator(n) == "="):
            return True
    return False


def only_statement(node: Node | None) -> Node | None:
    """A loop's or branch's one statement (itself, or the only one in its braces)."""
    if node is not None and node.type in _BLOCKS:
        inside = [c for c in node.named_children if "comment" not in c.type]
        return inside[0] if len(inside) == 1 else None
    return node


def folded_call(statement: Node, language: str) -> Node | None:
    """The assignment of `acc = std::max(acc, a[j]);` (C++) or `acc = Math.max(acc, a[j]);` (Java), whose call
    the window's statement may make."""
    assignment = statement.named_children[0] if statement.type == "expression_statement" else None
    right = assignment.child_by_field_name("right") if assignment is not None else None
    return assignment if right is not None and right.type == GRAMMARS[language].call else None


def _operator(node: Node) -> str:
    return text(node.child_by_field_name("operator"))


def _names(node: Node) -> set[str]:
    return {text(n) for n in descendants(node, "identifier")} | ({text(node)} if node.type == "identifier" else set())


def _assigned(node: Node) -> set[str]:
    """The names that `node` assigns, steps or declares (a moving window's ends, an outer loop's counter)."""
    names = set()
    for n in descendants(node, {"assignment_expression", "update_expression", "init_declarator",
                                "variable_declarator"}):  # fmt: skip
        target = n.child_by_field_name({"assignment_expression": "left", "update_expression": "argument",
                                        "init_declarator": "declarator", "variable_declarator": "name"}[n.type])
        target = target or (n.named_children[0] if n.named_children else None)  # Java's i++
        if target is not None:
            names.add(text(target))
    return names


def _start_value(start: Node, counter: str) -> Node | None:
    """lo of `int j = lo` or `j = lo`."""
    if start.type in ("declaration", "local_variable_declaration"):
        declarators = start.children_by_field_name("declarator")
        if len(declarators) == 1 and declarators[0].type in ("init_declarator", "variable_declarator"):
            name = declarators[0].child_by_field_name("declarator") or declarators[0].child_by_field_name("name")
            return declarators[0].child_by_field_name("value") if text(name) == counter else None
    elif start.type == "assignment_expression" and _operator(start) == "=":
        if text(start.child_by_field_name("left")) == counter:
            return start.child_by_field_name("right")
    return None


def added_term(assignment: Node) -> Node | None:
    """x in `total += x` or `total = total + x`."""
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    if _operator(assignment) == "+=":
        return right
    running = right.type == "binary_expression" and text(right.child_by_field_name("left")) == text(left)
    if _operator(assignment) == "=" and running and _operator(right) == "+":
        return right.child_by_field_name("right")
    return None


def _folded(statement: Node, counter: str, language: str) -> tuple[str, Node, str] | None:
    """(kind, array[counter], accumulator) when the statement is `acc += a[j]`, `acc = acc + a[j]`,
    `if (a[j] > acc) acc = a[j];`, `acc = a[j] > acc ? a[j] : acc` or `acc = std::max(acc, a[j])` (C++;
    Math.max in Java), or their min forms, a being a plain array name and acc a plain variable."""
    grammar = GRAMMARS[language]

    def element_of(node: Node | None) -> Node | None:
        if node is None or node.type != grammar.element:
            return None
        array = node.child_by_field_name(grammar.element_array)
        return node if array.type == "identifier" and _index(node) == counter else None

    def plain(node: Node | None) -> Node | None:
        while node is not None and node.type in ("parenthesized_expression", "condition_clause"):  # C, C++
            node = node.named_children[0]
        return node

    def bigger_when_true(test: Node | None, element: str, accumulator: str) -> bool | None:
        """Whether the element is the larger one when `test` holds (None: not a comparison of the two)."""
        test = plain(test)
        if test is None or test.type != "binary_expression" or _operator(test) not in ("<", "<=", ">", ">="):
            return None
        sides = text(test.child_by_field_name("left")), text(test.child_by_field_name("right"))
        if sides not in ((element, accumulator), (accumulator, element)):
            return None
        return (_operator(test) in (">", ">=")) == (sides[0] == element)

    if statement.type == "if_statement" and statement.child_by_field_name("alternative") is None:
        taken = only_statement(statement.child_by_field_name("consequence"))
        assignment = taken.named_children[0] if taken is not None and taken.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment_expression" or _operator(assignment) != "=":
            return None
        accumulator = assignment.child_by_field_name("left")
        element = element_of(assignment.child_by_field_name("right"))
        if accumulator.type != "identifier" or element is None:
            return None
        bigger = bigger_when_true(statement.child_by_field_name("condition"), text(element), text(accumulator))
        return None if bigger is None else ("max" if bigger else "min", element, text(accumulator))
    assignment = statement.named_children[0] if statement.type == "expression_statement" else None
    if assignment is None or assignment.type != "assignment_expression":
        return None
    accumulator = assignment.child_by_field_name("left")
    if accumulator.type != "identifier":
        return None
    added = element_of(added_term(assignment))
    if added is not None:
        return "sum", added, text(accumulator)
    chosen = plain(assignment.child_by_field_name("right"))
    if _operator(assignment) != "=":
        return None
    if chosen.type == grammar.call and language in ("cpp", "java"):
        callee = "".join(text(chosen.child_by_field_name("function" if language == "cpp" else "name")).split())
        owner = chosen.child_by_field_name("object")
        arguments = chosen.child_by_field_name("arguments").named_children
        element = next(filter(None, map(element_of, arguments)), None)
        if language == "java" and (owner is None or text(owner) != "Math"):
            return None
        if callee.removeprefix("std::") in ("max", "min") and element is not None and sorted(map(text, arguments)) == (
                sorted([text(element), text(accumulator)])):  # fmt: skip
            return callee.removeprefix("std::"), element, text(accumulator)
        return None
    if chosen.type != grammar.conditional:
        return None
    picked = [plain(chosen.child_by_field_name(f)) for f in ("consequence", "alternative")]
    element = element_of(picked[0]) or element_of(picked[1])
    if element is None or sorted(text(p) for p in picked) != sorted([text(element), text(accumulator)]):
        return None
    bigger = bigger_when_true(chosen.child_by_field_name("condition"), text(element), text(accumulator))
    if bigger is None:
        return None
    return ("max" if bigger == (text(picked[0]) == text(element)) else "min"), element, text(accumulator)


def go_window_reductions(tree) -> Iterator[WindowReduction]:
    """The same in Go: `for j := lo; j < hi; j++ { <statement> }` folding a[j], or `for _, x := range a[lo:hi]`
    folding x, where the range moves with an outer loop (Go 1.19 has no max builtin: `if x > acc { acc = x }`)."""
    for loop in captures(tree, "go", "(for_statement) @for", "for"):
        outer = enclosing_loop(loop, "go")
        header = next((c for c in loop.named_children if c.type in ("for_clause", "range_clause")), None)
        statements = _go_statements(loop.child_by_field_name("body"))
        if outer is None or header is None or len(statements) != 1:
            continue
        statement = statements[0]
        if header.type == "for_clause":
            parts = [header.child_by_field_name(f) for f in ("initializer", "condition", "update")]
            if None in parts or parts[1].type != "binary_expression" or _operator(parts[1]) not in ("<", "<="):
                continue
            start, condition, update = parts
            counter = text(condition.child_by_field_name("left"))
            values = start.child_by_field_name("right").named_children if start.type in (
                "short_var_declaration", "assignment_statement") else []  # fmt: skip
            if text(start.child_by_field_name("left")) != counter or len(values) != 1 or (
                    update.type != "inc_statement" or text(update.named_children[0]) != counter):  # fmt: skip
                continue
            low, high, inclusive = values[0], condition.child_by_field_name("right"), _operator(condition) == "<="

            def element_of(node: Node | None) -> Node | None:
                if node is None or node.type != "index_expression":
                    return None
                array, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
                return node if array.type == "identifier" and text(index) == counter else None

            array = None
        else:
            names = header.child_by_field_name("left")
            ranged = header.child_by_field_name("right")
            names = [text(n) for n in names.named_children] if names is not None else []
            if len(names) != 2 or names[0] != "_" or ranged.type != "slice_expression" or (
                    ranged.child_by_field_name("operand").type != "identifier"):  # fmt: skip
                continue
            low, high = ranged.child_by_field_name("start"), ranged.child_by_field_name("end")
            counter, array, inclusive = names[1], ranged.child_by_field_name("operand"), False
            if low is None or high is None or ranged.child_by_field_name("capacity") is not None:
                continue

            def element_of(node: Node | None) -> Node | None:
                return node if node is not None and node.type == "identifier" and text(node) == counter else None

        folded = _go_folded(statement, element_of)
        if folded is None:
            continue
        kind, element, accumulator = folded
        array = array or element.child_by_field_name("operand")
        bounds = _names(low) | _names(high)
        moving = _go_assigned(outer) - {counter}
        calls = list(descendants(loop, "call_expression"))
        if bounds & moving and not bounds & {counter, accumulator, text(array)} and not calls:
            yield WindowReduction(loop, statement, kind, array, element, accumulator, low, high, inclusive)


def _go_statements(block: Node | None) -> list[Node]:
    held = [s for s in block.named_children if s.type != "comment"] if block is not None else []
    if len(held) == 1 and held[0].type == "statement_list":
        held = [s for s in held[0].named_children if s.type != "comment"]
    return held


def _go_assigned(node: Node) -> set[str]:
    """The names that `node` assigns, steps or declares."""
    names = set()
    for n in descendants(node, {"assignment_statement", "short_var_declaration", "inc_statement", "dec_statement",
                                "range_clause", "var_spec"}):  # fmt: skip
        held = n.child_by_field_name("left") if n.type != "var_spec" else None
        found = n.children_by_field_name("name") if n.type == "var_spec" else (
            held.named_children if held is not None else n.named_children[:1])  # fmt: skip
        names |= {text(f) for f in found}
    return names


def _go_folded(statement: Node, element_of) -> tuple[str, Node, str] | None:
    """(kind, element, accumulator) of `acc += x`, `acc = acc + x` or `if x > acc { acc = x }` (or a min)."""

    def single(assignment: Node) -> tuple[Node, str, Node] | None:
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if len(left.named_children) != 1 or len(right.named_children) != 1:
            return None
        return left.named_children[0], _operator(assignment), right.named_children[0]

    if statement.type == "if_statement":
        if statement.child_by_field_name("alternative") or statement.child_by_field_name("initializer"):
            return None
        inside = _go_statements(statement.child_by_field_name("consequence"))
        taken = single(inside[0]) if len(inside) == 1 and inside[0].type == "assignment_statement" else None
        test = statement.child_by_field_name("condition")
        if taken is None or taken[1] != "=" or taken[0].type != "identifier" or element_of(taken[2]) is None:
            return None
        accumulator, element = text(taken[0]), taken[2]
        if test.type != "binary_expression" or _operator(test) not in ("<", "<=", ">", ">="):
            return None
        sides = text(test.child_by_field_name("left")), text(test.child_by_field_name("right"))
        if sides not in ((text(element), accumulator), (accumulator, text(element))):
            return None
        bigger = (_operator(test) in (">", ">=")) == (sides[0] == text(element))
        return "max" if bigger else "min", element, accumulator
    found = single(statement) if statement.type == "assignment_statement" else None
    if found is None or found[0].type != "identifier":
        return None
    target, operator, value = found
    if operator == "=" and value.type == "binary_expression" and _operator(value) == "+" and text(
            value.child_by_field_name("left")) == text(target):  # fmt: skip
        operator, value = "+=", value.child_by_field_name("right")
    element = element_of(value) if operator == "+=" else None
    return ("sum", element, text(target)) if element is not None else None


def register_extreme(language: str, prefix: str) -> None:
    """The language's detector of a window's max or min recomputed from scratch: the same finding and advice in
    C, C++, Go and Java. Each language's module calls it where the detector stands in its catalogue's order."""
    detector(
        f"{prefix}-window-extreme-recomputed", language,
        "max or min over a window recomputed from scratch in a loop",
        "Keep a monotonic deque of indices (drop from its back those the entering element beats, from its front "
        "those that left the window), so that each window's max or min costs O(1) amortized instead of a fresh "
        "scan.",
        "bite (algorithmic: sliding window maximum, monotonic deque)",
    )(_extreme_lines)  # fmt: skip


def _extreme_lines(tree, data, language):
    reductions = go_window_reductions(tree) if language == "go" else window_reductions(tree, language)
    return (line(r.statement) for r in reductions if r.kind != "sum")
