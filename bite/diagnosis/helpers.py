"""Helpers that walk the same data again on every call from a loop, in all five grammars.

A loop calls a function of the file, and that function (or one it hands the data to) loops over data the
calling loop does not rebind: a parameter given the same variable each time, its receiver, or a global or
field. Each call costs the data's length: a lookup by key, a prefix or window summed from scratch, a sorted
copy made again. The detectors flag both ends: the call in the loop, where the work can be done once, and the
helper's loop, which the profile shows hot. A whole program's search rewrites the caller (`rescanning_caller`);
what to precompute is the model's to say."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from bite.diagnosis import (LOOPS, captures, descendants, detector, diagnose, enclosing_function_node, repeating_loop,
                            text)
from bite.languages import function_name, parser


@dataclass(frozen=True)
class _Grammar:
    definitions: tuple[str, ...]  # named functions
    call: str
    reaches: dict[str, str]  # node type -> the field naming the data it subscripts, selects or iterates
    writes: dict[str, tuple[str, ...]]  # node type -> fields that (re)bind the identifiers in them
    globals: str  # the tree-sitter query capturing file-level (and class-level) variables as @name


_C_WRITES = {"assignment_expression": ("left",), "update_expression": ("argument",),
             "init_declarator": ("declarator",), "declaration": ("declarator",)}  # fmt: skip
GRAMMARS = {
    "python": _Grammar(
        ("function_definition",), "call",
        {"subscript": "value", "attribute": "object", "for_statement": "right", "for_in_clause": "right"},
        {"assignment": ("left",), "augmented_assignment": ("left",), "for_statement": ("left",),
         "for_in_clause": ("left",), "named_expression": ("name",)},
        "(module (expression_statement (assignment left: (identifier) @name)))"),
    "c": _Grammar(
        ("function_definition",), "call_expression",
        {"subscript_expression": "argument", "field_expression": "argument"}, _C_WRITES,
        "(translation_unit (declaration declarator: [(identifier) @name (init_declarator declarator: (_) @name)"
        " (array_declarator declarator: (identifier) @name)]))"),
    "cpp": _Grammar(
        ("function_definition",), "call_expression",
        {"subscript_expression": "argument", "field_expression": "argument", "for_range_loop": "right"},
        {**_C_WRITES, "for_range_loop": ("declarator",)},
        "[(translation_unit (declaration declarator: [(identifier) @name (init_declarator declarator: (_) @name)"
        " (array_declarator declarator: (identifier) @name)]))"
        " (field_declaration declarator: (field_identifier) @name)]"),
    "go": _Grammar(
        ("function_declaration", "method_declaration"), "call_expression",
        {"index_expression": "operand", "selector_expression": "operand", "range_clause": "right",
         "slice_expression": "operand"},
        {"assignment_statement": ("left",), "short_var_declaration": ("left",), "inc_statement": ("",),
         "dec_statement": ("",), "range_clause": ("left",), "var_spec": ("name",)},
        "(source_file (var_declaration (var_spec name: (identifier) @name)))"),
    "java": _Grammar(
        ("method_declaration", "constructor_declaration"), "method_invocation",
        {"array_access": "array", "field_access": "object", "method_invocation": "object",
         "enhanced_for_statement": "value"},
        {"assignment_expression": ("left",), "update_expression": ("",), "variable_declarator": ("name",),
         "enhanced_for_statement": ("name",)},
        "(field_declaration declarator: (variable_declarator name: (identifier) @name))"),
}  # fmt: skip
_LISTS = ("expression_list", "pattern_list", "tuple_pattern", "parenthesized_expression", "pointer_declarator",
          "array_declarator", "init_declarator", "reference_declarator", "function_declarator")  # fmt: skip


def register(language: str, prefix: str) -> None:
    """The language's detector, registered last in its catalogue: where a more specific finding flags one of its
    lines, that one is kept instead (Detector.fallback)."""
    detector(
        f"{prefix}-helper-rescan-in-loop", language,
        "a function called in a loop walks the same data again on every call",
        "The loop passes the same, unchanged data on every call (flagged: the call and the helper's loop), so each "
        "call costs the data's whole length: compute what the calls need from that data once, before the calling "
        "loop (a map from key to item or index, a sorted copy, prefix or running sums), and answer each call "
        "from it.",
        "bite (algorithmic: repeated work through a call; ECO repeated computation)", fallback=True,
    )(_flagged_lines)  # fmt: skip


def _flagged_lines(tree, data, language):
    for found in helper_rescans(tree, language):
        walk = found.walk
        yield found.call.start_point[0]
        yield from range(walk.start_point[0], min(walk.end_point[0], walk.start_point[0] + 9) + 1)


def rescanning_caller(source: str, language: str, function: str) -> str | None:
    """The function whose loop calls `function`, or a function that hands it the data, again and again over
    data the loop does not change: where the repeated work can be done once. None when there is no such loop,
    when it is not inside a named function (Python's module-level code), or when a specific detector flags
    the helper's loop (Math.pow in it: the fix is in the helper)."""
    if language not in GRAMMARS:
        return None
    kept = {(f.function, line) for f in diagnose(source, language) if f.detector.fallback for line in f.lines}
    tree = parser(language).parse(source.encode("utf-8", "surrogateescape"))
    for found in helper_rescans(tree, language):
        walker = function_name(enclosing_function_node(found.walk, language))
        caller = enclosing_function_node(found.call, language)
        if caller is not None and function in (_resolve(found.call, language)[0], walker) and \
                (walker, found.walk.start_point[0] + 1) in kept:  # fmt: skip
            return function_name(caller)
    return None


@dataclass(frozen=True)
class HelperRescan:
    call: Node  # in the calling loop
    walk: Node  # the loop, in the helper or one it hands the data to, that walks the data
    data: str  # the walked variable as the caller names it


@dataclass
class _Helper:
    node: Node
    parameters: list[str]
    receiver: str | None  # Go's receiver, Python's self
    shared: set[str]  # the file's globals (and fields) that it does not shadow
    walks: dict  # what it walks -> the loop that walks it; keys: a parameter's index, "receiver", a global's name
    writes: set  # what it changes the elements or fields of, with the same keys

    def key(self, name: str | None):
        if not name:  # nothing the caller names, or a parameter without a name (C's `int f(int)`)
            return None
        if name in self.parameters:
            return self.parameters.index(name)
        return "receiver" if name == self.receiver else name if name in self.shared else None


def helper_rescans(tree, language: str) -> Iterator[HelperRescan]:
    """Each call, inside a loop, of a function of the file that loops over data the loop does not rebind, and
    that neither the helper nor another call in the loop changes."""
    grammar = GRAMMARS[language]
    shared = {text(n).split("[")[0].lstrip("*").strip() for n in captures(tree, language, grammar.globals, "name")}
    found: dict[str, _Helper | None] = {}
    for kind in grammar.definitions:
        for node in descendants(tree.root_node, kind):
            name = function_name(node)
            parameters, receiver = _parameters(node, language)
            own = rebound(_body(node), language)
            # overloads and main are not resolved
            found[name] = None if name in found or name in (None, "main") else \
                _Helper(node, parameters, receiver, shared - own, {}, set())  # fmt: skip
    helpers = {name: h for name, h in found.items() if h is not None}
    for helper in helpers.values():
        body = _body(helper.node)
        helper.writes = {helper.key(n) for n in _written_through(body, language)} - {None}
        for loop in descendants(body, LOOPS[language]):
            if enclosing_function_node(loop, language) != helper.node or not _steps(loop, language):
                continue  # x = parent[x]: a chain followed, not the data walked
            if not any(helper.key(n) is not None for n in _header_names(loop, language)):
                continue  # `for d in range(4)`: a fixed few steps, whatever they touch
            for reached in _reached(loop, language):
                if helper.key(reached) is not None:
                    helper.walks.setdefault(helper.key(reached), loop)
    for _ in range(3):  # hand-offs: f(xs) calls g(xs), which walks or changes it
        for helper in helpers.values():
            for call in descendants(_body(helper.node), grammar.call):
                inner, names = _callee(call, helpers, language)
                if inner is None or inner is helper:
                    continue
                helper.writes |= {helper.key(names(key)) for key in inner.writes}
                if repeating_loop(call, language) is None:
                    for key, loop in inner.walks.items():
                        if helper.key(names(key)) is not None:
                            helper.walks.setdefault(helper.key(names(key)), loop)
            helper.writes.discard(None)
    changing: dict[tuple[int, int], set[str]] = {}  # per loop: what it rebinds, or changes through its calls
    for call in descendants(tree.root_node, grammar.call):
        helper, names = _callee(call, helpers, language)
        loop = repeating_loop(call, language)
        caller = enclosing_function_node(call, language)
        if helper is None or loop is None or caller == helper.node or (
                caller is not None and caller.type not in grammar.definitions):
            continue
        span = (loop.start_byte, loop.end_byte)
        if span not in changing:
            changing[span] = rebound(loop, language)
            for other in descendants(loop, grammar.call):
                inner, passed = _callee(other, helpers, language)
                changing[span] |= {passed(key) for key in inner.writes} if inner is not None else set()
        for key, walk in helper.walks.items():
            data = names(key)
            if data and data not in changing[span]:
                yield HelperRescan(call, walk, data)
                break


def _callee(call: Node, helpers: dict[str, _Helper], language: str):
    """(the helper a call calls, or None; what the caller names each of the helper's keys)."""
    name, receiver, arguments = _resolve(call, language)
    helper = helpers.get(name)

    def names(key) -> str | None:
        if key == "receiver":
            return _root(receiver) if receiver is not None else None
        if isinstance(key, int):
            return _root(arguments[key]) if key < len(arguments) else None
        return key  # a global

    return helper, names


def _body(node: Node) -> Node:
    return node.child_by_field_name("body") or node


def _parameters(node: Node, language: str) -> tuple[list[str], str | None]:
    """The parameter names of a function, in order, and its receiver (Go's, or Python's self)."""
    holder = node.child_by_field_name("parameters")
    if holder is None:  # C and C++: under the declarator chain
        declarator = node.child_by_field_name("declarator")
        while declarator is not None and declarator.type != "function_declarator":
            declarator = declarator.child_by_field_name("declarator")
        holder = declarator.child_by_field_name("parameters") if declarator is not None else None
    names = []
    for parameter in holder.named_children if holder is not None else []:
        if parameter.type == "identifier":
            names.append(text(parameter))
        elif language == "go":
            names += [text(n) for n in parameter.children_by_field_name("name")]
        else:
            declared = parameter.child_by_field_name("name") or parameter.child_by_field_name("declarator")
            found = next(descendants(declared, "identifier"), None) if declared is not None else None
            found = found or next(descendants(parameter, "identifier"), None)
            names.append(text(found) if found is not None else "")
    receiver = None
    if language == "go" and node.child_by_field_name("receiver") is not None:
        held = node.child_by_field_name("receiver").named_children
        found = [n for p in held for n in p.children_by_field_name("name")]
        receiver = text(found[0]) if found else None
    elif language == "python" and names and node.parent is not None and node.parent.type == "block" \
            and node.parent.parent is not None and node.parent.parent.type == "class_definition":  # fmt: skip
        receiver, names = names[0], names[1:]
    return names, receiver


def _steps(loop: Node, language: str) -> bool:
    """Whether a loop steps through its data: a for-each, or a counter moved by one (i++, i -= 1)."""
    if loop.type in ("for_range_loop", "enhanced_for_statement", "list_comprehension", "set_comprehension",
                     "dictionary_comprehension", "generator_expression") or (
            loop.type == "for_statement" and language in ("python", "go") and (
                language == "python" or any(c.type == "range_clause" for c in loop.children))):  # fmt: skip
        return True
    for node in descendants(loop, {"update_expression", "inc_statement", "dec_statement", "augmented_assignment",
                                   "assignment_expression", "assignment_statement"}):  # fmt: skip
        if node.type in ("update_expression", "inc_statement", "dec_statement"):
            return True
        operator = next((c for c in node.children if not c.is_named), None)
        right = node.child_by_field_name("right")
        if operator is not None and text(operator) in ("+=", "-=") and text(right) == "1":
            return True
    return False


def _header_names(loop: Node, language: str) -> set[str]:
    """The identifiers a loop's header reads (everything but its body; a comprehension's iterables)."""
    if loop.type.endswith(("comprehension", "generator_expression")):
        parts = [c.child_by_field_name("right") for c in loop.named_children if c.type == "for_in_clause"]
    else:
        body = loop.child_by_field_name("body")
        parts = [c for c in loop.children if c != body]
    return {text(n) for part in parts if part is not None for n in descendants(part, "identifier")}


def _reached(loop: Node, language: str) -> set[str]:
    """The variables a loop subscripts, selects from or iterates over (xs[i], p.price, range xs)."""
    reaches = GRAMMARS[language].reaches
    found = set()
    for node in descendants(loop, set(reaches)):
        held = node.child_by_field_name(reaches[node.type])
        if held is not None and held.type in ("identifier", "self", "this"):
            found.add(text(held))
    return found


def _resolve(call: Node, language: str) -> tuple[str | None, Node | None, list[Node]]:
    """(the called name, the object it is called on, the positional arguments)."""
    if language == "java":
        name, receiver = call.child_by_field_name("name"), call.child_by_field_name("object")
    else:
        function = call.child_by_field_name("function")
        name, receiver = function, None
        if function is not None and function.type in ("attribute", "field_expression", "selector_expression"):
            name = function.child_by_field_name({"attribute": "attribute", "field_expression": "field",
                                                 "selector_expression": "field"}[function.type])  # fmt: skip
            receiver = function.child_by_field_name("object" if function.type == "attribute" else
                                                    "argument" if function.type == "field_expression" else "operand")
        elif function is not None and function.type != "identifier":
            name = None
    held = call.child_by_field_name("arguments")
    arguments = [a for a in held.named_children if a.type not in ("keyword_argument", "comment")] if held else []
    return (text(name) if name is not None else None), receiver, arguments


def _root(node: Node) -> str | None:
    """The variable an argument names: xs, p.items, &a[0]... give xs, p, a; anything computed gives None."""
    while node.type in ("attribute", "field_expression", "selector_expression", "field_access",
                        "subscript", "subscript_expression", "index_expression", "array_access", "pointer_expression",
                        "unary_expression", "parenthesized_expression"):  # fmt: skip
        node = next((c for c in node.named_children if c.type != "comment"), None)
        if node is None:
            return None
    return text(node) if node.type in ("identifier", "self", "this") else None


def _written_through(scope: Node, language: str) -> set[str]:
    """The variables whose elements or fields `scope` assigns (xs[i] = v, p.total += x, d.parent[x]++)."""
    writes = GRAMMARS[language].writes
    aliases = {}  # b = &bodies[i]: writes through b change bodies
    for node in descendants(scope, set(writes)):
        left = node.child_by_field_name("left") or node.child_by_field_name("declarator")
        right = node.child_by_field_name("right") or node.child_by_field_name("value")
        if left is not None and right is not None and left.type in ("identifier", "expression_list"):
            values = right.named_children if right.type == "expression_list" else [right]
            if len(values) == 1 and values[0].type not in ("identifier", "call", "call_expression"):
                root = _root(values[0])
                if root is not None:
                    aliases[text(left)] = root
    found = set()
    for node in descendants(scope, set(writes)):
        for field in writes[node.type]:
            for target in node.named_children if field == "" else node.children_by_field_name(field):
                for held in [target] if target.type not in _LISTS else target.named_children:
                    if held.type not in ("identifier", "self", "this") and (root := _root(held)) is not None:
                        found.add(aliases.get(root, root))
    return found


def rebound(scope: Node, language: str) -> set[str]:
    """The variables `scope` assigns or declares itself (not their elements or fields)."""
    writes = GRAMMARS[language].writes
    found = set()
    for node in descendants(scope, "identifier"):
        held, up = node, node.parent
        while up is not None and up.type in _LISTS:
            held, up = up, up.parent
        if up is not None and up.type in writes and any(
                held in (up.named_children if field == "" else up.children_by_field_name(field))
                for field in writes[up.type]):  # fmt: skip
            found.add(text(node))
    return found
