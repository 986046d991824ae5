"""Functions in source files, found with tree-sitter: at a position or by name, and spliced back.

Splicing replaces exactly the function's bytes, so the rest of the file stays byte-identical.
Positions: tree-sitter counts columns in UTF-8 bytes, LSP in UTF-16 code units; the helpers at
the bottom convert between them.
"""

from __future__ import annotations

import functools
import importlib
import re
import textwrap
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from bite.runners import RunnerError

# language -> (grammar module, its language function, function node types)
_GRAMMARS = {
    "python": ("tree_sitter_python", "language", ("function_definition",)),
    "c": ("tree_sitter_c", "language", ("function_definition",)),
    "cpp": ("tree_sitter_cpp", "language", ("function_definition",)),
    "go": ("tree_sitter_go", "language", ("function_declaration", "method_declaration")),
    "java": ("tree_sitter_java", "language", ("method_declaration", "constructor_declaration")),
}
# Nodes that wrap a function and belong to it: decorators, templates.
_WRAPPERS = {"decorated_definition", "template_declaration"}


class NoFunction(RunnerError):
    """No function at that place, or by that name."""


@dataclass(frozen=True)
class Function:
    name: str
    start_byte: int
    end_byte: int
    start_line: int  # 0-based, like tree-sitter and LSP
    start_column: int  # in bytes
    end_line: int
    end_column: int
    text: str
    indent: str  # the whitespace before it on its first line ("" when code precedes it there)

    @property
    def block(self) -> str:
        """The function as it stands in the file, first-line indentation included: what splice() takes."""
        return self.indent + self.text


@functools.cache
def _language(language: str) -> Language:
    if language not in _GRAMMARS:
        raise RunnerError(f"bite cannot parse {language!r}; it knows {', '.join(_GRAMMARS)}")
    module, attr, _ = _GRAMMARS[language]
    return Language(getattr(importlib.import_module(module), attr)())


@functools.cache
def parser(language: str) -> Parser:
    return Parser(_language(language))


@functools.cache
def _function_query(language: str) -> Query:
    # A query walks the tree in C: a 5,000-line file's functions in about 3 ms instead of 13 in Python.
    return Query(_language(language), " ".join(f"({kind}) @function" for kind in _GRAMMARS[language][2]))


def function_name(node: Node) -> str | None:
    name = node.child_by_field_name("name")
    if name is not None:
        return name.text.decode(errors="replace")
    # C and C++: the name sits at the bottom of the declarator chain (pointer, reference, qualified, ...).
    declarator = node.child_by_field_name("declarator")
    while declarator is not None:
        if declarator.type in ("identifier", "field_identifier", "destructor_name", "operator_name"):
            return declarator.text.decode(errors="replace")
        if declarator.type in ("qualified_identifier", "template_function"):
            inner = declarator.child_by_field_name("name")
            return _function_name_of_qualified(inner) if inner is not None else declarator.text.decode()
        declarator = declarator.child_by_field_name("declarator")
    return None


def _function_name_of_qualified(node: Node) -> str:
    while node.type in ("qualified_identifier", "template_function") and node.child_by_field_name("name"):
        node = node.child_by_field_name("name")
    return node.text.decode(errors="replace")


def parse(data: bytes, language: str, tree: Tree | None = None) -> Tree:
    """The file's parse for finding and splicing its functions: `tree` (or a fresh parse), unless tree-sitter-cpp
    misread it. It reads `(a = b, 1)` (contest code's chmin) as a parameter with a default value, and the rest
    of the file as one error, the functions below unseen. There a parse of a copy with each such `=` written
    `^` (the same length: the same byte offsets, an operator without that reading) is taken if less of it is
    in error. Read the text of what it finds from `data`, not from its nodes."""
    tree = tree or parser(language).parse(data)
    if language != "cpp" or not tree.root_node.has_error:
        return tree
    reparsed = _cpp_reparsed(data)
    return reparsed[0] if reparsed is not None and reparsed[1] < _bytes_in_error(tree.root_node) else tree


_OPENING_ASSIGNMENT = re.compile(rb"(\(\s*[A-Za-z_]\w*\s*)=(?!=)")  # `(a = b, 1)`


@functools.lru_cache(maxsize=8)
def _cpp_reparsed(data: bytes) -> tuple[Tree, int] | None:
    """The parse of `data` with the `=` of each `(name = ...` written `^`, and its bytes in error; None where
    there is none to rewrite. Kept for the file's next request: the editor asks at every cursor move, and a
    second full parse of a 5,000-line file takes about 14 ms."""
    rewritten = _OPENING_ASSIGNMENT.sub(rb"\1^", data)
    if rewritten == data:
        return None
    other = parser("cpp").parse(rewritten)
    return other, _bytes_in_error(other.root_node)


def _bytes_in_error(node: Node) -> int:
    if node.type == "ERROR":
        return node.end_byte - node.start_byte
    return sum(_bytes_in_error(child) for child in node.children if child.has_error)


def functions(source: str, language: str, tree: Tree | None = None) -> list[Function]:
    """Every function in the file, outermost first, in source order. `tree`: the source's parse, if at hand."""
    data = source.encode("utf-8", "surrogateescape")
    tree = parse(data, language, tree)
    found = []
    for node in QueryCursor(_function_query(language)).captures(tree.root_node).get("function", []):
        name = function_name(node)
        if name and not _macro_block(node):
            outer = node.parent if node.parent is not None and node.parent.type in _WRAPPERS else node
            found.append(_make(outer, name, data))
    return sorted(found, key=lambda f: (f.start_byte, -f.end_byte))


def _macro_block(node: Node) -> bool:
    """A C or C++ "function" inside another function's body, outside a local class: what tree-sitter makes of a
    loop macro's use (`FOR(i, n) { ... }`, `rep(i, n) { ... }`), which C and C++ do not allow as a function."""
    if node.type != "function_definition":
        return False
    outer = node.parent
    while outer is not None and outer.type not in ("class_specifier", "struct_specifier", "union_specifier"):
        if outer.type == "function_definition":
            return True
        outer = outer.parent
    return False


def _make(node: Node, name: str, data: bytes) -> Function:
    before = data[data.rfind(b"\n", 0, node.start_byte) + 1 : node.start_byte].decode("utf-8", "surrogateescape")
    return Function(name, node.start_byte, node.end_byte, node.start_point[0], node.start_point[1],
                    node.end_point[0], node.end_point[1],
                    data[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape"),
                    before if not before.strip() else "")  # fmt: skip


def function_at(source: str, language: str, line: int, column: int = 0) -> Function:
    """The innermost function containing (line, byte column), both 0-based."""
    inside = [f for f in functions(source, language) if (f.start_line, f.start_column) <= (line, column)
              and (line, column) <= (f.end_line, f.end_column)]  # fmt: skip
    if not inside:
        raise NoFunction(f"no function at line {line + 1}")
    return min(inside, key=lambda f: f.end_byte - f.start_byte)


def innermost(found: list[Function], line: int) -> Function | None:
    """Of `found` (see functions), the innermost one holding 0-based `line`, or None."""
    inside = [f for f in found if f.start_line <= line <= f.end_line]
    return min(inside, key=lambda f: f.end_byte - f.start_byte) if inside else None


def enclosing_function(tree: Tree, data: bytes, language: str, line: int, column: int) -> Function | None:
    """The innermost function around (line, byte column) in a parsed file, found by walking up from
    that point: the cost depends on the nesting, not on the size of the file (the editor's listing), except in a
    C++ file with errors, parsed again (see parse)."""
    kinds = _GRAMMARS[language][2]
    tree = parse(data, language, tree)
    # A cursor just after a function's last character still counts as in it, as in function_at().
    for col in (column, column - 1) if column > 0 else (column,):
        node = tree.root_node.descendant_for_point_range((line, col), (line, col))
        while node is not None:
            if node.type in _WRAPPERS:  # a decorator or template line: the function is a child, not a parent
                node = next((c for c in node.children if c.type in kinds), node)
            if node.type in kinds and (name := function_name(node)) and not _macro_block(node):
                outer = node.parent if node.parent is not None and node.parent.type in _WRAPPERS else node
                return _make(outer, name, data)
            node = node.parent
    return None


def function_named(source: str, language: str, name: str, occurrence: int = 0) -> Function:
    """The function called `name`; `occurrence` picks among several (methods of two classes, overloads),
    counting in source order from 0."""
    same = _named(source, language, name)
    if occurrence < len(same):
        return same[occurrence]
    raise NoFunction(f"no function named {name!r}" + (f" (occurrence {occurrence + 1})" if occurrence else ""))


def _named(source: str, language: str, name: str, tree: Tree | None = None) -> list[Function]:
    return [f for f in functions(source, language, tree) if f.name == name or f.name.rsplit("::", 1)[-1] == name]


def occurrence(source: str, language: str, function: Function, tree: Tree | None = None) -> int:
    """Which of the functions named like `function` it is, for function_named(..., occurrence)."""
    same = _named(source, language, function.name, tree)
    return next((i for i, f in enumerate(same) if f.start_byte == function.start_byte), 0)


# Nodes that give their members a qualified name: classes, structs, namespaces.
SCOPES = {"class_definition", "class_specifier", "struct_specifier", "class_declaration", "namespace_definition"}


def scope_path(node: Node | None) -> tuple[str, ...]:
    """The names of the classes and namespaces around a node, outermost first."""
    names = []
    while node is not None:
        if node.type in SCOPES:
            name = node.child_by_field_name("name")
            names.append(name.text.decode(errors="replace") if name is not None else "")
        node = node.parent
    return tuple(reversed(names))


def qualified_name(source: str, language: str, function: Function) -> str:
    """The function's name with the classes around it, as Python's __qualname__ has it: "Solver.solve"."""
    data = source.encode("utf-8", "surrogateescape")
    node = parser(language).parse(data).root_node.descendant_for_byte_range(function.start_byte, function.end_byte)
    return ".".join((*scope_path(node), function.name))


# Nodes that hold a statement's braced body, and a line holding nothing but where one closes.
_BRACED_BODIES = {"block", "compound_statement", "switch_block"}
_CLOSING_ONLY = re.compile(r"\s*\}[\s);]*(//.*)?")


def closing_brace_owners(source: str, language: str) -> dict[int, int]:
    """Lines (0-based) that hold nothing but the closing brace of a statement's body (a loop's, a branch's, a
    lambda's), each with the first line of that statement: a profiler counts a loop's back-edge and the jump
    to its condition on the brace, and "}  (20 % of the time)" tells a reader nothing. A function's or a
    type's own closing brace is left out: what it counts is the return."""
    data = source.encode("utf-8", "surrogateescape")
    rows = source.split("\n")
    function_kinds = _GRAMMARS[language][2]
    tree = parse(data, language)
    owners: dict[int, int] = {}
    for node in QueryCursor(_closing_brace_query(language)).captures(tree.root_node).get("brace", []):
        body, row = node.parent, node.start_point[0]
        owner = body.parent if body is not None and body.type in _BRACED_BODIES else None
        if owner is not None and owner.type in _BRACED_BODIES:  # a bare block, as a loop macro's use leaves it
            owner = body
        if owner is None or owner.type in function_kinds and not _macro_block(owner) or owner.start_point[0] == row:
            continue
        if row < len(rows) and _CLOSING_ONLY.fullmatch(rows[row]):
            owners[row] = owner.start_point[0]
    return owners


@functools.cache
def _closing_brace_query(language: str) -> Query:
    return Query(_language(language), '"}" @brace')


def has_syntax_errors(source: str, language: str) -> bool:
    return parser(language).parse(source.encode("utf-8", "surrogateescape")).root_node.has_error


def splice(source: str, target: Function, new_function: str) -> str:
    """`source` with `target` replaced by `new_function` (a block as in a file, e.g. Function.block),
    re-indented to where the target stood."""
    return replace_bytes(source, target.start_byte, target.end_byte, target.indent, new_function)


def replace_bytes(source: str, start: int, end: int, indent: str, block: str) -> str:
    """`source` with bytes start..end replaced by `block`, its later lines re-indented to `indent` (the
    whitespace before `start` on its line)."""
    data = source.encode("utf-8", "surrogateescape")
    lines = textwrap.dedent(block.strip("\n")).split("\n")
    body = "\n".join([lines[0]] + [indent + line if line.strip() else line for line in lines[1:]])
    return (data[:start] + body.encode("utf-8", "surrogateescape") + data[end:]).decode("utf-8", "surrogateescape")


def normalized(code: str) -> str:
    """For spotting duplicates: the code without blank lines and trailing spaces."""
    return "\n".join(line.rstrip() for line in code.strip().splitlines() if line.strip())


# --- columns: tree-sitter counts UTF-8 bytes, LSP counts UTF-16 code units --------------------------


def utf16_to_byte_column(line_text: str, utf16_column: int) -> int:
    units = 0
    for i, ch in enumerate(line_text):
        if units >= utf16_column:
            return len(line_text[:i].encode("utf-8", "surrogateescape"))
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text.encode("utf-8", "surrogateescape"))


def byte_to_utf16_column(line_text: str, byte_column: int) -> int:
    prefix = line_text.encode("utf-8", "surrogateescape")[:byte_column].decode("utf-8", "surrogateescape")
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in prefix)


def apply_edit(source: str, tree: Tree, start: tuple[int, int], end: tuple[int, int], text: str) -> str:
    """`source` with the text between two (line, UTF-16 column) positions, as an editor sends them,
    replaced by `text`. `tree` (the parse of `source`) is told of the edit, so parsing the result
    with it is incremental: about 1 ms for a 5,000-line file instead of 10."""
    lines = source.split("\n")

    def point(line: int, column: int) -> tuple[int, int]:
        if line >= len(lines):  # past the end means the end
            return len(lines) - 1, len(lines[-1].encode("utf-8", "surrogateescape"))
        return line, utf16_to_byte_column(lines[line].removesuffix("\r"), column)  # clamped before a CRLF's \r

    def offset(line: int, column: int) -> int:
        return len("\n".join(lines[:line]).encode("utf-8", "surrogateescape")) + (1 if line else 0) + column

    (start_line, start_col), (end_line, end_col) = point(*start), point(*end)
    start_byte, old_end_byte = offset(start_line, start_col), offset(end_line, end_col)
    data, inserted = source.encode("utf-8", "surrogateescape"), text.encode("utf-8", "surrogateescape")
    added = text.split("\n")
    last = len(added[-1].encode("utf-8", "surrogateescape"))
    tree.edit(start_byte=start_byte, old_end_byte=old_end_byte, new_end_byte=start_byte + len(inserted),
              start_point=(start_line, start_col), old_end_point=(end_line, end_col),
              new_end_point=(start_line + len(added) - 1, last + (start_col if len(added) == 1 else 0)))  # fmt: skip
    return (data[:start_byte] + inserted + data[old_end_byte:]).decode("utf-8", "surrogateescape")
