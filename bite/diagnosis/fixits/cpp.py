"""C++'s fix-its."""

from __future__ import annotations

import re

from tree_sitter import Node

from bite.diagnosis import LOOPS, ancestors, descendants, enclosing_loop, text
from bite.diagnosis.cpp import (
    HASHABLE,
    copying_range_loops,
    declarations,
    front_changes_in_loops,
    generic_algorithms_on_associative,
    ordered_lookup_tables,
    recursion_without_memo,
    regexes_built_in_loops,
    searches_in_loops,
    strlen_calls_in_conditions,
    unwritten_value_params,
    written,
)
from bite.diagnosis.fixits.base import (
    edited,
    fixit,
    grown_by,
    insert_at_body_start,
    main_body,
    parsed,
    window_rewrite,
)
from bite.diagnosis.fixits.c import for_parts, hoisted_strlen, memoized, unsigned_type
from bite.diagnosis.windows import folded_call, window_reductions
from bite.languages import function_name
from bite.splicing import add_imports


@fixit("cpp", "cpp-iostream-unsynced")
def cpp_unsync_iostreams(source: str) -> str | None:
    body = main_body(source, "cpp", {"function_definition"})
    if body is None or "sync_with_stdio" in source:
        return None
    return insert_at_body_start(source, body, ["std::ios::sync_with_stdio(false);", "std::cin.tie(nullptr);"])


@fixit("cpp", "cpp-endl-in-loop")
def cpp_newline_for_endl(source: str) -> str | None:
    data = source.encode("utf-8", "surrogateescape")
    ends = [n for n in descendants(parsed(source, "cpp").root_node, "binary_expression")
            if (right := n.child_by_field_name("right")) is not None and right.text in (b"endl", b"std::endl")
            and n.child_by_field_name("operator").type == "<<"]  # fmt: skip
    for node in sorted((n.child_by_field_name("right") for n in ends), key=lambda n: -n.start_byte):
        data = data[: node.start_byte] + b"'\\n'" + data[node.end_byte :]
    return data.decode("utf-8", "surrogateescape") if ends else None


@fixit("cpp", "cpp-string-concat-in-loop")
def cpp_append_in_place(source: str) -> str | None:
    """`s = s + a + b;` as `s += a; s += b;` (the same appends, in place: no copy of s). Where the detector
    fires, so only for a std::string that grows in a loop; the compiler and the judge decide the rest."""
    data, tree, edits = source.encode("utf-8", "surrogateescape"), parsed(source, "cpp"), []
    declared = declarations(tree)
    for assignment in descendants(tree.root_node, "assignment_expression"):
        left = assignment.child_by_field_name("left")
        found = declared.of(left) if left.type == "identifier" else None
        if found is None or found.kind not in ("string", "wstring"):
            continue
        pieces = grown_by(assignment, text(left))
        if pieces and assignment.parent.type == "expression_statement":
            appended = "; ".join(f"{text(left)} += {text(piece)}" for piece in pieces)
            edits.append((assignment.start_byte, assignment.end_byte, appended))
    return edited(data, edits) if edits else None


@fixit("cpp", "cpp-strlen-in-loop-condition")
def cpp_hoisted_strlen(source: str) -> str | None:
    return hoisted_strlen(source, "cpp", strlen_calls_in_conditions(parsed(source, "cpp")))


_CPP_LITERALS = {"string_literal", "raw_string_literal", "concatenated_string", "char_literal", "number_literal",
                 "true", "false", "qualified_identifier"}  # fmt: skip


def _cpp_literal(node: Node) -> bool:
    """A literal, a qualified constant (std::regex::icase) or an expression of them."""
    if node.type in ("binary_expression", "parenthesized_expression", "argument_list", "initializer_list"):
        return all(_cpp_literal(c) for c in node.named_children if c.type != "comment")
    return node.type in _CPP_LITERALS


@fixit("cpp", "cpp-regex-in-loop")
def cpp_static_regexes(source: str) -> str | None:
    """std::regex objects of literal patterns built in a loop, built once: a local declaration made `static
    const`, a temporary (`std::regex_match(s, std::regex("..."))`) named by a `static const` declaration on
    the line before its statement. A regex written to (`re = ...`, `re.assign(...)`) would not compile."""
    data, tree, edits, count = source.encode("utf-8", "surrogateescape"), parsed(source, "cpp"), [], 0
    for node in regexes_built_in_loops(tree):
        if node.type == "declaration":
            declarator = node.child_by_field_name("declarator")
            value = declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
            if declarator.type == "function_declarator":  # std::regex re("...");, parsed as a function
                value = declarator.child_by_field_name("parameters")
            if value is None or len(node.children_by_field_name("declarator")) != 1 or not _cpp_literal(value):
                continue
            name = text(declarator.child_by_field_name("declarator"))
            scope = next((up for up in ancestors(node) if up.type == "function_definition"), tree.root_node)
            if _written(name, scope):
                continue
            const = any(c.type == "type_qualifier" and c.text == b"const" for c in node.children)
            edits.append((node.start_byte, node.start_byte, "static " if const else "static const "))
            continue
        statement = next((up for up in ancestors(node) if up.parent.type == "compound_statement"), None)
        arguments = node.child_by_field_name("arguments")
        if statement is None or not _cpp_literal(arguments):
            continue
        line_start = data.rfind(b"\n", 0, statement.start_byte) + 1
        indent = data[line_start : statement.start_byte].decode("utf-8", "surrogateescape")
        if indent.strip():
            continue  # the statement shares its line
        count += 1
        name = f"bite_regex_{count}"
        type_name = text(node.child_by_field_name("function"))
        edits.append((line_start, line_start, f"{indent}static const {type_name} {name}{text(arguments)};\n"))
        edits.append((node.start_byte, node.end_byte, name))
    return edited(data, edits) if edits else None


# std::deque's members that std::vector has too (not data, reserve or capacity).
_DEQUE_MEMBERS = {"push_back", "emplace_back", "pop_back", "front", "back", "size", "empty", "clear", "begin", "end",
                  "cbegin", "cend", "rbegin", "rend", "insert", "erase", "emplace", "resize", "assign", "at",
                  "max_size", "shrink_to_fit"}  # fmt: skip


@fixit("cpp", "cpp-vector-erase-front-in-loop")
def cpp_deque_for_queue(source: str) -> str | None:
    """A local vector erased or inserted at its front in a loop as a std::deque: erase(v.begin()) becomes
    pop_front(), insert(v.begin(), x) push_front(x). Only where every use is one a deque has: members both
    have, indexing, range-for; not where it is passed, returned, assigned or asked for its data()."""
    tree, data, edits, done = parsed(source, "cpp"), source.encode("utf-8", "surrogateescape"), [], set()
    declared = declarations(tree)
    for _, found in front_changes_in_loops(tree):
        declaration = found.node
        if declaration.id in done or found.kind != "vector" or found.indirect or declaration.type != "declaration":
            continue
        done.add(declaration.id)
        value = found.value
        if len(declaration.children_by_field_name("declarator")) != 1 or (
                value is not None and value.type not in ("argument_list", "initializer_list")):  # fmt: skip
            continue
        changes = _as_cpp_deque([u for u in declared.uses(found) if u != found.name_node])
        if changes is not None:
            kind = declaration.child_by_field_name("type")
            edits += [*changes, (kind.start_byte, kind.end_byte, text(kind).replace("vector", "deque", 1))]
    if not edits:
        return None
    return add_imports(edited(data, edits), "cpp", ["#include <deque>"])


def _as_cpp_deque(uses: list[Node]) -> list[tuple[int, int, str]] | None:
    """The edits taking from or adding at the front of a deque for these uses of a vector, or None if a use
    needs a vector."""
    edits = []
    for use in uses:
        parent = use.parent
        ranged = parent.type == "for_range_loop" and parent.child_by_field_name("right") == use
        if parent.type == "subscript_expression" or ranged:
            continue
        member = text(parent.child_by_field_name("field")) if parent.type == "field_expression" else None
        call = parent.parent if member is not None else None
        if member not in _DEQUE_MEMBERS or call.type != "call_expression":
            return None
        arguments = call.child_by_field_name("arguments").named_children
        front = bool(arguments) and text(arguments[0]).replace(" ", "") == f"{text(use)}.begin()"
        if member == "erase" and front and len(arguments) == 1:
            edits.append((call.start_byte, call.end_byte, f"{text(use)}.pop_front()"))
        elif member == "insert" and front and len(arguments) == 2:
            edits.append((call.start_byte, call.end_byte, f"{text(use)}.push_front({text(arguments[1])})"))
    return edits


def _written(name: str, scope: Node) -> bool:
    """Whether `scope` assigns to the object `name` or calls one of std::regex's writing methods on it."""
    for use in descendants(scope, "identifier"):
        if text(use) != name:
            continue
        parent = use.parent
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == use:
            return True
        method = text(parent.child_by_field_name("field")) if parent.type == "field_expression" else None
        if method in ("assign", "imbue", "swap"):
            return True
    return False


def _const_reference(owner: Node, declarator: Node) -> list[tuple[int, int, str]]:
    """Edits making the declaration `owner` (its type, then `declarator`) a const reference: `const T &x`."""
    const = any(c.type == "type_qualifier" and c.text == b"const" for c in owner.children)
    type_start = owner.child_by_field_name("type").start_byte
    const_edit = [] if const else [(type_start, type_start, "const ")]
    return [*const_edit, (declarator.start_byte, declarator.start_byte, "&")]


@fixit("cpp", "cpp-container-by-value-param")
def cpp_const_reference_params(source: str) -> str | None:
    """Containers and strings taken by value and only read, taken as `const T&` (clang-tidy's fix for
    performance-unnecessary-value-param): a write through the reference would not compile."""
    tree, edits = parsed(source, "cpp"), []
    for found in unwritten_value_params(tree):
        declarator = found.node.child_by_field_name("declarator")
        if declarator is not None and declarator.type == "identifier":
            edits += _const_reference(found.node, declarator)
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


@fixit("cpp", "cpp-range-for-copy")
def cpp_const_reference_loops(source: str) -> str | None:
    """Range-for variables that copy heavy elements and are only read, as `const auto&` (clang-tidy's fix for
    performance-for-range-copy)."""
    edits = []
    for loop in copying_range_loops(parsed(source, "cpp")):
        edits += _const_reference(loop, loop.child_by_field_name("declarator"))
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


@fixit("cpp", "cpp-recursion-without-memo")
def cpp_memoized_recursion(source: str) -> str | None:
    data = source.encode("utf-8", "surrogateescape")
    return memoized(source, "cpp", set(recursion_without_memo(parsed(source, "cpp"), data, "cpp")))


@fixit("cpp", "cpp-linear-search-in-loop")
def cpp_set_for_searches(source: str) -> str | None:
    """`std::find(v.begin(), v.end(), x) != v.end()` (or `== v.end()`) and std::count(v.begin(), v.end(), x) as a
    truth value, inside a loop that leaves the vector as it is, become lookups in a std::unordered_set built from
    it just before the outermost such loop."""
    tree, data = parsed(source, "cpp"), source.encode("utf-8", "surrogateescape")
    declared, aliases = declarations(tree), _aliases(tree)
    edits, sets = [], {}  # (vector's declaration, loop) -> the set's name
    for call, found in searches_in_loops(tree):
        arguments = call.child_by_field_name("arguments").named_children
        if found is None or found.kind not in ("vector", "deque") or len(arguments) != 3:
            continue
        if found.indirect and found.node.child_by_field_name("declarator").type != "reference_declarator":
            continue  # a pointer to one, or an array of them
        name, element = found.name, "".join(found.template_args[:1])
        if aliases.get(element, element) not in HASHABLE or _squeezed(arguments[0]) != f"{name}.begin()" or (
                _squeezed(arguments[1]) != f"{name}.end()"):  # fmt: skip
            continue
        replaced = _as_lookup(call, name)
        loop = _outermost_unchanging_loop(call, found, declared)
        if replaced is None or loop is None:
            continue
        key = (found.node.id, loop.id)
        if key not in sets:
            line_start = data.rfind(b"\n", 0, loop.start_byte) + 1
            indent = data[line_start : loop.start_byte].decode("utf-8", "surrogateescape")
            if indent.strip():
                continue  # the loop shares its line
            sets[key] = f"{name}_set" if f"{name}_set" not in source and f"{name}_set" not in sets.values() else (
                f"{name}_set_{len(sets)}")  # fmt: skip
            element = _element_as_written(text(found.node.child_by_field_name("type")))
            made = f"{indent}const std::unordered_set<{element}> {sets[key]}({name}.begin(), {name}.end());\n"
            edits.append((line_start, line_start, made))
        start, end, template = replaced
        edits.append((start, end, template.format(set=sets[key], value=text(arguments[2]))))
    if not edits:
        return None
    return add_imports(edited(data, edits), "cpp", ["#include <unordered_set>"])


def _squeezed(node: Node) -> str:
    return "".join(text(node).split()).removeprefix("std::")


def _aliases(tree) -> dict[str, str]:
    """typedef and `using` names of types, as the types are written (without std:: and spaces)."""
    found = {}
    for node in descendants(tree.root_node, {"type_definition", "alias_declaration"}):
        name = node.child_by_field_name("declarator" if node.type == "type_definition" else "name")
        found[text(name)] = _squeezed(node.child_by_field_name("type"))
    return found


def _element_as_written(kind: str) -> str:
    """`long long` of `std::vector<long long>`, as the vector's declaration writes it."""
    return kind.partition("<")[2].rpartition(">")[0].strip()


def _as_lookup(call: Node, name: str) -> tuple[int, int, str] | None:
    """(start, end, template) replacing a search by a lookup, when the search is used as a truth value."""
    parent = call.parent
    operator = text(parent.child_by_field_name("operator")) if parent.type == "binary_expression" else None
    callee = _squeezed(call.child_by_field_name("function"))
    if callee == "find":
        other = parent.child_by_field_name("right" if parent.child_by_field_name("left") == call else "left")
        if operator in ("!=", "==") and _squeezed(other) == f"{name}.end()":
            bare = parent.parent.type in ("condition_clause", "parenthesized_expression", "expression_statement")
            lookup = "{set}.count({value}) " + operator + " 0"
            return parent.start_byte, parent.end_byte, lookup if bare else f"({lookup})"
        return None
    if callee != "count":
        return None
    truth = parent.type in ("condition_clause", "parenthesized_expression") or operator in ("&&", "||") or (
        parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "!") or (
        operator in ("!=", ">", "==") and _squeezed(parent.child_by_field_name("right")) == "0")  # fmt: skip
    return (call.start_byte, call.end_byte, "{set}.count({value})") if truth else None


def _outermost_unchanging_loop(call: Node, found, declared) -> Node | None:
    """The outermost loop around `call`, inside the vector's scope, in which the vector is not changed."""
    uses = [u for u in declared.uses(found) if u != found.name_node]
    best, loop = None, call
    while (loop := next((up for up in ancestors(loop) if up.type in LOOPS["cpp"] or up == found.scope), None)) and (
            loop != found.scope and loop.type in LOOPS["cpp"]):  # fmt: skip
        inside = [u for u in uses if loop.start_byte <= u.start_byte < loop.end_byte]
        if any(written(u) for u in inside) or loop.parent.type != "compound_statement":
            break
        best = loop
    return best


@fixit("cpp", "cpp-ordered-container-unused-order")
def cpp_unordered_lookup_tables(source: str) -> str | None:
    """std::map/set/multimap/multiset of hashable keys that are only looked up, inserted into and erased from
    (never walked in order) as their std::unordered_ counterparts: the type of their declaration changes."""
    tree, edits, includes = parsed(source, "cpp"), [], set()
    for found in ordered_lookup_tables(tree):
        kind = found.node.child_by_field_name("type")
        written = re.match(r"(std::)?(multimap|multiset|map|set)\s*<", text(kind))
        if written is None or len(found.node.children_by_field_name("declarator")) != 1:
            continue  # a typedef'd name, or a declaration of more than this one name
        at = kind.start_byte + written.start(2)
        edits.append((at, at, "unordered_"))
        includes.add("#include <unordered_map>" if "map" in written.group(2) else "#include <unordered_set>")
    if not edits:
        return None
    return add_imports(edited(source.encode("utf-8", "surrogateescape"), edits), "cpp", sorted(includes))


@fixit("cpp", "cpp-generic-algorithm-on-associative")
def cpp_set_members_for_algorithms(source: str) -> str | None:
    """std::count, std::find, std::lower_bound/upper_bound/equal_range and std::binary_search over a whole set's
    iterators as the set's own members (clang-tidy's fix for performance-inefficient-algorithm): the same
    answers in O(log n) or O(1). std::find only for sets of unique keys, the ordered members only for ordered
    sets; maps are left alone (their elements are pairs)."""
    edits = []
    for call, found in generic_algorithms_on_associative(parsed(source, "cpp")):
        arguments = call.child_by_field_name("arguments").named_children
        name, algorithm = found.name, _squeezed(call.child_by_field_name("function"))
        whole = len(arguments) == 3 and [_squeezed(a) for a in arguments[:2]] == [f"{name}.begin()", f"{name}.end()"]
        ordered, unique = not found.kind.startswith("unordered"), "multi" not in found.kind
        searching = algorithm in ("lower_bound", "upper_bound", "equal_range", "binary_search")
        if not whole or "map" in found.kind or (algorithm == "find" and not unique) or (searching and not ordered):
            continue
        value = text(arguments[2])
        member = f"({name}.find({value}) != {name}.end())" if algorithm == "binary_search" else (
            f"{name}.{algorithm}({value})")  # fmt: skip
        edits.append((call.start_byte, call.end_byte, member))
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


# A window that a loop re-scans, kept up to date as in C (bite.diagnosis.fixits.c explains how), here over
# a std::vector (through data()) or a C array of integers.
_WINDOWS = """// bite: windows a[lo, hi) that loops re-scanned, kept up to date while they slide forward (neither end
// moves back): each element enters and leaves once. Any other window is scanned afresh.
template <class T> struct bite_window_sum {
    const T *array = nullptr;
    long long lo = 0, hi = 0;
    unsigned long long sum = 0;
    std::conditional_t<std::is_signed<T>::value, long long, unsigned long long> of(const T *a, long long l,
                                                                                   long long h) {
        if (array != a || l < lo || h < hi || l > hi) {
            array = a;
            lo = hi = l;
            sum = 0;
        }
        for (; hi < h; hi++)
            sum += (unsigned long long) a[hi];
        for (; lo < l; lo++)
            sum -= (unsigned long long) a[lo];
        return sum;
    }
};

// l < h: `at` holds the indices of the window, each beating (Beats) every later one
template <class T, class Beats> struct bite_window_extreme {
    const T *array = nullptr;
    long long lo = 0, hi = 0;
    std::deque<long long> at;
    T of(const T *a, long long l, long long h) {
        if (array != a || l < lo || h < hi || l > hi) {
            array = a;
            lo = hi = l;
            at.clear();
        }
        for (; hi < h; hi++) {
            while (!at.empty() && !Beats()(a[at.back()], a[hi]))
                at.pop_back();
            at.push_back(hi);
        }
        lo = l;
        while (at.front() < l)
            at.pop_front();
        return a[at.front()];
    }
};
"""
_INTEGERS = HASHABLE - {"string", "bool"}


def _window_element(found, aliases: dict[str, str]) -> tuple[str, str] | None:
    """(element type as written, pointer to the elements) of a vector (a vector object or a reference to one) or
    a C array of integers, else None."""
    declarator = found.name_node.parent
    if found.kind == "vector" and (not found.indirect or declarator.type == "reference_declarator"):
        element = _element_as_written(text(found.node.child_by_field_name("type")))
        pointer = f"{found.name}.data()"
    elif declarator.type == "array_declarator" and "<" not in found.type:
        element, pointer = text(found.node.child_by_field_name("type")), found.name
    else:
        return None
    plain = "".join(element.split()).removeprefix("std::")
    return (element, pointer) if aliases.get(plain, plain) in _INTEGERS else None


def _window_stays(found, loop: Node, declared, defined: set[str]) -> bool:
    """Whether nothing in `loop` can change the array's elements: no use of it there writes it, it calls no
    function of the file, and it writes through no reference or pointer of the array's own type (another name
    for it)."""
    uses = [u for u in declared.uses(found) if loop.start_byte <= u.start_byte < loop.end_byte]
    if any(written(u) for u in uses):
        return False
    for call in descendants(loop, "call_expression"):
        function = call.child_by_field_name("function")
        name = text(function.child_by_field_name("field") if function.type == "field_expression" else function)
        if name.rsplit("::", 1)[-1] in defined:
            return False
    for use in descendants(loop, "identifier"):
        other = declared.of(use)
        if other is not None and other is not found and other.indirect and other.type in (found.type, "auto") and (
                written(use)):  # fmt: skip
            return False
    return True


def _windows(source: str, kinds: set[str]) -> str | None:
    tree, data = parsed(source, "cpp"), source.encode("utf-8", "surrogateescape")
    if any(f"bite_{kind}_window_" in source for kind in kinds):
        return None  # applied already
    declared, aliases = declarations(tree), _aliases(tree)
    defined = {function_name(f).rsplit("::", 1)[-1] for f in descendants(tree.root_node, "function_definition")}
    macros = {text(m.child_by_field_name("name")) for m in descendants(tree.root_node, "preproc_function_def")}
    edits, states = [], []
    for window in window_reductions(tree, "cpp"):
        found, accumulator = declared.of(window.array), declared.of(_named(window.statement, window.accumulator))
        element = _window_element(found, aliases) if found is not None else None
        if window.kind not in kinds or element is None or accumulator is None or accumulator.indirect:
            continue
        call = folded_call(window.statement, "cpp")
        callee = text(call.child_by_field_name("right").child_by_field_name("function")) if call else ""
        if callee and "::" not in callee and callee in defined | macros:
            continue  # the file's own max or min, which may mean something else
        accumulated = aliases.get(accumulator.type, accumulator.type)
        if window.kind != "sum" and unsigned_type(element[0]) != unsigned_type(accumulated) and (
                accumulated not in ("double", "float", "longdouble")):  # fmt: skip
            continue  # comparing signed with unsigned is not monotonic
        if for_parts(window.loop, ("<", "<=")) is None:
            continue  # the counter's last value is read after the loop
        chosen, outer = None, enclosing_loop(window.loop, "cpp")
        while outer is not None and _window_stays(found, outer, declared, defined) and (
                found.scope.start_byte <= outer.start_byte < found.scope.end_byte):  # fmt: skip
            chosen = outer if outer.parent.type == "compound_statement" else chosen  # a statement to reset before
            outer = enclosing_loop(outer, "cpp")
        if chosen is None:
            continue
        beats = {"max": "std::greater", "min": "std::less"}.get(window.kind)
        helper = f"bite_window_sum<{element[0]}>" if beats is None else (
            f"bite_window_extreme<{element[0]}, {beats}<{element[0]}>>")  # fmt: skip
        state = f"bite_{window.kind}_window_{len(states)}"
        states.append(f"static {helper} {state};")
        computed = f"auto bite_value = {state}.of({element[1]}, {{low}}, {{high}});"
        edits += window_rewrite(window, chosen, data, computed, f"{state}.array = nullptr;")
    if not edits:
        return None
    at, helpers = _after_includes(tree), "\n" + _WINDOWS
    if _WINDOWS.encode() in data:  # the rewrite of another kind brought them
        at, helpers = data.find(_WINDOWS.encode()) + len(_WINDOWS.encode()), ""
    edits.append((at, at, helpers + "\n" + "\n".join(states) + "\n"))
    includes = ["#include <deque>", "#include <functional>", "#include <type_traits>"]
    return add_imports(edited(data, edits), "cpp", includes)


def _named(node: Node, name: str) -> Node | None:
    """The first identifier `name` in node."""
    return next((n for n in descendants(node, "identifier") if text(n) == name), None)


def _after_includes(tree) -> int:
    """Where code can go after the file's #include lines and using-declarations."""
    heads = [n for n in tree.root_node.named_children if n.type in ("preproc_include", "using_declaration")]
    return heads[-1].end_byte if heads else 0


@fixit("cpp", "cpp-window-sum-recomputed")
def cpp_running_window_sums(source: str) -> str | None:
    return _windows(source, {"sum"})


@fixit("cpp", "cpp-window-extreme-recomputed")
def cpp_monotonic_window_extremes(source: str) -> str | None:
    return _windows(source, {"max", "min"})
