"""The fix-its' registry, and the edits they share: parsing, byte-span edits, a body's first statements,
and strings built in a loop turned into builders (C++, Go, Java)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tree_sitter import Node

from bite.diagnosis import LOOPS, Finding, descendants, text
from bite.languages import function_name, parser

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
        rewritten = _tried(rewrite, source)
        if rewritten is not None and rewritten != source:
            made.append((id, rewritten))
    if len(made) > 1:
        combined, applied = source, {id for id, _ in made}
        for id, _, rewrite in _FIXITS[language]:
            if id in applied:
                combined = _tried(rewrite, combined) or combined
        made.append(("all", combined))
    return made


def _tried(rewrite: Rewrite, source: str) -> str | None:
    """The rewrite, or None where it trips over code it did not foresee (a model's child may parse oddly): a
    fix-it is a shortcut, and the search goes on without it."""
    try:
        return rewrite(source)
    except Exception:  # noqa: BLE001
        return None


def parsed(source: str, language: str):
    return parser(language).parse(source.encode("utf-8", "surrogateescape"))


def insert_at_body_start(source: str, body: Node, lines: list[str]) -> str:
    """`lines` as the first statements of a `{ ... }` body, indented like its first statement."""
    data = source.encode("utf-8", "surrogateescape")
    return edited(data, [at_body_start(data, body, lines)])


def at_body_start(data: bytes, body: Node, lines: list[str]) -> tuple[int, int, str]:
    """The edit putting `lines` first in a `{ ... }` body (statements, or a class's members), indented like
    what is there."""
    first = next((c for c in body.named_children if c.type != "comment"), None)
    indent = "    "
    if first is not None and first.start_point[0] != body.start_point[0]:
        line_start = data.rfind(b"\n", 0, first.start_byte) + 1
        indent = data[line_start : first.start_byte].decode("utf-8", "surrogateescape")
    at = body.start_byte + 1  # just after "{"
    return at, at, "".join(f"\n{indent}{line}" for line in lines)


def main_body(source: str, language: str, kinds: set[str]) -> Node | None:
    for node in descendants(parsed(source, language).root_node, kinds):
        if function_name(node) == "main":
            return node.child_by_field_name("body")
    return None


def edited(data: bytes, edits: list[tuple[int, int, str]]) -> str:
    """`data` with each (start, end, text) byte span replaced (the spans do not overlap)."""
    for start, end, new in sorted(edits, reverse=True):
        data = data[:start] + new.encode("utf-8", "surrogateescape") + data[end:]
    return data.decode("utf-8", "surrogateescape")


# A string built by `s += x` in a loop (quadratic: each += copies it) becomes a builder that appends. Only a
# local whose every use is known: its one declaration, `s += x` or `s = s + a + b` as statements, and reads,
# which become the builder's string. Anything else (another assignment, its address, a second declaration of
# the name) leaves it alone.


def grown_by(assignment: Node, name: str) -> list[Node] | None:
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


def declares(use: Node, parent: Node, field: str | None) -> bool:
    """Whether `use` declares its name again (a parameter, a loop's variable, Go's `s, err :=`) or takes its
    address: either way the builder could not stand in for it."""
    if field in ("name", "parameters") or parent.type == "inferred_parameters":
        return True
    if parent.type == "expression_list":
        owner = parent.parent
        return owner.type in ("short_var_declaration", "range_clause") and owner.child_by_field_name("left") == parent
    return parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "&"


def accumulated(scope: Node, declaration: Node, name: str, language: str,
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
            pieces = grown_by(assignment, name)
            if (pieces is None or len(parent.named_children) > 1 and parent.type == "expression_list"
                    or assignment.parent.type not in ("expression_statement", "statement_list", "block")
                    or any(text(n) == name for p in pieces for n in descendants(p, "identifier"))):
                return None
            grows.append((assignment, pieces))
        elif declares(use, parent, field):
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


def each_builder(source: str, language: str, kinds: set[str], edits_for: Callable[[Node], list | None],
                  ) -> str | None:  # fmt: skip
    """`source` with each declaration that `edits_for` can turn into a builder turned, one at a time (the next
    is found in the program as rewritten so far: one string may be built from another); None if none can."""
    rewritten = None
    while True:
        current = source if rewritten is None else rewritten
        tree = parsed(current, language)
        edits = next(filter(None, map(edits_for, descendants(tree.root_node, kinds))), None)
        if edits is None:
            return rewritten
        rewritten = edited(current.encode("utf-8", "surrogateescape"), edits)


def line_indent(data: bytes, node: Node) -> str:
    """The whitespace that starts the line of `node` (only that, where code comes before `node` on its line)."""
    start = data.rfind(b"\n", 0, node.start_byte) + 1
    line = data[start : node.start_byte].decode("utf-8", "surrogateescape")
    return line[: len(line) - len(line.lstrip())]


def window_rewrite(window, chosen: Node, data: bytes, computed: str, reset: str, value: str = "bite_value",
                   widened: str = "(long long) ") -> list[tuple[int, int, str]]:  # fmt: skip
    """The edits that keep a window (bite.diagnosis.windows) up to date, in C, C++ or Java: its loop becomes
    `if (lo < hi) { <computed> <statement> }`, the statement folding `value` (which `computed` declares from
    `{low}` and `{high}`, the window's ends, hi exclusive; `widened` is the cast that keeps hi + 1 from
    overflowing) instead of each element; `reset` goes before the `chosen` loop."""
    statement = window.statement
    pieces, at = [], statement.start_byte
    for node in descendants(statement, {window.element.type, "comment", "line_comment", "block_comment"}):
        if node.start_byte < at or node.type == window.element.type and text(node) != text(window.element):
            continue
        pieces += [data[at : node.start_byte].decode("utf-8", "surrogateescape"),
                   "" if "comment" in node.type else value]  # fmt: skip
        at = node.end_byte
    pieces.append(data[at : statement.end_byte].decode("utf-8", "surrogateescape"))
    folded = " ".join("".join(pieces).split())
    if window.kind == "sum":  # `s = s + x` too: Java narrows a sum only in `+=`
        folded = f"{window.accumulator} += {value}" + (";" if text(statement).endswith(";") else "")
    low, high = text(window.low), text(window.high)
    end = f"{widened}{_grouped(high)} + 1" if window.inclusive else high
    test = f"{_grouped(low)} {'<=' if window.inclusive else '<'} {_grouped(high)}"
    indent = line_indent(data, window.loop)
    deeper = indent + ("\t" if "\t" in indent else "    ")
    replaced = (f"if ({test}) {{  /* the window's {window.kind}, kept up to date */\n"
                f"{deeper}{computed.format(low=low, high=end)}\n{deeper}{folded}\n{indent}}}")  # fmt: skip
    line_start = data.rfind(b"\n", 0, chosen.start_byte) + 1
    fresh = f"{line_indent(data, chosen)}{reset}  /* a fresh window for this loop */\n"
    return [(window.loop.start_byte, window.loop.end_byte, replaced), (line_start, line_start, fresh)]


def _grouped(expression: str) -> str:
    """An expression, in parentheses unless it is a name or a number."""
    return expression if expression.replace("_", "a").isalnum() else f"({expression})"
