"""C's fix-its."""

from __future__ import annotations

from collections.abc import Iterable

from tree_sitter import Node

from bite.diagnosis import LOOPS, ancestors, descendants, text
from bite.diagnosis.c import (
    array_searches_in_loops,
    fflush_calls_in_loops,
    recursion_without_memo,
    strcats_in_loops,
    strlen_calls_in_loops,
    trial_divisions,
    unbuffering_calls,
    written,
)
from bite.diagnosis.fixits.base import edited, fixit, line_indent, parsed, window_rewrite
from bite.diagnosis.windows import only_statement, window_reductions
from bite.languages import function_name
from bite.splicing import add_imports


def _without(source: str, calls: Iterable[Node]) -> str | None:
    """`source` without these calls, each a statement of its own: its line goes when it stands alone there;
    where a statement must stay (the body of an if), an empty one (`;`) does."""
    data, edits = source.encode("utf-8", "surrogateescape"), []
    for call in calls:
        statement = call.parent
        if statement.type != "expression_statement":
            continue
        if statement.parent.type != "compound_statement":
            edits.append((call.start_byte, call.end_byte, ""))
            continue
        start, end = statement.start_byte, statement.end_byte
        line_start, line_end = data.rfind(b"\n", 0, start) + 1, data.find(b"\n", end)
        line_end = len(data) if line_end < 0 else line_end
        if not data[line_start:start].strip() and not data[end:line_end].strip():
            start, end = line_start, min(line_end + 1, len(data))
        edits.append((start, end, ""))
    return edited(data, edits) if edits else None


@fixit("c", "c-fflush-in-loop")
def c_no_flush_in_loops(source: str) -> str | None:
    """fflush on every iteration of a loop that reads no input, dropped: stdio writes whole buffers and
    flushes at exit (a program that reads input while it writes keeps its flushes: the detector says so)."""
    return _without(source, fflush_calls_in_loops(parsed(source, "c")))


@fixit("c", "c-unbuffered-output")
def c_buffered_output(source: str) -> str | None:
    """A setvbuf(..., _IONBF, ...) or setbuf(..., NULL) on a stream that a loop writes, dropped."""
    return _without(source, unbuffering_calls(parsed(source, "c")))


# Calls that only read the strings they are given (so a loop making them keeps the string's length).
_READ_ONLY = {"strlen", "strcmp", "strncmp", "strchr", "strrchr", "strstr", "strspn", "strcspn", "strpbrk", "memcmp",
              "memchr", "printf", "fprintf", "puts", "fputs", "atoi", "atol", "atoll", "atof", "strtol", "strtoll",
              "strtoul", "strtoull", "strtod", "isdigit", "isalpha", "isspace"}  # fmt: skip
_DECLARATORS = {"array_declarator", "pointer_declarator", "init_declarator", "parameter_declaration", "declaration"}


def _only_read_in(name: str, function: Node, loop: Node) -> bool:
    """Whether the string `name`, a local or parameter of `function`, stays as it is while `loop` runs: in the
    loop only indexed to read it or passed to calls that read it, and nowhere copied to a pointer that might
    write it."""
    uses = [n for n in descendants(function, "identifier") if text(n) == name]
    declared = [u for u in uses if u.parent.type in _DECLARATORS and u.parent.child_by_field_name("declarator") == u]
    if not declared:
        return False  # a global: any call may change it
    for use in uses:
        parent = use.parent
        if use in declared or parent.type == "sizeof_expression":
            continue
        call = parent.parent if parent.type == "argument_list" else None
        inside = loop.start_byte <= use.start_byte < loop.end_byte
        if call is not None and (not inside or text(call.child_by_field_name("function")) in _READ_ONLY):
            continue
        if parent.type == "subscript_expression" and parent.child_by_field_name("argument") == use:
            holder = parent.parent
            written = (holder.type == "assignment_expression" and holder.child_by_field_name("left") == parent
                       or holder.type in ("update_expression", "pointer_expression"))  # fmt: skip
            if not (inside and written):
                continue
        return False
    return True


def hoisted_strlen(source: str, language: str, found: Iterable[tuple[Node, Node]]) -> str | None:
    """Each loop's strlen(s) of a string that stays as it is, computed once before the loop: the loop is
    wrapped in a block that declares the length first (valid C89 too)."""
    data, loops = source.encode("utf-8", "surrogateescape"), {}
    for call, loop in found:
        argument = call.child_by_field_name("arguments").named_children
        function = next((a for a in ancestors(loop) if a.type == "function_definition"), None)
        if (len(argument) == 1 and argument[0].type == "identifier" and function is not None
                and _only_read_in(text(argument[0]), function, loop)):  # fmt: skip
            loops.setdefault((loop.start_byte, loop.end_byte), []).append((call, text(argument[0])))
    edits = []
    for (start, end), calls in sorted(loops.items()):
        names = sorted({name for _, name in calls})
        if any(f"bite_len_{name}" in source for name in names) or any(s <= start < e for s, e, _ in edits):
            continue  # a loop inside one rewritten keeps its calls
        loop = data[start:end]
        for call, name in sorted(calls, key=lambda c: -c[0].start_byte):
            at, to = call.start_byte - start, call.end_byte - start
            loop = loop[:at] + f"bite_len_{name}".encode() + loop[to:]
        lengths = " ".join(f"size_t bite_len_{name} = strlen({name});" for name in names)
        edits.append((start, end, f"{{ {lengths} {loop.decode('utf-8', 'surrogateescape')} }}"))
    return edited(data, edits) if edits else None


@fixit("c", "c-strlen-in-loop")
def c_hoisted_strlen(source: str) -> str | None:
    return hoisted_strlen(source, "c", strlen_calls_in_loops(parsed(source, "c")))


# Recursion that recomputes overlapping subproblems, memoized by a wrapper with the function's name: the original
# (renamed `bite_<name>_uncached`) runs only on a miss, and its recursive calls reach the wrapper again. The memo
# is a direct-mapped table keyed by the integer parameters and lives for one outermost call (a generation count
# starts a new one), so a function reading globals that change between calls (one test case after another) stays
# right. Other parameters (arrays, const references) must go unchanged into every recursive call. The function
# may write only its locals and by-value parameters, and may call only itself, functions of the file that obey
# the same rule, and the pure library functions below: then its result depends only on the key.

_PURE_C_CALLS = {"abs", "labs", "llabs", "fabs", "sqrt", "cbrt", "pow", "exp", "log", "log2", "log10", "floor", "ceil",
                 "round", "fmin", "fmax", "fmod", "sin", "cos", "tan", "atan2", "hypot", "min", "max", "gcd", "lcm",
                 "__gcd", "strlen", "strcmp", "strncmp", "memcmp", "isdigit", "isalpha", "isupper", "islower",
                 "toupper", "tolower", "__builtin_popcount", "__builtin_popcountll", "__builtin_clz",
                 "__builtin_clzll", "__builtin_ctz", "__builtin_ctzll"}  # fmt: skip
_CONST_METHODS = {"size", "length", "empty", "at", "find", "rfind", "count", "contains", "substr", "compare", "c_str",
                  "front", "back", "begin", "end", "cbegin", "cend", "lower_bound", "upper_bound"}  # fmt: skip
_IMPURE = {"lambda_expression", "new_expression", "delete_expression", "throw_statement", "try_statement",
           "gnu_asm_expression", "co_await_expression", "co_return_statement", "co_yield_statement"}  # fmt: skip
_STREAMS = {"cout", "cerr", "clog", "cin", "stdout", "stderr", "stdin", "printf", "scanf", "puts", "putchar",
            "getchar", "errno", "rand", "srand", "time", "clock"}  # fmt: skip
_INTEGER_WORDS = {"int", "long", "short", "char", "unsigned", "signed", "bool", "_Bool", "size_t", "ssize_t",
                  "ptrdiff_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
                  "uint64_t", "__int128"}  # fmt: skip
_NUMBER_WORDS = _INTEGER_WORDS | {"double", "float"}
_HOLDERS = {"init_declarator", "array_declarator", "pointer_declarator", "reference_declarator", "declaration",
            "structured_binding_declarator", "for_range_loop", "parameter_declaration"}  # fmt: skip


def _scalar(type_node: Node | None, aliases: dict[str, str], words: set[str]) -> bool:
    """Whether a type is a number of these `words` ("long long", "uint64_t", a typedef of one such)."""
    written = aliases.get(text(type_node), text(type_node)).replace("std::", "")
    return type_node is not None and all(word in words for word in written.split())


def _c_signature(function: Node) -> tuple[Node, Node, list[Node]] | None:
    """(name, parameters' list, parameter declarations) of a plain function definition, else None."""
    declarator = function.child_by_field_name("declarator")
    if declarator is None or declarator.type != "function_declarator" or function.parent.type == "template_declaration":
        return None
    name, parameters = declarator.child_by_field_name("declarator"), declarator.child_by_field_name("parameters")
    declared = [p for p in parameters.named_children if p.type != "comment"]
    if name.type != "identifier" or any(p.type != "parameter_declaration" for p in declared):
        return None  # a method, an operator, default arguments, `...`
    if [text(p) for p in declared] == ["void"]:
        declared = []
    return name, parameters, declared


def _c_param_name(parameter: Node) -> str | None:
    found = parameter.child_by_field_name("declarator")
    while found is not None and found.type != "identifier":
        found = found.child_by_field_name("declarator") or next(
            (c for c in found.named_children if c.type == "identifier"), None)
    return text(found) if found is not None else None


def _c_locals(body: Node, owned: bool = False) -> set[str]:
    """Names declared inside a function's body; `owned`: only objects of its own (not pointers or references,
    through which a write would reach something else)."""
    names = set()
    for n in descendants(body, "identifier"):
        if n.parent.type not in _HOLDERS or n.parent.child_by_field_name("type") == n or (
                n.parent.type == "parameter_declaration"):  # fmt: skip
            continue
        wrappers = []
        up = n.parent
        while up is not None and up.type in _HOLDERS and up.type not in ("declaration", "for_range_loop"):
            wrappers.append(up.type)
            up = up.parent
        if not owned or not {"pointer_declarator", "reference_declarator"} & set(wrappers):
            names.add(text(n))
    return names


def _c_target(node: Node) -> Node | None:
    """The variable an assignment's left side writes (`a` of a[i][j] or s.x), None if through a pointer."""
    while node.type in ("subscript_expression", "field_expression", "parenthesized_expression"):
        if node.type == "field_expression" and text(node.child_by_field_name("operator")) == "->":
            return None
        node = node.child_by_field_name("argument") or node.named_children[0]
    return node if node.type == "identifier" else None


def _c_pure(function: Node, writable: set[str], defined: dict[str, Node], aliases: dict[str, str],
            seen: set[str]) -> bool:  # fmt: skip
    """Whether `function` writes only its locals and `writable` parameters, and calls only pure functions (those
    of the file checked in turn, `seen` holding those already taken as pure)."""
    body = function.child_by_field_name("body")
    writable = writable | _c_locals(body, owned=True)
    if any(True for _ in descendants(body, _IMPURE)) or any(
            text(n) in _STREAMS for n in descendants(body, "identifier")):  # fmt: skip
        return False
    if any(c.type == "storage_class_specifier" for d in descendants(body, "declaration") for c in d.children):
        return False  # a static local keeps state between calls
    for change in descendants(body, {"assignment_expression", "update_expression"}):
        written = change.child_by_field_name("left" if change.type == "assignment_expression" else "argument")
        target = _c_target(written)
        if target is None or text(target) not in writable:
            return False
    for call in descendants(body, "call_expression"):
        callee = call.child_by_field_name("function")
        name = text(callee).removeprefix("std::")
        if callee.type == "field_expression":
            base = _c_target(callee.child_by_field_name("argument"))
            if text(callee.child_by_field_name("field")) in _CONST_METHODS or (
                    base is not None and text(base) in writable - set(defined)):  # fmt: skip
                continue
            return False
        if name in seen or (name in _PURE_C_CALLS and name not in defined):
            continue
        helper = defined.get(name)
        signature = _c_signature(helper) if helper is not None else None
        if signature is None:
            return False
        by_value = {_c_param_name(p) for p in signature[2] if p.child_by_field_name("declarator") is not None
                    and p.child_by_field_name("declarator").type == "identifier"}  # fmt: skip
        if not _c_pure(helper, by_value, defined, aliases, seen | {name}):
            return False
    return True


def memoized(source: str, language: str, flagged: set[int]) -> str | None:
    """`source` with each function holding a `flagged` line (0-based) memoized, where that is safe (above)."""
    tree, data = parsed(source, language), source.encode("utf-8", "surrogateescape")
    root = tree.root_node
    aliases = {text(t.child_by_field_name("declarator")): text(t.child_by_field_name("type"))
               for t in descendants(root, "type_definition")}  # fmt: skip
    defined = {}
    for function in descendants(root, "function_definition"):
        signature = _c_signature(function)
        if signature is not None:
            defined.setdefault(text(signature[0]), function)
    edits = []
    for name, function in defined.items():
        holds_flagged = any(function.start_point[0] <= row <= function.end_point[0] for row in flagged)
        if not holds_flagged or f"bite_{name}_" in source:
            continue
        made = _c_memo_edit(function, name, data, defined, aliases, language)
        if made is not None:
            edits.append(made)
    return edited(data, edits) if edits else None


def _c_memo_edit(function: Node, name: str, data: bytes, defined: dict[str, Node], aliases: dict[str, str],
                 language: str) -> tuple[int, int, str] | None:  # fmt: skip
    name_node, _, parameters = _c_signature(function)
    returned = function.child_by_field_name("type")
    if function.child_by_field_name("declarator").parent != function or not _scalar(returned, aliases, _NUMBER_WORDS):
        return None  # a pointer or a structure is returned
    keys, names = [], []
    for parameter in parameters:
        declarator, kind = parameter.child_by_field_name("declarator"), parameter.child_by_field_name("type")
        names.append(_c_param_name(parameter))
        if declarator is not None and declarator.type == "identifier" and _scalar(kind, aliases, _INTEGER_WORDS):
            keys.append((text(kind), text(declarator)))
    body = function.child_by_field_name("body")
    calls = [c for c in descendants(body, "call_expression") if text(c.child_by_field_name("function")) == name]
    keyed = {key for _, key in keys}
    for call in calls:
        arguments = call.child_by_field_name("arguments").named_children
        if len(arguments) != len(names) or any(
                n not in keyed and text(a) != n for n, a in zip(names, arguments)):  # fmt: skip
            return None  # a parameter outside the key changes between calls
    if not keys or None in names or not _c_pure(function, keyed, defined, aliases, {name}):
        return None
    header = data[function.start_byte : body.start_byte].decode("utf-8", "surrogateescape").rstrip()
    at = name_node.start_byte - function.start_byte
    uncached = f"bite_{name}_uncached"
    renamed = header[:at] + uncached + header[at + len(name) :]
    fields = " ".join(f"{kind} k{i};" for i, (kind, _) in enumerate(keys))
    hashed = " ".join(f"bite_h = (bite_h ^ (unsigned long long)({key})) * 0x9E3779B97F4A7C15ULL;" for _, key in keys)
    same = " && ".join(f"bite_e->k{i} == {key}" for i, (_, key) in enumerate(keys))
    stored = " ".join(f"bite_e->k{i} = {key};" for i, (_, key) in enumerate(keys))
    memo, value_type = f"bite_{name}_memo", text(returned)
    wrapper = f"""{header};
{renamed} {text(body)}

/* {name} memoized: a direct-mapped table of its results, by its integer arguments, for one outermost call */
static struct {memo}_entry {{ unsigned gen; {fields} {value_type} value; }} {memo}[1 << 20];
static unsigned {memo}_gen;
static int {memo}_depth;
{header} {{
    unsigned long long bite_h = 0;
    struct {memo}_entry *bite_e;
    {value_type} bite_v;
    if ({memo}_depth == 0) {memo}_gen++;
    {hashed}
    bite_e = &{memo}[bite_h >> 44];
    if (bite_e->gen == {memo}_gen && {same}) return bite_e->value;
    {memo}_depth++;
    bite_v = {uncached}({", ".join(names)});
    {memo}_depth--;
    bite_e->gen = {memo}_gen; {stored} bite_e->value = bite_v;
    return bite_v;
}}"""
    return function.start_byte, function.end_byte, wrapper


@fixit("c", "c-recursion-without-memo")
def c_memoized_recursion(source: str) -> str | None:
    tree = parsed(source, "c")
    return memoized(source, "c", set(recursion_without_memo(tree, source.encode("utf-8", "surrogateescape"), "c")))


_APPEND = """static char *bite_append(char *end, const char *piece) {
    size_t length = strlen(piece);
    memcpy(end, piece, length + 1);
    return end + length;
}
"""


def _appended_only(name: str, loop: Node) -> bool:
    """Whether, inside `loop`, the string `name` is only appended to by strcat statements (of other strings)
    and read by calls that only read it: then a pointer to its end, set before the loop, stays right."""
    for use in descendants(loop, "identifier"):
        if text(use) != name:
            continue
        parent = use.parent
        call = parent.parent if parent.type == "argument_list" else None
        if call is None:
            return False
        arguments, function = parent.named_children, text(call.child_by_field_name("function"))
        if function == "strcat" and arguments[0] == use and call.parent.type == "expression_statement" and not any(
                text(n) == name for n in descendants(arguments[1], "identifier")):  # fmt: skip
            continue
        if function not in _READ_ONLY or function == "strcat":
            return False
    return True


@fixit("c", "c-strcat-in-loop")
def c_append_at_end(source: str) -> str | None:
    """strcat(s, x) statements in a loop that only appends to s (and reads it) write at a pointer to s's end,
    set before the loop: the loop is wrapped in a block declaring it, and each strcat becomes
    `bite_end_s = bite_append(bite_end_s, x)` (a helper added after the includes). A global string's loop
    may call no function of the file, which could write it."""
    tree, data = parsed(source, "c"), source.encode("utf-8", "surrogateescape")
    loops = {}  # (loop's span, string) -> the loop
    for call, loop in strcats_in_loops(tree):
        destination = call.child_by_field_name("arguments").named_children[0]
        name = text(destination)
        if destination.type != "identifier" or f"bite_end_{name}" in source or "bite_append" in source:
            continue
        function = next(up for up in ancestors(call) if up.type == "function_definition")
        defined = {text(_c_signature(f)[0]) for f in descendants(tree.root_node, "function_definition")
                   if _c_signature(f) is not None}  # fmt: skip
        global_ = name not in _c_locals(function.child_by_field_name("body")) | {
            _c_param_name(p) for p in (_c_signature(function) or (None, None, []))[2]}  # fmt: skip
        chosen, outer = None, loop
        while outer is not None and _appended_only(name, outer) and not (global_ and any(
                text(c.child_by_field_name("function")) in defined for c in descendants(outer, "call_expression"))):
            chosen, outer = outer, _enclosing_loop(outer)
        if chosen is not None:
            loops[(chosen.start_byte, chosen.end_byte, name)] = chosen
    edits, kept = [], sorted(loops)
    for start, end, name in kept:
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in kept):
            continue  # inside another loop wrapped for the same or another string: that one's edits hold
        body = data[start:end]
        calls = [c for c in descendants(loops[(start, end, name)], "call_expression")
                 if text(c.child_by_field_name("function")) == "strcat"
                 and text(c.child_by_field_name("arguments").named_children[0]) == name]  # fmt: skip
        for call in sorted(calls, key=lambda c: -c.start_byte):
            piece = text(call.child_by_field_name("arguments").named_children[1])
            new = f"bite_end_{name} = bite_append(bite_end_{name}, {piece})".encode("utf-8", "surrogateescape")
            body = body[: call.start_byte - start] + new + body[call.end_byte - start :]
        wrapped = f"{{ char *bite_end_{name} = {name} + strlen({name}); {body.decode('utf-8', 'surrogateescape')} }}"
        edits.append((start, end, wrapped))
    if not edits:
        return None
    includes = [n for n in tree.root_node.named_children if n.type == "preproc_include"]
    at = includes[-1].end_byte if includes else 0
    edits.append((at, at, ("\n" if includes else "") + _APPEND + ("" if includes else "\n")))
    return add_imports(edited(data, edits), "c", ["#include <string.h>"])


def _enclosing_loop(loop: Node) -> Node | None:
    """The loop around `loop` inside its function, if any."""
    for up in ancestors(loop):
        if up.type == "function_definition":
            return None
        if up.type in LOOPS["c"]:
            return up
    return None


def _compare(kind: str) -> str:
    name = "bite_compare_" + "_".join(kind.split())
    return f"""static int {name}(const void *a, const void *b) {{
    {kind} x = *(const {kind} *)a, y = *(const {kind} *)b;
    return (x > y) - (x < y);
}}
"""


def _c_element_type(array: Node, function: Node, root: Node, aliases: dict[str, str]) -> str | None:
    """The integer type of the array (or pointer) `array` names, from its declaration in `function` or at the
    top of the file."""
    name = text(array)
    for scope in (function, root):
        for declaration in descendants(scope, {"declaration", "parameter_declaration"}):
            for declarator in declaration.children_by_field_name("declarator"):
                inner = declarator.child_by_field_name("declarator") if declarator.type == "init_declarator" else (
                    declarator)  # fmt: skip
                if inner.type in ("array_declarator", "pointer_declarator") and _direct_name(inner) == name:
                    kind = declaration.child_by_field_name("type")
                    return text(kind) if _scalar(kind, aliases, _INTEGER_WORDS) and "bool" not in text(kind) else None
    return None


def _direct_name(declarator: Node) -> str | None:
    """The name an array or pointer declarator declares directly (`a` of `a[]` and `*a`; not of `**a`)."""
    inner = declarator.child_by_field_name("declarator")
    return text(inner) if inner is not None and inner.type == "identifier" else None


def _stays(names: set[str], loop: Node) -> bool:
    """Whether no name in `names` (nor an element of one) is written in `loop`, or handed to a call there that
    could write it."""
    changed = written(loop)
    if any(w in names or w.split("[", 1)[0].strip("*& ") in names for w in changed):
        return False
    for call in descendants(loop, "call_expression"):
        handed = {text(a) for a in call.child_by_field_name("arguments").named_children}
        if handed & names and text(call.child_by_field_name("function")) not in _READ_ONLY:
            return False
    return True


@fixit("c", "c-linear-search-in-loop")
def c_sorted_copy_for_searches(source: str) -> str | None:
    """`for (int j = 0; j < n; j++) if (a[j] == v) { ...; break; }` inside a loop that leaves a and n alone
    becomes `if (bsearch(&(T){v}, sorted, n, ...)) { ... }` on a sorted copy of a made before the outermost
    such loop (and freed after it). Only for an array of integers, a loop whose body is that `if` alone, ending
    in its only break, and not using j."""
    tree, data = parsed(source, "c"), source.encode("utf-8", "surrogateescape")
    aliases = {text(t.child_by_field_name("declarator")): text(t.child_by_field_name("type"))
               for t in descendants(tree.root_node, "type_definition")}  # fmt: skip
    copies, edits, kinds = {}, [], set()  # (array, bound, loop) -> (copy's name, element type)
    for test, inner, element, value in array_searches_in_loops(tree):
        counted = for_parts(inner)
        function = next((up for up in ancestors(inner) if up.type == "function_definition"), None)
        array = element.child_by_field_name("argument")
        if counted is None or _squeeze(counted[1]) != "0" or function is None or array.type != "identifier" or (
                test.type != "binary_expression"):  # fmt: skip
            continue
        counter, _, bound = counted
        kind = _c_element_type(array, function, tree.root_node, aliases)
        replaced = _c_lookup(inner, test, counter, value, data)
        if kind is None or replaced is None or text(element.child_by_field_name("index")) != counter or any(
                c.type == "call_expression" for c in descendants(bound, "call_expression")):  # fmt: skip
            continue
        names = {text(array)} | {text(n) for n in descendants(bound, "identifier")}
        chosen, outer = None, _enclosing_loop(inner)
        while outer is not None and _stays(names, outer) and outer.parent.type == "compound_statement":
            chosen, outer = outer, _enclosing_loop(outer)
        if chosen is None or f"bite_sorted_{text(array)}" in source:
            continue
        key = (text(array), text(bound), chosen.start_byte, chosen.end_byte)
        copy = copies.setdefault(key, (f"bite_sorted_{text(array)}" + (f"_{len(copies)}" if copies else ""), kind))[0]
        kinds.add(kind)
        compare = "bite_compare_" + "_".join(kind.split())
        lookup = f"bsearch(&({kind}){{{text(value)}}}, {copy}, {text(bound)}, sizeof *{copy}, {compare})"
        edits.append((inner.start_byte, inner.end_byte, replaced.replace(_FOUND, lookup)))
    if not edits:
        return None
    for (array, bound, start, end), (copy, kind) in copies.items():
        compare = "bite_compare_" + "_".join(kind.split())
        line_start = data.rfind(b"\n", 0, start) + 1
        indent = data[line_start:start].decode("utf-8", "surrogateescape")
        before = [f"/* a sorted copy of {array}, searched with bsearch in the loop below */",
                  f"{kind} *{copy} = malloc(({bound}) * sizeof *{copy} + 1);",
                  f"memcpy({copy}, {array}, ({bound}) * sizeof *{copy});",
                  f"qsort({copy}, {bound}, sizeof *{copy}, {compare});"]  # fmt: skip
        edits += [(line_start, line_start, "".join(f"{indent}{line}\n" for line in before)),
                  (end, end, f"\n{indent}free({copy});")]  # fmt: skip
    includes = [n for n in tree.root_node.named_children if n.type == "preproc_include"]
    at = includes[-1].end_byte if includes else 0
    helpers = "\n".join(_compare(kind) for kind in sorted(kinds))
    edits.append((at, at, ("\n" if includes else "") + helpers + ("" if includes else "\n")))
    return add_imports(edited(data, edits), "c", ["#include <stdlib.h>", "#include <string.h>"])


_FOUND = "\0found\0"  # where the lookup goes in the `if` that replaces a search loop


def _c_lookup(loop: Node, test: Node, counter: str, value: Node, data: bytes) -> str | None:
    """The `if (<lookup>) { ... }` standing for a loop whose body is `if (a[j] == v) { ...; break; }` alone."""
    body = loop.child_by_field_name("body")
    statements = [c for c in body.named_children if c.type != "comment"] if body.type == "compound_statement" else [
        body]  # fmt: skip
    if len(statements) != 1 or statements[0].type != "if_statement":
        return None
    branch = statements[0]
    condition, consequence = branch.child_by_field_name("condition"), branch.child_by_field_name("consequence")
    if branch.child_by_field_name("alternative") is not None or condition.named_children != [test]:
        return None
    if consequence.type != "compound_statement":
        return None
    done = [c for c in consequence.named_children if c.type != "comment"]
    jumps = list(descendants(consequence, {"break_statement", "continue_statement", "goto_statement"}))
    if len(done) < 2 or done[-1].type != "break_statement" or jumps != [done[-1]]:
        return None
    if any(text(n) == counter for n in descendants(consequence, "identifier")) or any(
            text(n) == counter for n in descendants(value, "identifier")):  # fmt: skip
        return None
    kept = data[consequence.start_byte : done[-1].start_byte].decode("utf-8", "surrogateescape").rstrip()
    indent, deeper = line_indent(data, loop), line_indent(data, branch)
    if deeper.startswith(indent) and branch.start_point[0] != loop.start_point[0]:
        step = len(deeper) - len(indent)  # the body comes out of the loop: one level less
        kept = "\n".join(line[step:] if line[:step].isspace() else line for line in kept.split("\n"))
    return f"if ({_FOUND}) {kept}\n{indent}}}"


def _compare_descending(kind: str) -> str:
    ascending = _compare(kind).replace("(x > y) - (x < y)", "(x < y) - (x > y)")
    return ascending.replace("(const void", "_descending(const void", 1)


def _squeeze(node: Node | None) -> str:
    return "".join(text(node).split())


def for_parts(loop: Node, operators: tuple[str, ...] = ("<",), replaced: Node | None = None,
               ) -> tuple[str, Node, Node] | None:  # fmt: skip
    """(counter, start, bound) of `for (int c = start; c < bound; c++)` (or another of `operators`): a counter
    the loop declares, or one set by `c = start` whose value is never read after `replaced` (the code a fix-it
    replaces, the loop by default), as with C89's `int i, j;`."""
    start, condition, update = (loop.child_by_field_name(f) for f in ("initializer", "condition", "update"))
    if start is None or condition is None or update is None:
        return None
    if start.type == "declaration":
        declarators = start.children_by_field_name("declarator")
        if len(declarators) != 1 or declarators[0].type != "init_declarator":
            return None
        declared = declarators[0]
        counter, value = text(declared.child_by_field_name("declarator")), declared.child_by_field_name("value")
    elif start.type == "assignment_expression" and text(start.child_by_field_name("operator")) == "=":
        counter, value = text(start.child_by_field_name("left")), start.child_by_field_name("right")
        if not _dead_after(counter, replaced or loop):
            return None
    else:
        return None
    if condition.type != "binary_expression" or text(condition.child_by_field_name("operator")) not in operators or (
            text(condition.child_by_field_name("left")) != counter):  # fmt: skip
        return None
    if _squeeze(update) not in (f"{counter}++", f"++{counter}", f"{counter}+=1"):
        return None
    return counter, value, condition.child_by_field_name("right")


def _dead_after(name: str, node: Node) -> bool:
    """Whether the variable's value when `node` ends is never read: the next use of the name after it, in its
    function, assigns it (or there is none), and so does the first use in each loop around it, which may run
    again."""
    function = next((up for up in ancestors(node) if up.type == "function_definition"), None)
    if function is None:
        return False
    uses = [n for n in descendants(function, "identifier") if text(n) == name]

    def written_first(after: int, within: Node) -> bool:
        later = [n for n in uses if n.start_byte >= after and within.start_byte <= n.start_byte < within.end_byte]
        first = later[0].parent if later else None
        return first is None or first.type == "assignment_expression" and (
            first.child_by_field_name("left") == later[0] and text(first.child_by_field_name("operator")) == "=")

    loops = [up for up in ancestors(node) if up.type in LOOPS["c"] and function in ancestors(up)]
    return written_first(node.end_byte, function) and all(written_first(loop.start_byte, loop) for loop in loops)


def _exchange_sort(outer: Node, data: bytes) -> tuple[str, str, bool] | None:
    """(array, count, ascending) when `outer` is a bubble sort (`a[j] > a[j + 1]`, j up to n - 1 - i) or an
    exchange sort (`a[i] > a[j]`, j from i + 1) of a[0..n) that does nothing but swap, else None."""
    parts, inner = for_parts(outer), only_statement(outer.child_by_field_name("body"))
    inner_parts = for_parts(inner, replaced=outer) if inner is not None and inner.type == "for_statement" else None
    if parts is None or inner_parts is None or _squeeze(parts[1]) != "0":
        return None
    (i, _, outer_bound), (j, start, bound) = parts, inner_parts
    count, start, bound = _squeeze(outer_bound).removesuffix("-1"), _squeeze(start), _squeeze(bound)
    branch = only_statement(inner.child_by_field_name("body"))
    if branch is None or branch.type != "if_statement" or branch.child_by_field_name("alternative") is not None:
        return None
    if start == "0" and bound in (f"{count}-1-{i}", f"{count}-{i}-1", f"{count}-1"):
        low, high = j, f"{j}+1"
    elif start == f"{i}+1" and bound == count:
        low, high = i, j
    else:
        return None
    condition = branch.child_by_field_name("condition").named_children
    test = condition[0] if len(condition) == 1 else None
    if test is None or test.type != "binary_expression":
        return None
    operator = text(test.child_by_field_name("operator"))
    left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
    array = text(left.child_by_field_name("argument")) if left.type == "subscript_expression" else None
    sides = [_squeeze(left), _squeeze(right)]
    if array is None or operator not in ("<", ">", "<=", ">=") or sorted(sides) != sorted(
            [f"{array}[{low}]", f"{array}[{high}]"]):  # fmt: skip
        return None
    ascending = (operator in (">", ">=")) == (sides[0] == f"{array}[{low}]")
    swap = [c for c in branch.child_by_field_name("consequence").named_children if c.type != "comment"]
    shape = [f"{array}[{low}]", f"{array}[{high}]"]
    if len(swap) != 3 or _squeeze(swap[1]) != f"{shape[0]}={shape[1]};":
        return None
    first = _squeeze(swap[0]).rstrip(";")
    declared = swap[0].type == "declaration"
    temporary = _squeeze(swap[0].child_by_field_name("declarator").child_by_field_name("declarator")) if declared else (
        first.split("=", 1)[0])  # fmt: skip
    if not first.endswith(f"={shape[0]}") or _squeeze(swap[2]) != f"{shape[1]}={temporary};":
        return None
    if not declared and not _dead_after(temporary, outer):
        return None  # the temporary is read after the sort: it would miss its last value
    return array, count, ascending


@fixit("c", "c-quadratic-sort")
def c_qsort_for_exchange_sorts(source: str) -> str | None:
    """A bubble sort or exchange sort of an integer array that only swaps elements, as one qsort() call with a
    comparison function (integers sort the same whatever the order of equal ones)."""
    tree, data = parsed(source, "c"), source.encode("utf-8", "surrogateescape")
    aliases = {text(t.child_by_field_name("declarator")): text(t.child_by_field_name("type"))
               for t in descendants(tree.root_node, "type_definition")}  # fmt: skip
    edits, helpers = [], {}
    for outer in descendants(tree.root_node, "for_statement"):
        found = _exchange_sort(outer, data)
        function = next((up for up in ancestors(outer) if up.type == "function_definition"), None)
        if found is None or function is None:
            continue
        array, count, ascending = found
        subscripted = next(n for n in descendants(outer, "subscript_expression")
                           if text(n.child_by_field_name("argument")) == array)  # fmt: skip
        kind = _c_element_type(subscripted.child_by_field_name("argument"), function, tree.root_node, aliases)
        if kind is None:
            continue
        compare = "bite_compare_" + "_".join(kind.split()) + ("" if ascending else "_descending")
        if compare in source:
            continue
        helpers[compare] = _compare(kind) if ascending else _compare_descending(kind)
        edits.append((outer.start_byte, outer.end_byte, f"qsort({array}, {count}, sizeof *{array}, {compare});"))
    if not edits:
        return None
    includes = [n for n in tree.root_node.named_children if n.type == "preproc_include"]
    at = includes[-1].end_byte if includes else 0
    edits.append((at, at, ("\n" if includes else "") + "\n".join(helpers.values()) + ("" if includes else "\n")))
    return add_imports(edited(data, edits), "c", ["#include <stdlib.h>"])


@fixit("c", "c-trial-division-to-n")
def c_divisors_to_square_root(source: str) -> str | None:
    """`for (int d = 2; d < n; d++) if (n % d == 0) <leave>` (or `d <= n / 2`) stops at the square root:
    `(long long) d * d <= n`. The first divisor it meets is the same (a composite n has its smallest divisor at
    or below its square root), so this holds where the body is that one `if`, which leaves the loop (return, or
    break after plain assignments), and the counter is the loop's own."""
    edits = []
    for loop in trial_divisions(parsed(source, "c")):
        parts = for_parts(loop, ("<", "<="))
        condition = loop.child_by_field_name("condition")
        if parts is None or _squeeze(parts[1]) != "2":
            continue
        counter, bound = parts[0], _squeeze(parts[2])
        number = bound.removesuffix("/2")
        exclusive = text(condition.child_by_field_name("operator")) == "<"
        if not number.isidentifier() or (bound == number) != exclusive:
            continue  # d < n or d <= n / 2: up to n - 1 or n / 2, past the square root of every n >= 4
        branch = only_statement(loop.child_by_field_name("body"))
        if branch is None or branch.type != "if_statement" or branch.child_by_field_name("alternative") is not None:
            continue
        if _squeeze(branch.child_by_field_name("condition")) not in (f"({number}%{counter}==0)",
                                                                      f"(!({number}%{counter}))"):  # fmt: skip
            continue
        if _leaves(branch.child_by_field_name("consequence")):
            edits.append((condition.start_byte, condition.end_byte, f"(long long) {counter} * {counter} <= {number}"))
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


def _leaves(consequence: Node) -> bool:
    """Whether a branch only assigns (calling nothing) and then returns or breaks."""
    steps = [consequence] if consequence.type != "compound_statement" else [
        c for c in consequence.named_children if c.type != "comment"]  # fmt: skip
    if not steps or steps[-1].type not in ("return_statement", "break_statement"):
        return False
    return all(s.type == "expression_statement" and s.named_children[:1]
               and s.named_children[0].type == "assignment_expression"
               and next(descendants(s, "call_expression"), None) is None for s in steps[:-1])  # fmt: skip


# A window that a loop re-scans (the sum, max or min of a[lo, hi) on each outer iteration) is kept up to date by a
# helper with a state of its own for each such loop. While the window only slides forward (neither end moves
# back), each element enters and leaves it once: a running sum, or a monotonic deque of indices for max and min.
# Any other window is scanned afresh, so the result is the window's whatever the bounds do. The state is reset
# before the outermost loop in which nothing can change the array (see _window_stays).

_WINDOW_SUM = """typedef struct { const {T} *array; long long lo, hi; unsigned long long sum; } {S};

static {R} {S}_of({S} *w, const {T} *a, long long lo, long long hi) {
    if (w->array != a || lo < w->lo || hi < w->hi || lo > w->hi) {
        w->array = a;
        w->lo = w->hi = lo;
        w->sum = 0;
    }
    for (; w->hi < hi; w->hi++)
        w->sum += (unsigned long long) a[w->hi];
    for (; w->lo < lo; w->lo++)
        w->sum -= (unsigned long long) a[w->lo];
    return ({R}) w->sum;
}
"""

_WINDOW_EXTREME = """typedef struct { const {T} *array; long long lo, hi, head, tail, size; long long *at; } {S};

/* a[lo, hi), lo < hi: the deque w->at[head, tail) holds the indices of the window whose elements no later one
   {BEATS} */
static {T} {S}_of({S} *w, const {T} *a, long long lo, long long hi) {
    if (w->array != a || lo < w->lo || hi < w->hi || lo > w->hi) {
        w->array = a;
        w->lo = w->hi = lo;
        w->head = w->tail = 0;
    }
    for (; w->hi < hi; w->hi++) {
        while (w->tail > w->head && a[w->at[w->tail - 1]] {DROP} a[w->hi])
            w->tail--;
        if (w->tail == w->size) {
            if (2 * w->head >= w->size && w->head > 0) {
                memmove(w->at, w->at + w->head, (size_t) (w->tail - w->head) * sizeof *w->at);
                w->tail -= w->head;
                w->head = 0;
            } else {
                w->size = w->size ? 2 * w->size : 64;
                w->at = realloc(w->at, (size_t) w->size * sizeof *w->at);
            }
        }
        w->at[w->tail++] = w->hi;
    }
    w->lo = lo;
    while (w->at[w->head] < lo)
        w->head++;
    return a[w->at[w->head]];
}
"""


def _window_helper(kind: str, element_type: str) -> tuple[str, str, str]:
    """(helper's name, its return type, its code) for a window's `kind` over elements of `element_type`."""
    name = f"bite_window_{kind}_" + "_".join(element_type.split())
    if kind == "sum":
        returned = "unsigned long long" if unsigned_type(element_type) else "long long"
        code = _WINDOW_SUM
    else:
        returned = element_type
        beats = {"max": ("exceeds or equals", "<="), "min": ("is below or equals", ">=")}[kind]
        code = _WINDOW_EXTREME.replace("{BEATS}", beats[0]).replace("{DROP}", beats[1])
    return name, returned, code.replace("{T}", element_type).replace("{S}", name).replace("{R}", returned)


def unsigned_type(kind: str) -> bool:
    return "unsigned" in kind.split() or kind.startswith("uint") or kind == "size_t"


def _c_declared(name: str, function: Node, root: Node) -> tuple[str, str, bool] | None:
    """(type, shape, local) of the variable `name`: its declaration in `function` (a parameter counts as local),
    else at the top of the file; shape is "array", "pointer" or "scalar"."""
    tops = [n for n in root.named_children if n.type == "declaration"]
    for scope, holders in ((function, descendants(function, {"declaration", "parameter_declaration"})), (root, tops)):
        for declaration in holders:
            for declarator in declaration.children_by_field_name("declarator"):
                inner = declarator.child_by_field_name("declarator") if declarator.type == "init_declarator" else (
                    declarator)  # fmt: skip
                kind = text(declaration.child_by_field_name("type"))
                if inner.type == "identifier" and text(inner) == name:
                    return kind, "scalar", scope is function
                if inner.type in ("array_declarator", "pointer_declarator") and _direct_name(inner) == name:
                    return kind, "array" if inner.type == "array_declarator" else "pointer", scope is function
    return None


def _apart(one: str, other: str) -> bool:
    """Whether a write through a pointer to `other` cannot change an object of type `one`: C's aliasing rule (which
    gcc -O2 relies on) for two different arithmetic types, signedness aside, neither of them a char."""
    def core(kind: str) -> str:
        words = [w for w in kind.split() if w not in ("signed", "unsigned", "const")]
        return " ".join(w for w in words if w != "int" or len(words) == 1) or "int"

    numbers = _INTEGER_WORDS | {"double", "float"}
    plain = all(w in numbers for w in (one + " " + other).split())
    return plain and "char" not in one + other and core(one) != core(other)


def _window_stays(array: str, function: Node, root: Node, loop: Node) -> bool:
    """Whether nothing in `loop` can change the array's elements. It calls no function of the file (one could write
    the array through a global or an alias), and hands a library call (other than the read-only ones) neither
    the array nor a pointer. Each element it writes belongs to another array that cannot overlap this one: a
    declared array, when this one is a declared array too; for a pointer, one of the function's own arrays, or an
    array of another arithmetic type."""
    declared = _c_declared(array, function, root)
    if declared is None or declared[1] == "scalar" or not _stays({array}, loop):
        return False
    kind, shape, _ = declared
    defined = {function_name(f) for f in descendants(root, "function_definition")}
    for call in descendants(loop, "call_expression"):
        callee = text(call.child_by_field_name("function"))
        if callee in defined:
            return False
        if callee in _READ_ONLY or callee in _PURE_C_CALLS:
            continue
        for argument in call.child_by_field_name("arguments").named_children:
            for name in descendants(argument, "identifier"):
                found = _c_declared(text(name), function, root)
                if text(name) == array or found is not None and found[1] == "pointer":
                    return False
    for target in _window_writes(loop):
        while target.type == "parenthesized_expression":
            target = target.named_children[0]
        if target.type == "identifier":
            continue  # a variable: not an element of anything
        base = target
        while base.type in ("subscript_expression", "field_expression"):
            if base.type == "field_expression" and text(base.child_by_field_name("operator")) == "->":
                return False
            base = base.child_by_field_name("argument")
        if base.type != "identifier" or text(base) == array:
            return False
        other = _c_declared(text(base), function, root)
        if other is None or other[1] == "scalar" and next(descendants(target, "subscript_expression"), None):
            return False  # unknown, or a scalar indexed (a pointer behind a typedef)
        if other[1] == "scalar":
            continue  # a field of a struct variable
        if shape == "array" and other[1] == "array" or shape == "pointer" and other[1] == "array" and other[2]:
            continue
        if not _apart(kind, other[0]):
            return False
    return True


def _window_writes(loop: Node) -> list[Node]:
    """The left sides of the assignments in `loop`, and what its ++ and -- change."""
    found = [a.child_by_field_name("left") for a in descendants(loop, "assignment_expression")]
    return found + [u.child_by_field_name("argument") for u in descendants(loop, "update_expression")]


def _fixed_pointer(array: str, function: Node) -> bool:
    """Whether a pointer is a parameter that the function never points elsewhere (then it cannot point at one of
    the function's own arrays)."""
    signature = _c_signature(function)
    parameters = {_c_param_name(p) for p in signature[2]} if signature is not None else set()
    return array in parameters and array not in written(function.child_by_field_name("body"))


def window_edits(source: str, kinds: set[str]) -> str | None:
    """The windows of these `kinds` that loops re-scan, kept up to date (see above)."""
    tree, data = parsed(source, "c"), source.encode("utf-8", "surrogateescape")
    if any(f"bite_window_{kind}_" in source for kind in kinds):
        return None  # applied already
    aliases = {text(t.child_by_field_name("declarator")): text(t.child_by_field_name("type"))
               for t in descendants(tree.root_node, "type_definition")}  # fmt: skip
    edits, helpers, states = [], {}, []
    for window in window_reductions(tree, "c"):
        function = next((up for up in ancestors(window.loop) if up.type == "function_definition"), None)
        if window.kind not in kinds or function is None:
            continue
        element_type = _c_element_type(window.array, function, tree.root_node, aliases)
        accumulator = _c_declared(window.accumulator, function, tree.root_node)
        array = text(window.array)
        shape = (_c_declared(array, function, tree.root_node) or ("", "scalar", False))[1]
        if element_type is None or accumulator is None or accumulator[1] != "scalar" or (
                shape == "pointer" and not _fixed_pointer(array, function)):  # fmt: skip
            continue
        if window.kind != "sum" and unsigned_type(element_type) != unsigned_type(accumulator[0]) and (
                accumulator[0] not in ("double", "float", "long double")):  # fmt: skip
            continue  # comparing signed with unsigned is not monotonic
        if for_parts(window.loop, ("<", "<=")) is None:
            continue  # the counter's last value is read after the loop
        chosen, outer = None, _enclosing_loop(window.loop)
        while outer is not None and _window_stays(array, function, tree.root_node, outer):
            chosen = outer if outer.parent.type == "compound_statement" else chosen  # a statement to reset before
            outer = _enclosing_loop(outer)
        if chosen is None:
            continue
        helper, returned, code = _window_helper(window.kind, element_type)
        helpers[helper] = code
        state = f"bite_{window.kind}_window_{len(states)}"
        states.append(f"static {helper} {state};")
        value = f"{helper}_of(&{state}, {array}, {{low}}, {{high}})"
        edits += window_rewrite(window, chosen, data, f"{returned} bite_value = {value};", f"{state}.array = 0;")
    if not edits:
        return None
    includes = [n for n in tree.root_node.named_children if n.type == "preproc_include"]
    at = includes[-1].end_byte if includes else 0
    code = "\n".join(helpers.values()) + "\n" + "\n".join(states) + "\n"
    edits.append((at, at, ("\n" if includes else "") + code + ("" if includes else "\n")))
    return add_imports(edited(data, edits), "c", ["#include <stdlib.h>", "#include <string.h>"])


@fixit("c", "c-window-sum-recomputed")
def c_running_window_sums(source: str) -> str | None:
    return window_edits(source, {"sum"})


@fixit("c", "c-window-extreme-recomputed")
def c_monotonic_window_extremes(source: str) -> str | None:
    return window_edits(source, {"max", "min"})
