"""Taking a model's rewrite of one function into the file: the function itself, and what it needs.

A reply's code block holds the new function, often with new imports or #includes and new helper
functions, types or constants. splice_reply() puts the function where the target stood, merges new
imports into the file's header (deduplicated), and puts new helpers beside the target (before the
top-level definition that holds it; inside the class, for members). Definitions whose names the file
already has, and any other code in the reply (a main, calls, tests), are left out: the rest of the file
stays byte-identical, except that Go imports the rewrite no longer uses are dropped (they do not compile).
With `others` (a whole program's search, where no user chose the function), definitions the file already
has and the reply changed are taken too: a rewrite often needs them (a constructor that sets a new field,
a struct that gains one, a main that reads faster).
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections import Counter
from dataclasses import dataclass

from tree_sitter import Node

from bite.languages import (
    SCOPES, Function, function_name, function_named, functions, occurrence, parse, parser, replace_bytes, scope_path,
    splice,
)

_IMPORTS = {
    "python": {"import_statement", "import_from_statement", "future_import_statement"},
    "c": {"preproc_include"},
    "cpp": {"preproc_include", "using_declaration"},
    "go": {"import_declaration"},
    "java": {"import_declaration"},
}
# Containers whose members are definitions: a module or file, and class bodies.
_BODIES = {"block", "field_declaration_list", "class_body", "declaration_list"}
_OTHER_TYPES = {"enum_specifier", "enum_declaration", "interface_declaration", "record_declaration"}
# A reply's definition that stands for the file's own rather than replacing it ("...", "// unchanged").
_PLACEHOLDER = re.compile(r"\.\.\.|\u2026|\b(unchanged|same as (before|above|the original)|rest of the|existing code)\b",
                          re.IGNORECASE)
# Python top-level code that must not run when a helper constant is defined.
_SIDE_EFFECTS = re.compile(r"\b(input|print|open|exit)\s*\(|sys\.(stdin|stdout|argv|exit)")


@dataclass(frozen=True)
class Member:
    kind: str  # "import", "definition" or "other"
    name: str | None  # what a definition defines; an import's normalized text
    start: int  # bytes
    end: int
    text: str  # from its line's indent (`indent`) to its end
    indent: str = ""
    broken: bool = False  # tree-sitter found a syntax error in it


def splice_reply(source: str, language: str, target: Function, block: str, others: bool = False) -> str | None:
    """`source` with `target` replaced by the reply's function of the same name, and the reply's new imports
    and helpers merged in (with `others`, its changes to the file's other definitions too); None when the
    block holds no such function."""
    data = block.encode("utf-8", "surrogateescape")
    tree = parse(data, language)
    source_data = source.encode("utf-8", "surrogateescape")
    source_root = parse(source_data, language).root_node
    target_node = _node_of(source_root, target)
    chosen = _matching(functions(block, language, tree), tree.root_node, target, target_node)
    if chosen is None:
        return None
    reply_container = _container(_node_of(tree.root_node, chosen))
    reply_scope = _members(reply_container, data, language)
    reply_top = _members(tree.root_node, data, language)

    scope = _container(target_node)
    source_scope, source_top = _members(scope, source_data, language), _members(source_root, source_data, language)
    known = {m.name for m in source_scope + source_top if m.kind == "definition"}
    known.add(target.name)
    top_level_target = scope == source_root
    changed = []
    if others:
        changed = [(True, *c) for c in _changed(source_top, reply_top, target_node, chosen.start_byte)]
        if not top_level_target and reply_container != tree.root_node:
            changed += [(False, *c) for c in _changed(source_scope, reply_scope, target_node, chosen.start_byte)]

    def new(members: list[Member]) -> list[str]:
        picked = []
        for m in members:
            holds_it = m.start <= chosen.start_byte < m.end  # the function itself, or a class around it
            if m.kind == "definition" and m.name not in known and not holds_it and _safe(m, language):
                known.add(m.name)
                picked.append(m.text)
        return picked

    # A member target (a method) takes the reply's new members beside it, and new top-level helpers go
    # before its class; a top-level target takes its helpers right before it.
    beside = new(reply_top if top_level_target else reply_scope)
    above = [] if top_level_target or reply_container == tree.root_node else new(reply_top)

    which = occurrence(source, language, target)  # helpers never take the target's name: this index holds
    result = splice(source, target, chosen.block)
    result = _insert_before(result, language, target.name, which, beside, top_level=False)
    result = _insert_before(result, language, target.name, which, above, top_level=True)
    for at_top, old, new_text in changed:
        result = _replace_definition(result, language, target.name, which, old.name, new_text, at_top)
    imports = [m for m in reply_top if m.kind == "import"]
    if language == "python":
        imports = _python_imports_used(imports, "\n".join([chosen.block, *beside, *above]))
    result = _merge_imports(result, language, imports)
    if language == "go":
        result = _drop_unused_go_imports(result, source)
    return result


def _changed(have: list[Member], reply: list[Member], target_node: Node, chosen_at: int) -> list[tuple[Member, str]]:
    """The file's definitions (`have`, one container's members) that the reply (`reply`, the same container's)
    defines otherwise, with the reply's text: each name defined once on both sides, neither holding the
    target, the reply's parsing and with no placeholder for the file's code."""
    def once(members: list[Member]) -> dict[str, Member]:
        names = Counter(m.name for m in members if m.kind == "definition")
        return {m.name: m for m in members if m.kind == "definition" and names[m.name] == 1}

    mine = once(have)
    picked = []
    for name, new in once(reply).items():
        old = mine.get(name)
        if (old is None or new.start <= chosen_at < new.end or old.start <= target_node.start_byte < old.end
                or new.broken or _PLACEHOLDER.search(new.text) or new.text.split() == old.text.split()):
            continue
        picked.append((old, new.text))
    return picked


def _replace_definition(source: str, language: str, target_name: str, which: int, name: str, text: str,
                        at_top: bool) -> str:  # fmt: skip
    """`source` with its definition `name` (at the top, or in the target's class) replaced by `text`,
    re-indented to where it stood. Found again by name: earlier edits moved it."""
    data = source.encode("utf-8", "surrogateescape")
    root = parse(data, language).root_node
    target_node = _node_of(root, function_named(source, language, target_name, which))
    container = root if at_top else _container(target_node)
    for m in _members(container, data, language):
        if m.kind == "definition" and m.name == name and not m.start <= target_node.start_byte < m.end:
            return replace_bytes(source, m.start, m.end, m.indent, text)
    return source


def line_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """What turns `old` into `new`: (first line, line after the last, replacement text), 0-based, from a line
    diff; the function, the imports and the helpers of a rewrite come out as separate edits."""
    a, b = editor_lines(old), editor_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i1, i2, "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def editor_lines(text: str) -> list[str]:
    """Lines as editors count them (LSP: after \n, \r\n or \r), ends kept; not str.splitlines(), which also
    breaks at form feeds and other separators that may stand inside a line of code."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _matching(found: list[Function], root: Node, target: Function, target_node: Node) -> Function | None:
    """The reply's function for `target`: among several of that name, the one in the same classes as the
    target, else the first."""
    named = [f for f in found if f.name == target.name or f.name.rsplit("::", 1)[-1] == target.name]
    if len(named) <= 1:
        return named[0] if named else None
    want = scope_path(target_node)
    return next((f for f in named if scope_path(_node_of(root, f)) == want), named[0])


def _node_of(root: Node, function: Function) -> Node:
    node = root.descendant_for_byte_range(function.start_byte, function.end_byte)
    while node.parent is not None and (node.start_byte, node.end_byte) != (function.start_byte, function.end_byte):
        node = node.parent
    return node


def _container(node: Node) -> Node:
    """The module or class body a definition is a member of."""
    up = node.parent
    while up is not None and up.parent is not None and up.type not in _BODIES:
        up = up.parent
    if up is not None and up.type == "block" and (up.parent is None or up.parent.type != "class_definition"):
        return _container(up)  # a Python function's body: look further out
    return up if up is not None else node


def _members(container: Node, data: bytes, language: str) -> list[Member]:
    members = []
    children = container.children
    for i, child in enumerate(children):
        if child.type in ("{", "}", ";", "comment", "access_specifier", ":"):
            continue
        end = child.end_byte
        if i + 1 < len(children) and children[i + 1].type == ";" and not child.text.endswith(b";"):
            end = children[i + 1].end_byte  # `struct S {...}` and its `;` are one definition
        line_start = data.rfind(b"\n", 0, child.start_byte) + 1
        indent = data[line_start : child.start_byte]
        indent = indent if not indent.strip() else b""
        text = (indent + data[child.start_byte : end]).decode("utf-8", "surrogateescape")
        if child.type in _IMPORTS[language]:
            members.append(Member("import", " ".join(text.split()), child.start_byte, end, text))
            continue
        name = _defined_name(child, language)
        members.append(Member("definition" if name else "other", name, child.start_byte, end, text,
                              indent.decode("utf-8", "surrogateescape"), child.has_error))  # fmt: skip
    return members


def _defined_name(node: Node, language: str) -> str | None:
    kind = node.type
    if kind in ("decorated_definition", "template_declaration"):
        inner = node.child_by_field_name("definition") or next(
            (c for c in node.named_children if c.type not in ("decorator", "template_parameter_list")), None)
        return _defined_name(inner, language) if inner is not None else None
    if kind in ("function_definition", "function_declaration", "method_declaration", "constructor_declaration"):
        return function_name(node)
    if kind in SCOPES or kind in _OTHER_TYPES:
        name = node.child_by_field_name("name")
        return name.text.decode(errors="replace") if name is not None else None
    if kind in ("type_definition", "alias_declaration", "preproc_def", "preproc_function_def"):
        name = node.child_by_field_name("declarator") or node.child_by_field_name("name")
        return _leaf_name(name)
    if kind in ("declaration", "field_declaration"):  # C globals and prototypes; Java fields
        return _leaf_name(node.child_by_field_name("declarator"))
    if kind in ("type_declaration", "var_declaration", "const_declaration"):  # Go
        spec = next((c for c in node.named_children if c.type.endswith("_spec")), None)
        return _leaf_name(spec.child_by_field_name("name")) if spec is not None else None
    if kind == "expression_statement" and language == "python":
        assignment = node.named_children[0] if node.named_children else None
        if assignment is not None and assignment.type == "assignment":
            left = assignment.child_by_field_name("left")
            return left.text.decode(errors="replace") if left is not None and left.type == "identifier" else None
    return None


def _leaf_name(node: Node | None) -> str | None:
    """The identifier at the bottom of a declarator chain (pointers, arrays, initializers, functions)."""
    while node is not None:
        if node.type in ("identifier", "type_identifier", "field_identifier"):
            return node.text.decode(errors="replace")
        node = node.child_by_field_name("declarator") or node.child_by_field_name("name") or (
            node.named_children[0] if node.named_children else None)
    return None


def _safe(member: Member, language: str) -> bool:
    """A Python module-level assignment that reads input or prints is the reply's own main, not a helper."""
    return not (language == "python" and "=" in member.text.split("\n")[0] and _SIDE_EFFECTS.search(member.text)
                and not member.text.lstrip().startswith(("def ", "class ", "@")))


def _insert_before(source: str, language: str, name: str, which: int, helpers: list[str], top_level: bool) -> str:
    """`helpers` inserted before the `which`-th function called `name` (top_level: before the top-level
    definition holding it). By name, not by offset: an earlier insertion moves the function."""
    if not helpers:
        return source
    data = source.encode("utf-8", "surrogateescape")
    tree = parse(data, language)
    spliced = function_named(source, language, name, which)
    anchor = _node_of(tree.root_node, spliced)
    if top_level:
        while anchor.parent is not None and anchor.parent.parent is not None:
            anchor = anchor.parent
        indent = ""
    else:
        indent = spliced.indent
    at = data.rfind(b"\n", 0, anchor.start_byte) + 1  # the start of the anchor's line
    blocks = [_indented(h, indent) for h in helpers]
    text = "\n\n".join(blocks) + "\n\n"
    return (data[:at] + text.encode("utf-8", "surrogateescape") + data[at:]).decode("utf-8", "surrogateescape")


def _indented(code: str, indent: str) -> str:
    import textwrap

    lines = textwrap.dedent(code.strip("\n")).split("\n")
    return "\n".join(indent + line if line.strip() else line for line in lines)


def add_imports(source: str, language: str, imports: list[str]) -> str:
    """`source` with these import lines ('import "bufio"', '#include <cstdio>') merged in as a reply's are."""
    data = "\n".join(imports).encode("utf-8", "surrogateescape")
    wanted = [m for m in _members(parse(data, language).root_node, data, language) if m.kind == "import"]
    return _merge_imports(source, language, wanted)


# Pure standard modules whose star imports can be checked against the names they export; a star import
# of any other module is kept, since importing what a reply names could run its code here.
_STAR_CHECKED = ("typing", "collections", "math", "cmath", "itertools", "functools", "heapq", "bisect",
                 "string", "operator", "fractions", "decimal", "statistics", "random", "array", "copy", "re")


def _python_imports_used(imports: list[Member], new_code: str) -> list[Member]:
    """The reply's imports that bind a name its new code uses: models habitually open with
    `from typing import *` and the like, which the user's file should not take on."""
    data = new_code.encode("utf-8", "surrogateescape")
    used = {n.text.decode(errors="replace") for n in _nodes(parser("python").parse(data).root_node, "identifier")}
    kept = []
    for member in imports:
        statement = parser("python").parse(member.text.strip().encode("utf-8", "surrogateescape")).root_node
        if next(_nodes(statement, "wildcard_import"), None) is not None:
            module = statement.children[0].child_by_field_name("module_name")
            bound = star_exports(module.text.decode() if module is not None else "")
        else:
            bound = _bound_names(statement)
        future = statement.children[0].type == "future_import_statement"
        if future or bound is None or used & bound:
            kept.append(member)
    return kept


def _bound_names(statement: Node) -> set[str]:
    """The names an import statement binds: `import a.b` binds a, `from m import x as y` binds y."""
    names = set()
    for node in statement.children[0].children_by_field_name("name"):
        alias = node.child_by_field_name("alias") if node.type == "aliased_import" else None
        dotted = node.child_by_field_name("name") if node.type == "aliased_import" else node
        if alias is not None:
            names.add(alias.text.decode())
        elif statement.children[0].type == "import_statement":
            names.add(dotted.text.decode().split(".")[0])
        else:
            names.add(dotted.text.decode().split(".")[-1])
    return names


def star_exports(module: str) -> set[str] | None:
    """What `from module import *` binds, for the pure standard modules above; None (unknown) otherwise."""
    if module not in _STAR_CHECKED:
        return None
    loaded = importlib.import_module(module)
    return set(getattr(loaded, "__all__", None) or (n for n in dir(loaded) if not n.startswith("_")))


def _merge_imports(source: str, language: str, imports: list[Member]) -> str:
    """The reply's imports that the file lacks, each after the file's last import of the same kind
    (#include after #includes, `using` after `using`), else after its last import, else at the top."""
    for wanted in imports:
        data = source.encode("utf-8", "surrogateescape")
        have = _members(parse(data, language).root_node, data, language)
        existing = [m for m in have if m.kind == "import"]
        if language == "go":
            source = _merge_go_imports(source, data, have, existing, wanted)
            continue
        if any(m.name == wanted.name for m in existing):
            continue
        same_kind = [m for m in existing if m.text.split()[0] == wanted.text.split()[0]]
        anchor = (same_kind or existing or [None])[-1]
        if wanted.text.startswith("from __future__"):  # Python takes these only at the top of a file
            anchor = None
        at = anchor.end if anchor else _header_end(have, language)
        source = _insert_lines(data, at, [wanted.text.strip()], apart=anchor is None)
    return source


def _insert_lines(data: bytes, at: int, lines: list[str], apart: bool = False) -> str:
    """`lines` as lines of their own, after the line that holds byte `at` (at the top when `at` is 0); `apart`:
    set off by blank lines from the code around them (a file's first imports)."""
    if at > 0:
        end = data.find(b"\n", at - 1)
        at = len(data) if end < 0 else end + 1
    if apart:
        before = [""] if 0 < at and not data[:at].endswith(b"\n\n") else []
        after = [""] if data[at : at + 1] not in (b"\n", b"") else []
        lines = before + lines + after
    chunk = "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")
    if at == len(data) and data and not data.endswith(b"\n"):
        chunk = b"\n" + chunk
    return (data[:at] + chunk + data[at:]).decode("utf-8", "surrogateescape")


def _header_end(members: list[Member], language: str) -> int:
    """Where imports go in a file that has none: after a Python docstring, a Go or Java package clause."""
    first = members[0] if members else None
    if first is None:
        return 0
    if language == "python" and first.kind == "other" and first.text.lstrip()[:1] in "\"'" or (
            language in ("go", "java") and first.text.startswith("package")):
        return first.end
    return 0


def _go_specs(text: str) -> list[str]:
    """The import specs of a Go import declaration: '"fmt"', 'x "os"'."""
    body = text.strip()[len("import"):].strip()
    if body.startswith("("):
        body = body.strip("()")
    return [" ".join(line.split()) for line in body.splitlines() if line.strip() and not line.strip().startswith("//")]


def _merge_go_imports(source: str, data: bytes, have: list[Member], existing: list[Member], wanted: Member) -> str:
    known = {spec for m in existing for spec in _go_specs(m.text)}
    new = list(dict.fromkeys(spec for spec in _go_specs(wanted.text) if spec not in known))
    if not new:
        return source
    grouped = next((m for m in reversed(existing) if m.text.rstrip().endswith(")")), None)
    if grouped is not None:
        close = data.rfind(b")", grouped.start, grouped.end)
        text = "".join(f"\t{spec}\n" for spec in new)
        line_start = data.rfind(b"\n", 0, close) + 1
        at = line_start if not data[line_start:close].strip() else close
        return (data[:at] + text.encode() + data[at:]).decode("utf-8", "surrogateescape")
    at = existing[-1].end if existing else _header_end(have, "go")
    return _insert_lines(data, at, [f"import {spec}" for spec in new], apart=not existing)


def _drop_unused_go_imports(result: str, original: str) -> str:
    """Go refuses imports that are not used: drop those the original used and the rewrite no longer does."""
    data = result.encode("utf-8", "surrogateescape")
    unused = []
    for spec in _nodes(parser("go").parse(data).root_node, "import_spec"):
        path = spec.child_by_field_name("path")
        alias = spec.child_by_field_name("name")
        if path is None or (alias is not None and alias.text in (b"_", b".")):
            continue
        name = (alias.text if alias is not None else path.text.strip(b'"').rsplit(b"/", 1)[-1]).decode()
        used = re.compile(rf"\b{re.escape(name)}\.")
        body = data[: spec.start_byte] + data[spec.end_byte :]
        if not used.search(body.decode("utf-8", "surrogateescape")) and used.search(original):
            unused.append(path.text.strip(b'"').decode())
    return remove_go_imports(result, unused)


def remove_go_imports(source: str, paths: list[str]) -> str:
    """`source` without its Go imports of these paths (a declaration left empty goes with them)."""
    data = source.encode("utf-8", "surrogateescape")
    removals = []
    for spec in _nodes(parser("go").parse(data).root_node, "import_spec"):
        path = spec.child_by_field_name("path")
        if path is not None and path.text.strip(b'"').decode() in paths:
            declaration = spec.parent if spec.parent.type == "import_declaration" else None
            removals.append(declaration if declaration is not None else spec)
    for node in sorted(removals, key=lambda n: -n.start_byte):
        end = node.end_byte + (1 if data[node.end_byte : node.end_byte + 1] == b"\n" else 0)
        start = data.rfind(b"\n", 0, node.start_byte) + 1 if node.type == "import_spec" else node.start_byte
        data = data[:start] + data[end:]
    return data.decode("utf-8", "surrogateescape")


def _nodes(node: Node, kind: str):
    if node.type == kind:
        yield node
    for child in node.children:
        yield from _nodes(child, kind)
