"""Go detectors. Origins: staticcheck and go-critic performance checks, ECO's rule descriptions, and
algorithmic patterns that no linter flags. bite builds Go with `go build` (no special flags); each
exemplar was measured so."""

from __future__ import annotations

import functools

from collections.abc import Iterator

from tree_sitter import Node

from bite.diagnosis import (FUNCTIONS, ancestors, captures, descendants, detector, enclosing_function_node, line,
                            repeating_loop, text)
from bite.diagnosis import accumulators, helpers, windows

LANG = "go"

LITERALS = {"int_literal", "float_literal", "imaginary_literal", "rune_literal", "interpreted_string_literal",
            "raw_string_literal", "true", "false", "nil", "iota"}  # fmt: skip
# Calls whose result is a string, so that `s += call(...)` builds a string.
STRING_CALLS = {"strconv.Itoa", "strconv.FormatInt", "strconv.FormatUint", "strconv.FormatFloat", "strconv.Quote",
                "fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln", "strings.Repeat", "strings.ToUpper", "strings.ToLower",
                "strings.Join", "strings.Replace", "strings.ReplaceAll", "strings.TrimSpace", "strings.Trim",
                "string"}  # fmt: skip
SORTS = {"sort.Ints", "sort.Strings", "sort.Float64s", "sort.Slice", "sort.SliceStable", "sort.Sort", "sort.Stable"}
REGEXPS = {"regexp.MustCompile", "regexp.Compile", "regexp.MatchString", "regexp.Match", "regexp.MustCompilePOSIX",
           "regexp.CompilePOSIX"}  # fmt: skip
# Pure functions that walk (and mostly copy) their whole string argument: worth hoisting when it is invariant.
STRING_SCANS = {"strings.Split", "strings.SplitN", "strings.SplitAfter", "strings.Fields", "strings.Repeat",
                "strings.ToLower", "strings.ToUpper", "strings.Title", "strings.Replace", "strings.ReplaceAll",
                "strings.Join", "strings.Count", "strings.Index", "strings.Contains", "strings.LastIndex",
                "utf8.RuneCountInString", "strings.TrimSpace", "strings.Trim"}  # fmt: skip
STDIN_SCANS = {"fmt.Scan", "fmt.Scanf", "fmt.Scanln"}
READER_SCANS = {"fmt.Fscan", "fmt.Fscanf", "fmt.Fscanln"}
STRING_SCANS_FMT = {"fmt.Sscan", "fmt.Sscanf", "fmt.Sscanln"}
PRINTS = {"fmt.Print", "fmt.Printf", "fmt.Println"}
FPRINTS = {"fmt.Fprint", "fmt.Fprintf", "fmt.Fprintln"}
CASE_FOLDS = {"strings.ToLower", "strings.ToUpper"}
# Bytes a value of a basic type takes; other named types from other packages count as a word.
SIZES = {"bool": 1, "byte": 1, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "rune": 4,
         "float32": 4, "int": 8, "uint": 8, "int64": 8, "uint64": 8, "uintptr": 8, "float64": 8, "complex64": 8,
         "complex128": 16, "string": 16, "error": 16}  # fmt: skip
BIG_VALUE = 128  # bytes: go-critic rangeValCopy's default threshold


# --- small checks shared by the detectors -------------------------------------------------------------


def _names(node: Node) -> set[str]:
    """The identifiers an expression mentions."""
    return {text(n) for n in descendants(node, "identifier")}


def _statements(block: Node | None) -> list[Node]:
    """The statements of a block, without its comments."""
    if block is None:
        return []
    lists = [c for c in block.named_children if c.type == "statement_list"]
    return [s for s in (lists[0].named_children if lists else []) if s.type != "comment"]


def _header(loop: Node) -> Node | None:
    """A for loop's for_clause, range_clause or plain condition; None for `for {`."""
    return next((c for c in loop.named_children if c.type not in ("comment", "block")), None)


def _call_name(call: Node) -> str:
    """`pkg.Func` for a call through a selector on a plain name, `func` for a plain call, else ''."""
    function = call.child_by_field_name("function")
    if function is None:
        return ""
    if function.type == "identifier":
        return text(function)
    if function.type == "selector_expression" and function.child_by_field_name("operand").type == "identifier":
        return f"{text(function.child_by_field_name('operand'))}.{text(function.child_by_field_name('field'))}"
    return ""


def _calls(tree, names: set[str]) -> list[Node]:
    return [call for call in captures(tree, LANG, "(call_expression) @call", "call") if _call_name(call) in names]


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return arguments.named_children if arguments is not None else []


def _enclosing_loops(node: Node) -> list[Node]:
    """Every loop of node's function that repeats it, innermost first."""
    loops, loop = [], repeating_loop(node, LANG)
    while loop is not None:
        loops.append(loop)
        loop = repeating_loop(loop, LANG)
    return loops


def _function_name(function: Node) -> str | None:
    """A declared function's or method's name, or the name a function literal is assigned to."""
    if function.type in ("function_declaration", "method_declaration"):
        return text(function.child_by_field_name("name"))
    holder = function.parent.parent if function.parent is not None else None  # expression_list, then the statement
    if holder is not None and holder.type in ("assignment_statement", "short_var_declaration"):
        left = holder.child_by_field_name("left").named_children
        right = holder.child_by_field_name("right").named_children
        if len(left) == len(right) and function in right:
            return text(left[right.index(function)])
    return None


@functools.lru_cache(maxsize=1)  # the tree being diagnosed: every detector asks about the same one
def _hot_functions(tree) -> frozenset[str]:
    """Functions of this file that run many times: called inside a loop, from themselves, or from such a
    function."""
    declared = {text(n) for n in captures(tree, LANG, "(function_declaration name: (identifier) @n)", "n")}
    declared |= {text(n) for n in captures(tree, LANG, "(method_declaration name: (field_identifier) @n)", "n")}
    declared |= {name for f in captures(tree, LANG, "(func_literal) @f", "f") if (name := _function_name(f))}
    calls = []
    for call in captures(tree, LANG, "(call_expression) @call", "call"):
        function = call.child_by_field_name("function")
        name = text(function.child_by_field_name("field") if function.type == "selector_expression" else function)
        if name in declared:
            calls.append((name, call))
    hot: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, call in calls:
            if name not in hot and (_caller(call) == name or _repeated(call, hot)):
                hot.add(name)
                changed = True
    return frozenset(hot)


def _caller(node: Node) -> str | None:
    function = enclosing_function_node(node, LANG)
    return _function_name(function) if function is not None else None


def _repeated(node: Node, hot: set[str] | frozenset[str]) -> bool:
    """Whether node runs many times: inside a loop, in a callback (a function literal passed to a call,
    like sort.Slice's less), or in a function that runs many times."""
    while node is not None:
        if repeating_loop(node, LANG) is not None:
            return True
        function = enclosing_function_node(node, LANG)
        if function is None:
            return False
        if function.type == "func_literal" and function.parent.type == "argument_list":
            return True
        name = _function_name(function)
        if name is not None:
            return name in hot
        node = function  # an anonymous literal runs where it stands (`go func() {...}()`)
    return False


def _hot(tree, node: Node) -> bool:
    return _repeated(node, _hot_functions(tree))


def _declared(node: Node) -> set[str]:
    """Names that declarations inside node introduce (:=, var, range with :=, parameters)."""
    names = set()
    for declaration in descendants(node, {"short_var_declaration", "range_clause"}):
        left = declaration.child_by_field_name("left")
        defines = declaration.type == "short_var_declaration" or any(c.type == ":=" for c in declaration.children)
        if left is not None and defines:
            names |= {text(n) for n in left.named_children if n.type == "identifier"}
            if left.type == "identifier":
                names.add(text(left))
    for spec in descendants(node, {"var_spec", "parameter_declaration"}):
        names |= {text(n) for n in spec.children_by_field_name("name")}
    return names


def assigned(node: Node) -> set[str]:
    """Names declared, assigned, incremented, passed by address (&x) or with elements written inside node."""
    names = _declared(node)
    for assignment in descendants(node, {"assignment_statement", "range_clause"}):
        left = assignment.child_by_field_name("left")
        if left is not None:
            names |= {text(n) for n in left.named_children if n.type == "identifier"}
    for update in descendants(node, {"inc_statement", "dec_statement"}):
        names.add(text(update.named_children[0]))
    names |= _written_elements(node)
    for unary in descendants(node, "unary_expression"):
        if unary.children[0].type == "&":
            names.add(text(unary.child_by_field_name("operand")))
    return names


def _written_elements(node: Node) -> set[str]:
    """Slices (or maps) whose elements, or fields of them, node writes: xs for xs[i] = v and xs[i].n++."""
    names = set()
    for assignment in descendants(node, {"assignment_statement", "inc_statement", "dec_statement"}):
        left = assignment.child_by_field_name("left") if assignment.type == "assignment_statement" else assignment
        for target in left.named_children:
            while target.type in ("index_expression", "selector_expression"):  # down the written chain only
                target = target.child_by_field_name("operand")
                if target.parent.type == "index_expression":
                    names.add(text(target))
    return names


def _root_name(node: Node) -> str | None:
    """x for x, x.f and x.f.g: the variable whose change would change the expression."""
    while node.type == "selector_expression":
        node = node.child_by_field_name("operand")
    return text(node) if node.type == "identifier" else None


def _invariant(node: Node, loop: Node) -> bool:
    """A literal, or a variable (or its field) that nothing in the loop changes, or an operation on these."""
    if node.type in LITERALS:
        return True
    if node.type == "binary_expression":
        return all(_invariant(node.child_by_field_name(side), loop) for side in ("left", "right"))
    name = _root_name(node)
    return name is not None and name not in assigned(loop)


def _edited_copy(value: Node, loop: Node) -> bool:
    """`b := []byte(s)` or `parts := strings.Split(s, "")` whose elements the loop then changes: the fresh
    copy is needed every time."""
    holder = value.parent.parent if value.parent is not None else None  # expression_list, then the statement
    if holder is None or holder.type not in ("short_var_declaration", "assignment_statement"):
        return False
    names = {text(n) for n in holder.child_by_field_name("left").named_children}
    return bool(names & _written_elements(loop))


def _types(scope: Node, tree) -> dict[str, Node | str]:
    """The declared or evident type of each variable of a function and of the package: a type node, or
    'string' for a variable that evidently holds one."""
    found: dict[str, Node | str] = {}
    for top in tree.root_node.named_children:
        if top.type == "var_declaration":
            _collect_types(top, found)
    _collect_types(scope, found)
    return found


def _collect_types(node: Node, found: dict[str, Node | str]) -> None:
    for spec in descendants(node, {"var_spec", "parameter_declaration"}):
        names = spec.children_by_field_name("name")
        kind = spec.child_by_field_name("type")
        values = spec.child_by_field_name("value")
        values = values.named_children if values is not None else []
        for i, name in enumerate(names):
            guess = kind or (_type_of(values[i]) if i < len(values) else None)
            if guess is not None:
                found[text(name)] = guess
    for declaration in descendants(node, "short_var_declaration"):
        left = declaration.child_by_field_name("left").named_children
        right = declaration.child_by_field_name("right").named_children
        if len(left) == len(right):
            for name, value in zip(left, right):
                guess = _type_of(value)
                if guess is not None:
                    found[text(name)] = guess


def _type_of(value: Node) -> Node | str | None:
    if value.type in ("interpreted_string_literal", "raw_string_literal"):
        return "string"
    if value.type == "composite_literal":
        return value.child_by_field_name("type")
    if value.type == "type_conversion_expression":
        return value.child_by_field_name("type")
    if value.type == "call_expression":
        name, arguments = _call_name(value), _arguments(value)
        if name == "make" and arguments:
            return arguments[0]
        if name in STRING_CALLS or (name.endswith(".String") and not arguments):
            return "string"
    if value.type == "binary_expression" and text(value.child_by_field_name("operator")) == "+":
        left, right = _type_of(value.child_by_field_name("left")), _type_of(value.child_by_field_name("right"))
        return "string" if "string" in (left, right) else None
    return None


def _type_text(kind: Node | str | None) -> str:
    return kind if isinstance(kind, str) else text(kind)


def _is_string(node: Node, types: dict[str, Node | str]) -> bool:
    if node.type == "identifier":
        return _type_text(types.get(text(node))) == "string"
    return _type_of(node) == "string"


def _structs(tree) -> dict[str, Node]:
    """The struct types declared in the file, by name."""
    pattern = "(type_spec name: (type_identifier) @name type: (struct_type) @struct)"
    return {text(s.parent.child_by_field_name("name")): s for s in captures(tree, LANG, pattern, "struct")}


def _size(kind: Node | None, structs: dict[str, Node], depth: int = 0) -> int:
    """Bytes a value of this type takes, roughly (no padding); a word where the file does not say."""
    if kind is None or depth > 8:
        return 8
    if kind.type == "type_identifier":
        name = text(kind)
        return _size(structs[name], structs, depth + 1) if name in structs else SIZES.get(name, 8)
    if kind.type == "array_type":
        length = kind.child_by_field_name("length")
        return _count(length) * _size(kind.child_by_field_name("element"), structs, depth + 1)
    if kind.type == "struct_type":
        total = 0
        for field in descendants(kind, "field_declaration"):
            if field.parent.parent == kind:  # its own fields, not those of a nested struct literal type
                names = max(1, len(field.children_by_field_name("name")))
                total += names * _size(field.child_by_field_name("type"), structs, depth + 1)
        return total
    if kind.type in ("slice_type", "interface_type"):
        return 24 if kind.type == "slice_type" else 16
    return 8  # pointers, maps, channels, functions, types of other packages


def _count(length: Node | None) -> int:
    """An array's length when it is a plain number (64, 1_000, 0x40, 017), else 1."""
    if length is None or length.type != "int_literal":
        return 1
    digits = text(length).replace("_", "").lower()
    if digits.startswith("0") and digits[1:].isdigit():
        digits = "0o" + digits[1:]  # Go's older octal form
    try:
        return int(digits, 0)
    except ValueError:
        return 1


def _is_literal_string(node: Node) -> bool:
    return node.type in ("interpreted_string_literal", "raw_string_literal")


def _string_value(node: Node) -> str:
    return text(node)[1:-1]


# --- the detectors --------------------------------------------------------------------------------------


@detector(
    "go-string-concat-in-loop", LANG,
    "string built with += inside a loop",
    "Build the string with a strings.Builder (sb.WriteString / sb.WriteByte, then sb.String() once after the "
    "loop): `s += x` copies the whole string on every iteration.",
    "bite (algorithmic: string built in a loop; ECO string concatenation in a loop)",
)  # fmt: skip
def string_concat_in_loop(tree, data, language):
    for node in captures(tree, LANG, "(assignment_statement) @a", "a"):
        operator = text(node.child_by_field_name("operator"))
        left = node.child_by_field_name("left").named_children
        right = node.child_by_field_name("right").named_children
        if len(left) != 1 or len(right) != 1 or left[0].type != "identifier":
            continue
        target, value = text(left[0]), right[0]
        if operator == "=":  # s = s + x (+ y ...)
            leftmost = value
            while leftmost.type == "binary_expression" and text(leftmost.child_by_field_name("operator")) == "+":
                leftmost = leftmost.child_by_field_name("left")
            if leftmost == value or text(leftmost) != target:
                continue
        elif operator != "+=":
            continue
        loop = repeating_loop(node, LANG)
        if loop is None or target in _declared(loop):
            continue
        function = enclosing_function_node(node, LANG) or tree.root_node
        types = _types(function, tree)
        if _is_string(left[0], types) or _is_string(value, types):
            yield line(node)


@detector(
    "go-sprintf-number", LANG,
    "fmt.Sprintf(\"%d\") or fmt.Sprint to turn a number into a string in hot code",
    "Convert numbers with strconv.Itoa, or append them to a reused []byte with strconv.AppendInt: fmt.Sprintf "
    "and fmt.Sprint parse a format and box the value through reflection on every call.",
    "perfsprint (fmt.Sprintf -> strconv.Itoa); ECO expensive library call in a loop",
)  # fmt: skip
def sprintf_number(tree, data, language):
    for call in numbers_sprinted(tree):
        yield line(call)


def numbers_sprinted(tree) -> Iterator[Node]:
    """fmt.Sprintf("%d" or "%v", x) and fmt.Sprint(x) calls in hot code, not as a map's key (the detector's
    lines; its fix-it converts those of integers with strconv)."""
    for call in _calls(tree, {"fmt.Sprintf", "fmt.Sprint"}):
        arguments = _arguments(call)
        if _call_name(call) == "fmt.Sprintf":
            simple = len(arguments) == 2 and _is_literal_string(arguments[0])
            simple = simple and _string_value(arguments[0]) in ("%d", "%v")
        else:
            simple = len(arguments) == 1 and not _is_literal_string(arguments[0])
        is_key = call.parent.type == "index_expression" and call.parent.child_by_field_name("index") == call
        if simple and not is_key and _hot(tree, call):
            yield call


def declared_type(node: Node, tree, name: str | None = None) -> str | None:
    """The declared type of the variable `node` names (or of `name`, seen from `node`), where its function or
    the package declares it."""
    function = next((up for up in ancestors(node) if up.type in FUNCTIONS[LANG]), None)
    name = name or (text(node) if node.type == "identifier" else None)
    kind = _types(function or tree.root_node, tree).get(name) if name else None
    return _type_text(kind) if kind is not None else None


@detector(
    "go-fmt-scan-unbuffered", LANG,
    "fmt.Scan on unbuffered os.Stdin for each item",
    "Wrap os.Stdin once in in := bufio.NewReader(os.Stdin) and read with fmt.Fscan(in, ...) (or a bufio.Scanner "
    "with strconv.Atoi): fmt.Scan on os.Stdin makes a system call for every byte.",
    "bite (algorithmic: unbuffered input; ECO unbuffered I/O)",
)  # fmt: skip
def fmt_scan_unbuffered(tree, data, language):
    for call in _calls(tree, STDIN_SCANS | READER_SCANS):
        arguments = _arguments(call)
        on_stdin = _call_name(call) in STDIN_SCANS or (arguments and text(arguments[0]) == "os.Stdin")
        if on_stdin and _hot(tree, call):
            yield line(call)


@detector(
    "go-fmt-fscan-in-loop", LANG,
    "fmt.Fscan or fmt.Sscan parsing each value of a large input",
    "Parse numbers with a small function reading bytes from a bufio.Reader (or a bufio.Scanner with "
    "Split(bufio.ScanWords) and strconv.Atoi): fmt.Fscan and fmt.Sscan parse through reflection, hundreds of "
    "nanoseconds per value.",
    "bite (algorithmic: slow input parsing; ECO slow IO library)",
)  # fmt: skip
def fmt_fscan_in_loop(tree, data, language):
    for call in _calls(tree, READER_SCANS | STRING_SCANS_FMT):
        arguments = _arguments(call)
        if arguments and text(arguments[0]) != "os.Stdin" and _hot(tree, call):
            yield line(call)


@detector(
    "go-print-unbuffered", LANG,
    "fmt.Println/Printf straight to os.Stdout for each item",
    "Create out := bufio.NewWriter(os.Stdout) once with defer out.Flush(), and write with fmt.Fprintln(out, ...) "
    "or out.WriteString: every fmt.Println to os.Stdout is a system call.",
    "bite (algorithmic: per-item unbuffered output; ECO unbuffered I/O)",
)  # fmt: skip
def print_unbuffered(tree, data, language):
    for call in captures(tree, LANG, "(call_expression) @call", "call"):
        name, arguments = _call_name(call), _arguments(call)
        function = call.child_by_field_name("function")
        to_stdout = (
            name in PRINTS
            or (name in FPRINTS and arguments and text(arguments[0]) == "os.Stdout")
            or (function.type == "selector_expression" and text(function.child_by_field_name("operand")) == "os.Stdout")
        )  # fmt.Println(...), fmt.Fprintln(os.Stdout, ...), os.Stdout.WriteString(...)
        if to_stdout and not _reports_error(call) and _hot(tree, call):
            yield line(call)


def _reports_error(node: Node) -> bool:
    """Inside `if err != nil {`: a message printed when something fails, not output printed per item."""
    for up in ancestors(node):
        if up.type in FUNCTIONS[LANG]:
            return False
        if up.type == "if_statement":
            names = _names(up.child_by_field_name("condition"))
            if any(name == "err" or name.endswith("Err") for name in names):
                return True
    return False


def _search_element(loop: Node) -> tuple[str, set[Node], set[str]] | None:
    """For a loop over one slice (`for i, v := range xs` or `for i := 0; i < len(xs); i++`): the slice's name,
    the expressions that are its current element (v, xs[i]) and the loop's own variables."""
    header = _header(loop)
    body = loop.child_by_field_name("body")
    if header is None or body is None:
        return None
    if header.type == "range_clause":
        ranged = header.child_by_field_name("right")
        left = header.child_by_field_name("left")
        variables = [text(n) for n in left.named_children] if left is not None else []
        if ranged.type not in ("identifier", "selector_expression"):
            return None
        slice_name = text(ranged)
        value = variables[1] if len(variables) > 1 else None
        index = variables[0] if variables else None
    elif header.type == "for_clause":
        condition = header.child_by_field_name("condition")
        initializer = header.child_by_field_name("initializer")
        if condition is None or initializer is None or initializer.type != "short_var_declaration":
            return None
        if text(initializer.child_by_field_name("right")) != "0":
            return None  # from a moving start it looks for the next match, which a map does not answer
        index = text(initializer.child_by_field_name("left"))
        bound = condition.child_by_field_name("right")
        if bound is None or bound.type != "call_expression" or _call_name(bound) != "len":
            return None
        slice_name, value, variables = text(_arguments(bound)[0]), None, [index]
    else:
        return None

    def is_element(node: Node) -> bool:
        if node.type == "identifier":
            return value is not None and text(node) == value
        operand, at = node.child_by_field_name("operand"), node.child_by_field_name("index")
        return text(operand) == slice_name and text(at) == index

    elements = {n for n in descendants(body, {"identifier", "index_expression"}) if is_element(n)}
    return slice_name, elements, {v for v in variables if v != "_"}


def _search(loop: Node) -> tuple[str, Node] | None:
    """What a loop searches for: an `if` comparing the current element (or its field) with == to something
    that is not the loop's, then leaving the loop (break or return). The slice's name and the value sought."""
    found = _search_element(loop)
    if found is None:
        return None
    slice_name, elements, variables = found
    for branch in descendants(loop.child_by_field_name("body"), "if_statement"):
        consequence = branch.child_by_field_name("consequence")
        if not any(True for _ in descendants(consequence, {"break_statement", "return_statement"})):
            continue
        for comparison in descendants(branch.child_by_field_name("condition"), "binary_expression"):
            if text(comparison.child_by_field_name("operator")) != "==":
                continue
            sides = [comparison.child_by_field_name("left"), comparison.child_by_field_name("right")]
            for side, other in (sides, sides[::-1]):
                element = side.child_by_field_name("operand") if side.type == "selector_expression" else side
                other_names = _names(other)
                if element in elements and other.type not in LITERALS and not other_names & variables:
                    return slice_name, other
    return None


def _varies(node: Node, loop: Node) -> bool:
    """Whether the loop changes a variable the expression reads."""
    return bool(_names(node) & assigned(loop))


def _changed_in_place(loop: Node, name: str, besides: Node | None = None) -> bool:
    """Whether the loop writes the slice's elements (xs[i] = v) or hands it to a call that might (besides
    len, cap, append and the call `besides`): then a map built once would go stale."""
    if name in _written_elements(loop):
        return True
    for call in descendants(loop, "call_expression"):
        passed = any(handed_over(a) == name for a in _arguments(call))
        if passed and call != besides and _call_name(call) not in ("len", "cap", "append"):
            return True
    return False


def handed_over(argument: Node) -> str:
    """The variable whose elements a call receives through this argument: xs for xs, xs[:k] and &xs."""
    while argument.type in ("slice_expression", "unary_expression", "parenthesized_expression"):
        argument = argument.child_by_field_name("operand") or argument.named_children[0]
    return text(argument)


def _is_map(name: str, node: Node, tree) -> bool:
    kind = _types(enclosing_function_node(node, LANG) or tree.root_node, tree).get(name)
    return not isinstance(kind, str) and kind is not None and kind.type == "map_type"


@detector(
    "go-linear-search-in-loop", LANG,
    "linear search through a slice inside a loop",
    "Build a map (map[T]bool or map[T]int for the index) from the slice once, before the loop, and look each "
    "value up in it (or sort the slice once and use sort.Search): scanning the slice costs its full length "
    "every time.",
    "bite (algorithmic: linear search in a loop; ECO non_hash)",
)  # fmt: skip
def linear_search_in_loop(tree, data, language):
    for inner, _, _ in searches_in_loops(tree):
        yield line(inner)
    # calls, inside a loop, of a function of this file that searches one parameter for another
    searches = {}
    for function in captures(tree, LANG, "(function_declaration) @f", "f"):
        parameters = _parameters(function)
        for loop in descendants(function.child_by_field_name("body"), "for_statement"):
            found = _search(loop)
            if found and found[0] in parameters and text(found[1]) in parameters and repeating_loop(loop, LANG) is None:
                searches[_function_name(function)] = (parameters.index(found[0]), parameters.index(text(found[1])))
    for call in _calls(tree, set(searches)):
        loop, arguments = repeating_loop(call, LANG), _arguments(call)
        where, what = searches[_call_name(call)]
        if loop is None or max(where, what) >= len(arguments):
            continue
        name = _root_name(arguments[where])
        fresh = name is None or name in _declared(loop)
        if not fresh and not _changed_in_place(loop, name, besides=call) and _varies(arguments[what], loop):
            yield line(call)
    # methods that search a field of their receiver for a parameter (func (l *ledger) find(sku string)), called
    # inside a loop: flagged in the method too, since a profile makes the method the one to rewrite
    for method in captures(tree, LANG, "(method_declaration) @m", "m"):
        receiver, parameters, name = _receiver(method), _parameters(method), _function_name(method)
        for loop in descendants(method.child_by_field_name("body"), "for_statement"):
            found = _search(loop)
            if (found is None or receiver is None or not found[0].startswith(receiver + ".")
                    or text(found[1]) not in parameters or repeating_loop(loop, LANG) is not None):  # fmt: skip
                continue
            sought = parameters.index(text(found[1]))
            looped = [c for c in _method_calls(tree, name) if (outer := repeating_loop(c, LANG)) is not None
                      and sought < len(_arguments(c)) and _varies(_arguments(c)[sought], outer)]  # fmt: skip
            if looped:
                yield line(loop)
                yield from (line(c) for c in looped)


def searches_in_loops(tree) -> Iterator[tuple[Node, str, Node]]:
    """(inner loop, slice, value sought) for loops that search a slice the enclosing loop leaves alone, for a
    value it changes (the detector's first lines; its fix-it looks the value up in a map built once)."""
    for inner in captures(tree, LANG, "(for_statement) @loop", "loop"):
        found, outer = _search(inner), repeating_loop(inner, LANG)
        if found is None or outer is None:
            continue
        searched, sought = found
        fresh = searched.split(".")[0] in _declared(outer)  # a new slice each time: each is searched once
        stale = _changed_in_place(outer, searched) or _is_map(searched, inner, tree)
        if not fresh and not stale and _varies(sought, outer):
            yield inner, searched, sought


def changed_in(node: Node, name: str) -> bool:
    """Whether `name` is declared, assigned, or has its elements written or handed to a call under `node`."""
    return name in assigned(node) or _changed_in_place(node, name)


def _receiver(method: Node) -> str | None:
    found = method.child_by_field_name("receiver")
    names = [text(n) for p in found.named_children for n in p.children_by_field_name("name")] if found else []
    return names[0] if names else None


def _method_calls(tree, name: str) -> list[Node]:
    """Calls x.name(...) through a selector, whatever x is."""
    return [call for call in captures(tree, LANG, "(call_expression) @call", "call")
            if (f := call.child_by_field_name("function")) is not None and f.type == "selector_expression"
            and text(f.child_by_field_name("field")) == name]  # fmt: skip


@detector(
    "go-sort-in-loop", LANG,
    "the same slice sorted again on every iteration",
    "Sort once after the loop, or keep the slice sorted as you go (find the place with sort.SearchInts and "
    "insert with copy), or use a heap (container/heap): re-sorting costs O(n log n) per iteration.",
    "bite (algorithmic: sort in a loop; ECO sort_in_loop)",
)  # fmt: skip
def sort_in_loop(tree, data, language):
    for call in _calls(tree, SORTS):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        if loop is None or not arguments:
            continue
        target = arguments[0]
        while target.type in ("call_expression", "type_conversion_expression"):  # sort.Sort(sort.IntSlice(xs))
            inner = _arguments(target) if target.type == "call_expression" else [target.child_by_field_name("operand")]
            if not inner:
                break
            target = inner[0]
        name = text(target)
        if target.type != "identifier" or name in _declared(loop):
            continue
        # it gains elements (append) or has some changed (xs[i] = v), and is never rebuilt (xs = xs[:0])
        assignments = _assignments_to(loop, name)
        grows = any(_grows(a, name) for a in assignments)
        rebuilt = not all(_grows(a, name) for a in assignments)
        if (grows or name in _written_elements(loop)) and not rebuilt:
            yield line(call)


def _assignments_to(node: Node, name: str) -> list[Node]:
    found = []
    for assignment in descendants(node, "assignment_statement"):
        left = assignment.child_by_field_name("left").named_children
        if any(n.type == "identifier" and text(n) == name for n in left):
            found.append(assignment)
    return found


def _grows(assignment: Node, name: str) -> bool:
    """`xs = append(xs, ...)`: the slice keeps its elements and gains some (it is not rebuilt)."""
    right = assignment.child_by_field_name("right").named_children
    if len(right) != 1 or right[0].type != "call_expression" or _call_name(right[0]) != "append":
        return False
    arguments = _arguments(right[0])
    return bool(arguments) and text(arguments[0]) == name


@detector(
    "go-regexp-compile-in-loop", LANG,
    "regular expression compiled on every call",
    "Compile the pattern once into a package-level variable (var pattern = regexp.MustCompile(`...`)) and "
    "call pattern.MatchString / FindString on it: regexp.MustCompile and regexp.MatchString compile the "
    "pattern again each time.",
    "staticcheck SA6000 (regexp.Match in a loop)",
)  # fmt: skip
def regexp_compile_in_loop(tree, data, language):
    for call in regexp_compiles_repeated(tree):
        yield line(call)


def regexp_compiles_repeated(tree) -> Iterator[Node]:
    """Calls that compile the same pattern again and again (the detector's lines, and what its fix-it hoists)."""
    for call in _calls(tree, REGEXPS):
        arguments = _arguments(call)
        if not arguments or not _hot(tree, call):
            continue
        loop = repeating_loop(call, LANG)  # in a loop, the same pattern each time; else in a function called often
        if loop is None or _invariant(arguments[0], loop):
            yield call


def _self_calls(function: Node, name: str) -> list[Node]:
    body = function.child_by_field_name("body")
    found = []
    for call in descendants(body, "call_expression"):
        if _call_name(call) == name and enclosing_function_node(call, LANG) == function:
            found.append(call)
    return found


def _both_run(a: Node, b: Node) -> bool:
    """Whether one run of the function makes both calls: they share a statement (f(n-1) + f(n-2)) or sit in
    plain statements one after the other, not in different branches of an if or a switch."""
    above_a = [a, *ancestors(a)]
    common = next(up for up in ancestors(b) if up in above_a)
    if common.type == "statement_list":
        tops = [next(n for n in [x, *ancestors(x)] if n.parent == common) for x in (a, b)]
        return not any(t.type.endswith(("if_statement", "switch_statement")) for t in tops)
    return common.type not in ("if_statement", "expression_switch_statement", "type_switch_statement",
                               "expression_case", "default_case", "block")  # fmt: skip


def _subproblem(argument: Node, parameters: set[str], locals_: set[str]) -> bool:
    """An argument that steps a parameter by a fixed amount (n-1, i+1, cap-w[i]) or passes something along:
    calls like these reach the same arguments by different paths. Not a field (root.Left walks a structure,
    each part once), not a product or a mix of parameters (p*2, a+b: each argument once), nothing computed
    inside the function (a pivot, a midpoint)."""
    if argument.type == "binary_expression" and text(argument.child_by_field_name("operator")) in ("+", "-"):
        left, right = argument.child_by_field_name("left"), argument.child_by_field_name("right")
        if _field_of_element(right):  # cap - items[i].weight, cap - it.weight: a step by an element's field
            return left.type == "identifier" and text(left) in parameters
    names = _names(argument)
    if names & locals_ or any(True for _ in descendants(argument, {"selector_expression", "call_expression"})):
        return False
    if argument.type in LITERALS or argument.type in ("identifier", "index_expression"):
        return True
    if argument.type != "binary_expression" or text(argument.child_by_field_name("operator")) not in ("+", "-"):
        return False
    left, right = argument.child_by_field_name("left"), argument.child_by_field_name("right")
    steps = right.type in LITERALS or right.type == "index_expression"
    steps = steps or (right.type == "identifier" and text(right) not in parameters)
    return left.type == "identifier" and text(left) in parameters and steps


def _field_of_element(node: Node) -> bool:
    """items[i].weight or item.weight: a field of one element, no call in it."""
    operand = node.child_by_field_name("operand") if node.type == "selector_expression" else None
    return operand is not None and operand.type in ("identifier", "index_expression") and not any(
        True for _ in descendants(node, {"call_expression"}))  # fmt: skip


def _parameters(function: Node) -> list[str]:
    found = function.child_by_field_name("parameters")
    return [text(n) for p in found.named_children for n in p.children_by_field_name("name")] if found else []


@detector(
    "go-recursion-without-memo", LANG,
    "recursion that solves the same subproblems again (no memo)",
    "Memoize the function: store each result in a map (or a slice indexed by the arguments) and return it when "
    "the same arguments come again, or fill a table bottom-up; the plain recursion takes exponential time.",
    "bite (algorithmic: recursion without memo; ECO memoization)",
)  # fmt: skip
def recursion_without_memo(tree, data, language):
    for function in captures(tree, LANG, "(function_declaration) @f (func_literal) @f", "f"):
        name = _function_name(function)
        if name is None:
            continue
        calls = _self_calls(function, name)
        body = function.child_by_field_name("body")
        parameters, locals_ = set(_parameters(function)), _declared(body)
        steps = all(any(a.type == "binary_expression" for a in _arguments(c)) for c in calls)
        if not calls or not steps or not all(_subproblem(a, parameters, locals_) for c in calls for a in _arguments(c)):
            continue
        together = [c for c in calls if any(c != d and _both_run(c, d) for d in calls)]
        if len(together) >= 2 and not _written_elements(body):  # a memo would be written: memo[n] = v
            yield from (line(call) for call in together)


def _loop_variables(loops: list[Node]) -> set[str]:
    """The variables the loops' headers set: counters and range variables."""
    names = set()
    for loop in loops:
        header = _header(loop)
        if header is not None and header.type in ("for_clause", "range_clause"):
            names |= assigned(header)
            left = header.child_by_field_name("left") if header.type == "range_clause" else None
            if left is not None:
                names |= {text(n) for n in left.named_children}
    return names - {"_"}


def _accumulation(statement: Node) -> tuple[Node, Node] | None:
    """`acc += x`, `acc -= x`, `acc ^= x` or `acc = acc + x`: (acc, x). `if cond { acc++ }` or
    `if cond { acc += x }`: (acc, cond), a count of the elements that pass."""
    if statement.type == "assignment_statement":
        operator = text(statement.child_by_field_name("operator"))
        left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right").named_children
        if len(right) != 1:
            return None
        if operator in ("+=", "-=", "^="):
            return left, right[0]
        total = right[0]  # acc = acc + x
        plus = total.type == "binary_expression" and text(total.child_by_field_name("operator")) in ("+", "-")
        if operator == "=" and plus and text(total.child_by_field_name("left")) == text(left):
            return left, total.child_by_field_name("right")
        return None
    if statement.type == "if_statement" and statement.child_by_field_name("alternative") is None:
        inside = _statements(statement.child_by_field_name("consequence"))
        if len(inside) != 1:
            return None
        if inside[0].type in ("inc_statement", "dec_statement"):
            return inside[0].named_children[0], statement.child_by_field_name("condition")
        found = _accumulation(inside[0])
        return (found[0], statement.child_by_field_name("condition")) if found else None
    return None


windows.register_extreme(LANG, "go")


@detector(
    "go-window-sum-recomputed", LANG,
    "a sum over a window or prefix recomputed from scratch for each position",
    "Keep a running sum (add the element entering the window, subtract the one leaving) or build a prefix-sum "
    "slice once (prefix[i+1] = prefix[i] + xs[i]) and take prefix[r] - prefix[l]: the inner loop re-adds "
    "the same elements for every position.",
    "bite (algorithmic: window/prefix recomputed; ECO redundant computation)",
)  # fmt: skip
def window_sum_recomputed(tree, data, language):
    for inner in captures(tree, LANG, "(for_statement) @loop", "loop"):
        outer = _enclosing_loops(inner)
        header = _header(inner)
        statements = _statements(inner.child_by_field_name("body"))
        found = _accumulation(statements[0]) if len(statements) == 1 else None
        if not outer or header is None or found is None:
            continue
        total, added = found
        if header.type == "for_clause":
            initializer, update = header.child_by_field_name("initializer"), header.child_by_field_name("update")
            if initializer is None or update is None or update.type not in ("inc_statement", "dec_statement"):
                continue  # steps of i (a sieve) or jumps (a Fenwick tree, a list) are no window
            mine = assigned(initializer)
            bounds = [initializer, header.child_by_field_name("condition")]
            indexes = descendants(added, "index_expression")
            element = any(_names(index.child_by_field_name("index")) & mine for index in indexes)
        elif header.type == "range_clause" and header.child_by_field_name("right").type == "slice_expression":
            ranged = header.child_by_field_name("right")
            bounds = [ranged.child_by_field_name("start"), ranged.child_by_field_name("end")]
            left = header.child_by_field_name("left")
            mine = {text(n) for n in left.named_children} if left is not None else set()
            element = bool(_names(added) & mine)
        else:
            continue
        outer_variables = _loop_variables(outer)
        bound_names = set().union(*(_names(bound) for bound in bounds if bound is not None))
        added_names = _names(added)
        total_names = _names(total)
        # the window moves with the outer loop, what it adds does not (not grid[i][j]), and it adds into one
        # total (not into table[j])
        if element and bound_names & outer_variables and not added_names & outer_variables and not total_names & mine:
            yield line(inner)


def _slices_of_bytes_or_runes(kind: Node | str | None) -> bool:
    return not isinstance(kind, str) and kind is not None and text(kind) in ("[]byte", "[]rune", "[]uint8")


@detector(
    "go-conversion-in-loop", LANG,
    "the same string converted to []rune / []byte (or back) on every iteration",
    "Convert once before the loop (runes := []rune(s)) and index the result inside it: each []rune(s), "
    "[]byte(s) or string(b) copies the whole value.",
    "bite (algorithmic: loop-invariant conversion; ECO loop-invariant computation)",
)  # fmt: skip
def conversion_in_loop(tree, data, language):
    for conversion, _ in conversions_in_loops(tree):
        yield line(conversion)


def conversions_in_loops(tree) -> Iterator[tuple[Node, Node]]:
    """(conversion, operand) for []rune(s), []byte(s) or string(b) of a value a loop leaves alone, inside that
    loop (the detector's lines; its fix-it converts []rune and []byte once before the loop)."""
    candidates = []
    for conversion in captures(tree, LANG, "(type_conversion_expression) @c", "c"):
        if text(conversion.child_by_field_name("type")) in ("[]rune", "[]byte"):
            candidates.append((conversion, conversion.child_by_field_name("operand")))
    for call in _calls(tree, {"string"}):
        arguments = _arguments(call)
        if len(arguments) == 1:
            types = _types(enclosing_function_node(call, LANG) or tree.root_node, tree)
            name = _root_name(arguments[0])
            if name is not None and _slices_of_bytes_or_runes(types.get(name)):
                candidates.append((call, arguments[0]))
    for conversion, operand in candidates:
        parent = conversion.parent
        free = (parent.type == "index_expression" and parent.child_by_field_name("index") == conversion) or (
            parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) in ("==", "!=")
        )  # the compiler converts map keys and comparisons without a copy
        loop = repeating_loop(conversion, LANG)
        if loop is None or free or operand.type in LITERALS or _root_name(operand) is None:
            continue
        if _invariant(operand, loop) and not _edited_copy(conversion, loop):
            yield conversion, operand


@detector(
    "go-defer-in-loop", LANG,
    "defer inside a loop",
    "Call the cleanup directly at the end of each iteration (or move the iteration's body into its own "
    "function that defers): deferred calls pile up until the function returns, holding every resource.",
    "staticcheck SA9001; go-critic deferInLoop",
)  # fmt: skip
def defer_in_loop(tree, data, language):
    for node in captures(tree, LANG, "(defer_statement) @d", "d"):
        if repeating_loop(node, LANG) is not None:
            yield line(node)


@detector(
    "go-range-value-copy", LANG,
    "range loop copying a large struct into its value variable",
    "Range over the indices and take a pointer (for i := range xs { x := &xs[i] ... }): `for _, x := range xs` "
    "copies every large element just to read a field.",
    "go-critic rangeValCopy",
)  # fmt: skip
def range_value_copy(tree, data, language):
    structs = _structs(tree)
    fields = {}
    for struct in structs.values():
        for field in descendants(struct, "field_declaration"):
            for name in field.children_by_field_name("name"):
                fields[text(name)] = field.child_by_field_name("type")
    for clause in captures(tree, LANG, "(range_clause) @r", "r"):
        left = clause.child_by_field_name("left")
        ranged = clause.child_by_field_name("right")
        variables = left.named_children if left is not None else []
        if len(variables) != 2 or text(variables[1]) == "_":
            continue
        if ranged.type == "identifier":
            types = _types(enclosing_function_node(clause, LANG) or tree.root_node, tree)
            kind = types.get(text(ranged))
        elif ranged.type == "selector_expression":
            kind = fields.get(text(ranged.child_by_field_name("field")))
        else:
            continue
        if isinstance(kind, str) or kind is None or kind.type not in ("slice_type", "array_type"):
            continue
        if _size(kind.child_by_field_name("element"), structs) < BIG_VALUE:
            continue
        value = text(variables[1])
        uses = [n for n in descendants(clause.parent.child_by_field_name("body"), "identifier") if text(n) == value]
        if uses and all(u.parent.type == "selector_expression" and u.parent.child_by_field_name("operand") == u
                        for u in uses):  # fmt: skip
            yield line(clause)


@detector(
    "go-invariant-call-in-loop", LANG,
    "strings.Split/Fields/ToLower... of an unchanging string called on every iteration",
    "Call it once before the loop and keep the result in a variable (words := strings.Fields(text)): the "
    "arguments do not change, yet every iteration scans and copies the whole string again.",
    "bite (algorithmic: loop-invariant call; ECO loop-invariant computation)",
)  # fmt: skip
def invariant_call_in_loop(tree, data, language):
    for call in _calls(tree, STRING_SCANS):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        if loop is None or not arguments:
            continue
        invariant = all(_invariant(a, loop) for a in arguments) and any(a.type not in LITERALS for a in arguments)
        if invariant and not _edited_copy(call, loop):
            yield line(call)


def _formatted_key(node: Node) -> bool:
    """A string made up only to be a composite key: fmt.Sprintf("%d,%d", x, y), fmt.Sprint(x, y),
    fmt.Sprintf("%d", x), or strconv.Itoa(x) + "," + strconv.Itoa(y). Not a name like "user-%d"."""
    if node.type == "call_expression":
        name, arguments = _call_name(node), _arguments(node)
        if name == "fmt.Sprintf" and arguments and _is_literal_string(arguments[0]):
            form = _string_value(arguments[0]).replace("%%", "")
            return form in ("%d", "%v") or form.count("%") >= 2
        return name in ("fmt.Sprint", "fmt.Sprintln") and len(arguments) >= 2
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        conversions = [c for c in descendants(node, "call_expression") if _call_name(c) in STRING_CALLS]
        return len(conversions) >= 2
    return False


@detector(
    "go-sprintf-map-key", LANG,
    "map key formatted as a string (fmt.Sprintf(\"%d,%d\", ...)) in hot code",
    "Use a struct or array as the map key (map[[2]int]bool, or type key struct{ x, y int }) instead of "
    "formatting the parts into a string: fmt.Sprintf allocates and is far slower than the map lookup itself.",
    "bite (algorithmic: formatted map key; ECO expensive library call in a loop)",
)  # fmt: skip
def sprintf_map_key(tree, data, language):
    for index in captures(tree, LANG, "(index_expression) @i", "i"):
        key = index.child_by_field_name("index")
        if key is not None and _formatted_key(key) and _hot(tree, index):
            yield line(key)
    # key := fmt.Sprintf(...), then m[key]
    for declaration in captures(tree, LANG, "(short_var_declaration) @d", "d"):
        left = declaration.child_by_field_name("left").named_children
        right = declaration.child_by_field_name("right").named_children
        if len(left) != 1 or len(right) != 1 or not _formatted_key(right[0]) or not _hot(tree, declaration):
            continue
        scope = declaration.parent
        keys = {text(i.child_by_field_name("index")) for i in descendants(scope, "index_expression")}
        if text(left[0]) in keys:
            yield line(declaration)


@detector(
    "go-prepend-in-loop", LANG,
    "prepending to a slice inside a loop (append([]T{x}, xs...))",
    "Append at the end (xs = append(xs, x)) and reverse the slice once after the loop: prepending copies the "
    "whole slice into a new one on every iteration.",
    "bite (algorithmic: prepend in a loop; ECO front insertion)",
)  # fmt: skip
def prepend_in_loop(tree, data, language):
    for assignment in captures(tree, LANG, "(assignment_statement) @a", "a"):
        left = assignment.child_by_field_name("left").named_children
        right = assignment.child_by_field_name("right").named_children
        if len(left) != 1 or len(right) != 1 or right[0].type != "call_expression" or _call_name(right[0]) != "append":
            continue
        arguments = _arguments(right[0])  # xs = append([]T{x}, xs...)
        if len(arguments) != 2 or arguments[0].type != "composite_literal" or arguments[1].type != "variadic_argument":
            continue
        if text(arguments[1].named_children[0]) == text(left[0]) and repeating_loop(assignment, LANG) is not None:
            yield line(assignment)


@detector(
    "go-delete-in-loop", LANG,
    "deleting from the middle of a slice inside a loop (append(xs[:i], xs[i+1:]...))",
    "Filter in one pass instead: keep := xs[:0]; for _, x := range xs { if wanted(x) { keep = append(keep, x) } } "
    "(for a queue, advance a head index): each deletion shifts the whole rest of the slice.",
    "bite (algorithmic: erase in a loop; ECO remove_erase)",
)  # fmt: skip
def delete_in_loop(tree, data, language):
    for call in _calls(tree, {"append"}):
        arguments = _arguments(call)
        if len(arguments) != 2 or arguments[0].type != "slice_expression" or repeating_loop(call, LANG) is None:
            continue
        head, rest = arguments[0], arguments[1]
        if rest.type != "variadic_argument" or rest.named_children[0].type != "slice_expression":
            continue
        rest = rest.named_children[0]
        same = text(head.child_by_field_name("operand")) == text(rest.child_by_field_name("operand"))
        if same and head.child_by_field_name("end") is not None and rest.child_by_field_name("start") is not None:
            yield line(call)


@detector(
    "go-tolower-compare", LANG,
    "strings.ToLower(a) == strings.ToLower(b) to compare ignoring case",
    "Compare with strings.EqualFold(a, b): lowering both sides allocates two new strings on every comparison.",
    "staticcheck SA6005; go-critic equalFold",
)  # fmt: skip
def tolower_compare(tree, data, language):
    for comparison in case_folded_comparisons(tree):
        yield line(comparison)


def case_folded_comparisons(tree) -> Iterator[Node]:
    """`==`/`!=` in hot code between strings.ToLower/ToUpper results, or one and a literal (the detector's
    lines; its fix-it compares with strings.EqualFold)."""
    for comparison in captures(tree, LANG, "(binary_expression) @b", "b"):
        if text(comparison.child_by_field_name("operator")) not in ("==", "!="):
            continue
        sides = [comparison.child_by_field_name("left"), comparison.child_by_field_name("right")]
        folded = [s.type == "call_expression" and _call_name(s) in CASE_FOLDS for s in sides]
        literal = [_is_literal_string(s) for s in sides]
        if (all(folded) or (any(folded) and any(literal))) and _hot(tree, comparison):
            yield comparison


accumulators.register(LANG, "go")
helpers.register(LANG, "go")  # last: the specific detectors above go first
