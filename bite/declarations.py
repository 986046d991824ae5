"""The local declarations a rewrite forgot, from what its compiler says.

A small model that rewrites a function often drops a declaration it did not mean to change (`int perm1[n];`,
`int k2 = (k + 1) >> 1;`) and goes on using the name: gcc says "'k2' undeclared", g++ "'k2' was not declared in
this scope", javac "cannot find symbol ... variable k2". That was the most common compile error of C, C++ and
Java replies on the dev set. The parent declares the name, so the fix needs no model: where the reply's first use
assigns it (`k2 = (k + 1) >> 1;`, `for (j = 0; ...)`), that assignment becomes the declaration; otherwise the
parent's declaration goes before the statement that first uses it. The judge then decides, as for any child.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from bite.diagnosis import descendants
from bite.languages import Function, functions, innermost, parse

# gcc: "main.c:52:13: error: 'k2' undeclared (first use in this function)"; g++: "... 'k2' was not declared in
# this scope"; javac: "Main.java:30: error: cannot find symbol" and, two or three lines on, "symbol: variable k2".
_GCC_UNDECLARED = re.compile(r":(\d+):\d+: error: [‘'`](\w+)[’'`] (?:undeclared \(first use in this function\)|"
                             r"was not declared in this scope)")
_JAVAC_UNDECLARED = re.compile(r":(\d+): error: cannot find symbol\n(?:.*\n){0,3}?\s*symbol:\s+variable (\w+)")
_DECLARATIONS = {"c": "declaration", "cpp": "declaration", "java": "local_variable_declaration"}
_BLOCKS = {"c": "compound_statement", "cpp": "compound_statement", "java": "block"}
_FOR_INIT = {"c": "initializer", "cpp": "initializer", "java": "init"}


def fix_declarations(source: str, parent: str, language: str, message: str) -> tuple[str, list[str]] | None:
    """`source` with each local that `message` says is undeclared declared as `parent` declares it, and the
    declarations added ("+int k2"); None when there is none to add."""
    if language not in _DECLARATIONS:
        return None
    pattern = _JAVAC_UNDECLARED if language == "java" else _GCC_UNDECLARED
    lines: dict[str, int] = {}  # name -> the line of its first use
    for line, name in pattern.findall(message):
        lines.setdefault(name, int(line) - 1)
    added = []
    for name in list(lines):
        declared = _declare(source, parent, language, name, lines[name])
        if declared is None:
            continue
        source, what, new_line = declared
        added.append(f"+{what}")
        if new_line is not None:  # the lines below it moved down
            lines = {n: line + (line >= new_line) for n, line in lines.items()}
    return (source, added) if added else None


def _declare(source: str, parent: str, language: str, name: str, line: int) -> tuple[str, str, int | None] | None:
    """`source` with `name` declared, what was declared, and the line inserted for it (None: declared in place)."""
    data = source.encode("utf-8", "surrogateescape")
    tree = parse(data, language)
    uses = _identifiers(tree.root_node, name)
    use = next((u for u in uses if u.start_point[0] == line), uses[0] if uses else None)
    function = innermost(functions(source, language, tree), use.start_point[0]) if use else None
    if function is None:
        return None
    declaration = _declaration_in(parent, language, function.name, name)
    if declaration is None:
        return None
    prefix, declarator, core, at_top = declaration
    in_function = [u for u in uses if function.start_byte <= u.start_byte < function.end_byte]
    assignment = _assigning_statement(use, language)
    if assignment is not None and _covers(assignment, in_function) and re.fullmatch(rf"[*\s]*{name}", core):
        # `k2 = ...;` becomes `int k2 = ...;` (a pointer's `*` comes with the type)
        head = prefix + core[: -len(name)]
        return _insert(data, use.start_byte, head), (head + name).strip(), None
    anchor = _anchor(use, function, language, in_function, at_top)
    if anchor is None:
        return None
    line_start = data.rfind(b"\n", 0, anchor.start_byte) + 1
    indent = data[line_start:anchor.start_byte].decode()
    if indent.strip():  # code precedes the anchor on its line
        return None
    return (_insert(data, line_start, f"{indent}{prefix}{declarator};\n"), f"{prefix}{core}".strip(),
            anchor.start_point[0])


def _identifiers(node: Node, name: str) -> list[Node]:
    """The identifiers spelled `name` under `node`, in source order."""
    return [n for n in descendants(node, "identifier") if n.text.decode() == name]


def _declaration_in(parent: str, language: str, function_name: str, name: str) -> tuple[str, str, str, bool] | None:
    """In the parent's function of that name, the first declaration of `name`: its type part ("static int "), its
    declarator (`perm1[n]`, `k2 = (k + 1) >> 1`), that declarator without its initializer (`perm1[n]`, `k2`),
    and whether it stands in the function's top block. Texts come from `parent`, not from a second parse."""
    data = parent.encode("utf-8", "surrogateescape")
    tree = parse(data, language)

    def text(node: Node, end: int | None = None) -> str:
        return data[node.start_byte:node.end_byte if end is None else end].decode("utf-8", "surrogateescape")

    for function in functions(parent, language, tree):
        if function.name != function_name:
            continue
        node = tree.root_node.descendant_for_byte_range(function.start_byte, function.end_byte)
        while node is not None and node.child_by_field_name("body") is None:  # a template's function
            node = node.named_children[-1] if node.named_children else None
        body = node.child_by_field_name("body") if node is not None else None
        for use in _identifiers(body, name) if body is not None else []:
            declarator = _declarator_of(use, language)
            if declarator is None:
                continue
            declaration = declarator.parent
            first = min(declaration.children_by_field_name("declarator"), key=lambda c: c.start_byte)
            core = declarator  # without the initializer
            if declarator.type == "init_declarator":
                core = declarator.child_by_field_name("declarator")
            elif declarator.type == "variable_declarator" and declarator.child_by_field_name("dimensions") is None:
                core = declarator.child_by_field_name("name")
            at_top = declaration.parent is not None and declaration.parent.id == body.id
            return text(declaration, first.start_byte), text(declarator), text(core), at_top
    return None


def _declarator_of(identifier: Node, language: str) -> Node | None:
    """The declarator (one of a declaration's) that `identifier` names, or None where it is only used."""
    node, child = identifier.parent, identifier
    while node is not None and node.type in ("init_declarator", "array_declarator", "pointer_declarator",
                                             "reference_declarator", "function_declarator", "variable_declarator"):
        if node.child_by_field_name("declarator" if node.type != "variable_declarator" else "name") != child:
            return None  # the name is in a size or an initializer
        node, child = node.parent, node
    if node is None or node.type != _DECLARATIONS[language]:
        return None
    return child


def _assigning_statement(use: Node, language: str) -> Node | None:
    """Where `use` is the left of a plain `=` that stands as a statement in a block, or as a for loop's
    initializer: that statement (or loop), whose scope a declaration there would have."""
    assignment = use.parent
    if assignment is None or assignment.type != "assignment_expression" or \
            assignment.child_by_field_name("left") != use or \
            getattr(assignment.child_by_field_name("operator"), "type", None) != "=":  # fmt: skip
        return None
    holder = assignment.parent
    if holder.type == "expression_statement" and holder.parent is not None and holder.parent.type == _BLOCKS[language]:
        return holder
    if holder.type == "for_statement" and holder.child_by_field_name(_FOR_INIT[language]) == assignment:
        return holder
    return None


def _covers(statement: Node, uses: list[Node]) -> bool:
    """Whether a declaration at `statement` is in scope at each of `uses`: all follow it in its block (or are in
    its loop)."""
    scope = statement if statement.type == "for_statement" else statement.parent
    return all(scope.start_byte <= u.start_byte < scope.end_byte and u.start_byte >= statement.start_byte
               for u in uses)  # fmt: skip


def _anchor(use: Node, function: Function, language: str, uses: list[Node], at_top: bool) -> Node | None:
    """The statement before which the declaration goes: in the function's top block where the parent has it
    there, else in the innermost block that holds every use."""
    node, anchor = use, None
    while node.parent is not None and node.start_byte >= function.start_byte:
        if node.parent.type == _BLOCKS[language]:
            block = node.parent
            anchor = node
            if not at_top and all(block.start_byte <= u.start_byte < block.end_byte for u in uses):
                return node
        node = node.parent
    return anchor


def _insert(data: bytes, at: int, text: str) -> str:
    return (data[:at] + text.encode() + data[at:]).decode("utf-8", "surrogateescape")
