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

from tree_sitter import Node

from bite.diagnosis import LOOPS, Finding, descendants
from bite.languages import function_name, parser
from bite.splicing import add_imports

Rewrite = Callable[[str], "str | None"]  # the whole program -> the whole rewritten program, or None: does not apply

# language -> (id, needs its detector's finding, rewrite), in the order they are tried
_FIXITS: dict[str, list[tuple[str, bool, Rewrite]]] = {}


def fixit(language: str, id: str, needs_finding: bool = True) -> Callable[[Rewrite], Rewrite]:
    def register(rewrite: Rewrite) -> Rewrite:
        _FIXITS.setdefault(language, []).append((id, needs_finding, rewrite))
        return rewrite

    return register


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
    first = next((c for c in body.named_children if c.type != "comment"), None)
    indent = b"    "
    if first is not None and first.start_point[0] != body.start_point[0]:
        line_start = data.rfind(b"\n", 0, first.start_byte) + 1
        indent = data[line_start : first.start_byte]
    at = body.start_byte + 1  # just after "{"
    text = b"".join(b"\n" + indent + line.encode() for line in lines)
    return (data[:at] + text + data[at:]).decode("utf-8", "surrogateescape")


def _main_body(source: str, language: str, kinds: set[str]) -> Node | None:
    for node in descendants(_tree(source, language).root_node, kinds):
        if function_name(node) == "main":
            return node.child_by_field_name("body")
    return None


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


# --- Go ---------------------------------------------------------------------------------------------------

_GO_READER, _GO_WRITER = "stdinReader", "stdoutWriter"


def _go_declare(source: str, declaration: str) -> str:
    """`source` with bufio and os imported and a package-level `declaration` after the imports."""
    source = add_imports(source, "go", ['import "bufio"', 'import "os"'])
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
