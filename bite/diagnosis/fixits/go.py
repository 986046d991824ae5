"""Go's fix-its."""

from __future__ import annotations

import re

from tree_sitter import Node

from bite.diagnosis import ancestors, descendants, text
from bite.diagnosis.fixits.base import (
    accumulated,
    each_builder,
    edited,
    fixit,
    insert_at_body_start,
    main_body,
    parsed,
    window_rewrite,
)
from bite.diagnosis.go import (
    assigned,
    case_folded_comparisons,
    changed_in,
    conversions_in_loops,
    declared_type,
    handed_over,
    numbers_sprinted,
    recursion_without_memo,
    regexp_compiles_repeated,
    searches_in_loops,
)
from bite.diagnosis.windows import go_window_reductions
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


# Recursion without memo, memoized as C's is (bite.diagnosis.fixits.c): the function renamed `bite<Name>Uncached`,
# a wrapper with its name keeps a map of results, keyed by a struct of its comparable scalar parameters, for one
# outermost call. Any other parameter goes unchanged into every recursive call. The function writes only its
# locals and key parameters, starts no goroutine, makes no closure, and calls only itself, pure functions of the
# file and of the packages below, builtins that make or measure, and conversions.

_GO_SCALARS = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
               "float32", "float64", "string", "bool", "byte", "rune"}  # fmt: skip
_GO_PURE_PACKAGES = {"math", "strings", "strconv", "unicode", "utf8", "bits", "cmplx"}
_GO_PURE_BUILTINS = {"len", "cap", "make", "new", "min", "max", "complex", "real", "imag"}
_GO_IMPURE = {"func_literal", "go_statement", "send_statement", "select_statement", "defer_statement"}


def _go_names(node: Node, kinds: set[str]) -> set[str]:
    """The names that declarations of these kinds under `node` declare."""
    names = set()
    for declaration in descendants(node, kinds):
        held = declaration.child_by_field_name("left") if declaration.type in ("short_var_declaration",
                                                                                "range_clause") else None  # fmt: skip
        found = held.named_children if held is not None else declaration.children_by_field_name("name")
        names |= {text(n) for n in found if n.type == "identifier"}
    return names


def _go_target(node: Node) -> Node | None:
    while node.type in ("index_expression", "selector_expression", "parenthesized_expression", "slice_expression"):
        node = node.child_by_field_name("operand") or node.named_children[0]
    return node if node.type == "identifier" else None


def _go_pure(function: Node, writable: set[str], functions: dict[str, Node], seen: set[str]) -> bool:
    """Whether `function` writes only its locals and `writable` parameters and calls only pure functions (those
    of the file checked in turn, `seen` holding those already taken as pure)."""
    body = function.child_by_field_name("body")
    local = _go_names(body, {"short_var_declaration", "var_spec", "range_clause", "const_spec"})
    writable, own = writable | local | {"_"}, _go_own(body)
    if any(True for _ in descendants(body, _GO_IMPURE)):
        return False
    for change in descendants(body, {"assignment_statement", "inc_statement", "dec_statement"}):
        written = change.child_by_field_name("left").named_children if change.type == "assignment_statement" else (
            change.named_children[:1])  # fmt: skip
        for node in written:
            target = _go_target(node)
            if target is None or text(target) not in (writable if node == target else own):
                return False  # a write through a slice, map or pointer reaches only what the function made
    for call in descendants(body, "call_expression"):
        callee = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments").named_children
        if callee.type == "selector_expression":
            owner = callee.child_by_field_name("operand")
            if text(owner) in _GO_PURE_PACKAGES or (owner.type == "identifier" and text(owner) in own):
                continue
            field = text(callee.child_by_field_name("field"))
            methods = [m for m in descendants(function.parent, "method_declaration")
                       if text(m.child_by_field_name("name")) == field]  # fmt: skip
            if methods and all(_go_pure(m, set(_go_parameters(m)), functions, seen | {field}) for m in methods):
                continue  # a method of the file that changes nothing (its receiver included)
            return False
        name = text(callee)
        if name in ("append", "copy"):
            into = _go_target(arguments[0]) if arguments else None
            if into is not None and text(into) in own:
                continue  # only what the function made itself grows or is copied into
            return False
        if name in seen or name in _GO_SCALARS or (name in _GO_PURE_BUILTINS and name not in functions):
            continue
        helper = functions.get(name)
        if helper is None or not _go_pure(helper, set(_go_parameters(helper)), functions, seen | {name}):
            return False
    return True


def _go_own(body: Node) -> set[str]:
    """Locals that hold what the function made: declared from make, new, a composite literal, a conversion's
    copy or nothing (a nil slice or map, an array), and only ever set again from such values or appends to
    themselves."""
    def made(value: Node | None, name: str) -> bool:
        if value is None:
            return True
        if value.type in ("composite_literal", "type_conversion_expression"):
            return True
        callee = text(value.child_by_field_name("function")) if value.type == "call_expression" else ""
        arguments = value.child_by_field_name("arguments").named_children if callee else []
        return callee in ("make", "new") or callee == "append" and bool(arguments) and text(arguments[0]) == name

    own, elsewhere = set(), set()
    for declaration in descendants(body, {"short_var_declaration", "var_spec"}):
        names = declaration.child_by_field_name("left") if declaration.type == "short_var_declaration" else None
        names = names.named_children if names is not None else declaration.children_by_field_name("name")
        values = declaration.child_by_field_name("right" if declaration.type == "short_var_declaration" else "value")
        values = values.named_children if values is not None else [None] * len(names)
        for name, value in zip(names, values):
            (own if made(value, text(name)) else elsewhere).add(text(name))
    for assignment in descendants(body, "assignment_statement"):
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        for name, value in zip(left.named_children, right.named_children):
            if name.type == "identifier" and not made(value, text(name)):
                elsewhere.add(text(name))
    return own - elsewhere


def _go_parameters(function: Node) -> dict[str, str]:
    """Parameter name -> its type as written."""
    return {text(name): text(declaration.child_by_field_name("type"))
            for declaration in function.child_by_field_name("parameters").named_children
            if declaration.type == "parameter_declaration"
            for name in declaration.children_by_field_name("name")}  # fmt: skip


def _go_result(function: Node) -> str | None:
    """The one unnamed result's type, or None."""
    result = function.child_by_field_name("result")
    if result is not None and result.type == "parameter_list":
        declared = result.named_children
        if len(declared) != 1 or declared[0].child_by_field_name("name") is not None:
            return None
        result = declared[0].child_by_field_name("type")
    return text(result) if result is not None else None


def _go_memo_edit(function: Node, name: str, data: bytes, functions: dict[str, Node]) -> tuple[int, int, str] | None:
    returned, body = _go_result(function), function.child_by_field_name("body")
    parameters = _go_parameters(function)
    declared = function.child_by_field_name("parameters").named_children
    if returned not in _GO_SCALARS or function.child_by_field_name("type_parameters") is not None or (
            any(d.type != "parameter_declaration" for d in declared) or "_" in parameters):  # fmt: skip
        return None  # several results, generics, variadic or blank parameters
    names = list(parameters)
    if sum(len(d.children_by_field_name("name")) or 1 for d in declared) != len(names):
        return None  # unnamed parameters
    keys = [n for n in names if parameters[n] in _GO_SCALARS]
    for call in descendants(body, "call_expression"):
        if text(call.child_by_field_name("function")) != name:
            continue
        arguments = call.child_by_field_name("arguments").named_children
        if len(arguments) != len(names) or any(n not in keys and text(a) != n for n, a in zip(names, arguments)):
            return None  # a parameter outside the key changes between calls
    if not keys or not _go_pure(function, set(keys), functions, {name}):
        return None
    title = name[0].upper() + name[1:]
    memo, depth, key_type, uncached = f"bite{title}Memo", f"bite{title}Depth", f"bite{title}Key", f"bite{title}Uncached"
    header = data[function.start_byte : body.start_byte].decode("utf-8", "surrogateescape").rstrip()
    at = function.child_by_field_name("name").start_byte - function.start_byte
    fields = "\n".join(f"\t{key} {parameters[key]}" for key in keys)
    wrapper = f"""{header[:at]}{uncached}{header[at + len(name):]} {text(body)}

// {name} memoized: its results by its arguments, for one outermost call
type {key_type} struct {{
{fields}
}}

var {memo} map[{key_type}]{returned}
var {depth} int

{header} {{
\tif {depth} == 0 {{
\t\t{memo} = map[{key_type}]{returned}{{}}
\t}}
\tbiteKey := {key_type}{{{", ".join(keys)}}}
\tif biteFound, ok := {memo}[biteKey]; ok {{
\t\treturn biteFound
\t}}
\t{depth}++
\tbiteValue := {uncached}({", ".join(names)})
\t{depth}--
\t{memo}[biteKey] = biteValue
\treturn biteValue
}}"""
    return function.start_byte, function.end_byte, wrapper


@fixit("go", "go-recursion-without-memo")
def go_memoized_recursion(source: str) -> str | None:
    tree, data = parsed(source, "go"), source.encode("utf-8", "surrogateescape")
    flagged = set(recursion_without_memo(tree, data, "go"))
    functions = {text(f.child_by_field_name("name")): f for f in tree.root_node.named_children
                 if f.type == "function_declaration"}  # fmt: skip
    edits = []
    for name, function in functions.items():
        holds_flagged = any(function.start_point[0] <= row <= function.end_point[0] for row in flagged)
        if holds_flagged and f"bite{name[0].upper()}{name[1:]}" not in source:
            made = _go_memo_edit(function, name, data, functions)
            edits += [made] if made is not None else []
    return edited(data, edits) if edits else None


@fixit("go", "go-linear-search-in-loop")
def go_map_for_searches(source: str) -> str | None:
    """`for _, k := range xs { if k == x { ...; break } }` inside a loop that leaves xs alone becomes
    `if xsSet[x] { ... }`, with the map of xs's values built once before the outermost such loop. Only for a
    loop whose body is that `if` alone, ending in its only break, not using k, for a slice of scalars."""
    tree, data = parsed(source, "go"), source.encode("utf-8", "surrogateescape")
    edits, sets = [], {}  # (slice, loop) -> the map's name
    for inner, searched, sought in searches_in_loops(tree):
        replaced = _as_lookup(inner, sought, data)
        element = _slice_element(inner, searched, tree)
        loop = _outermost_loop_keeping(inner, searched)
        if replaced is None or element is None or loop is None:
            continue
        key = (searched, loop.id)
        if key not in sets:
            line_start = data.rfind(b"\n", 0, loop.start_byte) + 1
            indent = data[line_start : loop.start_byte].decode("utf-8", "surrogateescape")
            name = f"{searched}Set"
            name = name if name not in sets.values() else f"{name}{len(sets)}"
            if indent.strip() or name in source:
                continue
            sets[key] = name
            built = [f"{name} := make(map[{element}]bool, len({searched}))", f"for _, biteItem := range {searched} {{",
                     f"\t{name}[biteItem] = true", "}"]  # fmt: skip
            edits.append((line_start, line_start, "".join(f"{indent}{line}\n" for line in built)))
        edits.append((inner.start_byte, inner.end_byte, replaced.replace(_SET, sets[key])))
    return edited(data, edits) if edits else None


_SET = "\0set\0"  # where the map's name goes in a lookup


def _statements(block: Node | None) -> list[Node]:
    held = block.named_children if block is not None else []
    if len(held) == 1 and held[0].type == "statement_list":
        held = held[0].named_children
    return [s for s in held if s.type != "comment"]


def _as_lookup(loop: Node, sought: Node, data: bytes) -> str | None:
    """The `if <map>[x] { ... }` standing for a range loop whose body is `if k == x { ...; break }` alone."""
    header = next((c for c in loop.named_children if c.type in ("range_clause", "for_clause")), None)
    left = header.child_by_field_name("left") if header is not None and header.type == "range_clause" else None
    names = [text(n) for n in left.named_children] if left is not None else []
    body = _statements(loop.child_by_field_name("body"))
    if len(names) != 2 or len(body) != 1 or body[0].type != "if_statement":
        return None
    branch = body[0]
    condition, consequence = branch.child_by_field_name("condition"), branch.child_by_field_name("consequence")
    if branch.child_by_field_name("alternative") is not None or branch.child_by_field_name("initializer"):
        return None
    sides = {text(condition.child_by_field_name("left")), text(condition.child_by_field_name("right"))}
    if condition.type != "binary_expression" or text(condition.child_by_field_name("operator")) != "==" or (
            sides != {names[1], text(sought)}):  # fmt: skip
        return None
    done = _statements(consequence)
    jumps = list(descendants(consequence, {"break_statement", "continue_statement", "goto_statement"}))
    if not done or done[-1].type != "break_statement" or done[-1].named_children or jumps != [done[-1]]:
        return None  # the break must be the last statement and the only jump
    if any(text(n) in names for n in descendants(consequence, "identifier")) or any(
            _call_name(c) != "len" for c in descendants(sought, "call_expression")):  # fmt: skip
        return None  # the element is used, or the value sought calls something (it would be called once)
    kept = data[consequence.start_byte + 1 : done[-1].start_byte].decode("utf-8", "surrogateescape").rstrip()
    kept = "\n".join(line.removeprefix("\t") for line in kept.split("\n"))
    line_start = data.rfind(b"\n", 0, loop.start_byte) + 1
    indent = data[line_start : loop.start_byte].decode("utf-8", "surrogateescape")
    return f"if {_SET}[{text(sought)}] {{{kept}\n{indent}}}"


def _call_name(call: Node) -> str:
    return text(call.child_by_field_name("function"))


def _slice_element(loop: Node, searched: str, tree) -> str | None:
    """The element type of the slice a loop ranges over, when it is a scalar a map can key."""
    header = next((c for c in loop.named_children if c.type == "range_clause"), None)
    ranged = header.child_by_field_name("right") if header is not None else None
    kind = declared_type(ranged, tree) if ranged is not None and text(ranged) == searched else None
    element = kind.removeprefix("[]") if kind is not None and kind.startswith("[]") else None
    return element if element in _GO_SCALARS else None


def _outermost_loop_keeping(inner: Node, searched: str) -> Node | None:
    """The outermost loop around `inner`, within its function, that leaves the slice `searched` alone."""
    best, node = None, inner
    while (outer := next((up for up in ancestors(node) if up.type in ("for_statement", *_GO_FUNCTIONS)), None)) and (
            outer.type == "for_statement"):  # fmt: skip
        if changed_in(outer, searched) or outer.parent.type not in ("statement_list", "block"):
            break
        best = node = outer
    return best


_GO_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


@fixit("go", "go-conversion-in-loop")
def go_conversions_once(source: str) -> str | None:
    """[]rune(s) and []byte(s) of a string the loop leaves alone, converted once before the outermost such loop,
    where each conversion is only read: indexed (not written), measured with len or ranged over."""
    tree, data = parsed(source, "go"), source.encode("utf-8", "surrogateescape")
    hoisted, edits = {}, []  # (loop, conversion's text) -> variable
    for conversion, operand in conversions_in_loops(tree):
        kind = text(conversion.child_by_field_name("type")) if conversion.type == "type_conversion_expression" else ""
        if kind not in ("[]rune", "[]byte") or operand.type != "identifier" or not _only_read(conversion):
            continue
        inner = next((up for up in ancestors(conversion) if up.type in ("for_statement", *_GO_FUNCTIONS)), None)
        loop = _outermost_loop_keeping(conversion, text(operand)) if inner is not None else None
        if loop is None:
            continue
        key = (loop.id, text(conversion))
        if key not in hoisted:
            variable = f"{text(operand)}{'Runes' if kind == '[]rune' else 'Bytes'}"
            line_start = data.rfind(b"\n", 0, loop.start_byte) + 1
            indent = data[line_start : loop.start_byte].decode("utf-8", "surrogateescape")
            if variable in source or variable in hoisted.values() or indent.strip():
                continue
            hoisted[key] = variable
            edits.append((line_start, line_start, f"{indent}{variable} := {text(conversion)}\n"))
        edits.append((conversion.start_byte, conversion.end_byte, hoisted[key]))
    return edited(data, edits) if edits else None


def _only_read(conversion: Node) -> bool:
    """Whether a conversion's copy is only read: indexed (not assigned to or through), measured or ranged."""
    parent = conversion.parent
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == conversion:
        holder = parent.parent
        target = holder.type == "expression_list" and holder.parent.type == "assignment_statement" and (
            holder.parent.child_by_field_name("left") == holder)  # fmt: skip
        return not target and holder.type not in ("inc_statement", "dec_statement", "unary_expression")
    if parent.type == "argument_list" and parent.parent.type == "call_expression":
        return text(parent.parent.child_by_field_name("function")) == "len"
    return parent.type == "range_clause" and parent.child_by_field_name("right") == conversion


# A window that a loop re-scans, kept up to date as in C (bite.diagnosis.fixits.c explains how), here over a
# slice or array of integers, with generic helpers (Go 1.18).
_GO_WINDOWS = """
// biteWindow: a window a[lo:hi] that a loop re-scanned, kept up to date while it slides forward (neither end
// moves back): each element enters and leaves once. Any other window is scanned afresh.
type biteWindow struct {
	array  any
	lo, hi int
	sum    uint64
	at     []int // max and min: the window's indices, each beating every later one
	head   int
}

type biteInteger interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

func (w *biteWindow) restart(array any, l, h int) {
	if w.array != array || l < w.lo || h < w.hi || l > w.hi {
		w.array, w.lo, w.hi, w.sum, w.at, w.head = array, l, l, 0, w.at[:0], 0
	}
}

func biteWindowSum[T biteInteger](w *biteWindow, a []T, l, h int) T {
	w.restart(&a[0], l, h)
	for ; w.hi < h; w.hi++ {
		w.sum += uint64(a[w.hi])
	}
	for ; w.lo < l; w.lo++ {
		w.sum -= uint64(a[w.lo])
	}
	return T(w.sum)
}

func biteWindowMax[T biteInteger](w *biteWindow, a []T, l, h int) T {
	return biteWindowExtreme(w, a, l, h, true)
}

func biteWindowMin[T biteInteger](w *biteWindow, a []T, l, h int) T {
	return biteWindowExtreme(w, a, l, h, false)
}

func biteWindowExtreme[T biteInteger](w *biteWindow, a []T, l, h int, highest bool) T {
	w.restart(&a[0], l, h)
	for ; w.hi < h; w.hi++ {
		for len(w.at) > w.head {
			last := a[w.at[len(w.at)-1]]
			if highest && last > a[w.hi] || !highest && last < a[w.hi] {
				break
			}
			w.at = w.at[:len(w.at)-1]
		}
		if len(w.at) == cap(w.at) && 2*w.head >= len(w.at) {
			w.at = w.at[:copy(w.at, w.at[w.head:])]
			w.head = 0
		}
		w.at = append(w.at, w.hi)
	}
	w.lo = l
	for w.at[w.head] < l {
		w.head++
	}
	return a[w.at[w.head]]
}
"""
_GO_INTEGERS = _GO_SCALARS - {"float32", "float64", "string", "bool"}
_GO_READ_ONLY_PACKAGES = {"fmt", "strconv", "math", "strings", "unicode", "utf8", "bits"}


def _go_window_stays(array: str, element: str, loop: Node, function: Node, tree, defined: set[str]) -> bool:
    """Whether nothing in `loop` can change the slice's elements. It does not write them, point the name
    elsewhere or hand the slice to a call. It calls no function of the file, no method and no closure, and hands
    the library's functions (but for fmt, strconv and the like, which only read) no slice that could share
    the array. It writes elements only of slices of another element type, or of slices the function made itself
    while this one is a parameter or also made here."""
    if changed_in(loop, array):
        return False
    own = _go_own(function.child_by_field_name("body"))
    parameters = set(_go_parameters(function))

    def may_share(name: str) -> bool:
        kind = declared_type(loop, tree, name)
        if kind is not None and kind.lstrip("[]0123456789") != element:
            return False  # slices of different element types never share an array
        return not (name in own and (array in own or array in parameters and array not in assigned(function.child_by_field_name("body"))))

    for call in descendants(loop, "call_expression"):
        callee = call.child_by_field_name("function")
        if callee.type == "identifier":
            if text(callee) in defined or text(callee) not in _GO_PURE_BUILTINS | {"append", "print", "println"}:
                return False  # the file's function, a closure, or copy into a slice
            continue
        package = callee.child_by_field_name("operand") if callee.type == "selector_expression" else None
        if package is None or package.type != "identifier" or declared_type(package, tree) is not None:
            return False  # a method, on some value
        if text(package) in _GO_READ_ONLY_PACKAGES:
            continue
        handed = {handed_over(a) for a in call.child_by_field_name("arguments").named_children}
        if any(may_share(name) for name in handed if name.isidentifier()):
            return False
    for target in _go_element_writes(loop):
        if target.type != "identifier" or text(target) == array or may_share(text(target)):
            return False
    return True


def _go_element_writes(loop: Node) -> list[Node]:
    """What each element write in `loop` writes through: xs for xs[i] = v, xs[i]++ or xs[i][j] += v."""
    targets = []
    for change in descendants(loop, {"assignment_statement", "inc_statement", "dec_statement"}):
        left = change.child_by_field_name("left")
        for written in left.named_children if left is not None else change.named_children[:1]:
            if written.type in ("index_expression", "selector_expression", "unary_expression"):
                while written.type in ("index_expression", "parenthesized_expression"):
                    written = written.child_by_field_name("operand") or written.named_children[0]
                targets.append(written)
    return targets


def _go_windows(source: str, kinds: set[str]) -> str | None:
    tree, data = parsed(source, "go"), source.encode("utf-8", "surrogateescape")
    if any(f"bite{kind.title()}Window" in source for kind in kinds):
        return None  # applied already
    defined = {text(f.child_by_field_name("name")) for f in descendants(tree.root_node, {
        "function_declaration", "method_declaration"})}  # fmt: skip
    edits, states = [], []
    for window in go_window_reductions(tree):
        kind = declared_type(window.array, tree)
        element = kind.lstrip("[]0123456789") if kind is not None else None
        function = next((up for up in ancestors(window.loop) if up.type in _GO_FUNCTIONS), None)
        if window.kind not in kinds or element not in _GO_INTEGERS or function is None or (
                function.type == "func_literal"):  # fmt: skip
            continue  # a closure may run at any time: the slice may have changed since its last window
        header = next(c for c in window.loop.named_children if c.type in ("for_clause", "range_clause"))
        start = header.child_by_field_name("initializer") if header.type == "for_clause" else None
        if start is not None and start.type != "short_var_declaration":
            continue  # `j = lo`: its last value may be read after the loop
        chosen, outer = None, window.loop
        while (outer := next((up for up in ancestors(outer) if up.type in ("for_statement", *_GO_FUNCTIONS)))) and (
                outer.type == "for_statement"):  # fmt: skip
            if not _go_window_stays(text(window.array), element, outer, function, tree, defined):
                break
            chosen = outer if outer.parent.type in ("block", "statement_list") else chosen
        if chosen is None:
            continue
        state = f"bite{window.kind.title()}Window{len(states)}"
        states.append(f"var {state} biteWindow")
        whole = "[:]" if kind is not None and not kind.startswith("[]") else ""  # an array
        helper = f"biteWindow{window.kind.title()}"
        computed = f"biteValue := {helper}(&{state}, {text(window.array)}{whole}, {{low}}, {{high}})"
        edits += window_rewrite(window, chosen, data, computed, f"{state} = biteWindow{{}}", "biteValue", "")
    if not edits:
        return None
    helpers = "" if "type biteWindow struct" in source else _GO_WINDOWS
    edits.append((len(data), len(data), helpers + "\n" + "\n".join(states) + "\n"))
    return edited(data, edits)


@fixit("go", "go-window-sum-recomputed")
def go_running_window_sums(source: str) -> str | None:
    return _go_windows(source, {"sum"})


@fixit("go", "go-window-extreme-recomputed")
def go_monotonic_window_extremes(source: str) -> str | None:
    return _go_windows(source, {"max", "min"})
