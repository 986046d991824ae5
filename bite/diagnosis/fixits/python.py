"""Python's fix-its."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tree_sitter import Node

from bite.diagnosis import LOOPS, ancestors, descendants, text
from bite.diagnosis.fixits.base import edited, fixit, parsed
from bite.diagnosis.python import (
    MUTATORS,
    aggregates_in_loops,
    changes,
    collections_rebuilt_in_loops,
    count_calls_in_loops,
    front_changes_in_loops,
    list_membership_tests,
    powers_then_reduced,
    repeating_loop,
    unmemoized_recursion,
    window_slices,
)
from bite.splicing import add_imports

_PY_DEFINITIONS = {"function_definition", "class_definition", "decorated_definition", "lambda"}
_PY_IMPORTS = {"import_statement", "import_from_statement", "future_import_statement"}


def _py_module_loops(node: Node) -> bool:
    """Whether module-level code (outside functions and classes) under `node` loops."""
    if node.type in _PY_DEFINITIONS:
        return False
    if node.type in LOOPS["python"]:
        return True
    return any(_py_module_loops(child) for child in node.named_children)


@fixit("python", "py-module-level-code", needs_finding=False)
def py_code_into_main(source: str) -> str | None:
    """Module-level code moved into a function, main(), called at the end: its variables become fast locals.
    Imports stay at module level; names that functions declare `global` stay global."""
    tree = parsed(source, "python")
    statements = tree.root_node.named_children
    moved = [s for s in statements if s.type not in _PY_IMPORTS and s.type != "comment"]
    if not any(_py_module_loops(s) for s in moved) or re.search(r"\bmain\b", source):
        return None
    rows = [(s.start_point[0], s.end_point[0]) for s in statements]
    if any(a[1] >= b[0] for a, b in zip(rows, rows[1:])):
        return None  # two statements on one line
    if moved[0].type == "expression_statement" and moved[0].named_children[0].type == "string":
        moved = moved[1:]  # the module's docstring
    if any(s.start_point[0] != s.end_point[0] for m in moved for s in descendants(m, "string")):
        return None  # indenting would change a multi-line string
    lines = source.splitlines()
    taken = sorted({row for s in moved for row in range(s.start_point[0], s.end_point[0] + 1)})
    kept = [line for i, line in enumerate(lines) if i not in set(taken)]
    while kept and not kept[-1].strip():
        kept.pop()
    indent = "\t" if any(line.startswith("\t") for line in lines) else "    "
    statements = descendants(tree.root_node, "global_statement")
    declared = sorted({n.text.decode() for g in statements for n in g.named_children})
    body = [f"{indent}global {', '.join(declared)}"] if declared else []
    body += [indent + lines[i] if lines[i].strip() else "" for i in taken]
    return "\n".join([*kept, "", "", "def main():", *body, "", "", "main()"]) + "\n"


@fixit("python", "py-stdin-readline", needs_finding=False)
def py_readline_for_input(source: str) -> str | None:
    """input() (which flushes stdout and checks for a terminal on every call) read through sys.stdin.readline."""
    tree = parsed(source, "python")
    calls = [c for c in descendants(tree.root_node, "call") if c.child_by_field_name("function").text == b"input"
             and not c.child_by_field_name("arguments").named_children]  # fmt: skip
    if not calls or re.search(r"\binput\s*=|def input\b|sys\.stdin", source):
        return None
    statements = tree.root_node.named_children
    header = [s for s in statements if s.type == "future_import_statement" or (
        s is statements[0] and s.type == "expression_statement" and s.named_children[0].type == "string")]
    at = header[-1].end_point[0] + 1 if header else 0
    lines = source.splitlines()
    imported = [] if re.search(r"^import sys$", source, re.M) else ["import sys"]
    added = [*imported, "", "", "def input():", '    return sys.stdin.readline().rstrip("\\n")', "", ""]
    return "\n".join([*lines[:at], *added, *lines[at:]]) + "\n"


@fixit("python", "py-recursion-without-memo")
def py_cached_recursion(source: str) -> str | None:
    """A recursive function that recomputes overlapping subproblems and changes no state, cached with
    functools.lru_cache (arguments that cannot be hashed fail the run, and the judge turns it down)."""
    data, edits = source.encode("utf-8", "surrogateescape"), {}
    for function, _ in unmemoized_recursion(parsed(source, "python")):
        line_start = data.rfind(b"\n", 0, function.start_byte) + 1
        indent = data[line_start : function.start_byte].decode("utf-8", "surrogateescape")
        edits[line_start] = (line_start, line_start, f"{indent}@functools.lru_cache(maxsize=None)\n")
    if not edits:
        return None
    return add_imports(edited(data, list(edits.values())), "python", ["import functools"])


# What a deque does as a list does, used on a list that a fix-it makes a deque: methods, and builtins given it.
_DEQUE_METHODS = {"append", "extend", "pop", "insert", "clear", "count", "remove", "reverse", "index"}
_ITERABLE_TAKERS = {"len", "bool", "sum", "min", "max", "any", "all", "sorted", "set", "tuple", "list", "enumerate",
                    "reversed", "iter", "frozenset"}  # fmt: skip
_CONDITIONS = {"while_statement", "if_statement", "elif_clause"}


@fixit("python", "py-list-pop-front")
def py_deque_for_queue(source: str) -> str | None:
    """A function's local list taken from the front in a loop (`pop(0)`, `insert(0, x)`, `del xs[0]`) made a
    collections.deque, taken from with popleft()/appendleft(): only where every binding of it is a new list and
    every use is one a deque has (append, pop, len, truth, iteration, `in`, an index)."""
    tree = parsed(source, "python")
    edits, done = [], set()
    for _, receiver in front_changes_in_loops(tree):
        function = next((up for up in ancestors(receiver) if up.type == "function_definition"), None)
        if receiver.type != "identifier" or function is None or (function.id, text(receiver)) in done:
            continue
        done.add((function.id, text(receiver)))
        edits += _as_deque(text(receiver), function) or []
    if not edits:
        return None
    return add_imports(edited(source.encode("utf-8", "surrogateescape"), edits), "python", ["import collections"])


def _as_deque(name: str, function: Node) -> list[tuple[int, int, str]] | None:
    """The edits making the local list `name` of `function` a deque, or None when a use might tell them apart."""
    body = function.child_by_field_name("body")
    uses = [n for n in descendants(body, "identifier") if text(n) == name]
    inner = [up for use in uses for up in ancestors(use) if up.type in _PY_DEFINITIONS and body in ancestors(up)]
    if inner:
        return None  # a nested function or class shares it
    if any(text(n) == name for n in descendants(function.child_by_field_name("parameters"), "identifier")):
        return None  # the caller's list
    edits, bound = [], False
    for use in uses:
        parent = use.parent
        field = next((f for f in ("left", "right", "object", "value") if parent.child_by_field_name(f) == use), None)
        if (value := _assigned(use)) is not False:
            made = value is not None and (value.type in ("list", "list_comprehension") or (
                value.type == "call" and text(value.child_by_field_name("function")) == "list"))
            if not made:
                return None
            items = "" if text(value) == "[]" else text(value)
            edits.append((value.start_byte, value.end_byte, f"collections.deque({items})"))
            bound = True
        elif parent.type == "augmented_assignment" and field == "left":
            if text(parent.child_by_field_name("operator")) != "+=":
                return None
            # deque += iterable extends it
        elif parent.type == "attribute" and field == "object":
            call = parent.parent
            method = text(parent.child_by_field_name("attribute"))
            if call.type != "call" or call.child_by_field_name("function") != parent or method not in _DEQUE_METHODS:
                return None
            arguments = call.child_by_field_name("arguments").named_children
            first = text(arguments[0]) if arguments else None
            at = parent.child_by_field_name("attribute").start_byte
            if method == "pop" and first == "0" and len(arguments) == 1:
                edits.append((at, call.end_byte, "popleft()"))
            elif method == "pop" and arguments:
                return None  # deque.pop takes no index
            elif method == "insert" and first == "0" and len(arguments) == 2:
                edits.append((at, call.end_byte, f"appendleft({text(arguments[1])})"))
        elif parent.type == "subscript" and field == "value":
            if parent.child_by_field_name("subscript").type == "slice":
                return None
            if parent.parent.type == "delete_statement" and text(parent.child_by_field_name("subscript")) == "0":
                edits.append((parent.parent.start_byte, parent.parent.end_byte, f"{name}.popleft()"))
        elif parent.type == "argument_list" and parent.parent.type == "call" and len(parent.named_children) == 1:
            if text(parent.parent.child_by_field_name("function")) not in _ITERABLE_TAKERS:
                return None
        elif _truth_tested(use):
            continue
        elif parent.type in ("for_statement", "for_in_clause") and field == "right" or (
                parent.type == "comparison_operator" and use.prev_sibling is not None
                and text(use.prev_sibling) in ("in", "not in")):  # fmt: skip
            continue
        else:
            return None
    return edits if bound else None


def _assigned(name: Node) -> Node | None | bool:
    """The value assigned to `name` (`x = v`, `a, x = u, v`); None for an assignment whose value is not to
    be seen apart (`a, x = f()`), False when `name` is not assigned to."""
    parent = name.parent
    if parent.type == "assignment" and parent.child_by_field_name("left") == name:
        return parent.child_by_field_name("right")
    if parent.type in ("pattern_list", "tuple_pattern") and parent.parent.type == "assignment":
        values = parent.parent.child_by_field_name("right")
        paired = values is not None and values.type == "expression_list"
        if not paired or len(values.named_children) != len(parent.named_children):
            return None  # a, x = f()
        return values.named_children[parent.named_children.index(name)]
    return False


def _truth_tested(node: Node) -> bool:
    """Whether only the truth of `node`'s value is used: a condition, or under `not`/`and`/`or` in one."""
    while node.parent.type in ("not_operator", "boolean_operator", "parenthesized_expression"):
        if node.parent.type == "not_operator":
            return True
        node = node.parent
    return node.parent.type in _CONDITIONS and node.parent.child_by_field_name("condition") == node


# Builtins that only read the list they are given, besides those that take any iterable.
_LIST_READERS = _ITERABLE_TAKERS | {"print", "str", "repr", "join"}


@fixit("python", "py-list-membership-in-loop")
def py_set_beside_list(source: str) -> str | None:
    """`x in xs` in a loop, on a function's local list, tested on a set kept beside it: `xs_set = set(xs)`
    after each binding of xs (or first, for a parameter), `xs_set.add(xs[-1])` after each `xs.append(...)`.
    Only where those are the list's only changes and every other use reads it; unhashable items fail the run.
    `x in list(d.keys())` becomes `x in d`."""
    tree, data = parsed(source, "python"), source.encode("utf-8", "surrogateescape")
    edits, done = [], set()
    for comparison in list_membership_tests(tree):
        right = comparison.children[-1]
        if (keys := _listed_keys(right)) is not None:
            edits.append((right.start_byte, right.end_byte, text(keys)))  # x in list(d.keys()): x in d
            continue
        function = next((up for up in ancestors(comparison) if up.type == "function_definition"), None)
        if right.type != "identifier" or function is None or (function.id, text(right)) in done:
            continue
        done.add((function.id, text(right)))
        edits += _set_beside(data, text(right), function, tree) or []
    return edited(data, edits) if edits else None


def _listed_keys(node: Node) -> Node | None:
    """`d` of `list(d.keys())` (ruff SIM118's `in d.keys()`, with a copy on top), else None."""
    function = node.child_by_field_name("function") if node.type == "call" else None
    arguments = node.child_by_field_name("arguments") if function is not None else None
    if function is None or text(function) != "list" or arguments is None or len(arguments.named_children) != 1:
        return None
    inner = arguments.named_children[0]
    method = inner.child_by_field_name("function") if inner.type == "call" else None
    if method is None or method.type != "attribute" or text(method.child_by_field_name("attribute")) != "keys":
        return None
    owner = method.child_by_field_name("object")
    plain = owner.type in ("identifier", "attribute") and text(inner.child_by_field_name("arguments")) == "()"
    return owner if plain else None


def _set_beside(data: bytes, name: str, function: Node, tree, counting: bool = False,
                ) -> list[tuple[int, int, str]] | None:  # fmt: skip
    """The edits keeping `name_set` beside the local list `name` of `function`, and testing membership on it
    (or, `counting`, a collections.Counter `name_counts`, read for `name.count(x)`); None when a use might
    change the list otherwise or the set's name is taken."""
    kept = f"{name}_counts" if counting else f"{name}_set"
    made, empty_made = (f"collections.Counter({name})", "collections.Counter()") if counting else (
        f"set({name})", "set()")  # fmt: skip
    added = f"{kept}[{name}[-1]] += 1" if counting else f"{kept}.add({name}[-1])"
    body = function.child_by_field_name("body")
    if any(text(n) == kept for n in descendants(tree.root_node, "identifier")):
        return None
    uses = [n for n in descendants(body, "identifier") if text(n) == name and not _attribute_or_keyword(n)]
    if any(up.type in _PY_DEFINITIONS and body in ancestors(up) for use in uses for up in ancestors(use)):
        return None  # a nested function or class shares it
    edits, bound = [], False
    if any(text(n) == name for n in descendants(function.child_by_field_name("parameters"), "identifier")):
        first = body.named_children[0]
        docstring = first.type == "expression_statement" and first.named_children[0].type == "string"
        first_made = f"{kept} = {made}"
        edits.append(_py_after(data, first, first_made) if docstring else _py_before(data, first, first_made))
        bound = True
    for use in uses:
        parent = use.parent
        statement = parent.parent if parent.type in ("assignment", "pattern_list") else None
        statement = statement.parent if statement is not None and statement.type == "assignment" else statement
        if (value := _assigned(use)) is not False:
            if statement is None or statement.type != "expression_statement":
                return None
            empty = value is not None and text(value) == "[]"
            edits.append(_py_after(data, statement, f"{kept} = {empty_made if empty else made}"))
            bound = True
        elif parent.type == "attribute" and parent.child_by_field_name("object") == use:
            call = parent.parent
            if call.type != "call" or text(parent.child_by_field_name("attribute")) not in ("append", "count", "index"):
                return None
            if text(parent.child_by_field_name("attribute")) == "append":
                if call.parent.type != "expression_statement":
                    return None
                edits.append(_py_after(data, call.parent, added))
            elif counting and text(parent.child_by_field_name("attribute")) == "count":
                counted = call.child_by_field_name("arguments").named_children
                if len(counted) == 1 and counted[0].type not in ("keyword_argument", "list_splat", "dictionary_splat"):
                    edits.append((call.start_byte, call.end_byte, f"{kept}[{text(counted[0])}]"))
        elif parent.type == "comparison_operator" and use == parent.children[-1] and len(parent.children) == 3 and (
                parent.children[1].type in ("in", "not in")):  # fmt: skip
            if not counting:
                edits.append((use.start_byte, use.end_byte, kept))
        elif parent.type == "subscript" and parent.child_by_field_name("value") == use:
            holder = parent.parent
            assigned = holder.type in ("assignment", "augmented_assignment")
            if assigned and holder.child_by_field_name("left") == parent or holder.type == "delete_statement":
                return None
        elif parent.type == "argument_list" and parent.parent.type == "call":
            called = parent.parent.child_by_field_name("function")
            called = called.child_by_field_name("attribute") if called.type == "attribute" else called
            if text(called) not in _LIST_READERS:
                return None
        elif not (_truth_tested(use) or parent.type in ("return_statement", "for_in_clause")
                  or parent.type == "expression_list" and parent.parent.type == "return_statement"
                  or parent.type == "for_statement" and parent.child_by_field_name("right") == use):  # fmt: skip
            return None
    asked = any(new == kept or new.startswith(f"{kept}[") and not new.endswith("+= 1") for _, _, new in edits)
    return edits if bound and asked else None


def _attribute_or_keyword(node: Node) -> bool:
    """Whether the identifier `node` is the name of an attribute (`a.node`) or of a keyword argument."""
    parent = node.parent
    return (parent.type == "attribute" and parent.child_by_field_name("attribute") == node) or (
        parent.type == "keyword_argument" and parent.child_by_field_name("name") == node)


def _py_after(data: bytes, statement: Node, code: str) -> tuple[int, int, str]:
    """The edit running `code` just after `statement`: on a line of its own at its indentation, or after `;`
    where the statement shares its line (`if x not in seen: seen.append(x)`)."""
    line_start = data.rfind(b"\n", 0, statement.start_byte) + 1
    before = data[line_start : statement.start_byte].decode("utf-8", "surrogateescape")
    if before.strip():
        return statement.end_byte, statement.end_byte, f"; {code}"
    return statement.end_byte, statement.end_byte, f"\n{before}{code}"


def _py_before(data: bytes, statement: Node, code: str) -> tuple[int, int, str]:
    """The edit running `code` just before `statement`, on a line of its own at its indentation."""
    line_start = data.rfind(b"\n", 0, statement.start_byte) + 1
    indent = data[line_start : statement.start_byte].decode("utf-8", "surrogateescape")
    return line_start, line_start, f"{indent}{code}\n"


@fixit("python", "py-pow-then-mod")
def py_modular_pow(source: str) -> str | None:
    """`b ** e % m` and `pow(b, e) % m` as `pow(b, e, m)`, which reduces at every step (integers only: a float
    base raises, and the judge turns it down)."""
    edits = []
    for node, base, exponent in powers_then_reduced(parsed(source, "python")):
        modulus = node.child_by_field_name("right")
        edits.append((node.start_byte, node.end_byte, f"pow({text(base)}, {text(exponent)}, {text(modulus)})"))
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


@fixit("python", "py-count-in-loop")
def py_counter_beside_list(source: str) -> str | None:
    """`xs.count(x)` in a loop, on a function's local list, read from a collections.Counter kept beside it as
    py-list-membership-in-loop keeps its set. Where xs is not known to be a list, only `xs.count(x)` inside
    `for x in xs` (a string's characters count the same way)."""
    tree, data = parsed(source, "python"), source.encode("utf-8", "surrogateescape")
    edits, done = [], set()
    for call, kind in count_calls_in_loops(tree):
        receiver = call.child_by_field_name("function").child_by_field_name("object")
        function = next((up for up in ancestors(call) if up.type == "function_definition"), None)
        counted = call.child_by_field_name("arguments").named_children[0]
        over_itself = any(up.type == "for_statement" and text(up.child_by_field_name("right")) == text(receiver)
                          and text(up.child_by_field_name("left")) == text(counted)
                          for up in ancestors(call))  # fmt: skip
        if receiver.type != "identifier" or function is None or (function.id, text(receiver)) in done or (
                kind not in ("list", "tuple", "deque") and not over_itself):  # fmt: skip
            continue
        done.add((function.id, text(receiver)))
        edits += _set_beside(data, text(receiver), function, tree, counting=True) or []
    if not edits:
        return None
    return add_imports(edited(data, edits), "python", ["import collections"])


# Builtins that read a collection without changing it: a loop that hands it only to these leaves it as it is.
_READERS = _LIST_READERS | {"isinstance", "id", "hash", "type"}


def _hoisted(source: str, found: Iterable[tuple[Node, Node]]) -> str | None:
    """`source` with each call (of a builtin on a name, or `name.split(...)`) computed once into a variable before
    the outermost loop around it that leaves the name as it is (rebinds it, changes it, hands it to a call that
    might). min/max get `default=None`: before a loop that might not run, an empty collection must not raise."""
    data, tree = source.encode("utf-8", "surrogateescape"), parsed(source, "python")
    hoisted, edits = {}, []  # (statement, call's text) -> variable
    for call, argument in found:
        if argument.type != "identifier" or call.type != "call":
            continue
        name, callee = text(argument), text(call.child_by_field_name("function")).rsplit(".", 1)[-1]
        point, loop = None, repeating_loop(call)
        while loop is not None and not changes(name, loop) and not _handed_on(name, loop):
            point, loop = loop, repeating_loop(loop)
        statement = point if point is not None and point.type in ("for_statement", "while_statement") else next(
            (up for up in ancestors(call) if up.parent is not None and up.parent.type in ("block", "module")), None)
        if point is None or statement is None or not statement.start_byte <= call.start_byte < statement.end_byte:
            continue
        key = (statement.id, text(call))
        if key not in hoisted:
            variable = f"{name}_{callee}"
            if any(text(n) == variable for n in descendants(tree.root_node, "identifier")) or (
                    variable in hoisted.values()):  # fmt: skip
                continue
            hoisted[key] = variable
            value = text(call)
            if callee in ("min", "max") and "default=" not in value:
                value = value[:-1].rstrip() + ", default=None)"
            edits.append(_py_before(data, statement, f"{variable} = {value}"))
        edits.append((call.start_byte, call.end_byte, hoisted[key]))
    return edited(data, edits) if edits else None


def _handed_on(name: str, loop: Node) -> bool:
    """Whether `loop` passes `name` to a call other than a reading builtin (which might change it)."""
    for call in descendants(loop, "call"):
        arguments = call.child_by_field_name("arguments")
        passed = arguments is not None and any(text(a) == name for a in arguments.named_children)
        if passed and text(call.child_by_field_name("function")) not in _READERS:
            return True
    return False


@fixit("python", "py-aggregate-in-loop")
def py_aggregates_once(source: str) -> str | None:
    """min/max/sum of a collection that the loop leaves alone, computed once before the loop."""
    return _hoisted(source, aggregates_in_loops(parsed(source, "python")))


@fixit("python", "py-collection-rebuilt-in-loop")
def py_collections_once(source: str) -> str | None:
    """set(xs), sorted(xs), text.split()... of data that the loop leaves alone, built once before the loop."""
    return _hoisted(source, collections_rebuilt_in_loops(parsed(source, "python")))


# sum/max/min of a window xs[lo:hi] that a loop re-slices, kept up to date as in C (bite.diagnosis.fixits.c
# explains how), by a helper that checks at run time what it relies on: a list, int bounds within it, int items.
# Anything else goes the old way, so the result is the same whatever the program hands it.
_WINDOW_CLASS = '''

class _BiteWindow:
    """bite: a window xs[lo:hi] that a loop re-scanned, kept up to date while it slides forward over a list of
    ints (neither end moves back): each item enters and leaves once. Anything else (a negative or clipped bound,
    an item that is not an int, another kind of sequence) is computed as before."""

    def __init__(self):
        self.fresh()

    def fresh(self):
        self.items, self.lo, self.hi, self.total, self.at = None, 0, 0, 0, collections.deque()

    def _slid(self, items, lo, hi, kind):
        if type(items) not in (list, tuple) or type(lo) is not int or type(hi) is not int:
            return False
        if not 0 <= lo < hi <= len(items):
            return False
        if items is not self.items or lo < self.lo or hi < self.hi or lo > self.hi:
            self.items, self.lo, self.hi, self.total = items, lo, lo, 0
            self.at.clear()
        at = self.at  # max and min: the window's indices, each beating every later one
        for index in range(self.hi, hi):
            item = items[index]
            if type(item) is not int:
                self.items = None
                return False
            if kind == "sum":
                self.total += item
            else:
                while at and (items[at[-1]] <= item if kind == "max" else items[at[-1]] >= item):
                    at.pop()
                at.append(index)
        if kind == "sum":
            self.total -= sum(items[self.lo : lo])
        while at and at[0] < lo:
            at.popleft()
        self.lo, self.hi = lo, hi
        return True

    def sum(self, items, lo, hi):
        return self.total if self._slid(items, lo, hi, "sum") else sum(items[lo:hi])

    def max(self, items, lo, hi):
        return items[self.at[0]] if self._slid(items, lo, hi, "max") else max(items[lo:hi])

    def min(self, items, lo, hi):
        return items[self.at[0]] if self._slid(items, lo, hi, "min") else min(items[lo:hi])
'''
_FRESH_MAKERS = {"list", "dict", "set", "deque", "defaultdict", "Counter", "bytearray", "array"}
_FRESH_VALUES = {"list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"}


def _fresh_locals(function: Node | None) -> set[str]:
    """The function's locals that only ever hold what it made itself: a literal, a comprehension, `[0] * n`, or
    list(...)/dict(...)/deque(...) and the like. A change to one of them changes no other name's object."""
    if function is None:
        return set()
    made, other = set(), set()
    for assignment in descendants(function.child_by_field_name("body"), "assignment"):
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left.type != "identifier":
            continue
        while right is not None and right.type == "binary_operator" and text(right.child_by_field_name(
                "operator")) == "*":  # fmt: skip
            right = right.child_by_field_name("left")
        fresh = right is not None and (right.type in _FRESH_VALUES or right.type == "call" and text(
            right.child_by_field_name("function")).rsplit(".", 1)[-1] in _FRESH_MAKERS)  # fmt: skip
        (made if fresh else other).add(text(left))
    parameters = function.child_by_field_name("parameters")
    names = {text(n) for n in descendants(parameters, "identifier")} if parameters is not None else set()
    return made - other - names


def _py_window_stays(name: str, loop: Node, fresh: set[str], defined: set[str]) -> bool:
    """Whether nothing in `loop` can change the list `name` holds: the loop neither rebinds nor changes it nor
    hands it to a call that might, calls no function of the file (nor eval or exec), and changes (a mutating method, an item
    assigned or deleted, +=) only other lists the function made itself, which cannot be this one."""
    if changes(name, loop) or _handed_on(name, loop):
        return False
    for call in descendants(loop, "call"):
        function = call.child_by_field_name("function")
        if function.type == "identifier" and text(function) in defined | {"eval", "exec", "setattr", "globals"}:
            return False  # the file's own function, or code that may do anything
        receiver = function.child_by_field_name("object") if function.type == "attribute" else None
        method = text(function.child_by_field_name("attribute")) if receiver is not None else ""
        if method in MUTATORS and (receiver.type != "identifier" or text(receiver) not in fresh):
            return False
    for target in descendants(loop, {"subscript", "attribute"}):
        holder = target.parent
        written = holder.type in ("assignment", "augmented_assignment") and holder.child_by_field_name("left") == (
            target) or holder.type == "delete_statement"  # fmt: skip
        owner = target.child_by_field_name("value" if target.type == "subscript" else "object")
        if written and (owner.type != "identifier" or text(owner) not in fresh):
            return False
    return True


@fixit("python", "py-window-recomputed")
def py_windows_kept_up_to_date(source: str) -> str | None:
    """`sum(xs[lo:hi])` (max, min) moving with a loop becomes `_bite_window_N.sum(xs, lo, hi)`, which slides
    the window forward instead of re-adding it, reset before the outermost loop that cannot change xs."""
    tree, data = parsed(source, "python"), source.encode("utf-8", "surrogateescape")
    if "_BiteWindow" in source:
        return None
    defined = {text(f.child_by_field_name("name")) for f in descendants(tree.root_node, {
        "function_definition", "class_definition"})}  # fmt: skip
    edits, states = [], []
    for call, kind, items, start, end in sorted(window_slices(tree), key=lambda found: found[0].start_byte):
        function = next((up for up in ancestors(call) if up.type in ("function_definition", "lambda")), None)
        if function is not None and function.type == "lambda":
            continue  # a lambda may run at any time: the list may have changed since its last window
        fresh, point, loop = _fresh_locals(function), None, repeating_loop(call)
        while loop is not None and _py_window_stays(text(items), loop, fresh, defined):
            point, loop = loop, repeating_loop(loop)
        statement = point if point is not None and point.type in ("for_statement", "while_statement") else next(
            (up for up in ancestors(call) if up.parent is not None and up.parent.type in ("block", "module")), None)
        if point is None or statement is None or statement.parent.type not in ("block", "module") or not (
                statement.start_byte <= call.start_byte < statement.end_byte):  # fmt: skip
            continue
        state = f"_bite_window_{len(states)}"
        states.append(f"{state} = _BiteWindow()")
        low, high = text(start) if start is not None else "0", text(end) if end is not None else f"len({text(items)})"
        edits.append((call.start_byte, call.end_byte, f"{state}.{kind}({text(items)}, {low}, {high})"))
        edits.append(_py_before(data, statement, f"{state}.fresh()  # a fresh window for this loop"))
    if not edits:
        return None
    imports = [n for n in tree.root_node.named_children if n.type in _PY_IMPORTS]
    at = imports[-1].end_byte if imports else 0
    code = _WINDOW_CLASS + "\n\n" + "\n".join(states)
    edits.append((at, at, code if imports else code.lstrip("\n") + "\n\n\n"))
    return add_imports(edited(data, edits), "python", ["import collections"])
