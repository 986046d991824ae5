"""Java's fix-its."""

from __future__ import annotations

import re
from pathlib import Path

from tree_sitter import Node

from bite.diagnosis import LOOPS, ancestors, descendants, text
from bite.diagnosis.fixits.base import (
    accumulated,
    at_body_start,
    each_builder,
    edited,
    fixit,
    insert_at_body_start,
    main_body,
    parsed,
    window_rewrite,
)
from bite.diagnosis.java import (
    STRING_TYPES,
    boxed_accumulators,
    format_calls_in_loops,
    java_variables,
    linked_lists_indexed_in_loops,
    list_searches_in_loops,
    lists_changed_at_front,
    recursion_without_memo,
    regex_calls_in_loop,
    uses_of,
    variable_of,
)
from bite.diagnosis.windows import window_reductions
from bite.splicing import add_imports


@fixit("java", "java-println-in-loop")
def java_buffered_output(source: str) -> str | None:
    body = main_body(source, "java", {"method_declaration"})
    if body is None:
        return None
    return insert_at_body_start(source, body, [
        "System.setOut(new java.io.PrintStream(new java.io.BufferedOutputStream("
        "new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false));",
        # System.exit flushes it too. A class, not System.out::flush: linking a method reference costs ~4 ms.
        "Runtime.getRuntime().addShutdownHook(new Thread() { public void run() { System.out.flush(); } });",
    ])  # fmt: skip


@fixit("java", "java-string-concat-in-loop")
def java_string_builder(source: str) -> str | None:
    """A local String built in a loop as a StringBuilder: one append per piece (so `s = s + i + 1` stays two
    appends, as Java adds them to the string one by one), toString() for each read."""
    return each_builder(source, "java", {"local_variable_declaration"}, _java_builder)


def _java_builder(declaration: Node) -> list[tuple[int, int, str]] | None:
    declarators = declaration.children_by_field_name("declarator")
    kind = declaration.child_by_field_name("type")
    if (text(kind) not in STRING_TYPES or len(declarators) != 1
            or declarators[0].child_by_field_name("value") is None):  # fmt: skip
        return None
    name, value = (text(declarators[0].child_by_field_name(f)) for f in ("name", "value"))
    found = accumulated(declaration.parent, declaration, name, "java")
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
    data, tree = source.encode("utf-8", "surrogateescape"), parsed(source, "java")
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
        edits.append(at_body_start(data, bodies[body_start], [
            f"private static final java.util.regex.Pattern {field} = java.util.regex.Pattern.compile({regex});"
            for regex, field in class_fields.items()]))  # fmt: skip
    return edited(data, edits)


_PRIMITIVES = {"Integer": "int", "Long": "long", "Double": "double", "Float": "float", "Short": "short", "Byte": "byte",
               "Character": "char"}  # fmt: skip


@fixit("java", "java-boxed-accumulator")
def java_primitive_accumulators(source: str) -> str | None:
    """A local Integer/Long/Double/... updated in a loop, declared as the primitive. Not where a use tells them
    apart: null, ==/!= (a reference comparison for boxes), a method or field of the box, or `remove(x)` (a
    List's remove(int) takes an index)."""
    tree, edits, done = parsed(source, "java"), [], set()
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
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


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
    tree, edits = parsed(source, "java"), []
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
    return edited(source.encode("utf-8", "surrogateescape"), edits) if edits else None


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
    tree, edits, done = parsed(source, "java"), [], set()
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
    rewritten = edited(source.encode("utf-8", "surrogateescape"), edits)
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
    tree = parsed(source, "java")
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
    rewritten = edited(source.encode("utf-8", "surrogateescape"), renamed)
    return rewritten.rstrip("\n") + "\n" + _SCANNER


# Recursion without memo, memoized as C's is (bite.diagnosis.fixits.c): the method renamed `bite<Name>Uncached`,
# a wrapper with its name keeps its results for one outermost call: in a direct-mapped table of primitives where
# the key fits in a long and the result is primitive, else in a HashMap. Keys are the primitive and immutable
# parameters; any other goes unchanged into every recursive call. The method writes only its locals and
# primitive parameters, creates no objects, and calls only itself, pure methods of its class and of Math and
# the boxes, and reading methods on what it is given.

_JAVA_KEY_TYPES = {"int", "long", "short", "byte", "char", "boolean", "String", "Integer", "Long", "Character"}
_JAVA_BOXES = {"int": "Integer", "long": "Long", "short": "Short", "byte": "Byte", "char": "Character",
               "boolean": "Boolean", "double": "Double", "float": "Float"}  # fmt: skip
_JAVA_RETURNED = set(_JAVA_BOXES) | {"Integer", "Long", "Double", "Boolean", "BigInteger", "String"}
_JAVA_PURE_CLASSES = {"Math", "StrictMath", "Integer", "Long", "Character", "Double", "Boolean", "Short", "Byte",
                      "Float", "String", "Objects"}  # fmt: skip
_JAVA_READERS = {"length", "charAt", "size", "get", "isEmpty", "contains", "containsKey", "getOrDefault", "indexOf",
                 "lastIndexOf", "substring", "equals", "hashCode", "compareTo", "startsWith", "endsWith", "intValue",
                 "longValue", "doubleValue", "codePointAt", "toCharArray", "signum", "testBit",
                 "bitLength"}  # fmt: skip
_JAVA_IMPURE = {"lambda_expression", "method_reference", "object_creation_expression", "synchronized_statement",
                "explicit_constructor_invocation"}  # fmt: skip


def _java_pure(method: Node, writable: set[str], methods: dict[str, Node], seen: set[str]) -> bool:
    """Whether `method` writes only its locals and `writable` parameters and calls only pure methods (those of
    its class checked in turn, `seen` holding those already taken as pure)."""
    body = method.child_by_field_name("body")
    writable = writable | _java_owned_locals(body)
    if any(True for _ in descendants(body, _JAVA_IMPURE)) or any(
            text(n) in ("System", "Thread", "Random") for n in descendants(body, "identifier")):  # fmt: skip
        return False
    for change in descendants(body, {"assignment_expression", "update_expression"}):
        target = change.child_by_field_name("left") if change.type == "assignment_expression" else (
            change.named_children[0])  # fmt: skip
        while target.type in ("array_access", "parenthesized_expression"):
            target = target.child_by_field_name("array") or target.named_children[0]
        if target.type != "identifier" or text(target) not in writable:
            return False
    for call in descendants(body, "method_invocation"):
        owner, name = call.child_by_field_name("object"), text(call.child_by_field_name("name"))
        if owner is not None and owner.type != "this":
            if text(owner) in _JAVA_PURE_CLASSES and name not in ("random", "getInteger", "getLong", "getBoolean"):
                continue
            if name in _JAVA_READERS or (owner.type == "identifier" and text(owner) in writable):
                continue
            if _pure_elsewhere(method, name, seen):
                continue  # a record's accessor, or a method of another class of the file that changes nothing
            return False
        if name in seen:
            continue
        helper = methods.get(name)
        if helper is None or helper.child_by_field_name("body") is None:
            return False
        primitive = {text(p.child_by_field_name("name")) for p in _java_parameters(helper)
                     if text(p.child_by_field_name("type")) in _JAVA_BOXES}  # fmt: skip
        if not _java_pure(helper, primitive, methods, seen | {name}):
            return False
    return True


def _pure_elsewhere(method: Node, name: str, seen: set[str]) -> bool:
    """Whether every method of the file named `name` (on some other object) is a record's accessor or passes
    _java_pure itself."""
    root = method
    while root.parent is not None:
        root = root.parent
    components = {text(p.child_by_field_name("name")) for record in descendants(root, "record_declaration")
                  for p in record.child_by_field_name("parameters").named_children if p.type == "formal_parameter"}
    declared = [m for m in descendants(root, "method_declaration") if text(m.child_by_field_name("name")) == name]
    if not declared:
        return name in components
    return all(m.child_by_field_name("body") is not None and not _java_parameters(m)
               and _java_pure(m, set(), {}, seen | {name}) for m in declared)  # fmt: skip


def _java_owned_locals(body: Node) -> set[str]:
    """Locals that hold values of their own: primitives, and arrays the method creates and never points
    elsewhere (a local holding another object would let a write reach it)."""
    primitive = ("integral_type", "floating_point_type", "boolean_type")
    fresh = ("array_creation_expression", "array_initializer")
    primitives, arrays, elsewhere = set(), set(), set()
    for declarator in descendants(body, "variable_declarator"):
        kind, value = declarator.parent.child_by_field_name("type"), declarator.child_by_field_name("value")
        name = text(declarator.child_by_field_name("name"))
        if kind is not None and kind.type in primitive:
            primitives.add(name)
        elif value is not None and value.type in fresh:
            arrays.add(name)
    for loop in descendants(body, "enhanced_for_statement"):
        if loop.child_by_field_name("type").type in primitive:
            primitives.add(text(loop.child_by_field_name("name")))
    for assignment in descendants(body, "assignment_expression"):
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if left.type == "identifier" and right.type not in fresh:
            elsewhere.add(text(left))
    return primitives | (arrays - elsewhere)


def _java_parameters(method: Node) -> list[Node]:
    return [p for p in method.child_by_field_name("parameters").named_children if p.type != "comment"]


def _java_key(keys: list[tuple[str, str]]) -> tuple[str, str]:
    """(key type, key expression) for these (type, name) parameters: one long where they fit in one."""
    narrow = {"int", "short", "byte", "char", "boolean"}
    as_int = [f"({name} ? 1 : 0)" if kind == "boolean" else name for kind, name in keys]
    if len(keys) == 1 and keys[0][0] in narrow | {"long"}:
        return "Long", f"(long) {as_int[0]}"
    if len(keys) == 2 and all(kind in narrow for kind, _ in keys):
        return "Long", f"((long) {as_int[0]} << 32) | ({as_int[1]} & 0xffffffffL)"
    return "java.util.List<Object>", f"java.util.List.of({', '.join(name for _, name in keys)})"


def _java_memo_edit(method: Node, name: str, data: bytes, methods: dict[str, Node]) -> tuple[int, int, str] | None:
    returned, body = text(method.child_by_field_name("type")), method.child_by_field_name("body")
    modifiers = next((c for c in method.children if c.type == "modifiers"), None)
    if returned not in _JAVA_RETURNED or method.child_by_field_name("type_parameters") is not None or (
            modifiers is not None and any(c.type.endswith("annotation") or c.type == "synchronized"
                                          for c in modifiers.children)):  # fmt: skip
        return None
    parameters = _java_parameters(method)
    if any(p.type != "formal_parameter" for p in parameters):
        return None  # varargs
    names = [text(p.child_by_field_name("name")) for p in parameters]
    keys = [(text(p.child_by_field_name("type")), text(p.child_by_field_name("name"))) for p in parameters
            if text(p.child_by_field_name("type")) in _JAVA_KEY_TYPES]  # fmt: skip
    keyed = {key for _, key in keys}
    for call in descendants(body, "method_invocation"):
        owner = call.child_by_field_name("object")
        if text(call.child_by_field_name("name")) != name or (owner is not None and owner.type != "this"):
            continue
        arguments = call.child_by_field_name("arguments").named_children
        if len(arguments) != len(names) or any(n not in keyed and text(a) != n for n, a in zip(names, arguments)):
            return None  # a parameter outside the key changes between calls
    primitive = {key for kind, key in keys if kind in _JAVA_BOXES}
    if not keys or not _java_pure(method, primitive, methods, {name}):
        return None
    header = data[method.start_byte : body.start_byte].decode("utf-8", "surrogateescape").rstrip()
    at = method.child_by_field_name("name").start_byte - method.start_byte
    title = name[0].upper() + name[1:]
    memo, depth, uncached = f"bite{title}Memo", f"bite{title}Depth", f"bite{title}Uncached"
    key_type, key = _java_key(keys)
    boxed = _JAVA_BOXES.get(returned, returned)
    line_start = data.rfind(b"\n", 0, method.start_byte) + 1
    indent = data[line_start : method.start_byte].decode("utf-8", "surrogateescape")
    indent = indent if not indent.strip() else "    "
    call = f"{uncached}({', '.join(names)})"
    if key_type == "Long" and returned in _JAVA_BOXES:  # a table of primitives: no boxing on a lookup
        table = [
            f"// {name} memoized: a direct-mapped table of its results, by its arguments, for one outermost call",
            f"private static final long[] {memo}Keys = new long[1 << 20];",
            f"private static final {returned}[] {memo}Values = new {returned}[1 << 20];",
            f"private static final int[] {memo}Gens = new int[1 << 20];",
            f"private static int {memo}Gen, {depth};",
            "",
            f"{header} {{",
            f"    if ({depth} == 0) {memo}Gen++;",
            f"    long biteKey = {key};",
            "    int biteAt = (int) ((biteKey * 0x9E3779B97F4A7C15L) >>> 44);",
            f"    if ({memo}Gens[biteAt] == {memo}Gen && {memo}Keys[biteAt] == biteKey) return {memo}Values[biteAt];",
        ]
        stored = [f"    {memo}Gens[biteAt] = {memo}Gen;", f"    {memo}Keys[biteAt] = biteKey;",
                  f"    {memo}Values[biteAt] = biteValue;"]  # fmt: skip
    else:
        table = [
            f"// {name} memoized: its results by its arguments, for one outermost call",
            f"private static java.util.HashMap<{key_type}, {boxed}> {memo} = new java.util.HashMap<>();",
            f"private static int {depth};",
            "",
            f"{header} {{",
            f"    if ({depth} == 0) {memo} = new java.util.HashMap<>();",
            f"    {key_type} biteKey = {key};",
            f"    {boxed} biteFound = {memo}.get(biteKey);",
            "    if (biteFound != null) return biteFound;",
        ]
        stored = [f"    {memo}.put(biteKey, biteValue);"]
    lines = [f"{header[:at]}{uncached}{header[at + len(name):]} {text(body)}", "", *table, f"    {depth}++;",
             f"    {returned} biteValue;", "    try {", f"        biteValue = {call};", "    } finally {",
             f"        {depth}--;", "    }", *stored, "    return biteValue;", "}"]  # fmt: skip
    return method.start_byte, method.end_byte, "\n".join(indent + line if line else "" for line in lines).lstrip()


@fixit("java", "java-recursion-without-memo")
def java_memoized_recursion(source: str) -> str | None:
    tree, data = parsed(source, "java"), source.encode("utf-8", "surrogateescape")
    flagged = set(recursion_without_memo(tree, data, "java"))
    edits = []
    for body in descendants(tree.root_node, {"class_body", "enum_body"}):
        methods = [m for m in body.named_children if m.type == "method_declaration"]
        named = {}
        for method in methods:
            named.setdefault(text(method.child_by_field_name("name")), []).append(method)
        pure_candidates = {name: found[0] for name, found in named.items() if len(found) == 1}  # not overloaded
        for name, method in pure_candidates.items():
            if method.start_point[0] in flagged and f"bite{name[0].upper()}{name[1:]}" not in source:
                made = _java_memo_edit(method, name, data, pure_candidates)
                edits += [made] if made is not None else []
    return edited(data, edits) if edits else None


# A list's uses that read it and leave its elements as they are: for-each, "..." + list, printing and joining.
_JAVA_LIST_READERS = {"get": 1, "size": 0, "isEmpty": 0, "contains": 1, "indexOf": 1, "lastIndexOf": 1, "stream": 0,
                      "forEach": 1, "toString": 0, "equals": 1, "hashCode": 0, "toArray": None, "containsAll": 1,
                      "sort": 1}  # fmt: skip  (None: any count)
_JAVA_PRINTERS = {"print", "println", "append", "valueOf", "join"}


def _java_list_read(use: Node) -> bool:
    """Whether `use` (a list's name) only reads the list: one of the readers above, a for-each over it, a string
    conversion, an argument printed or joined, or copied into a new collection."""
    parent = use.parent
    if parent.type == "enhanced_for_statement" and parent.child_by_field_name("value") == use:
        return True
    if parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) == "+":
        return True
    if parent.type == "argument_list" and parent.parent.type == "method_invocation":
        return text(parent.parent.child_by_field_name("name")) in _JAVA_PRINTERS
    if parent.type == "argument_list" and parent.parent.type == "object_creation_expression":
        made = text(parent.parent.child_by_field_name("type"))
        return re.match(r"(java\.util\.)?(ArrayList|LinkedList|HashSet|TreeSet|ArrayDeque)\b", made) is not None
    if parent.type != "method_invocation" or parent.child_by_field_name("object") != use:
        return False
    count = _JAVA_LIST_READERS.get(text(parent.child_by_field_name("name")), -1)
    return count is None or count == len(parent.child_by_field_name("arguments").named_children)


def _java_declared(var, data: bytes, line: str) -> tuple[Node, tuple[int, int, str]] | None:
    """(name node, the edit adding `line` where the list is declared) for a local declared alone (after its
    declaration) or a method's parameter (first in its body); None for anything else."""
    declaration = var.declared
    if declaration.type == "local_variable_declaration" and len(declaration.children_by_field_name("declarator")) == 1:
        line_start = data.rfind(b"\n", 0, declaration.start_byte) + 1
        indent = data[line_start : declaration.start_byte].decode("utf-8", "surrogateescape")
        edit = (declaration.end_byte, declaration.end_byte, f"\n{indent if not indent.strip() else ''}{line}")
        return declaration.child_by_field_name("declarator").child_by_field_name("name"), edit
    method = declaration.parent.parent if declaration.type == "formal_parameter" else None
    if method is not None and method.type in ("method_declaration", "constructor_declaration"):
        body = method.child_by_field_name("body")
        return declaration.child_by_field_name("name"), at_body_start(data, body, [line])
    return None


def _element(var) -> str | None:
    """The element type of a list variable (List<T>, or `var` of new ArrayList<T>())."""
    found = var.type_arguments
    if not found and var.value is not None and var.value.type == "object_creation_expression":
        found = re.findall(r"<(.+)>", text(var.value.child_by_field_name("type")))
    return found[0] if len(found) == 1 and found[0] else None


@fixit("java", "java-linkedlist-get-in-loop")
def java_arraylist_for_indexing(source: str) -> str | None:
    """A LinkedList indexed with get(i)/set(i, x) in a loop as an ArrayList. A local made with `new LinkedList`
    becomes one, where every other use reads it or appends to it (a remove or an insert is O(n) on an
    ArrayList); a parameter that the method only reads is copied into one first."""
    tree, data, edits, done = parsed(source, "java"), source.encode("utf-8", "surrogateescape"), [], set()
    for _, var in linked_lists_indexed_in_loops(tree):
        copy = f"{var.name}Array"
        element = _element(var)
        declared = _java_declared(var, data, f"java.util.ArrayList<{element}> {copy} = new java.util.ArrayList<>("
                                             f"{var.name});")  # fmt: skip
        if var.declared.id in done or declared is None or element is None or copy in source:
            continue
        done.add(var.declared.id)
        name, added = declared
        uses = [u for u in uses_of(var, tree) if u != name]
        if var.declared.type == "formal_parameter":
            if all(map(_java_list_read, uses)):
                edits += [added, *((u.start_byte, u.end_byte, copy) for u in uses)]
            continue
        appends = {"add": 1, "addAll": 1, "clear": 0, "set": 2}
        if var.created != "LinkedList" or not all(_java_list_read(u) or (
                u.parent.type == "method_invocation" and u.parent.child_by_field_name("object") == u
                and appends.get(text(u.parent.child_by_field_name("name")))
                == len(u.parent.child_by_field_name("arguments").named_children)) for u in uses):  # fmt: skip
            continue
        for node in (var.declared.child_by_field_name("type"), var.value.child_by_field_name("type")):
            if "LinkedList" in text(node):
                edits.append((node.start_byte, node.end_byte, text(node).replace("LinkedList", "ArrayList", 1)))
    if not edits:
        return None
    rewritten = edited(data, edits)
    if re.search(r"import java\.util\.(\*|ArrayList);", source) or "new ArrayList" not in rewritten:
        return rewritten
    return add_imports(rewritten, "java", ["import java.util.ArrayList;"])


@fixit("java", "java-list-contains-in-loop")
def java_set_beside_list(source: str) -> str | None:
    """A list searched with contains() in a loop gets a HashSet beside it, made from its elements where it is
    declared (a local made with `new`), or first in the method (a parameter, searched in a loop of that method),
    added to after each add(x) statement, and asked instead. Only where the list's other uses read it (no
    remove, set, insert or hand-off that could change what it holds)."""
    tree, data, edits, done = parsed(source, "java"), source.encode("utf-8", "surrogateescape"), [], set()
    for call, var in list_searches_in_loops(tree):
        shadow = f"{var.name}Set" if f"{var.name}Set" not in source else f"{var.name}BiteSet"
        element = _element(var)
        made = f"java.util.Set<{element}> {shadow} = new java.util.HashSet<>({var.name});"
        declared = _java_declared(var, data, made)
        if var.declared.id in done or declared is None or element is None or shadow in source:
            continue
        parameter = var.declared.type == "formal_parameter"
        if (var.value is None or var.value.type != "object_creation_expression") and not parameter:
            continue
        method = var.declared.parent.parent
        looped = next((up for up in ancestors(call) if up.type in LOOPS["java"] or up == method), None)
        if parameter and (looped is None or looped == method):
            continue  # the set would be built again for each search
        done.add(var.declared.id)
        name, added = declared
        changes = _java_shadow_edits([u for u in uses_of(var, tree) if u != name], shadow)
        if changes is not None and any(new.startswith(f"{shadow}.contains") for _, _, new in changes):
            edits += [*changes, added]
    return edited(data, edits) if edits else None


def _java_shadow_edits(uses: list[Node], shadow: str) -> list[tuple[int, int, str]] | None:
    """Edits keeping `shadow` (a set) in step with a list: contains asks the set, add(x) statements add to it."""
    edits = []
    for use in uses:
        parent, name = use.parent, text(use)
        method = text(parent.child_by_field_name("name")) if parent.type == "method_invocation" else None
        arguments = parent.child_by_field_name("arguments").named_children if method else []
        if method == "contains" and parent.child_by_field_name("object") == use:
            edits.append((parent.start_byte, parent.end_byte, f"{shadow}.contains({text(arguments[0])})"))
        elif method == "add" and len(arguments) == 1 and parent.parent.type == "expression_statement":
            statement, added = parent.parent, arguments[0]
            again = text(added) if added.type in ("identifier", "decimal_integer_literal", "string_literal") else (
                f"{name}.get({name}.size() - 1)")  # fmt: skip  (an expression is evaluated once, by the list's add)
            edits.append((statement.start_byte, statement.end_byte,
                          f"{{ {text(parent)}; {shadow}.add({again}); }}"))  # fmt: skip
        elif not _java_list_read(use):
            return None
    return edits


# A window that a loop re-scans, kept up to date as in C (bite.diagnosis.fixits.c explains how), here over an
# int[] or long[]. The helper class goes at the end of the file; each loop's state is a static field of the
# file's class around it.
_WINDOW_CLASS = """

/** bite: windows a[lo, hi) that loops re-scanned, kept up to date while they slide forward (neither end moves
 *  back): each element enters and leaves once. Any other window is scanned afresh. */
final class BiteWindow {
    private Object array;
    private int lo, hi, head, tail;
    private long sum;
    private int[] at = new int[64]; // max and min: the window's indices at[head, tail), each beating every later one

    void fresh() {
        array = null;
    }

    private static long get(Object a, int i) {
        return a instanceof int[] ? ((int[]) a)[i] : ((long[]) a)[i];
    }

    private void restart(Object a, int l, int h) {
        if (array != a || l < lo || h < hi || l > hi) {
            array = a;
            lo = hi = l;
            sum = 0;
            head = tail = 0;
        }
    }

    long sum(Object a, int l, int h) {
        restart(a, l, h);
        for (; hi < h; hi++)
            sum += get(a, hi);
        for (; lo < l; lo++)
            sum -= get(a, lo);
        return sum;
    }

    long max(Object a, int l, int h) {
        return extreme(a, l, h, true);
    }

    long min(Object a, int l, int h) {
        return extreme(a, l, h, false);
    }

    private long extreme(Object a, int l, int h, boolean highest) {
        restart(a, l, h);
        for (; hi < h; hi++) {
            long entering = get(a, hi);
            while (tail > head && (highest ? get(a, at[tail - 1]) <= entering : get(a, at[tail - 1]) >= entering))
                tail--;
            if (tail == at.length) {
                if (2 * head >= at.length) {
                    System.arraycopy(at, head, at, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    at = java.util.Arrays.copyOf(at, 2 * at.length);
                }
            }
            at[tail++] = hi;
        }
        lo = l;
        while (at[head] < l)
            head++;
        return get(a, at[head]);
    }
}
"""
_WINDOW_READERS = {"toString", "binarySearch", "copyOf", "copyOfRange", "equals", "hashCode", "stream", "println",
                   "print", "valueOf", "deepToString"}  # fmt: skip


def _java_window_stays(array: Node, kind: str, loop: Node, method: Node, variables, defined: set[str]) -> bool:
    """Whether nothing in `loop` can change the array's elements. It does not write them nor point the name
    elsewhere. It calls no method of the file, and hands no other method an array of this type (another name
    for the same array) unless the method only reads it. It writes the elements of other arrays of this type only
    where the method made them (`new`) and never points them elsewhere."""
    owned = _java_owned_locals(method.child_by_field_name("body"))
    for change in descendants(loop, {"assignment_expression", "update_expression"}):
        target = change.child_by_field_name("left") if change.type == "assignment_expression" else (
            change.named_children[0])  # fmt: skip
        if target.type == "identifier":
            if text(target) == text(array):
                return False
            continue
        if target.type != "array_access":
            if target.type == "field_access" and text(target.child_by_field_name("object")) == "this":
                continue  # a field of this object (an array field written whole is no element write)
            return False
        written, depth = target.child_by_field_name("array"), 0
        while written.type == "array_access":
            written, depth = written.child_by_field_name("array"), depth + 1
        found = variable_of(variables, written) if written.type == "identifier" else None
        if found is None:
            return False
        same_type = found.type.replace(" ", "") == kind + "[]" * (depth + 1)
        if text(written) == text(array) or same_type and (depth > 0 or text(written) not in owned):
            return False
    for call in descendants(loop, {"method_invocation", "object_creation_expression"}):
        name, owner = call.child_by_field_name("name") or call.child_by_field_name("type"), call.child_by_field_name(
            "object")  # fmt: skip
        if owner is not None and text(owner) in _JAVA_PURE_CLASSES:
            continue  # Math.max and the like
        if text(name) in defined:
            return False
        if text(name) in _WINDOW_READERS:
            continue
        for argument in call.child_by_field_name("arguments").named_children:
            found = variable_of(variables, argument) if argument.type == "identifier" else None
            if text(argument) == text(array) or found is not None and found.type.replace(" ", "") == kind + "[]":
                return False
    return True


def _java_windows(source: str, kinds: set[str]) -> str | None:
    tree, data = parsed(source, "java"), source.encode("utf-8", "surrogateescape")
    variables = java_variables(tree)
    defined = {text(m.child_by_field_name("name")) for m in descendants(tree.root_node, {
        "method_declaration", "class_declaration", "record_declaration"})}  # fmt: skip
    edits, fields = [], {}  # the class's body -> its new fields
    for window in window_reductions(tree, "java"):
        found = variable_of(variables, window.array)
        accumulator = variable_of(variables, next(n for n in descendants(window.statement, "identifier")
                                                  if text(n) == window.accumulator))  # fmt: skip
        method = next((up for up in ancestors(window.loop) if up.type in ("method_declaration",
                       "constructor_declaration", "lambda_expression")), None)  # fmt: skip
        classes = [up for up in ancestors(window.loop) if up.type in ("class_declaration", "enum_declaration")]
        kind = found.type.replace(" ", "") if found is not None else ""
        if window.kind not in kinds or kind not in ("int[]", "long[]") or accumulator is None or method is None or (
                method.type == "lambda_expression" or not classes or f"bite{window.kind.title()}Window" in source):
            continue  # a lambda may run at any time: the array may have changed since its last window
        counter = window.loop.child_by_field_name("init")
        if counter.type != "local_variable_declaration":
            continue  # `j = lo`: its last value may be read after the loop
        chosen, outer = None, window.loop
        while (outer := next((up for up in ancestors(outer) if up.type in LOOPS["java"] or up == method))) != method:
            if not _java_window_stays(window.array, kind[:-2], outer, method, variables, defined):
                break
            chosen = outer if outer.parent.type == "block" else chosen  # a statement to reset before
        if chosen is None:
            continue
        body = classes[-1].child_by_field_name("body")
        state = f"bite{window.kind.title()}Window{sum(len(f) for f in fields.values())}"
        fields.setdefault(body, []).append(f"private static final BiteWindow {state} = new BiteWindow();")
        value = f"{state}.{window.kind}({text(window.array)}, {{low}}, {{high}})"
        computed = f"long biteValue = {value};" if window.kind == "sum" else (
            f"{kind[:-2]} biteValue = ({kind[:-2]}) {value};")  # fmt: skip
        edits += window_rewrite(window, chosen, data, computed, f"{state}.fresh();", "biteValue", "")
    if not edits:
        return None
    edits += [at_body_start(data, body, made) for body, made in fields.items()]
    if "final class BiteWindow" not in source:
        edits.append((len(data), len(data), _WINDOW_CLASS.rstrip("\n") + "\n"))
    return edited(data, edits)


@fixit("java", "java-range-sum-recomputed")
def java_running_window_sums(source: str) -> str | None:
    return _java_windows(source, {"sum"})


@fixit("java", "java-window-extreme-recomputed")
def java_monotonic_window_extremes(source: str) -> str | None:
    return _java_windows(source, {"max", "min"})


# javac (9 and later) compiles `"n = " + n` to an invokedynamic call whose first run generates the
# concatenation's code (StringConcatFactory): about 15 ms of CPU on JDK 17, a fair share of a program that
# runs for a fraction of a second, paid again in part by each call site. StringBuilder appends, javac's own
# code before 9, need no linking. Only `+` that is surely a concatenation (a string literal, a String
# variable or a toString() among its operands) changes: `a + b` of unknown types may be an addition.
@fixit("java", "java-string-concat-startup", needs_finding=False)
def java_appended_concatenations(source: str) -> str | None:
    tree, data = parsed(source, "java"), source.encode("utf-8", "surrogateescape")
    found = _Concatenations(java_variables(tree))
    outermost = found.outermost(tree.root_node)
    if any(found.grows(n) and any(a.type in LOOPS["java"] for a in ancestors(n)) for n in outermost):
        return None  # a string grown in a loop: a new builder each time copies it twice (csv_table: 0.3x)
    edits = [(n.start_byte, n.end_byte, found.rendered(n, data)) for n in outermost]
    return edited(data, edits) if edits else None


class _Concatenations:
    """The String `+`s of one program, told apart from additions by what the file declares."""

    def __init__(self, variables):
        self.variables = variables

    def textual(self, node: Node) -> bool:
        """Whether the expression is surely a String."""
        if node.type == "string_literal":
            return True
        if node.type == "parenthesized_expression":
            return self.textual(node.named_children[0])
        if node.type == "identifier":
            var = variable_of(self.variables, node)
            return var is not None and var.type in STRING_TYPES
        if node.type == "method_invocation":
            name, arguments = (text(node.child_by_field_name(f)) for f in ("name", "arguments"))
            return name == "toString" and arguments == "()"
        return self.concatenation(node)

    def concatenation(self, node: Node) -> bool:
        """A `+` with a String operand, or `s += x` of a String variable."""
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            return (text(node.child_by_field_name("operator")) == "+=" and left.type == "identifier"
                    and self.textual(left))  # fmt: skip
        return (node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+"
                and (self.textual(node.child_by_field_name("left")) or self.textual(node.child_by_field_name("right"))))

    def joined(self, node: Node) -> bool:
        """A concatenation that javac links at run time: not a constant (javac folds `"a" + 1` and
        `"a" + MAX` into one literal)."""
        return self.concatenation(node) and not all(map(self.constant, self.pieces(node)))

    def grows(self, node: Node) -> bool:
        """`s += x` or `s = s + x`: a concatenation onto the string it replaces."""
        if node.type == "assignment_expression":
            return True
        parent = node.parent
        if parent.type != "assignment_expression" or text(parent.child_by_field_name("operator")) != "=":
            return False
        return text(self.pieces(node)[0]) == text(parent.child_by_field_name("left"))

    def pieces(self, node: Node) -> list[Node]:
        """The operands a concatenation appends, in order: `"a" + (x + "b") + (i + 1)` -> "a", x, "b", i + 1."""
        if node.type == "parenthesized_expression" and self.concatenation(node.named_children[0]):
            return self.pieces(node.named_children[0])
        if not self.concatenation(node):
            return [node]
        return self.pieces(node.child_by_field_name("left")) + self.pieces(node.child_by_field_name("right"))

    def constant(self, node: Node) -> bool:
        """A literal, or a final variable set to one."""
        if node.type in _JAVA_CONSTANTS:
            return True
        var = variable_of(self.variables, node) if node.type == "identifier" else None
        modifiers = next((c for c in var.declared.children if c.type == "modifiers"), None) if var else None
        return modifiers is not None and "final" in text(modifiers).split() and var.value is not None and (
            var.value.type in _JAVA_CONSTANTS or self.concatenation(var.value) and not self.joined(var.value))

    def outermost(self, node: Node) -> list[Node]:
        """The concatenations in `node` that are not inside another, outside annotations and case labels
        (constant contexts)."""
        if node.type in ("annotation", "marker_annotation", "switch_label"):
            return []
        if self.joined(node):
            return [node]
        return [found for child in node.children for found in self.outermost(child)]

    def rendered(self, node: Node, data: bytes) -> str:
        """The node's code with each concatenation in it written as StringBuilder appends."""
        if self.joined(node):
            pieces = [p.named_children[0] if p.type == "parenthesized_expression" else p for p in self.pieces(node)]
            appends = "".join(f".append({self.rendered(p, data)})" if p.type != "null_literal" else '.append("null")'
                              for p in pieces if text(p) != '""')  # append(null) would not compile
            built = f"new StringBuilder(){appends}.toString()"
            if node.type == "assignment_expression":  # s += x: s = s + x, s read once as Java does
                return f"{text(node.child_by_field_name('left'))} = {built}"
            return built
        inner = [n for child in node.children for n in self.outermost(child)]
        at, parts = node.start_byte, []
        for n in inner:
            parts += [data[at : n.start_byte].decode("utf-8", "surrogateescape"), self.rendered(n, data)]
            at = n.end_byte
        return "".join(parts) + data[at : node.end_byte].decode("utf-8", "surrogateescape")


_JAVA_CONSTANTS = {"string_literal", "decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal",
                   "character_literal", "true", "false"}  # fmt: skip

