"""C++ detectors. Origins: clang-tidy's performance-* checks, ECO's rule descriptions, and algorithmic
patterns that no linter flags. The types come from the declarations in the file (std:: or not): a
detector that needs to know a container's kind and cannot find its declaration stays silent."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node, QueryCursor, Tree

from bite.diagnosis import (FUNCTIONS, LOOPS, ancestors, captures, detector, enclosing_loop, in_loop, line, query,
                            repeating_loop, text)
from bite.diagnosis import accumulators, helpers, windows

LANG = "cpp"

SEQUENCES = {"vector", "deque", "list", "forward_list", "array", "string", "wstring", "basic_string"}
ASSOCIATIVE = {"set", "map", "multiset", "multimap", "unordered_set", "unordered_map", "unordered_multiset",
               "unordered_multimap"}  # fmt: skip
ORDERED = {"set", "map", "multiset", "multimap"}
C_STDIO = {"scanf", "printf", "puts", "getchar", "putchar", "gets", "fgets", "fputs", "fread", "fwrite", "fprintf",
           "fscanf", "getc", "putc", "getchar_unlocked", "putchar_unlocked"}  # fmt: skip
CONTAINERS = SEQUENCES | ASSOCIATIVE
# Keys std::hash handles out of the box: an ordered container keyed by one of these can become unordered_.
HASHABLE = {"int", "unsignedint", "unsigned", "long", "unsignedlong", "longlong", "unsignedlonglong", "short",
            "char", "bool", "size_t", "int64_t", "uint64_t", "int32_t", "uint32_t", "string", "ll"}  # fmt: skip


@detector(
    "cpp-endl-in-loop", LANG,
    "std::endl inside a loop",
    "Write '\\n' instead of std::endl inside the loop: std::endl flushes the stream on every line.",
    "clang-tidy performance-avoid-endl; ECO IO_library (cin_cout)",
)  # fmt: skip
def endl_in_loop(tree, data, language):
    for node in captures(tree, LANG, '(binary_expression operator: "<<" right: (_) @right)', "right"):
        if text(node) in ("endl", "std::endl") and in_loop(node, LANG):
            yield line(node)


@detector(
    "cpp-iostream-unsynced", LANG,
    "std::cin read in a loop without ios::sync_with_stdio(false)",
    "Put `std::ios::sync_with_stdio(false); std::cin.tie(nullptr);` at the start of main: synced, tied "
    "iostreams read through stdio and flush std::cout before every read.",
    "ECO IO_library (cin_cout)",
)  # fmt: skip
def iostream_unsynced(tree, data, language):
    if b"sync_with_stdio" in data or any(_calls(tree, C_STDIO)):
        return  # already unsynced, or mixed with C stdio, which unsyncing would break
    for node in captures(tree, LANG, '(binary_expression operator: ">>") @read', "read"):
        if not _is_shift_right(node.parent) and text(_leftmost(node)) in ("cin", "std::cin") and in_loop(node, LANG):
            yield line(node)
    for call in _calls(tree, {"getline"}):
        args = _args(call)
        if args and text(args[0]) in ("cin", "std::cin") and in_loop(call, LANG):
            yield line(call)


@detector(
    "cpp-linear-search-in-loop", LANG,
    "std::find or std::count over a sequence inside a loop",
    "Build a std::unordered_set (or std::unordered_map to keep positions) from the container once, before the "
    "loop, and look values up in it instead of scanning with std::find/std::count on every iteration.",
    "ECO expensive_std_in_loop (find_in_loop)",
)  # fmt: skip
def linear_search_in_loop(tree, data, language):
    for call, _ in searches_in_loops(tree):
        yield line(call)


def searches_in_loops(tree: Tree) -> Iterator[tuple[Node, Declared | None]]:
    """(call, the searched container's declaration if known) for std::find/count(_if) in a loop (the
    detector's lines; its fix-it looks values up in a std::unordered_set built before the loop)."""
    decls = declarations(tree)
    for call in _calls(tree, {"find", "find_if", "count", "count_if"}):
        loop = enclosing_loop(call, LANG)
        target = _range_object(call)
        if loop is None or target is None:
            continue
        found = decls.of(target)
        if found is not None and (found.kind in ASSOCIATIVE or _contains(loop, found.node)):
            continue  # a set's own problem (below), or a fresh range each iteration
        yield call, found


@detector(
    "cpp-ordered-container-unused-order", LANG,
    "std::map or std::set used only for lookups",
    "Use std::unordered_map / std::unordered_set instead: this container is only looked up, inserted into and "
    "erased from, never iterated in order, so a hash table does each operation in O(1) instead of O(log n).",
    "ECO non_hash",
)  # fmt: skip
def ordered_container_unused_order(tree, data, language):
    for found in ordered_lookup_tables(tree):
        yield line(found.node)


def ordered_lookup_tables(tree: Tree) -> Iterator[Declared]:
    """std::map/std::set declarations of hashable keys whose every use is a lookup, an insertion or an erasure,
    one in a loop (the detector's lines; its fix-it makes them unordered)."""
    decls = declarations(tree)
    lookups = {"find", "count", "contains", "insert", "emplace", "erase", "size", "empty", "clear", "at", "end"}
    for found in decls.all:
        if found.node.type != "declaration" or found.kind not in ORDERED or found.indirect:
            continue
        key = found.template_args[:1]
        if not key or key[0] not in HASHABLE:
            continue
        uses = [use for use in decls.uses(found) if use != found.name_node]
        if not uses or not any(in_loop(use, LANG) for use in uses):
            continue
        if not all(_member_called(use) in lookups or _is_subscripted(use) for use in uses):
            continue
        if not any(_stepped(use, decls) for use in uses if _member_called(use) in ("find", "insert", "emplace")):
            yield found


@detector(
    "cpp-sort-in-loop", LANG,
    "the same container sorted again on every iteration",
    "Sort once outside the loop, or keep the container sorted as you go (insert at std::upper_bound, or use "
    "std::multiset / std::priority_queue) instead of calling std::sort on every iteration.",
    "ECO expensive_std_in_loop (sort_in_loop)",
)  # fmt: skip
def sort_in_loop(tree, data, language):
    decls = declarations(tree)
    for call in _calls(tree, {"sort", "stable_sort"}):
        loop = enclosing_loop(call, LANG)
        target = _range_object(call, whole=True)  # sorting parts of a container in turn is no repeat
        if loop is None or target is None:
            continue
        found = decls.of(target)
        if found is None or _contains(loop, found.node):
            continue  # a container made afresh each iteration is a new sort, not a repeated one
        order = _args(call)[2:]
        keys = _captures_in(order[0], "(identifier) @n", "n") if order else []
        if any(_declared_in(loop, key, decls) and not _declared_in(order[0], key, decls) for key in keys):
            continue  # sorted by a key that changes each iteration
        uses = [u for u in decls.uses(found) if _contains(loop, u) and not _contains(call, u)]
        refilled = any(_member_called(u) in ("clear", "assign", "resize") or _assigned(u) for u in uses)
        grown = any(
            _member_called(u) in ("push_back", "emplace_back", "insert", "emplace") and enclosing_loop(u, LANG) == loop
            for u in uses
        )
        if not refilled and (grown or not any(written(u) for u in uses)):
            yield line(call)


@detector(
    "cpp-container-by-value-param", LANG,
    "container or string parameter passed by value and only read",
    "Take the parameter as `const T&` instead of by value: every call copies the whole container.",
    "clang-tidy performance-unnecessary-value-param",
)  # fmt: skip
def container_by_value_param(tree, data, language):
    for found in unwritten_value_params(tree):
        yield line(found.node)


def unwritten_value_params(tree: Tree) -> Iterator[Declared]:
    """Container and string parameters taken by value and never written, in functions called often (the
    detector's lines, and what its fix-it makes `const T&`)."""
    decls = declarations(tree)
    for found in decls.all:
        if found.node.type not in ("parameter_declaration", "optional_parameter_declaration"):
            continue
        if found.kind not in CONTAINERS or found.indirect:
            continue
        function = found.scope
        if function.child_by_field_name("body") is None or not _called_often(function, tree):
            continue
        if not any(written(u) for u in decls.uses(found) if u != found.name_node):
            yield found


@detector(
    "cpp-range-for-copy", LANG,
    "range-for loop copying each container or string element",
    "Declare the loop variable as `const auto&` (or `const T&`): by value, every element is copied.",
    "clang-tidy performance-for-range-copy",
)  # fmt: skip
def range_for_copy(tree, data, language):
    for loop in copying_range_loops(tree):
        yield line(loop)


def copying_range_loops(tree: Tree) -> Iterator[Node]:
    """Range-for loops that copy each heavy element into a variable they never write (the detector's lines, and
    what its fix-it makes `const auto&`)."""
    decls = declarations(tree)
    for loop in captures(tree, LANG, "(for_range_loop) @loop", "loop"):
        declarator = loop.child_by_field_name("declarator")
        if declarator is None or declarator.type not in ("identifier", "structured_binding_declarator"):
            continue  # a reference or pointer: no copy
        if not _heavy_element(loop, decls):
            continue
        mine = [d for d in decls.all if d.node == loop]
        if not any(written(u) for d in mine for u in decls.uses(d) if u != d.name_node):
            yield loop


@detector(
    "cpp-string-concat-in-loop", LANG,
    "string rebuilt with s = s + ... inside a loop",
    "Append in place with `s += piece;` (build it reversed and std::reverse once if you were prepending) "
    "instead of `s = s + piece`, which copies the whole string on every iteration.",
    "clang-tidy performance-inefficient-string-concatenation; ECO string_concat_in_loop",
)  # fmt: skip
def string_concat_in_loop(tree, data, language):
    decls = declarations(tree)
    pattern = '(assignment_expression left: (identifier) @left operator: "=" right: (binary_expression) @right)'
    for left in captures(tree, LANG, pattern, "left"):
        right = left.parent.child_by_field_name("right")
        found = decls.of(left)
        loop = enclosing_loop(left, LANG)
        if found is None or found.kind not in ("string", "wstring") or loop is None or _contains(loop, found.node):
            continue  # a string made afresh each iteration does not grow
        if any(text(operand) == text(left) for operand in _plus_operands(right)):
            yield line(left)


@detector(
    "cpp-vector-erase-front-in-loop", LANG,
    "erase or insert at the front of a vector inside a loop",
    "Use std::deque with pop_front()/push_front() (or keep a head index into the vector) instead of "
    "erasing or inserting at begin(), which shifts every element on each call.",
    "bite (algorithmic)",
)  # fmt: skip
def vector_erase_front_in_loop(tree, data, language):
    for call, _ in front_changes_in_loops(tree):
        yield line(call)


def front_changes_in_loops(tree: Tree) -> Iterator[tuple[Node, Declared]]:
    """(call, declaration) for erase/insert/emplace at the front of a vector or string kept across a loop's
    iterations (the detector's lines; its fix-it makes such a vector a deque)."""
    for call, target, args, found in _kept_sequence_calls(tree, {"erase", "insert", "emplace"}):
        string_erase = found.kind == "string" and _callee(call) == "erase"
        if _callee(call) == "erase" and len(args) == 2 and _is_end(args[1], target):
            continue  # erase(begin(), end()): a clear, nothing left to shift
        if _is_front(args[0], target) or (string_erase and text(args[0]) == "0"):
            yield call, found


@detector(
    "cpp-vector-erase-in-loop", LANG,
    "erase from the middle of a vector inside a loop",
    "Remove all the elements in one pass with `v.erase(std::remove_if(v.begin(), v.end(), pred), v.end())` "
    "instead of calling erase per element, which shifts the whole tail each time.",
    "bite (algorithmic)",
)  # fmt: skip
def vector_erase_in_loop(tree, data, language):
    for call, target, args, found in _kept_sequence_calls(tree, {"erase"}):
        first, last = args[0], args[-1]
        if _is_front(first, target) or (found.kind == "string" and text(first) == "0"):
            continue  # the front: cpp-vector-erase-front-in-loop
        if len(args) == 2 and _is_end(last, target):
            continue  # the tail, or the erase-remove idiom: nothing after it shifts
        if _leaves_loop_after(call):
            continue  # erases once, then stops
        yield line(call)


@detector(
    "cpp-recursion-without-memo", LANG,
    "recursion that recomputes the same subproblems",
    "Memoize the function: store each result in a std::vector (or std::unordered_map) indexed by its "
    "arguments and return the stored value on a repeat call, or fill a table bottom-up.",
    "ECO recursive",
)  # fmt: skip
def recursion_without_memo(tree, data, language):
    decls = declarations(tree)
    for function in captures(tree, LANG, "(function_definition) @f", "f"):
        name, params = _function_name_and_params(function)
        body = function.child_by_field_name("body")
        if name is None or body is None or text(function.child_by_field_name("type")) == "void":
            continue
        calls = [c for c in _calls(body, {name}) if _callee(c) == name and len(_args(c)) == len(params)]
        repeated = any(repeating_loop(c, LANG) is not None for c in calls) or any(
            _both_run(a, b) for i, a in enumerate(calls) for b in calls[i + 1 :]
        )
        if not repeated or not any(_shrinks_a_parameter(c, params) for c in calls):
            continue
        if any(_splits_or_walks(c, body, decls) for c in calls):
            continue  # divide and conquer, or a walk over a tree: each subproblem comes once
        if not _memoizes(body) and not _shares_state(function, body, decls):
            for call in calls:
                yield line(call)


@detector(
    "cpp-window-sum-recomputed", LANG,
    "range sum recomputed from scratch inside a loop",
    "Keep a running (sliding-window) sum, or build a prefix-sum array once so that each range sum is "
    "prefix[r] - prefix[l], instead of re-adding the whole range on every outer iteration.",
    "bite (algorithmic)",
)  # fmt: skip
def window_sum_recomputed(tree, data, language):
    decls = declarations(tree)
    for inner in captures(tree, LANG, "[(for_statement) (for_range_loop)] @loop", "loop"):
        outer = enclosing_loop(inner, LANG)
        summed = _summed_range(inner)
        if outer is None or summed is None:
            continue
        accumulator, source = summed
        found = decls.of(source)
        if found is not None and _contains(outer, found.node):
            continue  # a range made afresh each outer iteration
        if _reset_in(outer, inner, accumulator):
            yield line(inner)
    for call in _calls(tree, {"accumulate", "reduce"}):
        loop = enclosing_loop(call, LANG)
        target = _range_object(call)
        if loop is None or target is None or len(_args(call)) != 3 or repeating_loop(call, LANG) is None:
            continue  # not repeated, or not a plain sum (a fourth argument maps or counts)
        found = decls.of(target)
        if found is None or _contains(loop, found.node):
            continue
        if not any(written(u) for u in decls.uses(found) if _contains(loop, u) and not _contains(call, u)):
            yield line(call)  # the same data summed again


windows.register_extreme(LANG, "cpp")


@detector(
    "cpp-pow-small-integer-exponent", LANG,
    "std::pow with a small integer exponent inside a loop",
    "Multiply directly (`x * x * x`, in integers when the base is an integer) instead of calling std::pow "
    "with a constant integer exponent, which goes through the general floating-point routine.",
    "ECO pow_library (pow_int)",
)  # fmt: skip
def pow_small_integer_exponent(tree, data, language):
    for call in _calls(tree, {"pow", "powf", "powl"}):
        args = _args(call)
        if len(args) != 2 or args[1].type != "number_literal" or not in_loop(call, LANG):
            continue
        exponent = text(args[1]).rstrip("fFlL")
        # pow(x, 2) is turned into x * x by the compiler; 3 and up stay calls
        if re.fullmatch(r"([3-9]|1[0-6])(\.0*)?", exponent):
            yield line(call)


@detector(
    "cpp-stringstream-in-loop", LANG,
    "string stream constructed inside a loop",
    "Convert with std::to_string / std::stoi (or one stream created before the loop and reset with "
    "str(\"\") and clear()) instead of constructing a std::stringstream on every iteration.",
    "ECO IO_library (string_stream); PMD AvoidInstantiatingObjectsInLoops",
)  # fmt: skip
def stringstream_in_loop(tree, data, language):
    for node in _constructions(tree, {"stringstream", "istringstream", "ostringstream"}):
        if in_loop(node, LANG):
            yield line(node)


@detector(
    "cpp-regex-in-loop", LANG,
    "std::regex constructed inside a loop",
    "Construct the std::regex once, before the loop (or as a static const), and reuse it: compiling a "
    "regex costs far more than matching with it.",
    "PMD AvoidInstantiatingObjectsInLoops; bite",
)  # fmt: skip
def regex_in_loop(tree, data, language):
    for node in regexes_built_in_loops(tree):
        yield line(node)


def regexes_built_in_loops(tree: Tree) -> Iterator[Node]:
    """Declarations of std::regex objects, and std::regex temporaries, built on every turn of a loop (the
    detector's lines; its fix-it builds those of literal patterns once)."""
    for node in _constructions(tree, {"regex", "wregex"}):
        if in_loop(node, LANG) and not _is_static(node):
            yield node


@detector(
    "cpp-generic-algorithm-on-associative", LANG,
    "generic std:: algorithm on a set or map",
    "Call the container's own member (`s.find(x)`, `s.count(x)`, `s.lower_bound(x)`, ...) instead of "
    "std::find/std::lower_bound on its iterators, which walk the elements one by one.",
    "clang-tidy performance-inefficient-algorithm",
)  # fmt: skip
def generic_algorithm_on_associative(tree, data, language):
    for call, _ in generic_algorithms_on_associative(tree):
        yield line(call)


def generic_algorithms_on_associative(tree: Tree) -> Iterator[tuple[Node, Declared]]:
    """(call, container) for std::find/count/lower_bound/... over a set's or map's iterators (the detector's
    lines; its fix-it calls the set's own member)."""
    decls = declarations(tree)
    names = {"find", "count", "lower_bound", "upper_bound", "equal_range", "binary_search"}
    for call in _calls(tree, names):
        target = _range_object(call)
        found = decls.of(target) if target is not None else None
        if found is not None and found.kind in ASSOCIATIVE:
            yield call, found


@detector(
    "cpp-list-indexed-in-loop", LANG,
    "std::list walked to an index inside a loop",
    "Use a std::vector (or copy the list into one once) and index it directly: std::next/std::advance on a "
    "std::list steps through the nodes one at a time.",
    "bite (algorithmic)",
)  # fmt: skip
def list_indexed_in_loop(tree, data, language):
    decls = declarations(tree)
    for call in _calls(tree, {"next", "prev", "advance"}):
        args = _args(call)
        if len(args) != 2 or text(args[1]) == "1" or not in_loop(call, LANG):
            continue
        start = args[0]
        if start.type == "identifier":  # an iterator: where was it started?
            found = decls.of(start)
            start = found.value if found is not None else None
        target = _begin_object(start) if start is not None else None
        found = decls.of(target) if target is not None else None
        if found is not None and found.kind in ("list", "forward_list"):
            yield line(call)


@detector(
    "cpp-strlen-in-loop-condition", LANG,
    "strlen in a loop condition",
    "Compute the length once before the loop (`size_t n = strlen(s);`) and compare with that: strlen "
    "walks the whole string on every iteration.",
    "bite (algorithmic)",
)  # fmt: skip
def strlen_in_loop_condition(tree, data, language):
    for loop in loops_with_strlen_conditions(tree):
        yield line(loop.child_by_field_name("condition"))


def strlen_calls_in_conditions(tree: Tree) -> Iterator[tuple[Node, Node]]:
    """(strlen call, its loop) for the strlen calls in the conditions the detector flags (its fix-it hoists them)."""
    for loop in loops_with_strlen_conditions(tree):
        for call in _calls(loop.child_by_field_name("condition"), {"strlen"}):
            yield call, loop


def loops_with_strlen_conditions(tree: Tree) -> Iterator[Node]:
    for loop in captures(tree, LANG, "[(for_statement) (while_statement) (do_statement)] @loop", "loop"):
        condition = loop.child_by_field_name("condition")
        if condition is None or not any(_calls(condition, {"strlen"})):
            continue
        # g++ hoists strlen out of a loop that stores nothing to memory and calls nothing
        if _may_store(loop.child_by_field_name("body")):
            yield loop


# --- declarations: what type each name has ---------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    name: str
    name_node: Node
    node: Node  # the declaration, parameter or range-for loop
    scope: Node  # where the name is visible
    type: str  # as written, without std::, const and spaces: "vector<int>", "auto"
    indirect: bool  # a reference, pointer or array of the type rather than one object of it
    value: Node | None  # the initializer

    @property
    def kind(self) -> str:
        """The template's name: "vector" for vector<int>, "string" for string."""
        return self.type.split("<", 1)[0]

    @property
    def const(self) -> bool:
        qualifiers = [c for c in self.node.children if c.type == "type_qualifier"]
        return any(text(q) == "const" for q in qualifiers) or "const" in text(self.node.child_by_field_name("type"))

    @property
    def template_args(self) -> list[str]:
        inside = self.type.partition("<")[2][:-1]
        args, depth, start = [], 0, 0
        for i, ch in enumerate(inside):
            depth += {"<": 1, ">": -1}.get(ch, 0)
            if ch == "," and depth == 0:
                args.append(inside[start:i])
                start = i + 1
        return args + [inside[start:]] if inside else []


class Declarations:
    """Every declared name in a file, resolved from a use by scope: the nearest visible declaration."""

    KINDS = ("declaration", "parameter_declaration", "optional_parameter_declaration", "for_range_loop",
             "field_declaration")  # fmt: skip

    def __init__(self, tree: Tree):
        self.all: list[Declared] = []
        pattern = "[" + " ".join(f"({kind})" for kind in self.KINDS) + "] @d"
        for node in captures(tree, LANG, pattern, "d"):
            type_node = node.child_by_field_name("type")
            if type_node is None:
                continue
            type_text = _normal_type(text(type_node))
            scope = self._scope(node)
            for declarator in node.children_by_field_name("declarator"):
                if declarator.type == "function_declarator" and scope.type == "compound_statement":
                    declarator = declarator.child_by_field_name("declarator")  # vector<int> a(n): parsed as a function
                for name_node, indirect, value in _declared_names(declarator):
                    self.all.append(Declared(text(name_node), name_node, node, scope, type_text, indirect, value))
        self.by_name: dict[str, list[Declared]] = {}
        for found in self.all:
            self.by_name.setdefault(found.name, []).append(found)
        self._identifiers = {}
        for node in captures(tree, LANG, "[(identifier) (field_identifier) (type_identifier)] @name", "name"):
            if node.type != "type_identifier" or _argument_parsed_as_type(node):
                self._identifiers.setdefault(text(node), []).append(node)

    @staticmethod
    def _scope(node: Node) -> Node:
        if node.type in ("parameter_declaration", "optional_parameter_declaration"):
            return next((up for up in ancestors(node) if up.type in FUNCTIONS[LANG]), node.parent)
        if node.type == "for_range_loop":
            return node
        if node.parent is not None and node.parent.type in LOOPS[LANG]:
            return node.parent  # for (int i = 0; ...): the loop
        return node.parent

    def of(self, use: Node) -> Declared | None:
        """The declaration a name (identifier node) refers to."""
        if use.type not in ("identifier", "field_identifier", "type_identifier"):
            return None
        best = None
        for found in self.by_name.get(text(use), []):
            visible = _contains(found.scope, use) or found.scope.type == "translation_unit"
            inner = best is None or _contains(best.scope, found.scope) or best.scope.type == "translation_unit"
            if visible and found.name_node.start_byte <= use.start_byte and inner:
                best = found
        return best

    def uses(self, found: Declared) -> list[Node]:
        """The identifiers that refer to this declaration (its own name included)."""
        return [use for use in self._identifiers.get(found.name, []) if self.of(use) == found]


def _argument_parsed_as_type(node: Node) -> bool:
    """`b` in `set<int> a(b);` inside a block, which the grammar reads as a function declaration with a
    parameter of type b."""
    param = node.parent
    declarator = param.parent.parent if param is not None and param.parent is not None else None
    return (
        param.type == "parameter_declaration"
        and param.child_by_field_name("type") == node
        and declarator is not None
        and declarator.type == "function_declarator"
        and declarator.parent.type == "declaration"
        and declarator.parent.parent.type == "compound_statement"
    )


@functools.lru_cache(maxsize=4)
def declarations(tree: Tree) -> Declarations:
    """The file's declarations, built once for all the detectors that look at one tree."""
    return Declarations(tree)


def _normal_type(type_text: str) -> str:
    return re.sub(r"\bstd::|\bconst\b|\s+", "", type_text)


def _declared_names(declarator: Node, indirect: bool = False, value: Node | None = None):
    """(name node, indirect, initializer) for each name a declarator introduces."""
    kind = declarator.type
    if kind in ("identifier", "field_identifier"):
        yield declarator, indirect, value
    elif kind == "init_declarator":
        inner = declarator.child_by_field_name("declarator")
        yield from _declared_names(inner, indirect, declarator.child_by_field_name("value"))
    elif kind in ("reference_declarator", "pointer_declarator", "array_declarator"):
        inner = declarator.child_by_field_name("declarator") or next(iter(declarator.named_children), None)
        if inner is not None:
            yield from _declared_names(inner, True, value)
    elif kind == "structured_binding_declarator":
        for name in declarator.named_children:
            if name.type == "identifier":
                yield name, indirect, value


# --- small checks ----------------------------------------------------------------------------------------

# Members that do not change the object they are called on.
READ_ONLY_MEMBERS = {
    "size", "length", "empty", "begin", "end", "cbegin", "cend", "rbegin", "rend", "crbegin", "crend", "find",
    "count", "contains", "at", "front", "back", "substr", "c_str", "data", "compare", "lower_bound", "upper_bound",
    "equal_range", "starts_with", "ends_with", "rfind", "find_first_of", "find_last_of", "find_first_not_of",
    "find_last_not_of", "capacity", "top",
}  # fmt: skip
ITERATOR_MEMBERS = {"begin", "end", "cbegin", "cend", "rbegin", "rend", "crbegin", "crend"}
# Free functions that only read what they are given (a container or its iterators).
READ_ONLY_FUNCTIONS = {
    "find", "find_if", "count", "count_if", "lower_bound", "upper_bound", "equal_range", "binary_search",
    "accumulate", "reduce", "max_element", "min_element", "minmax_element", "all_of", "any_of", "none_of",
    "equal", "mismatch", "search", "distance", "size", "printf", "to_string", "stoi", "stol", "stoll", "max", "min",
    "abs",
}  # fmt: skip


def written(use: Node) -> bool:
    """May this use of a name change the object (or let it escape, so that a copy may be wanted)?"""
    top = use
    while True:
        up = top.parent
        if up is None:
            return False
        if up.type == "subscript_expression" and up.child_by_field_name("argument") == top:
            top = up
        elif up.type == "field_expression" and up.child_by_field_name("argument") == top:
            field = text(up.child_by_field_name("field"))
            call = up.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == up:
                if field in ITERATOR_MEMBERS:
                    holder = call.parent
                    return (
                        holder is not None
                        and holder.type == "argument_list"
                        and (_callee(holder.parent) not in READ_ONLY_FUNCTIONS)
                    )
                if field not in READ_ONLY_MEMBERS:
                    return True
                top = call
            else:
                top = up  # a data member: pair.first
        elif up.type == "parenthesized_expression" or (
            up.type == "pointer_expression" and text(up.child_by_field_name("operator")) == "*"
        ):
            top = up
        else:
            break
    kind = up.type
    if kind == "assignment_expression":
        return up.child_by_field_name("left") == top
    if kind == "update_expression":
        return True
    if kind == "return_statement":  # returned whole: the caller gets the object, a copy may be the point
        return top == use
    if kind == "pointer_expression":  # &x
        return True
    if kind == "binary_expression":
        return text(up.child_by_field_name("operator")) == ">>" and up.child_by_field_name("right") == top
    if kind == "argument_list":
        callee = _callee(up.parent)
        return (top == use and callee not in READ_ONLY_FUNCTIONS) or callee in ("swap", "getline", "move")
    if kind == "init_declarator":  # auto& alias = x; a non-const alias may write
        declaration = up.parent
        is_ref = up.child_by_field_name("declarator").type == "reference_declarator"
        return is_ref and "const" not in text(declaration.child_by_field_name("type") or declaration)
    if kind == "for_range_loop" and up.child_by_field_name("right") == top:
        declarator = up.child_by_field_name("declarator")
        type_text = text(up.child_by_field_name("type"))
        return (
            declarator.type == "reference_declarator"
            and not any(c.type == "type_qualifier" and text(c) == "const" for c in up.children)
            and "const" not in type_text
        )
    return False


def _declared_in(scope: Node, name: Node, decls: Declarations) -> bool:
    found = decls.of(name)
    return found is not None and _contains(scope, found.node)


def _assigned(use: Node) -> bool:
    """`name = ...`: the whole object replaced."""
    up = use.parent
    return up is not None and up.type == "assignment_expression" and up.child_by_field_name("left") == use


def _called_often(function: Node, tree: Tree) -> bool:
    """Is a function called in a loop or by itself (or is it a lambda, likely a comparator or callback)?"""
    if function.type == "lambda_expression":
        return True
    name, _ = _function_name_and_params(function)
    return any(
        in_loop(call, LANG) or _contains(function, call) for call in _calls(tree, {name}) if _callee(call) == name
    )


def _both_run(a: Node, b: Node) -> bool:
    """Can one run make both calls (a before b)? Not when they are in different branches of one if/else or ?:,
    nor when a is returned before b is reached: `if (odd) return f(n - 1); return f(n / 2);`."""
    common = next(up for up in ancestors(a) if _contains(up, b))
    if common.type in ("if_statement", "conditional_expression"):
        condition = common.child_by_field_name("condition")
        if not _contains(condition, a) and not _contains(condition, b):
            return False
    returned = next((up for up in ancestors(a) if up.type == "return_statement"), None)
    return returned is None or _contains(returned, b)


def _may_store(body: Node | None) -> bool:
    """Does a loop body call anything, or store anywhere but in a plain local name?"""
    if body is None:
        return False
    if _captures_in(body, "(call_expression) @c", "c"):
        return True
    for node in _captures_in(body, "[(assignment_expression) (update_expression)] @w", "w"):
        target = node.child_by_field_name("left") or node.child_by_field_name("argument")
        if target is not None and target.type != "identifier":
            return True
    return False


def _contains(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def _calls(root: Tree | Node, names: set[str]) -> Iterator[Node]:
    """Calls of free functions named one of `names` (std:: or not)."""
    node = root.root_node if isinstance(root, Tree) else root
    for call in _captures_in(node, "(call_expression) @call", "call"):
        free = call.child_by_field_name("function").type in ("identifier", "qualified_identifier")
        if free and _callee(call) in names:
            yield call


def _captures_in(node: Node, pattern: str, name: str) -> list[Node]:
    """captures() under one node rather than the whole tree."""
    return QueryCursor(query(LANG, pattern)).captures(node).get(name, [])


def _callee(call: Node | None) -> str:
    """The last name of what a call calls: "sort" for std::sort(...), "push_back" for v.push_back(...)."""
    if call is None or call.type != "call_expression":
        return ""
    function = call.child_by_field_name("function")
    if function.type == "field_expression":
        return text(function.child_by_field_name("field"))
    if function.type == "template_function":
        function = function.child_by_field_name("name")
    return text(function).rsplit("::", 1)[-1]


def _kept_sequence_calls(tree: Tree, names: set[str]) -> Iterator[tuple[Node, Node, list[Node], Declared]]:
    """(call, object, arguments, declaration) for calls `v.name(...)` in a loop, with arguments, on a vector or
    string declared outside that loop: one that lives across iterations, so that the calls add up."""
    decls = declarations(tree)
    pattern = "(call_expression function: (field_expression argument: (identifier) field: (field_identifier))) @call"
    for call in captures(tree, LANG, pattern, "call"):
        function = call.child_by_field_name("function")
        target = function.child_by_field_name("argument")
        args = _args(call)
        loop = enclosing_loop(call, LANG)
        if text(function.child_by_field_name("field")) not in names or loop is None or not args:
            continue
        found = decls.of(target)
        if found is not None and found.kind in ("vector", "string") and not _contains(loop, found.node):
            yield call, target, args, found


def _is_front(node: Node, target: Node) -> bool:
    name = text(target)
    return text(node).replace(" ", "") in (f"{name}.begin()", f"{name}.cbegin()", f"begin({name})")


def _is_end(node: Node, target: Node) -> bool:
    name = text(target)
    return text(node).replace(" ", "") in (f"{name}.end()", f"{name}.cend()", f"end({name})")


def _member_called(use: Node) -> str | None:
    """ "insert" when the name is used as `name.insert(...)`, else None."""
    up = use.parent
    if up is not None and up.type == "field_expression" and up.child_by_field_name("argument") == use:
        call = up.parent
        if call is not None and call.type == "call_expression":
            return text(up.child_by_field_name("field"))
    return None


def _stepped(use: Node, decls: Declarations) -> bool:
    """Is the iterator that `name.find(...)` (or insert) returns kept and moved to a neighbour: ++it, prev(it)?"""
    call = use.parent.parent
    holder = call.parent
    if holder is not None and holder.type == "field_expression":  # insert(x).first
        holder = holder.parent
    if holder is None or holder.type not in ("init_declarator", "assignment_expression"):
        return False
    name = holder.child_by_field_name("declarator") or holder.child_by_field_name("left")
    kept = decls.of(name) if name is not None and name.type == "identifier" else None
    for other in decls.uses(kept) if kept is not None else []:
        up = other.parent
        if up.type == "update_expression" or (
            up.type == "argument_list" and _callee(up.parent) in ("next", "prev", "advance")
        ):
            return True
    return False


def _is_subscripted(use: Node) -> bool:
    up = use.parent
    return up is not None and up.type == "subscript_expression" and up.child_by_field_name("argument") == use


def _begin_object(node: Node | None) -> Node | None:
    """`v` in v.begin() / v.cbegin() / begin(v) / std::begin(v)."""
    if node is None or node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    if function.type == "field_expression" and text(function.child_by_field_name("field")) in ITERATOR_MEMBERS:
        target = function.child_by_field_name("argument")
        return target if target.type == "identifier" else None
    args = node.child_by_field_name("arguments").named_children
    if _callee(node) in ("begin", "cbegin", "end") and len(args) == 1 and args[0].type == "identifier":
        return args[0]
    return None


def _range_object(call: Node, whole: bool = False) -> Node | None:
    """The container an algorithm call works on: `v` in std::sort(v.begin(), v.end()) or sort(a, a + n), and
    in find(v.begin() + i, v.end(), x) unless `whole`."""
    args = _args(call)
    if not args:
        return None
    first = args[0]
    if first.type == "identifier" and len(args) > 1 and text(_leftmost(args[1])) == text(first):
        return first  # a plain array: sort(a, a + n)
    if first.type == "binary_expression" and text(first.child_by_field_name("operator")) in ("+", "-"):
        if whole:
            return None
        first = first.child_by_field_name("left")  # v.begin() + i
    return _begin_object(first)


def _is_shift_right(node: Node | None) -> bool:
    return node is not None and node.type == "binary_expression" and text(node.child_by_field_name("operator")) == ">>"


def _leftmost(node: Node) -> Node:
    while node.type == "binary_expression":
        node = node.child_by_field_name("left")
    return node


def _plus_operands(node: Node) -> list[Node]:
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        return _plus_operands(node.child_by_field_name("left")) + _plus_operands(node.child_by_field_name("right"))
    if node.type == "parenthesized_expression":
        return _plus_operands(node.named_children[0])
    return [node]


def _constructions(tree: Tree, type_names: set[str]) -> Iterator[Node]:
    """Declarations of objects of these types, and temporaries built from them: std::regex("...")."""
    for node in captures(tree, LANG, "(declaration) @d", "d"):
        declarators = node.children_by_field_name("declarator")
        local = node.parent is not None and node.parent.type == "compound_statement"
        # a function declarator in a block is an object with arguments: std::stringstream fields(line);
        direct = any(d.type in ("identifier", "init_declarator") or (local and d.type == "function_declarator")
                     for d in declarators)  # fmt: skip
        if _normal_type(text(node.child_by_field_name("type"))) in type_names and direct:
            yield node
    for call in captures(tree, LANG, "(call_expression) @call", "call"):
        function = call.child_by_field_name("function")
        if function.type in ("identifier", "qualified_identifier") and _callee(call) in type_names:
            yield call


def _is_static(node: Node) -> bool:
    declaration = node if node.type == "declaration" else None
    return declaration is not None and any(
        c.type == "storage_class_specifier" and text(c) == "static" for c in declaration.children
    )


def _leaves_loop_after(call: Node) -> bool:
    """Is the statement holding `call` followed, in its block, by break or return?"""
    statement = call
    while statement.parent is not None and statement.parent.type not in ("compound_statement",):
        statement = statement.parent
        if statement.type in LOOPS[LANG]:
            return False
    block = statement.parent
    if block is None:
        return False
    after = [c for c in block.named_children if c.start_byte > statement.start_byte]
    return any(c.type in ("break_statement", "return_statement") for c in after)


def _function_name_and_params(function: Node) -> tuple[str | None, list[str]]:
    declarator = function.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        declarator = declarator.child_by_field_name("declarator")
    if declarator is None:
        return None, []
    name = text(declarator.child_by_field_name("declarator")).rsplit("::", 1)[-1]
    params = []
    for param in declarator.child_by_field_name("parameters").named_children:
        inner = param.child_by_field_name("declarator")
        params += [text(name_node) for name_node, _, _ in (_declared_names(inner) if inner is not None else [])]
    return name, params


def _args(call: Node) -> list[Node]:
    return call.child_by_field_name("arguments").named_children


def _splits_or_walks(call: Node, body: Node, decls: Declarations) -> bool:
    """Does a recursive call take a split point computed in the body (mid, idx: divide and conquer) or a part
    of a structure (node->left, list.children()): subproblems that do not repeat?"""
    for arg in _args(call):
        found = decls.of(arg)
        if found is not None and found.node.type == "for_range_loop":
            return True  # for (int child : graph[node]) dfs(child, ...): a walk over a graph
        inner = arg.child_by_field_name("argument") if arg.type == "subscript_expression" else arg
        if inner.type == "field_expression" or (
            inner.type == "call_expression" and inner.child_by_field_name("function").type == "field_expression"
        ):
            return True
        for name in _captures_in(arg, "(identifier) @n", "n"):
            found = decls.of(name)
            local = found is not None and found.node.type == "declaration" and _contains(body, found.node)
            if local and found.node.parent.type not in LOOPS[LANG]:
                return True
    return False


def _shrinks_a_parameter(call: Node, params: set[str]) -> bool:
    """Is an argument `p - k` or `p + k` for a parameter p (the next subproblem), not a split like mid + 1?"""
    return any(
        arg.type == "binary_expression"
        and text(arg.child_by_field_name("operator")) in ("+", "-")
        and text(arg.child_by_field_name("left")) in params
        for arg in _args(call)
    )


def _memoizes(body: Node) -> bool:
    """Does the function store or look up results: memo[n] = ..., return memo[n], auto& r = memo[n],
    cache.find(...), cache.count(...)?"""
    stores = "(assignment_expression left: (subscript_expression)) @a"
    returns = "(return_statement (subscript_expression)) @a"
    aliases = "(init_declarator declarator: (reference_declarator) value: (subscript_expression)) @a"
    if any(_captures_in(body, pattern, "a") for pattern in (stores, returns, aliases)):
        return True
    for call in _captures_in(body, "(call_expression function: (field_expression)) @c", "c"):
        if _callee(call) in ("find", "count", "contains", "insert", "emplace", "try_emplace"):
            return True
    return False


def _shares_state(function: Node, body: Node, decls: Declarations) -> bool:
    """Do the calls depend on more than their arguments: a pointer parameter, a reference parameter written to,
    or state undone after a call (pop_back, erase: backtracking)?"""
    calls = _captures_in(body, "(call_expression function: (field_expression)) @c", "c")
    if any(_callee(call) in ("pop_back", "pop", "erase", "pop_front") for call in calls):
        return True
    for found in decls.all:
        if found.scope == function and found.node.type in ("parameter_declaration", "optional_parameter_declaration"):
            declarator = found.node.child_by_field_name("declarator")
            if declarator is not None and declarator.type == "pointer_declarator":
                return True
            changed = any(written(u) for u in decls.uses(found) if u != found.name_node)
            if found.indirect and not found.const and changed:
                return True
    return False


def _heavy_element(loop: Node, decls: Declarations) -> bool:
    """Is each element of a range-for a container or string (so that a copy allocates)?"""
    declared = _normal_type(text(loop.child_by_field_name("type")))
    if declared.split("<", 1)[0] in CONTAINERS:
        return True
    if declared != "auto":
        return False
    source = loop.child_by_field_name("right")
    found = decls.of(source) if source is not None else None
    if found is None:
        return False
    elements = found.template_args
    if found.kind in ("map", "unordered_map", "multimap", "unordered_multimap"):
        elements = elements[:2]  # the pair of key and value
    else:
        elements = elements[:1]
    return any(e.split("<", 1)[0] in CONTAINERS for e in elements)


def _summed_range(inner: Node) -> tuple[str, Node] | None:
    """(accumulator, container) when a loop's body is just `acc += container[i]` with i its own variable,
    or, for a range-for over a container, `acc += element`."""
    body = inner.child_by_field_name("body")
    if body is not None and body.type == "compound_statement":
        statements = [c for c in body.named_children if c.type != "comment"]
    else:
        statements = [body]
    if len(statements) != 1 or statements[0] is None or statements[0].type != "expression_statement":
        return None
    assignment = statements[0].named_children[0] if statements[0].named_children else None
    if assignment is None or assignment.type != "assignment_expression":
        return None
    if text(assignment.child_by_field_name("operator")) != "+=":
        return None
    accumulator = text(assignment.child_by_field_name("left"))
    added = assignment.child_by_field_name("right")
    if inner.type == "for_range_loop":
        source = inner.child_by_field_name("right")
        element = inner.child_by_field_name("declarator")
        if source.type == "identifier" and text(added) == text(element):
            return accumulator, source
        return None
    counter = _loop_counter(inner)
    update = inner.child_by_field_name("update")
    step_one = update is not None and re.sub(r"\s", "", text(update)) in (
        f"{counter}++",
        f"++{counter}",
        f"{counter}+=1",
    )
    if added.type == "subscript_expression" and counter is not None and step_one:
        source = added.child_by_field_name("argument")
        index = added.child_by_field_name("indices")
        if source.type == "identifier" and text(index).strip("[] ") == counter:
            return accumulator, source
    return None


def _loop_counter(loop: Node) -> str | None:
    init = loop.child_by_field_name("initializer")
    if init is None:
        return None
    if init.type == "declaration":
        names = [text(n) for d in init.children_by_field_name("declarator") for n, _, _ in _declared_names(d)]
        return names[0] if names else None
    if init.type == "assignment_expression":
        return text(init.child_by_field_name("left"))
    return None


def _reset_in(outer: Node, inner: Node, accumulator: str) -> bool:
    """Is the accumulator declared or set afresh in the outer loop's body, before the inner loop?"""
    body = outer.child_by_field_name("body")
    if body is None:
        return False
    for node in _captures_in(body, "[(declaration) (assignment_expression)] @d", "d"):
        if node.start_byte >= inner.start_byte or _contains(inner, node):
            continue
        if node.type == "declaration":
            names = [text(n) for d in node.children_by_field_name("declarator") for n, _, _ in _declared_names(d)]
            if accumulator in names:
                return True
        elif (
            text(node.child_by_field_name("left")) == accumulator and text(node.child_by_field_name("operator")) == "="
        ):
            return True
    return False


accumulators.register(LANG, "cpp")
helpers.register(LANG, "cpp")  # last: the specific detectors above go first
