"""Fix-its: mechanical, local rewrites that the search judges like any model child, labelled `fixit:<id>`.

The model stays the main proposer; a fix-it costs no tokens, only one judgement, so the search tries the
ones that apply before it asks the model. Most are the fix of a detector (same id) and apply only where
that detector fires. The Python ones fix patterns whose effect is real but too small or too dependent on
the input to be a detector with a 3x exemplar (module-level code runs about 2x slower than the same code
in a function; input() flushes stdout on every call): the judge decides on the user's own inputs.

    for id, rewritten in fixits(source, "cpp", findings):
        ...  # a candidate program
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from tree_sitter import Node

from bite.diagnosis import LOOPS, Finding, ancestors, descendants, text
from bite.diagnosis.c import fflush_calls_in_loops, strlen_calls_in_loops, unbuffering_calls
from bite.diagnosis.cpp import (copying_range_loops, declarations, front_changes_in_loops as cpp_front_changes,
                                regexes_built_in_loops, strlen_calls_in_conditions, unwritten_value_params)  # fmt: skip
from bite.diagnosis.go import case_folded_comparisons, declared_type, numbers_sprinted, regexp_compiles_repeated
from bite.diagnosis.java import (boxed_accumulators, format_calls_in_loops, lists_changed_at_front, regex_calls_in_loop,
                                 uses_of)  # fmt: skip
from bite.diagnosis.python import (front_changes_in_loops, list_membership_tests, powers_then_reduced,
                                   unmemoized_recursion)  # fmt: skip
from bite.languages import function_name, parser
from bite.splicing import add_imports, remove_go_imports

Rewrite = Callable[[str], "str | None"]  # the whole program -> the whole rewritten program, or None: does not apply

# language -> (id, needs its detector's finding, rewrite), in the order they are tried
_FIXITS: dict[str, list[tuple[str, bool, Rewrite]]] = {}


def fixit(language: str, id: str, needs_finding: bool = True) -> Callable[[Rewrite], Rewrite]:
    def register(rewrite: Rewrite) -> Rewrite:
        _FIXITS.setdefault(language, []).append((id, needs_finding, rewrite))
        return rewrite

    return register


def registered() -> dict[str, list[str]]:
    """Each language's fix-its, by id, in the order they are tried."""
    return {language: [id for id, _, _ in found] for language, found in _FIXITS.items()}


def fixits(source: str, language: str, findings: Iterable[Finding]) -> list[tuple[str, str]]:
    """(id, rewritten program) for each fix-it that applies to `source` and changes it, and, when several
    do, one more ("all") with all of them applied in turn. `findings`: the program's diagnoses."""
    found = {f.detector.id for f in findings}
    made = []
    for id, needs_finding, rewrite in _FIXITS.get(language, []):
        if needs_finding and id not in found:
            continue
        rewritten = rewrite(source)
        if rewritten is not None and rewritten != source:
            made.append((id, rewritten))
    if len(made) > 1:
        combined, applied = source, {id for id, _ in made}
        for id, _, rewrite in _FIXITS[language]:
            if id in applied:
                combined = rewrite(combined) or combined
        made.append(("all", combined))
    return made


def _tree(source: str, language: str):
    return parser(language).parse(source.encode("utf-8", "surrogateescape"))


def _insert_at_body_start(source: str, body: Node, lines: list[str]) -> str:
    """`lines` as the first statements of a `{ ... }` body, indented like its first statement."""
    data = source.encode("utf-8", "surrogateescape")
    return _edited(data, [_at_body_start(data, body, lines)])


def _at_body_start(data: bytes, body: Node, lines: list[str]) -> tuple[int, int, str]:
    """The edit putting `lines` first in a `{ ... }` body (statements, or a class's members), indented like
    what is there."""
    first = next((c for c in body.named_children if c.type != "comment"), None)
    indent = "    "
    if first is not None and first.start_point[0] != body.start_point[0]:
        line_start = data.rfind(b"\n", 0, first.start_byte) + 1
        indent = data[line_start : first.start_byte].decode("utf-8", "surrogateescape")
    at = body.start_byte + 1  # just after "{"
    return at, at, "".join(f"\n{indent}{line}" for line in lines)


def _main_body(source: str, language: str, kinds: set[str]) -> Node | None:
    for node in descendants(_tree(source, language).root_node, kinds):
        if function_name(node) == "main":
            return node.child_by_field_name("body")
    return None


def _edited(data: bytes, edits: list[tuple[int, int, str]]) -> str:
    """`data` with each (start, end, text) byte span replaced (the spans do not overlap)."""
    for start, end, new in sorted(edits, reverse=True):
        data = data[:start] + new.encode("utf-8", "surrogateescape") + data[end:]
    return data.decode("utf-8", "surrogateescape")


# A string built by `s += x` in a loop (quadratic: each += copies it) becomes a builder that appends. Only a
# local whose every use is known: its one declaration, `s += x` or `s = s + a + b` as statements, and reads,
# which become the builder's string. Anything else (another assignment, its address, a second declaration of
# the name) leaves it alone.


def _grown_by(assignment: Node, name: str) -> list[Node] | None:
    """The pieces that `s += x` (x) or `s = s + a + b` (a, b) adds to `name`; None for any other assignment."""
    operator = text(assignment.child_by_field_name("operator"))
    right = assignment.child_by_field_name("right")
    if right.type == "expression_list":  # Go
        if len(right.named_children) != 1:
            return None
        right = right.named_children[0]
    if operator == "+=":
        return [right]
    pieces = []
    while operator == "=" and right.type == "binary_expression" and text(right.child_by_field_name("operator")) == "+":
        pieces.insert(0, right.child_by_field_name("right"))
        right = right.child_by_field_name("left")
        if right.type == "identifier" and text(right) == name:
            return pieces
    return None


def _declares(use: Node, parent: Node, field: str | None) -> bool:
    """Whether `use` declares its name again (a parameter, a loop's variable, Go's `s, err :=`) or takes its
    address: either way the builder could not stand in for it."""
    if field in ("name", "parameters") or parent.type == "inferred_parameters":
        return True
    if parent.type == "expression_list":
        owner = parent.parent
        return owner.type in ("short_var_declaration", "range_clause") and owner.child_by_field_name("left") == parent
    return parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "&"


def _accumulated(scope: Node, declaration: Node, name: str, language: str,
                 ) -> tuple[list[tuple[Node, list[Node]]], list[Node]] | None:  # fmt: skip
    """The statements that grow `name` (with their pieces) and its reads, within its `scope`, when these are all
    its uses and one grows it in a loop inside the scope; else None."""
    grows, read = [], []
    for use in descendants(scope, "identifier"):
        if text(use) != name or declaration.start_byte <= use.start_byte < declaration.end_byte:
            continue
        parent = use.parent
        field = parent.field_name_for_child(parent.children.index(use))
        if parent.type in ("field_access", "method_invocation") and field in ("field", "name"):
            continue  # another object's field, a method's name (Java)
        assignment = parent.parent if parent.type == "expression_list" else parent
        if assignment.type in ("assignment_expression", "assignment_statement") and (
                field == "left" or assignment.child_by_field_name("left") == parent):
            pieces = _grown_by(assignment, name)
            if (pieces is None or len(parent.named_children) > 1 and parent.type == "expression_list"
                    or assignment.parent.type not in ("expression_statement", "statement_list", "block")
                    or any(text(n) == name for p in pieces for n in descendants(p, "identifier"))):
                return None
            grows.append((assignment, pieces))
        elif _declares(use, parent, field):
            return None
        else:
            read.append(use)
    read = [r for r in read if not any(g.start_byte <= r.start_byte < g.end_byte for g, _ in grows)]  # s = s + x

    def in_loop(node: Node) -> bool:
        while (node := node.parent) is not None and node != scope:
            if node.type in LOOPS[language]:
                return True
        return False

    return (grows, read) if any(in_loop(g) for g, _ in grows) else None


def _each_builder(source: str, language: str, kinds: set[str], edits_for: Callable[[Node], list | None],
                  ) -> str | None:  # fmt: skip
    """`source` with each declaration that `edits_for` can turn into a builder turned, one at a time (the next
    is found in the program as rewritten so far: one string may be built from another); None if none can."""
    rewritten = None
    while True:
        current = source if rewritten is None else rewritten
        tree = _tree(current, language)
        edits = next(filter(None, map(edits_for, descendants(tree.root_node, kinds))), None)
        if edits is None:
            return rewritten
        rewritten = _edited(current.encode("utf-8", "surrogateescape"), edits)


# --- C -----------------------------------------------------------------------------------------------------


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
    return _edited(data, edits) if edits else None


@fixit("c", "c-fflush-in-loop")
def c_no_flush_in_loops(source: str) -> str | None:
    """fflush on every iteration of a loop that reads no input, dropped: stdio writes whole buffers and
    flushes at exit (a program that reads input while it writes keeps its flushes: the detector says so)."""
    return _without(source, fflush_calls_in_loops(_tree(source, "c")))


@fixit("c", "c-unbuffered-output")
def c_buffered_output(source: str) -> str | None:
    """A setvbuf(..., _IONBF, ...) or setbuf(..., NULL) on a stream that a loop writes, dropped."""
    return _without(source, unbuffering_calls(_tree(source, "c")))


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


def _hoisted_strlen(source: str, language: str, found: Iterable[tuple[Node, Node]]) -> str | None:
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
    return _edited(data, edits) if edits else None


@fixit("c", "c-strlen-in-loop")
def c_hoisted_strlen(source: str) -> str | None:
    return _hoisted_strlen(source, "c", strlen_calls_in_loops(_tree(source, "c")))


# --- C++ --------------------------------------------------------------------------------------------------


@fixit("cpp", "cpp-iostream-unsynced")
def cpp_unsync_iostreams(source: str) -> str | None:
    body = _main_body(source, "cpp", {"function_definition"})
    if body is None or "sync_with_stdio" in source:
        return None
    return _insert_at_body_start(source, body, ["std::ios::sync_with_stdio(false);", "std::cin.tie(nullptr);"])


@fixit("cpp", "cpp-endl-in-loop")
def cpp_newline_for_endl(source: str) -> str | None:
    data = source.encode("utf-8", "surrogateescape")
    ends = [n for n in descendants(_tree(source, "cpp").root_node, "binary_expression")
            if (right := n.child_by_field_name("right")) is not None and right.text in (b"endl", b"std::endl")
            and n.child_by_field_name("operator").type == "<<"]  # fmt: skip
    for node in sorted((n.child_by_field_name("right") for n in ends), key=lambda n: -n.start_byte):
        data = data[: node.start_byte] + b"'\\n'" + data[node.end_byte :]
    return data.decode("utf-8", "surrogateescape") if ends else None


@fixit("cpp", "cpp-string-concat-in-loop")
def cpp_append_in_place(source: str) -> str | None:
    """`s = s + a + b;` as `s += a; s += b;` (the same appends, in place: no copy of s). Where the detector
    fires, so only for a std::string that grows in a loop; the compiler and the judge decide the rest."""
    data, tree, edits = source.encode("utf-8", "surrogateescape"), _tree(source, "cpp"), []
    declared = declarations(tree)
    for assignment in descendants(tree.root_node, "assignment_expression"):
        left = assignment.child_by_field_name("left")
        found = declared.of(left) if left.type == "identifier" else None
        if found is None or found.kind not in ("string", "wstring"):
            continue
        pieces = _grown_by(assignment, text(left))
        if pieces and assignment.parent.type == "expression_statement":
            appended = "; ".join(f"{text(left)} += {text(piece)}" for piece in pieces)
            edits.append((assignment.start_byte, assignment.end_byte, appended))
    return _edited(data, edits) if edits else None


@fixit("cpp", "cpp-strlen-in-loop-condition")
def cpp_hoisted_strlen(source: str) -> str | None:
    return _hoisted_strlen(source, "cpp", strlen_calls_in_conditions(_tree(source, "cpp")))


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
    data, tree, edits, count = source.encode("utf-8", "surrogateescape"), _tree(source, "cpp"), [], 0
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
    return _edited(data, edits) if edits else None


# std::deque's members that std::vector has too (not data, reserve or capacity).
_DEQUE_MEMBERS = {"push_back", "emplace_back", "pop_back", "front", "back", "size", "empty", "clear", "begin", "end",
                  "cbegin", "cend", "rbegin", "rend", "insert", "erase", "emplace", "resize", "assign", "at",
                  "max_size", "shrink_to_fit"}  # fmt: skip


@fixit("cpp", "cpp-vector-erase-front-in-loop")
def cpp_deque_for_queue(source: str) -> str | None:
    """A local vector erased or inserted at its front in a loop as a std::deque: erase(v.begin()) becomes
    pop_front(), insert(v.begin(), x) push_front(x). Only where every use is one a deque has: members both
    have, indexing, range-for; not where it is passed, returned, assigned or asked for its data()."""
    tree, data, edits, done = _tree(source, "cpp"), source.encode("utf-8", "surrogateescape"), [], set()
    declared = declarations(tree)
    for _, found in cpp_front_changes(tree):
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
    return add_imports(_edited(data, edits), "cpp", ["#include <deque>"])


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
    tree, edits = _tree(source, "cpp"), []
    for found in unwritten_value_params(tree):
        declarator = found.node.child_by_field_name("declarator")
        if declarator is not None and declarator.type == "identifier":
            edits += _const_reference(found.node, declarator)
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


@fixit("cpp", "cpp-range-for-copy")
def cpp_const_reference_loops(source: str) -> str | None:
    """Range-for variables that copy heavy elements and are only read, as `const auto&` (clang-tidy's fix for
    performance-for-range-copy)."""
    edits = []
    for loop in copying_range_loops(_tree(source, "cpp")):
        edits += _const_reference(loop, loop.child_by_field_name("declarator"))
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


# --- Go ---------------------------------------------------------------------------------------------------

_GO_READER, _GO_WRITER = "stdinReader", "stdoutWriter"


def _go_declare(source: str, declaration: str, imports: tuple[str, ...] = ("bufio", "os")) -> str:
    """`source` with `imports` imported and a package-level `declaration` after the imports."""
    source = add_imports(source, "go", [f'import "{path}"' for path in imports])
    data = source.encode("utf-8", "surrogateescape")
    root = _tree(source, "go").root_node
    last = [c for c in root.named_children if c.type in ("import_declaration", "package_clause")][-1]
    return (data[: last.end_byte] + f"\n\nvar {declaration}".encode() + data[last.end_byte :]).decode(
        "utf-8", "surrogateescape")


@fixit("go", "go-fmt-scan-unbuffered")
def go_buffered_input(source: str) -> str | None:
    if _GO_READER in source or re.search(r"\bos\.Stdin\b", source):
        return None  # another reader of os.Stdin would lose what the buffer takes
    rewritten = re.sub(r"\bfmt\.Scan(ln|f)?\(", lambda m: f"fmt.Fscan{m.group(1) or ''}({_GO_READER}, ", source)
    if rewritten == source:
        return None
    return _go_declare(rewritten, f"{_GO_READER} = bufio.NewReader(os.Stdin)")


@fixit("go", "go-print-unbuffered")
def go_buffered_output(source: str) -> str | None:
    if _GO_WRITER in source or re.search(r"\bos\.Exit\(|\blog\.Fatal|\bpanic\(", source):
        return None  # the deferred Flush would not run
    rewritten = re.sub(r"\bfmt\.Print(ln|f)?\(", lambda m: f"fmt.Fprint{m.group(1) or ''}({_GO_WRITER}, ", source)
    rewritten = re.sub(r"\bfmt\.Fprint(ln|f)?\(os\.Stdout,", lambda m: f"fmt.Fprint{m.group(1) or ''}({_GO_WRITER},",
                       rewritten)  # fmt: skip
    if rewritten == source:
        return None
    rewritten = _go_declare(rewritten, f"{_GO_WRITER} = bufio.NewWriter(os.Stdout)")
    body = _main_body(rewritten, "go", {"function_declaration"})
    return _insert_at_body_start(rewritten, body, [f"defer {_GO_WRITER}.Flush()"]) if body is not None else None


@fixit("go", "go-string-concat-in-loop")
def go_string_builder(source: str) -> str | None:
    """A local string built in a loop as a strings.Builder: WriteString for each piece, String() for each read."""
    rewritten = _each_builder(source, "go", {"short_var_declaration", "var_declaration"}, _go_builder)
    return add_imports(rewritten, "go", ['import "strings"']) if rewritten is not None else None


_GO_SIGNED = {"int8", "int16", "int32", "int64", "rune"}
_GO_UNSIGNED = {"uint", "uint8", "uint16", "uint32", "uint64", "byte", "uintptr"}


@fixit("go", "go-sprintf-number")
def go_strconv_numbers(source: str) -> str | None:
    """fmt.Sprintf("%d", x) as strconv.Itoa(x) for a declared int, strconv.FormatInt(int64(x), 10) otherwise
    (%d takes integers only); fmt.Sprint(x) and "%v" only for a variable declared an integer type."""
    tree, edits = _tree(source, "go"), []
    for call in numbers_sprinted(tree):
        arguments = call.child_by_field_name("arguments").named_children
        value, kind = arguments[-1], declared_type(arguments[-1], tree)
        if kind == "int":
            edits.append((call.start_byte, call.end_byte, f"strconv.Itoa({text(value)})"))
        elif kind in _GO_UNSIGNED:
            edits.append((call.start_byte, call.end_byte, f"strconv.FormatUint(uint64({text(value)}), 10)"))
        elif kind in _GO_SIGNED or (kind is None and len(arguments) == 2 and text(arguments[0]) == '"%d"'):
            edits.append((call.start_byte, call.end_byte, f"strconv.FormatInt(int64({text(value)}), 10)"))
    if not edits:
        return None
    rewritten = add_imports(_edited(source.encode("utf-8", "surrogateescape"), edits), "go", ['import "strconv"'])
    return rewritten if "fmt." in rewritten else remove_go_imports(rewritten, ["fmt"])


@fixit("go", "go-tolower-compare")
def go_equal_fold(source: str) -> str | None:
    """strings.ToLower(a) == strings.ToLower(b) (or ToUpper, or against a literal already in that case) as
    strings.EqualFold(a, b), which allocates nothing (it folds Unicode simply: the judge compares outputs)."""
    tree, edits = _tree(source, "go"), []
    for comparison in case_folded_comparisons(tree):
        sides = [comparison.child_by_field_name("left"), comparison.child_by_field_name("right")]
        folds = {text(s.child_by_field_name("function")) for s in sides if s.type == "call_expression"}
        literals = [text(s)[1:-1] for s in sides if s.type != "call_expression"]
        fold = "lower" if folds == {"strings.ToLower"} else "upper" if folds == {"strings.ToUpper"} else None
        if fold is None or any(not v.isascii() or getattr(v, fold)() != v or "\\" in v for v in literals):
            continue
        operands = [text(s.child_by_field_name("arguments").named_children[0] if s.type == "call_expression" else s)
                    for s in sides]  # fmt: skip
        negated = "!" if text(comparison.child_by_field_name("operator")) == "!=" else ""
        edits.append((comparison.start_byte, comparison.end_byte, f"{negated}strings.EqualFold({', '.join(operands)})"))
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


def _go_builder(declaration: Node) -> list[tuple[int, int, str]] | None:
    initial = _go_string_declared(declaration)
    if initial is None or declaration.parent.type not in ("statement_list", "block"):
        return None
    name = text(declaration.named_children[0].named_children[0])
    found = _accumulated(declaration.parent, declaration, name, "go")
    if found is None:
        return None
    grows, reads = found
    start = f"; {name}.WriteString({initial})" if initial.strip("\"`") else ""
    edits = [(declaration.start_byte, declaration.end_byte, f"var {name} strings.Builder{start}")]
    for statement, pieces in grows:  # s = s + a + b: one string, a + b, since Go adds only strings to strings
        added = statement.text[pieces[0].start_byte - statement.start_byte : pieces[-1].end_byte - statement.start_byte]
        added = added.decode("utf-8", "surrogateescape")
        edits.append((statement.start_byte, statement.end_byte, f"{name}.WriteString({added})"))
    return edits + [(use.start_byte, use.end_byte, f"{name}.String()") for use in reads]


def _go_string_declared(declaration: Node) -> str | None:
    """The initial value (a literal) of `s := "..."`, `var s string` ("") or `var s = "..."`, else None."""
    literals = ("interpreted_string_literal", "raw_string_literal")
    if declaration.type == "short_var_declaration":
        left, right = (declaration.child_by_field_name(f).named_children for f in ("left", "right"))
        ok = len(left) == len(right) == 1 and left[0].type == "identifier" and right[0].type in literals
        return text(right[0]) if ok else None
    specs = declaration.named_children
    if len(specs) != 1 or specs[0].type != "var_spec" or len(specs[0].children_by_field_name("name")) != 1:
        return None
    kind, value = specs[0].child_by_field_name("type"), specs[0].child_by_field_name("value")
    if kind is not None and text(kind) != "string":
        return None
    if value is None:
        return '""' if kind is not None else None
    values = value.named_children if value.type == "expression_list" else [value]
    return text(values[0]) if len(values) == 1 and values[0].type in literals else None


def _go_constant_string(node: Node) -> bool:
    """A string literal, or literals joined with +."""
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        return all(_go_constant_string(node.child_by_field_name(side)) for side in ("left", "right"))
    return node.type in ("interpreted_string_literal", "raw_string_literal")


@fixit("go", "go-regexp-compile-in-loop")
def go_hoisted_regexps(source: str) -> str | None:
    """regexp.MustCompile of a literal pattern, compiled again and again, compiled once into a package-level
    variable (a *Regexp is safe to share)."""
    edits, names = [], {}
    for call in regexp_compiles_repeated(_tree(source, "go")):
        function, arguments = (text(call.child_by_field_name(f)) for f in ("function", "arguments"))
        pattern = call.child_by_field_name("arguments").named_children
        if function not in ("regexp.MustCompile", "regexp.MustCompilePOSIX") or len(pattern) != 1 or (
                not _go_constant_string(pattern[0])):  # fmt: skip
            continue
        name = names.setdefault(function + arguments, f"bitePattern{len(names) + 1}")
        edits.append((call.start_byte, call.end_byte, name))
    if not edits or any(name in source for name in names.values()):
        return None
    rewritten = _edited(source.encode("utf-8", "surrogateescape"), edits)
    for made, name in reversed(names.items()):
        rewritten = _go_declare(rewritten, f"{name} = {made}", imports=())
    return rewritten


# --- Java -------------------------------------------------------------------------------------------------


@fixit("java", "java-println-in-loop")
def java_buffered_output(source: str) -> str | None:
    body = _main_body(source, "java", {"method_declaration"})
    if body is None:
        return None
    return _insert_at_body_start(source, body, [
        "System.setOut(new java.io.PrintStream(new java.io.BufferedOutputStream("
        "new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false));",
        "Runtime.getRuntime().addShutdownHook(new Thread(System.out::flush));",  # System.exit flushes it too
    ])  # fmt: skip


@fixit("java", "java-string-concat-in-loop")
def java_string_builder(source: str) -> str | None:
    """A local String built in a loop as a StringBuilder: one append per piece (so `s = s + i + 1` stays two
    appends, as Java adds them to the string one by one), toString() for each read."""
    return _each_builder(source, "java", {"local_variable_declaration"}, _java_builder)


def _java_builder(declaration: Node) -> list[tuple[int, int, str]] | None:
    declarators = declaration.children_by_field_name("declarator")
    kind = declaration.child_by_field_name("type")
    if (text(kind) not in ("String", "java.lang.String") or len(declarators) != 1
            or declarators[0].child_by_field_name("value") is None):  # fmt: skip
        return None
    name, value = (text(declarators[0].child_by_field_name(f)) for f in ("name", "value"))
    found = _accumulated(declaration.parent, declaration, name, "java")
    if found is None:
        return None
    grows, reads = found
    value_node, initial = declarators[0].child_by_field_name("value"), "" if value == '""' else value
    edits = [(kind.start_byte, kind.end_byte, "StringBuilder"),
             (value_node.start_byte, value_node.end_byte, f"new StringBuilder({initial})")]
    for statement, pieces in grows:
        appends = "".join(f".append({text(piece)})" for piece in pieces)
        edits.append((statement.start_byte, statement.end_byte, name + appends))
    return edits + [(use.start_byte, use.end_byte, f"{name}.toString()") for use in reads]


@fixit("java", "java-regex-in-loop")
def java_hoisted_patterns(source: str) -> str | None:
    """A regex literal that a loop compiles on every call (String.split/matches/replaceAll, Pattern.compile or
    Pattern.matches), compiled once into a static final Pattern of the class, with the call made through it:
    the same methods String's own calls use."""
    data, tree = source.encode("utf-8", "surrogateescape"), _tree(source, "java")
    edits, bodies, fields = [], {}, {}  # per class body (by where it starts): the node, {regex literal: field}
    for call in regex_calls_in_loop(tree):
        method, subject = text(call.child_by_field_name("name")), call.child_by_field_name("object")
        arguments = call.child_by_field_name("arguments").named_children
        owner = next((a for a in ancestors(call) if a.type == "class_declaration"), None)
        if (owner is None or subject is None or arguments[0].type != "string_literal"
                or any(start < call.end_byte and call.start_byte < end for start, end, _ in edits)):  # fmt: skip
            continue  # a call inside another one rewritten (s.replaceAll(...).split(...)) stays as it is
        body = owner.child_by_field_name("body")
        bodies[body.start_byte] = body
        class_fields = fields.setdefault(body.start_byte, {})
        field = class_fields.setdefault(text(arguments[0]), f"BITE_PATTERN_{sum(map(len, fields.values()))}")
        rest = ", ".join(text(a) for a in arguments[1:])
        if method == "compile":
            made = field if not rest else None
        elif text(subject) == "Pattern":  # Pattern.matches(regex, input)
            made = f"{field}.matcher({rest}).matches()"
        elif method == "split":
            made = f"{field}.split({text(subject)}{', ' + rest if rest else ''})"
        else:  # s.matches(regex), s.replaceAll(regex, with), s.replaceFirst(regex, with)
            made = f"{field}.matcher({text(subject)}).{method}({rest})"
        if made is None:
            class_fields.pop(text(arguments[0]))
            continue
        edits.append((call.start_byte, call.end_byte, made))
    if not edits or "BITE_PATTERN_" in source:
        return None
    for body_start, class_fields in fields.items():
        edits.append(_at_body_start(data, bodies[body_start], [
            f"private static final java.util.regex.Pattern {field} = java.util.regex.Pattern.compile({regex});"
            for regex, field in class_fields.items()]))  # fmt: skip
    return _edited(data, edits)


_PRIMITIVES = {"Integer": "int", "Long": "long", "Double": "double", "Float": "float", "Short": "short", "Byte": "byte",
               "Character": "char"}  # fmt: skip


@fixit("java", "java-boxed-accumulator")
def java_primitive_accumulators(source: str) -> str | None:
    """A local Integer/Long/Double/... updated in a loop, declared as the primitive. Not where a use tells them
    apart: null, ==/!= (a reference comparison for boxes), a method or field of the box, or `remove(x)` (a
    List's remove(int) takes an index)."""
    tree, edits, done = _tree(source, "java"), [], set()
    for var, _ in boxed_accumulators(tree):
        declaration = var.declared
        if declaration.id in done or declaration.type != "local_variable_declaration":
            continue
        done.add(declaration.id)
        declarators = declaration.children_by_field_name("declarator")
        if len(declarators) != 1 or (var.value is not None and var.value.type == "null_literal"):
            continue
        if all(_unboxable(use) for use in uses_of(var, tree) if use != declarators[0].child_by_field_name("name")):
            kind = declaration.child_by_field_name("type")
            edits.append((kind.start_byte, kind.end_byte, _PRIMITIVES[text(kind)]))
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


def _unboxable(use: Node) -> bool:
    """Whether the use of a boxed number's variable means the same of the primitive."""
    parent = use.parent
    if parent.type in ("method_invocation", "field_access") and parent.child_by_field_name("object") == use:
        return False
    if parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) in ("==", "!="):
        return False
    if parent.type == "assignment_expression" and parent.child_by_field_name("right").type == "null_literal":
        return False
    called = parent.parent if parent.type == "argument_list" else None
    return called is None or called.type != "method_invocation" or text(called.child_by_field_name("name")) != "remove"


# What a format of only %d, %s, %n and %% prints, an argument's concatenation prints too: String.valueOf for
# %s, the decimal digits for %d (of the integers %d takes; "null" for both).
_JAVA_SPECIFIER = re.compile(r"%(.)")
_JAVA_OPERANDS = {"identifier", "field_access", "method_invocation", "array_access", "decimal_integer_literal",
                  "string_literal", "character_literal", "parenthesized_expression", "this"}  # fmt: skip


@fixit("java", "java-string-format-in-loop")
def java_concatenated_formats(source: str) -> str | None:
    """String.format(f, ...), f.formatted(...) and out.printf(f, ...) in a loop, for a literal f of only %d,
    %s, %n and %%, as the concatenation they print (printf as print)."""
    tree, edits = _tree(source, "java"), []
    for call in format_calls_in_loops(tree):
        name, arguments = text(call.child_by_field_name("name")), call.child_by_field_name("arguments").named_children
        if name == "formatted":
            form, values = call.child_by_field_name("object"), arguments
        else:
            form, values = (arguments[0], arguments[1:]) if arguments else (None, [])
        concatenated = _java_concatenation(form, values) if form is not None else None
        if concatenated is None:
            continue
        if name == "printf":
            printer = call.child_by_field_name("object")
            edits.append((call.start_byte, call.end_byte, f"{text(printer)}.print({concatenated})"))
        else:
            alone = call.parent.type in ("argument_list", "variable_declarator", "return_statement",
                                         "expression_statement", "assignment_expression")  # fmt: skip
            edits.append((call.start_byte, call.end_byte, concatenated if alone else f"({concatenated})"))
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


def _java_concatenation(form: Node, values: list[Node]) -> str | None:
    """The string concatenation printing what the format literal `form` prints of `values`; None for a
    format with anything but %d, %s, %n and %%, or with another count of arguments."""
    literal = text(form)
    if form.type != "string_literal" or literal.startswith('"""'):
        return None
    body, pieces, at, used = literal[1:-1], [], 0, 0
    for match in _JAVA_SPECIFIER.finditer(body):
        if match.group(1) not in "dsn%":
            return None
        pieces.append(f'"{body[at:match.start()]}"')
        if match.group(1) in "ds":
            if used == len(values):
                return None
            value = values[used]
            pieces.append(text(value) if value.type in _JAVA_OPERANDS else f"({text(value)})")
            used += 1
        else:
            pieces.append("System.lineSeparator()" if match.group(1) == "n" else '"%"')
        at = match.end()
    pieces.append(f'"{body[at:]}"')
    if used != len(values):
        return None
    kept: list[str] = []
    for piece in pieces:
        if kept and _quoted(kept[-1]) and _quoted(piece):
            kept[-1] = kept[-1][:-1] + piece[1:]  # "a" + "%" as "a%"
        elif piece != '""':
            kept.append(piece)
    if not kept or not _quoted(kept[0]) and kept[0] != "System.lineSeparator()":
        kept.insert(0, '""')  # a string first: every + after it concatenates
    return " + ".join(kept)


def _quoted(piece: str) -> bool:
    return piece.startswith('"') and piece.endswith('"') and len(piece) >= 2


# ArrayDeque's methods that mean the same as a List's of the name and arguments (a Collection's).
_JAVA_DEQUE_METHODS = {"add": 1, "size": 0, "isEmpty": 0, "clear": 0, "contains": 1, "addAll": 1, "stream": 0,
                       "forEach": 1, "iterator": 0, "toString": 0, "removeIf": 1}  # fmt: skip


@fixit("java", "java-list-remove-front")
def java_deque_for_queue(source: str) -> str | None:
    """A local ArrayList taken from or added to at the front in a loop as an ArrayDeque: remove(0) becomes
    removeFirst(), add(0, x) addFirst(x), get(0) getFirst(). Only where every use is a Collection's method a
    deque has, a for-each or a string conversion; not where it is passed, returned or indexed elsewhere."""
    tree, edits, done = _tree(source, "java"), [], set()
    for _, var in lists_changed_at_front(tree):
        declaration = var.declared
        if declaration.id in done or declaration.type != "local_variable_declaration" or var.created != "ArrayList":
            continue
        done.add(declaration.id)
        if len(declaration.children_by_field_name("declarator")) != 1:
            continue
        name = declaration.child_by_field_name("declarator").child_by_field_name("name")
        changes = _as_java_deque([u for u in uses_of(var, tree) if u != name])
        if changes is not None:
            kind, made = declaration.child_by_field_name("type"), var.value.child_by_field_name("type")
            for node in {kind.id: kind, made.id: made}.values():  # `var` has no type to change
                if text(node) != "var":
                    deque = re.sub(r"^[\w.]*?(\w+)(?=<|$)", "ArrayDeque", text(node))
                    edits.append((node.start_byte, node.end_byte, deque))
            edits += changes
    if not edits:
        return None
    rewritten = _edited(source.encode("utf-8", "surrogateescape"), edits)
    if "import java.util.*;" in source:
        return rewritten
    return add_imports(rewritten, "java", ["import java.util.ArrayDeque;"])


def _as_java_deque(uses: list[Node]) -> list[tuple[int, int, str]] | None:
    """The edits for these uses of an ArrayList that becomes an ArrayDeque, or None if a use needs a List."""
    edits = []
    for use in uses:
        parent = use.parent
        if parent.type == "enhanced_for_statement" and parent.child_by_field_name("value") == use:
            continue
        if parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) == "+":
            continue  # "..." + list: toString, the same for both
        printed = parent.type == "argument_list" and parent.parent.type == "method_invocation"
        if printed and text(parent.parent.child_by_field_name("name")) in ("print", "println", "append", "valueOf"):
            continue
        if parent.type != "method_invocation" or parent.child_by_field_name("object") != use:
            return None
        method = text(parent.child_by_field_name("name"))
        arguments = parent.child_by_field_name("arguments").named_children
        first = text(arguments[0]) if arguments else None
        if method == "remove" and first == "0" and len(arguments) == 1:
            edits.append((parent.start_byte, parent.end_byte, f"{text(use)}.removeFirst()"))
        elif method == "get" and first == "0" and len(arguments) == 1:
            edits.append((parent.start_byte, parent.end_byte, f"{text(use)}.getFirst()"))
        elif method == "add" and first == "0" and len(arguments) == 2:
            edits.append((parent.start_byte, parent.end_byte, f"{text(use)}.addFirst({text(arguments[1])})"))
        elif _JAVA_DEQUE_METHODS.get(method) != len(arguments):
            return None
    spans = sorted(edits)
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return None  # q.add(0, q.remove(0)): one edit inside another
    return edits


_SCANNER = (Path(__file__).parent / "BiteScanner.java").read_text()
_SCANNER_METHODS = {"next", "nextInt", "nextLong", "nextDouble", "nextLine", "hasNext", "hasNextInt", "hasNextLong",
                    "hasNextLine", "close"}  # fmt: skip


@fixit("java", "java-scanner-input")
def java_buffered_scanner(source: str) -> str | None:
    """Scanners of System.in as BiteScanner (BiteScanner.java, added at the end of the file): the same tokens
    and lines from a byte buffer. Only where every Scanner reads System.in and calls nothing else of Scanner's."""
    tree = _tree(source, "java")
    types = [n for n in descendants(tree.root_node, "type_identifier") if text(n) == "Scanner"]
    made = [n.parent for n in types if n.parent.type == "object_creation_expression"]
    names = {text(d.child_by_field_name("name")) for d in descendants(tree.root_node, "variable_declarator")
             if text(d.parent.child_by_field_name("type")) == "Scanner"
             or (v := d.child_by_field_name("value")) is not None and v in made}  # fmt: skip
    names |= {text(p.child_by_field_name("name")) for p in descendants(tree.root_node, "formal_parameter")
              if text(p.child_by_field_name("type")) == "Scanner"}  # fmt: skip
    calls = [c for c in descendants(tree.root_node, "method_invocation")
             if text(c.child_by_field_name("object")) in names]  # fmt: skip
    if (not made or "BiteScanner" in source or "java.util.Scanner(" in source
            or any(text(m.child_by_field_name("arguments")) != "(System.in)" for m in made)
            or any(text(c.child_by_field_name("name")) not in _SCANNER_METHODS for c in calls)):  # fmt: skip
        return None
    renamed = [(n.start_byte, n.end_byte, "BiteScanner") for n in types]
    rewritten = _edited(source.encode("utf-8", "surrogateescape"), renamed)
    return rewritten.rstrip("\n") + "\n" + _SCANNER


# --- Python -----------------------------------------------------------------------------------------------

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
    tree = _tree(source, "python")
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
    declared = sorted({n.text.decode() for g in descendants(tree.root_node, "global_statement") for n in g.named_children})
    body = [f"{indent}global {', '.join(declared)}"] if declared else []
    body += [indent + lines[i] if lines[i].strip() else "" for i in taken]
    return "\n".join([*kept, "", "", "def main():", *body, "", "", "main()"]) + "\n"


@fixit("python", "py-stdin-readline", needs_finding=False)
def py_readline_for_input(source: str) -> str | None:
    """input() (which flushes stdout and checks for a terminal on every call) read through sys.stdin.readline."""
    tree = _tree(source, "python")
    calls = [c for c in descendants(tree.root_node, "call") if c.child_by_field_name("function").text == b"input"
             and not c.child_by_field_name("arguments").named_children]  # fmt: skip
    if not calls or re.search(r"\binput\s*=|def input\b|sys\.stdin", source):
        return None
    statements = tree.root_node.named_children
    header = [s for s in statements if s.type == "future_import_statement" or (
        s is statements[0] and s.type == "expression_statement" and s.named_children[0].type == "string")]
    at = header[-1].end_point[0] + 1 if header else 0
    lines = source.splitlines()
    added = [*([] if re.search(r"^import sys$", source, re.M) else ["import sys"]), "", "", "def input():", '    return sys.stdin.readline().rstrip("\\n")', "", ""]
    return "\n".join([*lines[:at], *added, *lines[at:]]) + "\n"


@fixit("python", "py-recursion-without-memo")
def py_cached_recursion(source: str) -> str | None:
    """A recursive function that recomputes overlapping subproblems and changes no state, cached with
    functools.lru_cache (arguments that cannot be hashed fail the run, and the judge turns it down)."""
    data, edits = source.encode("utf-8", "surrogateescape"), {}
    for function, _ in unmemoized_recursion(_tree(source, "python")):
        line_start = data.rfind(b"\n", 0, function.start_byte) + 1
        indent = data[line_start : function.start_byte].decode("utf-8", "surrogateescape")
        edits[line_start] = (line_start, line_start, f"{indent}@functools.lru_cache(maxsize=None)\n")
    if not edits:
        return None
    return add_imports(_edited(data, list(edits.values())), "python", ["import functools"])


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
    tree = _tree(source, "python")
    edits, done = [], set()
    for _, receiver in front_changes_in_loops(tree):
        function = next((up for up in ancestors(receiver) if up.type == "function_definition"), None)
        if receiver.type != "identifier" or function is None or (function.id, text(receiver)) in done:
            continue
        done.add((function.id, text(receiver)))
        edits += _as_deque(text(receiver), function) or []
    if not edits:
        return None
    return add_imports(_edited(source.encode("utf-8", "surrogateescape"), edits), "python", ["import collections"])


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
    tree, data = _tree(source, "python"), source.encode("utf-8", "surrogateescape")
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
    return _edited(data, edits) if edits else None


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


def _set_beside(data: bytes, name: str, function: Node, tree) -> list[tuple[int, int, str]] | None:
    """The edits keeping `name_set` beside the local list `name` of `function`, and testing membership on it;
    None when a use might change the list otherwise or the set's name is taken."""
    kept = f"{name}_set"
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
        made = f"{kept} = set({name})"
        edits.append(_py_after(data, first, made) if docstring else _py_before(data, first, made))
        bound = True
    for use in uses:
        parent = use.parent
        statement = parent.parent if parent.type in ("assignment", "pattern_list") else None
        statement = statement.parent if statement is not None and statement.type == "assignment" else statement
        if (value := _assigned(use)) is not False:
            if statement is None or statement.type != "expression_statement":
                return None
            empty = value is not None and text(value) == "[]"
            edits.append(_py_after(data, statement, f"{kept} = set()" if empty else f"{kept} = set({name})"))
            bound = True
        elif parent.type == "attribute" and parent.child_by_field_name("object") == use:
            call = parent.parent
            if call.type != "call" or text(parent.child_by_field_name("attribute")) not in ("append", "count", "index"):
                return None
            if text(parent.child_by_field_name("attribute")) == "append":
                if call.parent.type != "expression_statement":
                    return None
                edits.append(_py_after(data, call.parent, f"{kept}.add({name}[-1])"))
        elif parent.type == "comparison_operator" and use == parent.children[-1] and len(parent.children) == 3 and (
                parent.children[1].type in ("in", "not in")):  # fmt: skip
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
    return edits if bound and any(new == kept for _, _, new in edits) else None


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
    for node, base, exponent in powers_then_reduced(_tree(source, "python")):
        modulus = node.child_by_field_name("right")
        edits.append((node.start_byte, node.end_byte, f"pow({text(base)}, {text(exponent)}, {text(modulus)})"))
    return _edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None
