"""Go's fix-its."""

from __future__ import annotations

import re

from tree_sitter import Node

from bite.diagnosis import text
from bite.diagnosis.fixits.base import accumulated, each_builder, edited, fixit, insert_at_body_start, main_body, parsed
from bite.diagnosis.go import case_folded_comparisons, declared_type, numbers_sprinted, regexp_compiles_repeated
from bite.splicing import add_imports, remove_go_imports

_GO_READER, _GO_WRITER = "stdinReader", "stdoutWriter"


def _go_declare(source: str, declaration: str, imports: tuple[str, ...] = ("bufio", "os")) -> str:
    """`source` with `imports` imported and a package-level `declaration` after the imports."""
    source = add_imports(source, "go", [f'import "{path}"' for path in imports])
    data = source.encode("utf-8", "surrogateescape")
    root = parsed(source, "go").root_node
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
    body = main_body(rewritten, "go", {"function_declaration"})
    return insert_at_body_start(rewritten, body, [f"defer {_GO_WRITER}.Flush()"]) if body is not None else None


@fixit("go", "go-string-concat-in-loop")
def go_string_builder(source: str) -> str | None:
    """A local string built in a loop as a strings.Builder: WriteString for each piece, String() for each read."""
    rewritten = each_builder(source, "go", {"short_var_declaration", "var_declaration"}, _go_builder)
    return add_imports(rewritten, "go", ['import "strings"']) if rewritten is not None else None


_GO_SIGNED = {"int8", "int16", "int32", "int64", "rune"}
_GO_UNSIGNED = {"uint", "uint8", "uint16", "uint32", "uint64", "byte", "uintptr"}


@fixit("go", "go-sprintf-number")
def go_strconv_numbers(source: str) -> str | None:
    """fmt.Sprintf("%d", x) as strconv.Itoa(x) for a declared int, strconv.FormatInt(int64(x), 10) otherwise
    (%d takes integers only); fmt.Sprint(x) and "%v" only for a variable declared an integer type."""
    tree, edits = parsed(source, "go"), []
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
    rewritten = add_imports(edited(source.encode("utf-8", "surrogateescape"), edits), "go", ['import "strconv"'])
    return rewritten if "fmt." in rewritten else remove_go_imports(rewritten, ["fmt"])


@fixit("go", "go-tolower-compare")
def go_equal_fold(source: str) -> str | None:
    """strings.ToLower(a) == strings.ToLower(b) (or ToUpper, or against a literal already in that case) as
    strings.EqualFold(a, b), which allocates nothing (it folds Unicode simply: the judge compares outputs)."""
    tree, edits = parsed(source, "go"), []
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
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


def _go_builder(declaration: Node) -> list[tuple[int, int, str]] | None:
    initial = _go_string_declared(declaration)
    if initial is None or declaration.parent.type not in ("statement_list", "block"):
        return None
    name = text(declaration.named_children[0].named_children[0])
    found = accumulated(declaration.parent, declaration, name, "go")
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
    for call in regexp_compiles_repeated(parsed(source, "go")):
        function, arguments = (text(call.child_by_field_name(f)) for f in ("function", "arguments"))
        pattern = call.child_by_field_name("arguments").named_children
        if function not in ("regexp.MustCompile", "regexp.MustCompilePOSIX") or len(pattern) != 1 or (
                not _go_constant_string(pattern[0])):  # fmt: skip
            continue
        name = names.setdefault(function + arguments, f"bitePattern{len(names) + 1}")
        edits.append((call.start_byte, call.end_byte, name))
    if not edits or any(name in source for name in names.values()):
        return None
    rewritten = edited(source.encode("utf-8", "surrogateescape"), edits)
    for made, name in reversed(names.items()):
        rewritten = _go_declare(rewritten, f"{name} = {made}", imports=())
    return rewritten
