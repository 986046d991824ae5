"""Java detectors. Origins: PMD, SpotBugs, SonarJava and Error Prone performance rules, and algorithmic patterns
that no linter flags (linear search, recomputed windows, recursion without memo, sorting, per-item I/O in loops).

Java types matter here (a `contains` is slow on a List, fine on a Set), so the detectors look up the
declared type of a variable: the innermost local, parameter or field of that name in scope."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from bite.diagnosis import (FUNCTIONS, LOOPS, ancestors, captures, descendants, detector, enclosing_function_node,
                            leaves_after, line, text)  # fmt: skip
from bite.diagnosis import helpers, windows

LANG = "java"

# --- Java helpers ---------------------------------------------------------------------------------------


def _loop(node: Node) -> Node | None:
    """The innermost loop of node's own function that runs node on every iteration: a for loop's
    initialiser and an enhanced for's collection run once, so they do not count, nor does a statement the
    method leaves right after (leaves_after)."""
    if leaves_after(node, LANG):
        return None
    child = node
    for up in ancestors(node):
        if up.type in FUNCTIONS[LANG]:
            return None
        if up.type in LOOPS[LANG] and child not in _run_once(up):
            return up
        child = up
    return None


def _run_once(loop: Node) -> list[Node]:
    if loop.type == "for_statement":
        return loop.children_by_field_name("init")
    if loop.type == "enhanced_for_statement":
        return loop.children_by_field_name("value")
    return []


def _in_loop(node: Node) -> bool:
    return _loop(node) is not None


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


@dataclass(frozen=True)
class _Var:
    name: str
    type: str  # as written: "List<Integer>", "var", "int[]"
    value: Node | None  # the initialiser, if any
    declared: Node  # the declaring node
    scope: Node  # where the name is visible

    @property
    def base(self) -> str:
        """The type's class name without generics or package: "List"; for `var`, the created class."""
        written = self.type
        if written == "var" and self.value is not None and self.value.type == "object_creation_expression":
            written = text(self.value.child_by_field_name("type"))
        found = re.match(r"[\w.]+", written)
        return found.group(0).rsplit(".", 1)[-1] if found else ""

    @property
    def type_arguments(self) -> list[str]:
        inner = re.search(r"<(.*)>", self.type)
        return [part.strip() for part in inner.group(1).split(",")] if inner else []

    @property
    def created(self) -> str:
        """The class of a `new X<>(...)` initialiser, else ""."""
        if self.value is not None and self.value.type == "object_creation_expression":
            return re.sub(r"<.*", "", text(self.value.child_by_field_name("type")))
        return ""


_DECLARATIONS = """
(variable_declarator name: (identifier) @name)
(formal_parameter name: (identifier) @name)
(enhanced_for_statement name: (identifier) @name)
(resource name: (identifier) @name)
"""


def java_variables(tree) -> dict[str, list[_Var]]:
    found: dict[str, list[_Var]] = {}
    for name in captures(tree, LANG, _DECLARATIONS, "name"):
        holder = name.parent
        value = None
        if holder.type == "variable_declarator":
            value = holder.child_by_field_name("value")
            holder = holder.parent  # local_variable_declaration, field_declaration, constant_declaration
        if holder.type == "formal_parameter":
            scope = holder.parent.parent  # the method, lambda or constructor
        elif holder.type == "enhanced_for_statement":
            scope = holder
        elif holder.type == "resource":
            scope = holder.parent.parent  # the try statement
        else:
            scope = holder.parent  # the block, class body or for statement holding the declaration
        written = text(holder.child_by_field_name("type"))
        found.setdefault(text(name), []).append(_Var(text(name), written, value, holder, scope))
    return found


def variable_of(variables: dict[str, list[_Var]], node: Node) -> _Var | None:
    """The declaration an identifier refers to: the innermost one in scope, declared before it."""
    inside = [v for v in variables.get(text(node), []) if _inside(node, v.scope)
              and (v.declared.type == "field_declaration" or v.declared.start_byte <= node.start_byte)]  # fmt: skip
    return min(inside, key=lambda v: v.scope.end_byte - v.scope.start_byte, default=None)


def _calls(tree, *names: str) -> list[Node]:
    """Method invocations with one of these names, or all of them."""
    return [c for c in captures(tree, LANG, "(method_invocation) @call", "call")
            if not names or text(c.child_by_field_name("name")) in names]  # fmt: skip


def _object(call: Node) -> Node | None:
    return call.child_by_field_name("object")


def _arguments(call: Node) -> list[Node]:
    found = call.child_by_field_name("arguments")
    return list(found.named_children) if found is not None else []


def _is(node: Node | None, written: str) -> bool:
    return node is not None and text(node) == written


def _declared_in(var: _Var | None, loop: Node) -> bool:
    """Declared afresh on every iteration of loop (a for loop's own initialiser runs once: not that)."""
    return (
        var is not None
        and _inside(var.declared, loop)
        and not any(_inside(var.declared, part) for part in _run_once(loop))
    )


def _identifiers(node: Node) -> set[str]:
    found = {text(node)} if node.type == "identifier" else set()
    for child in node.named_children:
        found |= _identifiers(child)
    return found


def _assigned_names(node: Node) -> set[str]:
    """Names assigned, incremented or declared anywhere inside node."""
    names = set()
    for n in [node, *_descendants(node)]:
        if n.type == "assignment_expression":
            names |= {text(n.child_by_field_name("left"))}
        elif n.type == "update_expression":
            names |= {text(c) for c in n.named_children}
        elif n.type == "variable_declarator":
            names |= {text(n.child_by_field_name("name"))}
    return names


def _statements(block: Node) -> list[Node]:
    return [n for n in block.named_children if n.type not in ("line_comment", "block_comment")]


def _descendants(node: Node):
    for child in node.named_children:
        yield child
        yield from _descendants(child)


def _string_value(node: Node) -> str | None:
    """The value of a plain string literal ("a\\\\.b" -> a\\.b), or None for anything else."""
    if node.type != "string_literal" or text(node).startswith('"""'):
        return None
    escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text(node)[1:-1])


# --- detectors ----------------------------------------------------------------------------------------

STRING_TYPES = {"String", "java.lang.String"}


@detector(
    "java-string-concat-in-loop", LANG,
    "String built with += inside a loop",
    "Build the text in one StringBuilder (append in the loop, toString() once after it): "
    "each `s += x` copies the whole string so far, which is quadratic.",
    "SpotBugs SBSC_USE_STRINGBUFFER_CONCATENATION; PMD UseStringBufferForStringAppends",
)  # fmt: skip
def string_concat_in_loop(tree, data, language):
    variables = java_variables(tree)
    for node in captures(tree, LANG, "(assignment_expression left: (identifier) @left) @set", "set"):
        left = node.child_by_field_name("left")
        var = variable_of(variables, left)
        if var is None or var.base not in STRING_TYPES or not _in_loop(node):
            continue
        loop = _loop(node)
        if _declared_in(var, loop):  # a fresh string per iteration is not an accumulator
            continue
        operator = text(node.child_by_field_name("operator"))
        right = node.child_by_field_name("right")
        if not (operator == "+=" or (operator == "=" and _grows(right, text(left)))):
            continue
        if not _few_rounds(loop, text(left)) and not _restarts(loop, text(left)):
            yield line(node)


def _restarts(loop: Node, name: str) -> bool:
    """The loop also sets the string from scratch (s = f(x), not s = s + x): it never grows past one round."""
    for n in _descendants(loop):
        if (n.type == "assignment_expression" and _is(n.child_by_field_name("left"), name)
                and text(n.child_by_field_name("operator")) == "="
                and not _grows(n.child_by_field_name("right"), name)):  # fmt: skip
            return True
    return False


def _grows(right: Node, name: str) -> bool:
    """`name + x`, `x + name` or `name.concat(x)`: the right side extends the string itself."""
    if right.type == "method_invocation":
        return text(right.child_by_field_name("name")) == "concat" and _is(_object(right), name)
    parts = []

    def flatten(n):
        if n.type == "binary_expression" and text(n.child_by_field_name("operator")) == "+":
            flatten(n.child_by_field_name("left"))
            flatten(n.child_by_field_name("right"))
        else:
            parts.append(n)

    flatten(right)
    return len(parts) > 1 and any(_is(p, name) for p in parts)


READS = ("next", "nextInt", "nextLong", "nextDouble", "nextLine", "nextBoolean", "nextFloat", "nextShort",
         "nextByte", "nextBigInteger", "hasNext", "hasNextInt", "hasNextLong", "hasNextLine")  # fmt: skip


@detector(
    "java-scanner-input", LANG,
    "Scanner reading many tokens",
    "Read input with a BufferedReader (with StringTokenizer or StreamTokenizer) or a DataInputStream "
    "instead of java.util.Scanner, whose regex-based nextInt()/next() are many times slower per token.",
    "bite (algorithmic: slow input parsing)",
)  # fmt: skip
def scanner_input(tree, data, language):
    variables = java_variables(tree)
    readers_in_loops = _methods_called_in_loops(tree)
    for call in _calls(tree, *READS):
        holder = enclosing_function_node(call, LANG)
        name = text(holder.child_by_field_name("name")) if holder is not None else ""
        var = variable_of(variables, _object(call)) if _object(call) is not None else None
        if var is not None and "Scanner" in (var.base, var.created) and (_in_loop(call) or name in readers_in_loops):
            break
    else:
        return
    for made in captures(tree, LANG, "(object_creation_expression type: (type_identifier) @type) @new", "new"):
        if text(made.child_by_field_name("type")) == "Scanner":
            yield line(made)


def _few_rounds(loop: Node, name: str) -> bool:
    """A loop that grows `name` a handful of times: padding (`while (s.length() < 8)`), digit by digit
    (`while (n > 0) { ...; n /= 10; }`) or up to a small constant, where a quadratic build costs nothing."""
    condition = loop.child_by_field_name("condition")
    if condition is None:
        return False
    small_bound = re.search(r"<=?\s*(\d+)\s*$", text(condition))  # for (int i = 0; i < 8; i++)
    return (
        f"{name}.length()" in text(condition)
        or _digit_by_digit(loop)
        or (small_bound is not None and int(small_bound.group(1)) <= 64)
    )


def _digit_by_digit(loop: Node) -> bool:
    """The loop divides or shifts a variable its condition tests: it runs once per digit or bit."""
    condition = loop.child_by_field_name("condition")
    if condition is None:
        return False
    tested = _identifiers(condition)
    for n in _descendants(loop):
        if n.type == "assignment_expression" and text(n.child_by_field_name("left")) in tested:
            operator, right = text(n.child_by_field_name("operator")), n.child_by_field_name("right")
            if operator in ("/=", ">>=", ">>>=") or (
                operator == "="
                and right.type == "binary_expression"
                and text(right.child_by_field_name("operator")) in ("/", ">>", ">>>")
            ):
                return True
    return False


def _methods_called_in_loops(tree) -> set[str]:
    """Names of this file's own methods called inside a loop: a `readInt()` helper, say."""
    return {text(c.child_by_field_name("name")) for c in _calls(tree) if _object(c) is None and _in_loop(c)}


@detector(
    "java-println-in-loop", LANG,
    "System.out.println for every item inside a loop",
    "Collect the output in a StringBuilder (or a PrintWriter over a BufferedWriter) and print it once "
    "after the loop: System.out flushes on every println, one system call per line.",
    "bite (algorithmic: per-item unbuffered output); PMD SystemPrintln",
)  # fmt: skip
def println_in_loop(tree, data, language):
    if any(_is(_object(c), "System") for c in _calls(tree, "setOut")):  # output already redirected
        return
    for call in _calls(tree, "println", "print", "printf", "format", "write"):
        if text(_object(call)) in ("System.out", "System.err") and _in_loop(call):
            yield line(call)


LISTS = {"List", "ArrayList", "LinkedList", "Vector", "CopyOnWriteArrayList"}


@detector(
    "java-list-contains-in-loop", LANG,
    "List.contains/indexOf inside a loop",
    "Put the items in a HashSet (or a HashMap from item to index) once, before the loop, and look them up "
    "there: List.contains and indexOf scan the whole list on every call.",
    "bite (algorithmic: linear search in a loop; ECO non_hash)",
)  # fmt: skip
def list_contains_in_loop(tree, data, language):
    for call, _ in list_searches_in_loops(tree):
        yield line(call)


def list_searches_in_loops(tree) -> Iterator[tuple[Node, _Var]]:
    """(call, list) for contains/indexOf/lastIndexOf on a list in a loop (the detector's lines; its fix-it keeps
    a HashSet beside the list for contains)."""
    variables = java_variables(tree)
    for call in _calls(tree, "contains", "indexOf", "lastIndexOf"):
        obj = _object(call)
        var = variable_of(variables, obj) if obj is not None and obj.type == "identifier" else None
        if var is not None and var.base in LISTS and not _fixed_list(var) and _in_loop(call):
            yield call, var


def _fixed_list(var: _Var) -> bool:
    """List.of("a", "b") or Arrays.asList(1, 2, 3): a short constant list, cheap to scan."""
    value = var.value
    if value is None or value.type != "method_invocation":
        return False
    if text(value.child_by_field_name("name")) not in ("of", "asList"):
        return False
    return all(a.type.endswith("literal") for a in _arguments(value))


@detector(
    "java-linear-search-in-loop", LANG,
    "inner loop searching an array for an equal element",
    "Index the searched items once before the outer loop in a HashSet (membership) or a HashMap from value to "
    "index or count (for pair sums, look up target - x), instead of scanning the array for every item.",
    "bite (algorithmic: linear search inside a loop)",
)  # fmt: skip
def linear_search_in_loop(tree, data, language):
    for inner in captures(tree, LANG, "(for_statement) @loop (enhanced_for_statement) @loop", "loop"):
        outer = _loop(inner)
        if outer is None:
            continue
        body = inner.child_by_field_name("body")
        statements = _statements(body) if body is not None and body.type == "block" else [body]
        if len(statements) != 1 or statements[0] is None or statements[0].type != "if_statement":
            continue
        condition = statements[0].child_by_field_name("condition")
        key = _searched_key(condition, inner) if condition is not None else None
        # the key changes with the outer loop (a[j] == x[i]); a fixed key (grid[r][c] == EMPTY) is a scan, not a search
        moving = _assigned_names(outer) - _assigned_names(inner)
        up = outer
        while up is not None:
            moving |= _counters(up)
            up = _loop(up)
        if key is not None and key & moving:
            yield line(inner)


def _searched_key(condition: Node, inner: Node) -> set[str] | None:
    """For `a[j] == x`, `a[i] + a[j] == target` or `names[j].equals(x)`, j being the inner loop's counter (or
    its for-each element): the names the test uses besides that element; None when it is no such test."""
    test = condition.named_children[0] if condition.type == "parenthesized_expression" else condition
    if test.type == "binary_expression" and text(test.child_by_field_name("operator")) == "==":
        sides = [test.child_by_field_name("left"), test.child_by_field_name("right")]
    elif test.type == "method_invocation" and text(test.child_by_field_name("name")) == "equals" and _object(test):
        sides = [_object(test), *_arguments(test)]
    else:
        return None
    counters = _counters(inner)
    if len(sides) != 2 or [bool(_identifiers(side) & counters) for side in sides].count(True) != 1:
        return None
    if inner.type == "enhanced_for_statement":
        elements = [n for side in sides for n in [side, *_descendants(side)] if n.type == "identifier"
                    and text(n) in counters]  # fmt: skip
    else:
        elements = [n for side in sides for n in [side, *_descendants(side)]
                    if (n.type == "array_access" and text(n.child_by_field_name("index")) in counters)
                    or (n.type == "method_invocation" and text(n.child_by_field_name("name")) == "get"
                        and text(next(iter(_arguments(n)), None)) in counters)]  # fmt: skip
    if not elements:
        return None
    for i, element in enumerate(elements):  # grid[j][col]: the whole access is the element, col included
        while element.parent.type == "array_access" and element.parent.child_by_field_name("array") == element:
            element = element.parent
        elements[i] = element
    # counts[term] == 0: the element indexes another array, a direct lookup and no search
    elements = [e for e in elements
                if not (e.parent.type == "array_access" and e.parent.child_by_field_name("index") == e)]
    if not elements:
        return None
    rest = set()
    for side in sides:
        rest |= _identifiers_outside(side, elements)
    return rest


def _identifiers_outside(node: Node, skipped: list[Node]) -> set[str]:
    if any(node == s for s in skipped):
        return set()
    found = {text(node)} if node.type == "identifier" else set()
    for child in node.named_children:
        found |= _identifiers_outside(child, skipped)
    return found


@detector(
    "java-linkedlist-get-in-loop", LANG,
    "LinkedList.get(i) inside a loop",
    "Iterate the LinkedList with a for-each loop or an Iterator (or copy it into an ArrayList or array): "
    "get(i) walks the list from one end on every call.",
    "bite (algorithmic: positional access on a linked list)",
)  # fmt: skip
def linkedlist_get_in_loop(tree, data, language):
    for call, _ in linked_lists_indexed_in_loops(tree):
        yield line(call)


def linked_lists_indexed_in_loops(tree) -> Iterator[tuple[Node, _Var]]:
    """(call, list) for get(i)/set(i, x) on a LinkedList in a loop (the detector's lines; its fix-it makes the
    list an ArrayList)."""
    variables = java_variables(tree)
    for call in _calls(tree, "get", "set"):
        obj = _object(call)
        var = variable_of(variables, obj) if obj is not None and obj.type == "identifier" else None
        if var is not None and "LinkedList" in (var.base, var.created) and _in_loop(call):
            yield call, var


@detector(
    "java-list-remove-front", LANG,
    "ArrayList used as a queue: remove(0) or add(0, x) in a loop",
    "Use an ArrayDeque (pollFirst/addLast, addFirst) for a queue or a stack: ArrayList.remove(0) and "
    "add(0, x) shift every element on each call.",
    "bite (algorithmic: list used as a queue)",
)  # fmt: skip
def list_remove_front(tree, data, language):
    for call, _ in lists_changed_at_front(tree):
        yield line(call)


def lists_changed_at_front(tree) -> Iterator[tuple[Node, _Var]]:
    """(call, list) for remove(0) and add(0, x) in a loop on a list that is not a LinkedList (the detector's
    lines; its fix-it makes the list an ArrayDeque)."""
    variables = java_variables(tree)
    for call in _calls(tree, "remove", "add"):
        args = _arguments(call)
        wanted = 1 if text(call.child_by_field_name("name")) == "remove" else 2
        if len(args) != wanted or text(args[0]) != "0":
            continue
        obj = _object(call)
        var = variable_of(variables, obj) if obj is not None and obj.type == "identifier" else None
        if var is None or var.base not in LISTS or "LinkedList" in (var.base, var.created):
            continue
        if _in_loop(call):
            yield call, var


MAPS = {"Map", "HashMap", "TreeMap", "LinkedHashMap"}
SMALL_KEYS = {"Integer", "Character", "Short", "Byte"}
NUMBERS = {"Integer", "Long"}


@detector(
    "java-boxed-map-counter", LANG,
    "Map<Integer, Integer> used as a counter array",
    "When the keys are small non-negative integers (or chars), count in an int[] (or long[]) indexed by "
    "the key instead of a Map<Integer, Integer>: each update hashes and boxes both key and value.",
    "bite (algorithmic: boxed counters where an array fits)",
)  # fmt: skip
def boxed_map_counter(tree, data, language):
    variables = java_variables(tree)
    for call in _calls(tree, "put", "merge", "compute"):
        obj = _object(call)
        var = variable_of(variables, obj) if obj is not None and obj.type == "identifier" else None
        if var is None or var.base not in MAPS or not _in_loop(call):
            continue
        keys = var.type_arguments
        if len(keys) != 2 or keys[0] not in SMALL_KEYS or keys[1] not in NUMBERS:
            continue
        if _counts(call, text(obj)):
            yield line(call)


def _counts(call: Node, name: str) -> bool:
    """put(k, m.get(k) + 1), put(k, m.getOrDefault(k, 0) + 1), merge(k, 1, Integer::sum) and the like."""
    args = _arguments(call)
    if text(call.child_by_field_name("name")) == "put":
        if len(args) != 2:
            return False
        sums = [
            n
            for n in [args[1], *_descendants(args[1])]
            if n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("+", "-")
        ]
        return any(_is(_object(c), name) and text(c.child_by_field_name("name")) in ("get", "getOrDefault")
                   for n in sums for c in _descendants(n) if c.type == "method_invocation")  # fmt: skip
    return len(args) >= 2 and bool(re.search(r"::sum|\+\s*1\b", text(call)))


BOXES = {"Integer", "Long", "Double", "Float", "Short", "Byte", "Character"}


@detector(
    "java-boxed-list-as-array", LANG,
    "List<Integer> used as a numeric array",
    "Use a primitive array (int[], long[], double[]) sized up front instead of a List<Integer>/List<Long>: "
    "each list.set(i, list.get(j) + x) unboxes, allocates a new box and follows a pointer.",
    "bite (algorithmic: boxed numbers where a primitive array fits; Effective Java item 61)",
)  # fmt: skip
def boxed_list_as_array(tree, data, language):
    variables = java_variables(tree)
    for call in _calls(tree, "set", "add"):
        obj, args = _object(call), _arguments(call)
        var = variable_of(variables, obj) if obj is not None and obj.type == "identifier" else None
        if var is None or var.base not in LISTS or var.type_arguments[:1] not in (["Integer"], ["Long"], ["Double"]):
            continue
        value = args[-1] if args else None
        # the new element is computed from the list's own elements: arithmetic on boxes
        reads = value is not None and any(n.type == "method_invocation" and _is(_object(n), text(obj))
                                          and text(n.child_by_field_name("name")) == "get"
                                          for n in _descendants(value))  # fmt: skip
        if reads and _in_loop(call):
            yield line(call)


@detector(
    "java-boxed-accumulator", LANG,
    "boxed Integer/Long/Double accumulator updated in a loop",
    "Declare the accumulator as a primitive (int, long, double): updating an Integer, Long or Double "
    "unboxes it and allocates a new box on every iteration.",
    "bite (boxing in a hot loop; Effective Java item 61: prefer primitives to boxed primitives)",
)  # fmt: skip
def boxed_accumulator(tree, data, language):
    for _, change in boxed_accumulators(tree):
        yield line(change)


def boxed_accumulators(tree) -> Iterator[tuple[_Var, Node]]:
    """(variable, update) for a boxed number's local updated in a loop it was declared before (the detector's
    lines; its fix-it declares the variable a primitive)."""
    variables = java_variables(tree)
    updates = """
    (assignment_expression left: (identifier) @target)
    (update_expression (identifier) @target)
    """
    for target in captures(tree, LANG, updates, "target"):
        var = variable_of(variables, target)
        if var is None or var.type not in BOXES or var.declared.type == "formal_parameter":
            continue
        loop = _loop(target)
        if loop is None or _declared_in(var, loop):
            continue
        change = target.parent
        replaced = change.type == "assignment_expression" and text(change.child_by_field_name("operator")) == "="
        if replaced and text(target) not in _identifiers(change.child_by_field_name("right")):
            continue  # x = y picks a value; x = x + 1 accumulates
        yield var, change


def uses_of(var: _Var, tree) -> list[Node]:
    """The identifiers that name `var` (not another variable of its name)."""
    variables = java_variables(tree)
    return [n for n in descendants(var.scope, "identifier") if text(n) == var.name and variable_of(variables, n) == var]


@detector(
    "java-recursion-without-memo", LANG,
    "recursion that recomputes the same subproblems",
    "Memoize the recursive function in an array or HashMap keyed by its arguments (or turn it into a "
    "bottom-up loop): it calls itself more than once on overlapping arguments, which is exponential.",
    "bite (algorithmic: recursion without memo)",
)  # fmt: skip
def recursion_without_memo(tree, data, language):
    for method in captures(tree, LANG, "(method_declaration) @m", "m"):
        body = method.child_by_field_name("body")
        # a count, a best value or a yes/no: lists and strings of all solutions cannot be memoized away
        if body is None or text(method.child_by_field_name("type")) not in VALUE_TYPES or _memoizes(body):
            continue
        name = text(method.child_by_field_name("name"))
        params = {
            text(p.child_by_field_name("name")): text(p.child_by_field_name("type"))
            for p in method.child_by_field_name("parameters").named_children
            if p.type == "formal_parameter"
        }
        looped = _loop_names(body)
        own = [c for c in _descendants(body) if c.type == "method_invocation"
               and text(c.child_by_field_name("name")) == name and (_object(c) is None or _is(_object(c), "this"))
               and enclosing_function_node(c, LANG) == method and _subproblem(c, params, looped)]  # fmt: skip
        both = any(not _exclusive(a, b) for i, a in enumerate(own) for b in own[i + 1 :])
        if both or any(_in_loop(c) for c in own):
            yield line(method)


VALUE_TYPES = {"int", "long", "double", "float", "short", "boolean", "Integer", "Long", "Double", "Boolean",
               "BigInteger"}  # fmt: skip


def _loop_names(body: Node) -> set[str]:
    return set().union(*(_counters(n) for n in _descendants(body) if n.type in LOOPS[LANG]))


def _subproblem(call: Node, params: dict[str, str], looped: set[str]) -> bool:
    """Every argument is a parameter passed on, a constant, or an integer parameter moved by a constant, an
    array element or a loop variable (n - 1, i + 1, cap - w[i], amount - coin, n / 2): subproblems that overlap.
    Divide and conquer passes computed midpoints or child nodes instead."""
    stepped = False
    for arg in _arguments(call):
        if (
            (arg.type == "identifier" and text(arg) in params)
            or arg.type.endswith("literal")
            or arg.type in ("true", "false")
        ):
            continue
        if arg.type != "binary_expression" or text(arg.child_by_field_name("operator")) not in ("+", "-", "/"):
            return False
        left, right = arg.child_by_field_name("left"), arg.child_by_field_name("right")
        if params.get(text(left)) not in ("int", "long"):
            return False
        if not (
            right.type.endswith("literal")
            or right.type in ("array_access", "field_access")  # w[i], item.weight
            or (right.type == "identifier" and text(right) in looped | set(params))
            or _accessor(right)  # item.weight(), items.get(i).weight()
        ):
            return False
        stepped = True
    return stepped


def _accessor(node: Node) -> bool:
    """item.weight(): a getter or record component of an object, called without arguments."""
    arguments = node.child_by_field_name("arguments") if node.type == "method_invocation" else None
    return arguments is not None and not arguments.named_children and node.child_by_field_name("object") is not None


def _exclusive(a: Node, b: Node) -> bool:
    """a and b sit in different branches of one if or ?:, so at most one of them runs."""
    above_a = {n.id: n for n in ancestors(a)}
    child = b
    for up in ancestors(b):
        if up.id in above_a:
            if up.type not in ("if_statement", "ternary_expression"):
                return False
            branches = [up.child_by_field_name("consequence"), up.child_by_field_name("alternative")]
            return child in branches and any(_inside(a, x) for x in branches if x is not None and x != child)
        child = up
    return False


def _memoizes(body: Node) -> bool:
    """Writes into an array or a map: a memo table (or backtracking state, which a memo cannot key)."""
    for n in _descendants(body):
        if n.type == "assignment_expression" and n.child_by_field_name("left").type == "array_access":
            return True
        if n.type == "method_invocation" and text(n.child_by_field_name("name")) in (
            "put",
            "putIfAbsent",
            "computeIfAbsent",
            "merge",
            "add",
            "set",
        ):
            return True
    return False


@detector(
    "java-range-sum-recomputed", LANG,
    "sum over a range recomputed from scratch for every position",
    "Keep a running window sum (add the element entering, subtract the one leaving) or precompute a "
    "prefix-sum array once, so each range sum costs O(1) instead of a fresh inner loop.",
    "bite (algorithmic: window/prefix sums recomputed)",
)  # fmt: skip
def range_sum_recomputed(tree, data, language):
    for inner in captures(tree, LANG, "(for_statement) @for", "for"):
        outer = _loop(inner)
        if outer is None:
            continue
        counters = _counters(inner)
        if not counters or not _only_sums(inner.child_by_field_name("body"), counters):
            continue
        # the range moves with an outer loop: its bounds mention that loop's counter (or a lo++ / hi += k)
        bounds = set()
        for part in [*inner.children_by_field_name("init"), inner.child_by_field_name("condition")]:
            if part is not None:
                bounds |= _identifiers(part)
        moving = _stepped_names(outer) - _stepped_names(inner)
        up = outer
        while up is not None:
            moving |= _counters(up)
            up = _loop(up)
        if bounds & (moving - counters):
            yield line(inner)


def _counters(loop: Node) -> set[str]:
    """The names a loop declares or sets up as its counters: `for (int i = ...)`, `for (T x : ...)`."""
    if loop.type == "enhanced_for_statement":
        return {text(loop.child_by_field_name("name"))}
    if loop.type == "for_statement":
        return set().union(*(_assigned_names(i) for i in loop.children_by_field_name("init")))
    return set()


def _stepped_names(node: Node) -> set[str]:
    """Names moved by ++, --, += or -= inside node (a window's lo and hi), not set from scratch."""
    names = set()
    for n in [node, *_descendants(node)]:
        if n.type == "update_expression":
            names |= {text(c) for c in n.named_children}
        elif n.type == "assignment_expression" and text(n.child_by_field_name("operator")) in ("+=", "-="):
            names |= {text(n.child_by_field_name("left"))}
    return names


def _only_sums(body: Node | None, counters: set[str]) -> bool:
    """The loop body is just `acc += a[k]` (or `acc += list.get(k)`), k being the loop's counter."""
    statements = _statements(body) if body is not None and body.type == "block" else [body]
    if len(statements) != 1 or statements[0] is None or statements[0].type != "expression_statement":
        return False
    change = statements[0].named_children[0]
    if change.type != "assignment_expression" or text(change.child_by_field_name("operator")) not in ("+=", "-="):
        return False
    if change.child_by_field_name("left").type != "identifier":  # dp[i] += dp[i - c] is a DP step, not a sum
        return False
    right = change.child_by_field_name("right")
    if right.type == "array_access":
        index = right.child_by_field_name("index")
    elif right.type == "method_invocation" and text(right.child_by_field_name("name")) == "get":
        index = next(iter(_arguments(right)), None)
    else:
        return False
    return index is not None and text(index) in counters


windows.register_extreme(LANG, "java")


SORTS = {("Arrays", "sort"), ("Collections", "sort")}


@detector(
    "java-sort-in-loop", LANG,
    "collection re-sorted after every insertion inside a loop",
    "Sort once after the loop, or keep the data ordered as it arrives (binary-search insertion, a TreeMap "
    "or TreeSet, or a PriorityQueue): re-sorting on every iteration costs O(n log n) each time.",
    "bite (algorithmic: sorting inside a loop)",
)  # fmt: skip
def sort_in_loop(tree, data, language):
    variables = java_variables(tree)
    for call in _calls(tree, "sort"):
        obj, args = _object(call), _arguments(call)
        if (text(obj), "sort") in SORTS:
            target = args[0] if args else None
        else:
            target = obj
        if target is None or target.type != "identifier":
            continue
        loop = _loop(call)
        var = variable_of(variables, target)
        if loop is None or var is None or _declared_in(var, loop):
            continue
        if _grows_here(loop, text(target), call):
            yield line(call)


def _grows_here(loop: Node, name: str, sort: Node) -> bool:
    """The same loop (not a nested one) adds to or writes into the sorted container: a sort per insertion."""
    for n in _descendants(loop):
        if _loop(n) != loop or n == sort:
            continue
        if (
            n.type == "method_invocation"
            and _is(_object(n), name)
            and text(n.child_by_field_name("name")) in ("add", "offer", "set", "addAll", "put")
        ):
            return True
        if n.type == "assignment_expression":
            left = n.child_by_field_name("left")
            if left.type == "array_access" and _is(left.child_by_field_name("array"), name):
                return True
    return False


REGEX_META = set(".$|()[{^?*+\\")


@detector(
    "java-regex-in-loop", LANG,
    "regex compiled on every iteration (split/matches/replaceAll/Pattern.compile in a loop)",
    "Compile the regex once into a static final Pattern outside the loop, or better, split simple text with "
    "StringTokenizer or indexOf/charAt: String.split, matches and replaceAll compile the regex on every call.",
    "SonarJava S4248 (regex patterns should not be created needlessly); Error Prone ConstantPatternCompile",
)  # fmt: skip
def regex_in_loop(tree, data, language):
    for call in regex_calls_in_loop(tree):
        yield line(call)


def regex_calls_in_loop(tree) -> Iterator[Node]:
    """Calls in a loop that compile a regex each time (the detector's lines, and what its fix-it hoists)."""
    for call in _calls(tree, "compile", "matches", "split", "replaceAll", "replaceFirst"):
        name, obj, args = text(call.child_by_field_name("name")), _object(call), _arguments(call)
        if name == "compile":
            compiles = _is(obj, "Pattern")
        elif name == "matches":
            compiles = len(args) == 1 or (_is(obj, "Pattern") and len(args) == 2)  # not Matcher.matches()
        elif name == "split":
            compiles = len(args) in (1, 2) and _slow_split(args[0])
        else:
            compiles = len(args) == 2  # String.replaceAll(regex, replacement), not Matcher.replaceAll(x)
        if compiles and _in_loop(call):
            yield call


def _slow_split(regex: Node) -> bool:
    """String.split skips the regex engine for one plain character or a backslash-escaped one."""
    value = _string_value(regex)
    if value is None:
        return False  # a variable: may well be a plain one-character separator
    if len(value) == 1:
        return value in REGEX_META
    if len(value) == 2 and value[0] == "\\":
        return value[1].isalnum()
    return True


@detector(
    "java-string-format-in-loop", LANG,
    "String.format or printf inside a loop",
    "Append the pieces to a StringBuilder (append(name).append('=').append(value)) instead of "
    "String.format/printf, which parses the format string and boxes its arguments on every call.",
    "bite (algorithmic: a format string parsed per item)",
)  # fmt: skip
def string_format_in_loop(tree, data, language):
    for call in format_calls_in_loops(tree):
        yield line(call)


def format_calls_in_loops(tree) -> Iterator[Node]:
    """String.format, "...".formatted and printf calls in a loop (the detector's lines; its fix-it spells the
    simple ones as concatenation)."""
    for call in _calls(tree, "format", "formatted", "printf"):
        name, obj = text(call.child_by_field_name("name")), _object(call)
        formats = (name == "format" and _is(obj, "String")) or name in ("formatted", "printf")
        thrown = any(up.type == "throw_statement" for up in ancestors(call))  # runs once, on the way out
        if formats and not thrown and _in_loop(call):
            yield call


@detector(
    "java-biginteger-in-loop", LANG,
    "BigInteger arithmetic modulo a small number inside a loop",
    "Use long arithmetic with % MOD (values below the modulus fit in a long, and so do products of two "
    "values below 3e9): BigInteger allocates a new object for every add, multiply and mod.",
    "bite (algorithmic: BigInteger where long fits)",
)  # fmt: skip
def biginteger_in_loop(tree, data, language):
    variables = java_variables(tree)
    for call in _calls(tree, "mod", "remainder"):
        if not _in_loop(call):
            continue
        root = _object(call)
        while root is not None and root.type == "method_invocation":
            root = _object(root)
        if root is None or root.type != "identifier":
            continue
        var = variable_of(variables, root)
        big = text(root) == "BigInteger" or (var is not None and var.base == "BigInteger")
        # the value is stored back reduced (x = x.multiply(y).mod(M)): it never outgrows the modulus
        stored = call.parent.type == "assignment_expression" and _is(
            call.parent.child_by_field_name("left"), text(root)
        )
        if big and stored and _small_modulus(variables, _arguments(call)):
            yield line(call)


def _small_modulus(variables, args: list[Node]) -> bool:
    """BigInteger.valueOf(...) or new BigInteger("<at most 18 digits>"), directly or through a variable."""
    if len(args) != 1:
        return False
    made = args[0]
    if made.type == "identifier":
        var = variable_of(variables, made)
        made = var.value if var is not None else None
    if made is None:
        return False
    return (
        text(made).startswith("BigInteger.valueOf(")
        or re.fullmatch(r'new\s+BigInteger\(\s*"\d{1,18}"\s*\)', text(made)) is not None
    )


@detector(
    "java-math-pow-integer", LANG,
    "Math.pow for a small integer power or an integer power of 2 or 10 in a loop",
    "Multiply directly (x * x * x) for small integer exponents, and use a shift (1L << k) or a running product "
    "(p *= 10) for integer powers: Math.pow is a general floating-point routine, many times slower, and casting "
    "its result can round.",
    "bite (algorithmic: general library call for a simple product)",
)  # fmt: skip
def math_pow_integer(tree, data, language):
    for call in _calls(tree, "pow"):
        args = _arguments(call)
        if not _is(_object(call), "Math") or len(args) != 2 or not _in_loop(call):
            continue
        base, exponent = text(args[0]), text(args[1])
        small = re.fullmatch(r"([3-9])(\.0*)?[dD]?", exponent) is not None  # 2 is rewritten to x*x by the JIT
        cast = call.parent
        while cast.type == "parenthesized_expression":
            cast = cast.parent
        integral = cast.type == "cast_expression" and text(cast.child_by_field_name("type")) in ("int", "long")
        integer_power = re.fullmatch(r"(2|10)(\.0*)?[dD]?", base) is not None and integral
        if small or integer_power:
            yield line(call)


@detector(
    "java-insert-at-front", LANG,
    "StringBuilder.insert(0, ...) or deleteCharAt(0) inside a loop",
    "Append at the end and reverse once after the loop (or read from the other end): inserting or deleting "
    "at index 0 shifts the whole buffer on every call.",
    "bite (algorithmic: front insertion is quadratic)",
)  # fmt: skip
def insert_at_front(tree, data, language):
    for call in _calls(tree, "insert", "deleteCharAt"):
        args = _arguments(call)
        wanted = 2 if text(call.child_by_field_name("name")) == "insert" else 1
        loop = _loop(call)
        if len(args) != wanted or text(args[0]) != "0" or loop is None:
            continue
        if not (_few_rounds(loop, text(_object(call))) if wanted == 2 else _digit_by_digit(loop)):
            yield line(call)


AGGREGATES = {("Collections", "max"), ("Collections", "min"), ("Collections", "frequency")}
REDUCTIONS = {"sum", "max", "min", "count", "average", "reduce", "anyMatch", "allMatch", "noneMatch", "getAsInt",
              "summaryStatistics"}  # fmt: skip
STREAM_SOURCES = {("Arrays", "stream"), ("IntStream", "of"), ("LongStream", "of"), ("Stream", "of")}


@detector(
    "java-aggregate-in-loop", LANG,
    "whole-collection max/min/sum/count recomputed inside a loop",
    "Keep a running aggregate (max, min, sum, count) updated as items are added, or compute it once before "
    "the loop: Collections.max/min/frequency and stream() reductions scan the whole collection every call.",
    "bite (algorithmic: linear scan in a loop)",
)  # fmt: skip
def aggregate_in_loop(tree, data, language):
    variables = java_variables(tree)
    for call in _calls(tree):
        name, obj, args = text(call.child_by_field_name("name")), _object(call), _arguments(call)
        if (text(obj), name) in AGGREGATES or ((text(obj), name) in STREAM_SOURCES and len(args) == 1):
            source = args[0] if args else None
        elif name == "stream" and not args:
            source = obj
        else:
            continue
        if source is None or source.type != "identifier":
            continue
        if (text(obj), name) not in AGGREGATES and not _reduced(call):
            continue
        loop = _loop(call)
        var = variable_of(variables, source)
        if loop is not None and var is not None and not _declared_in(var, loop):
            yield line(call)


@detector(
    "java-array-alloc-in-loop", LANG,
    "large array allocated afresh on every iteration",
    "Allocate the array once before the loop and reset only the entries you used (or stamp entries with "
    "the iteration number instead of clearing): new T[n] zeroes all n elements on every iteration.",
    "PMD AvoidInstantiatingObjectsInLoops",
)  # fmt: skip
def array_alloc_in_loop(tree, data, language):
    constants = _int_constants(tree)
    for node in captures(
        tree,
        LANG,
        "(local_variable_declaration declarator: (variable_declarator "
        "name: (identifier) @name value: (array_creation_expression) @new))",
        "new",
    ):
        loop = _loop(node)
        if loop is None:
            continue
        sizes = [s.named_children[0] for s in node.children_by_field_name("dimensions") if s.named_children]
        if not sizes or not all(_fixed(s, loop) for s in sizes) or not any(_large(s, constants) for s in sizes):
            continue
        name = text(node.parent.child_by_field_name("name"))
        # kept: a row stored away each iteration is needed, not waste; filled or swept: the loop pays O(n) anyway
        if not _kept(loop, name) and not _filled(loop, name) and not _swept(loop, name, sizes):
            yield line(node)


def _int_constants(tree) -> dict[str, int]:
    found = {}
    for var in (v for vs in java_variables(tree).values() for v in vs):
        if var.value is not None and var.value.type == "decimal_integer_literal":
            found[var.name] = int(text(var.value).replace("_", "").rstrip("lL"))
    return found


def _fixed(size: Node, loop: Node) -> bool:
    """The same size on every iteration: nothing it names changes inside the loop."""
    return not (_identifiers(size) & _assigned_names(loop))


def _large(size: Node, constants: dict[str, int]) -> bool:
    """Not known to be small: a literal or named constant of 1000 or more, or any other expression."""
    if size.type == "decimal_integer_literal":
        return int(text(size).replace("_", "").rstrip("lL")) >= 1000
    return size.type != "identifier" or constants.get(text(size), 1000) >= 1000


def _reduced(stream: Node) -> bool:
    """The call chain built on this stream ends in a reduction (sum, max, count, anyMatch...)."""
    call = stream
    while call.parent is not None and call.parent.type == "method_invocation" and _object(call.parent) == call:
        call = call.parent
        if text(call.child_by_field_name("name")) in REDUCTIONS:
            return True
    return False


def _swept(loop: Node, name: str, sizes: list[Node]) -> bool:
    """An inner for loop runs up to the array's size (`i < n`, `i < seen.length`): a full pass per iteration."""
    bounds = set().union(*(_identifiers(s) for s in sizes)) | {name}
    for inner in _descendants(loop):
        condition = inner.child_by_field_name("condition") if inner.type == "for_statement" else None
        if condition is not None and _identifiers(condition) & bounds:
            return True
    return False


def _filled(loop: Node, name: str) -> bool:
    return any(n.type == "method_invocation" and text(n.child_by_field_name("name")) == "fill"
               and _arguments(n) and _is(_arguments(n)[0], name) for n in _descendants(loop))  # fmt: skip


def _kept(loop: Node, name: str) -> bool:
    """The array escapes the iteration: stored in a collection, another array or a field."""
    for n in _descendants(loop):
        if n.type == "assignment_expression" and _is(n.child_by_field_name("right"), name):
            return True
        stores = ("add", "put", "offer", "push", "addLast", "addFirst", "set")
        stored = n.type == "method_invocation" and text(n.child_by_field_name("name")) in stores
        if stored and any(_is(a, name) for a in _arguments(n)):
            return True
        if n.type == "return_statement" and name in _identifiers(n):
            return True
    return False


helpers.register(LANG, "java")  # last: the specific detectors above go first
