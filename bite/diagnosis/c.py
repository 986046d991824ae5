"""C detectors. Origins: clang-tidy's performance-* checks, ECO's rule descriptions, and algorithmic patterns
that no linter flags. bite builds C with gcc -O2, so none of these is a pattern gcc already removes: each
exemplar was measured at -O2."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from bite.diagnosis import (
    LOOPS, ancestors, captures, descendants, detector, enclosing_function_node, line, repeating_loop, text,
)
from bite.diagnosis import accumulators, helpers, windows
from bite.diagnosis.windows import added_term, whole_sums

LANG = "c"

# Calls that read input: a loop holding one is driven by the input (test cases, an interactive dialogue).
READS = {"scanf", "fscanf", "getchar", "fgetc", "getc", "fgets", "fread", "getline", "read", "gets"}
# Calls that overwrite a string they are given.
REFILLS = READS | {"strcpy", "strncpy", "memcpy", "memmove", "sprintf", "snprintf", "sscanf", "fscanf", "strtok"}
WRITES = {"printf", "fprintf", "puts", "fputs", "putchar", "fputc", "putc", "fwrite", "vprintf", "vfprintf"}
# libm functions gcc keeps calling in every iteration (they may set errno, so gcc cannot hoist them).
MATH = {f + suffix for f in ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "pow", "sin", "cos", "tan",
                             "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "cbrt", "hypot", "erf")
        for suffix in ("", "f", "l")}  # fmt: skip


# --- small checks shared by the detectors -------------------------------------------------------------


def _calls(tree, names: set[str]) -> list[Node]:
    """Calls of the named functions, by a plain name."""
    found = captures(tree, LANG, "(call_expression function: (identifier) @name) @call", "call")
    return [call for call in found if text(call.child_by_field_name("function")) in names]


def _arguments(call: Node) -> list[Node]:
    return call.child_by_field_name("arguments").named_children


def _names(node: Node | None) -> set[str]:
    """The variables an expression reads: identifiers, and the full text of member accesses (p->n)."""
    if node is None:
        return set()
    names = {text(n) for n in descendants(node, "identifier")}
    return names | {text(n) for n in descendants(node, "field_expression")}


def _written(node: Node) -> set[str]:
    """Variables declared, assigned, incremented or passed by address (&x) anywhere inside node: their text,
    so `p->n++` writes `p->n` and `a[i] = 0` writes the contents of a, not the variable a."""
    written = set()
    for assignment in descendants(node, "assignment_expression"):
        written.add(text(assignment.child_by_field_name("left")))
    for update in descendants(node, "update_expression"):
        written.add(text(update.child_by_field_name("argument")))
    for pointer in descendants(node, "pointer_expression"):
        if pointer.children[0].type == "&":
            written.add(text(pointer.child_by_field_name("argument")))
    return written | _declared(node)


def _declared(node: Node) -> set[str]:
    """The names of the variables declared inside node: `int a = 1, b[3], *c;` declares a, b and c."""
    names = set()
    for declaration in descendants(node, "declaration"):
        for child in declaration.children_by_field_name("declarator"):
            while child.child_by_field_name("declarator") is not None:
                child = child.child_by_field_name("declarator")
            names.add(text(child))
    return names


def _loop_variables(loop: Node) -> set[str]:
    """A for loop's counters: the variables its initializer sets and its update changes."""
    if loop.type != "for_statement":
        return set()
    variables = set()
    for part in ("initializer", "update"):
        found = loop.child_by_field_name(part)
        if found is not None:
            variables |= _written(found) | ({text(found)} if found.type == "identifier" else set())
    return variables


def _invariant(expression: Node, loop: Node) -> bool:
    """No variable the expression reads changes in the loop, and it calls nothing."""
    if next(descendants(expression, "call_expression"), None) is not None:
        return False
    return not (_names(expression) & (_written(loop) | _loop_variables(loop)))


def _reads_input(loop: Node) -> bool:
    return any(text(call.child_by_field_name("function")) in READS for call in descendants(loop, "call_expression"))


def _literal_value(node: Node) -> float | None:
    if node.type != "number_literal":
        return None
    try:
        return float(text(node).rstrip("fFlLuU"))
    except ValueError:
        return None


def _function_declarator(function: Node | None) -> Node | None:
    declarator = function.child_by_field_name("declarator") if function is not None else None
    while declarator is not None and declarator.type != "function_declarator":  # through `*f(...)`
        declarator = declarator.child_by_field_name("declarator")
    return declarator


def _function_name(function: Node | None) -> str:
    declarator = _function_declarator(function)
    return text(declarator.child_by_field_name("declarator")) if declarator is not None else ""


def _operator(node: Node) -> str:
    return text(node.child_by_field_name("operator"))


def _subscript_parts(node: Node) -> tuple[Node, Node]:
    return node.child_by_field_name("argument"), node.child_by_field_name("index")


# --- detectors ----------------------------------------------------------------------------------------


@detector(
    "c-strlen-in-loop", LANG,
    "strlen() of an unchanging string on every loop iteration",
    "Call strlen() once before the loop and keep the length in a variable: strlen walks the whole string "
    "every time, so the loop becomes quadratic.",
    "ECO loop-invariant computation; ECO expensive library call in a loop",
)  # fmt: skip
def strlen_in_loop(tree, data, language):
    for call, _ in strlen_calls_in_loops(tree):
        yield line(call)


def strlen_calls_in_loops(tree) -> Iterator[tuple[Node, Node]]:
    """(strlen call, the loop it runs in) for each strlen of an unchanging string in a loop (the detector's
    lines; its fix-it hoists them)."""
    for call in _calls(tree, {"strlen"}):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        if loop is not None and arguments and _invariant(arguments[0], loop) and not _refilled(arguments[0], loop):
            yield call, loop


def _refilled(string: Node, loop: Node) -> bool:
    """The loop puts new contents into the string (fgets(s, ...), strcpy(s, ...), scanf("%s", s)): its length
    then really changes from one iteration to the next. Appending (strcat, sprintf(s + strlen(s), ...)) does not
    count: that is the quadratic pattern itself."""
    return any(
        text(call.child_by_field_name("function")) in REFILLS
        and any(text(argument) == text(string) for argument in _arguments(call))
        for call in descendants(loop, "call_expression")
    )


@detector(
    "c-linear-search-in-loop", LANG,
    "linear search of an array inside a loop",
    "Sort a copy of the array once before the outer loop and look values up with bsearch(), or mark them in a "
    "lookup table (or hash table) indexed by value, instead of scanning the array for every item.",
    "ECO expensive std call (find) in a loop; ECO non-hash containers",
)  # fmt: skip
def linear_search_in_loop(tree, data, language):
    for test, _, _, _ in array_searches_in_loops(tree):
        yield line(test)


def array_searches_in_loops(tree) -> Iterator[tuple[Node, Node, Node, Node]]:
    """(test, inner loop, array element, value) for `a[j] == v` (or strcmp) scanning an array in a loop for a
    value that changes in an outer loop (the detector's lines; its fix-it searches a sorted copy)."""
    for test, sides in _equality_tests(tree):
        inner = repeating_loop(test, LANG)
        outer = repeating_loop(inner, LANG) if inner is not None else None
        if outer is None:
            continue
        counters = _loop_variables(inner)
        left, right = sides
        for element, value in ((left, right), (right, left)):
            if _scans_with(element, counters) and _varies_outside(value, outer, counters):
                yield test, inner, element, value
                break


def written(node: Node) -> set[str]:
    """The variables (their text: `a[i]` for an element of a) that `node` declares, assigns, increments or
    passes by address."""
    return _written(node)


def _equality_tests(tree):
    """(node, (a, b)) for each `a == b`, `strcmp(a, b) == 0` and `!strcmp(a, b)`."""
    for test in captures(tree, LANG, '(binary_expression operator: "==") @eq', "eq"):
        sides = test.child_by_field_name("left"), test.child_by_field_name("right")
        if not any(side.type == "call_expression" for side in sides):  # strcmp(a, b) == 0: below
            yield test, sides
    for call in _calls(tree, {"strcmp", "strncmp", "memcmp"}):
        arguments = _arguments(call)
        up = call.parent
        negated = up.type == "unary_expression" and _operator(up) == "!"
        compared = up.type == "binary_expression" and _operator(up) == "=="
        if (negated or compared) and len(arguments) >= 2:
            yield call, (arguments[0], arguments[1])


def _scans_with(element: Node, counters: set[str]) -> bool:
    """element is array[counter], the array itself not indexed by the counter."""
    if element.type != "subscript_expression":
        return False
    array, index = _subscript_parts(element)
    return text(index) in counters and not (_names(array) & counters)


def _varies_outside(value: Node, outer: Node, counters: set[str]) -> bool:
    """The value searched for: not a constant, not the inner counter, and changing from one outer
    iteration to the next."""
    if value.type in ("number_literal", "char_literal", "string_literal", "true", "false", "null"):
        return False
    names = _names(value)
    return not (names & counters) and bool(names & (_written(outer) | _loop_variables(outer)))


@detector(
    "c-window-sum-recomputed", LANG,
    "sum over a window or prefix recomputed from scratch in a loop",
    "Keep a running sum (add the element entering the window, subtract the one leaving) or build a prefix-sum "
    "array once, so that each range sum is prefix[j] - prefix[i], instead of re-adding the range every time.",
    "bite (algorithmic: sliding window, prefix sums)",
)  # fmt: skip
def window_sum_recomputed(tree, data, language):
    for assignment in captures(tree, LANG, "(assignment_expression) @a", "a"):
        added = added_term(assignment)
        inner = repeating_loop(assignment, LANG)
        outer = repeating_loop(inner, LANG) if inner is not None else None
        if added is None or outer is None or added.type != "subscript_expression":
            continue
        array, index = _subscript_parts(added)
        counters, outer_counters = _loop_variables(inner), _loop_variables(outer)
        bounds = [inner.child_by_field_name(part) for part in ("initializer", "condition")]
        total = text(assignment.child_by_field_name("left"))
        moves_with_outer = any(_names(bound) & outer_counters for bound in bounds)
        if (
            text(index) in counters
            and not (_names(array) & (counters | outer_counters))
            and moves_with_outer
            and not _read_besides(inner, total, assignment)
        ):
            yield line(assignment)


def _read_besides(loop: Node, name: str, assignment: Node) -> bool:
    """The loop reads `name` outside `assignment`: then each partial sum is used (all subarrays, one at a time),
    which is not a range summed from scratch."""
    uses = [n for n in descendants(loop, {"identifier", "field_expression"}) if text(n) == name]
    return any(not (assignment.start_byte <= n.start_byte < assignment.end_byte) for n in uses)


@detector(
    "c-aggregate-recomputed", LANG,
    "a whole array summed or counted again on every pass of a loop",
    "Each pass changes at most a few elements, yet the total is rebuilt from all of them: compute it once, before "
    "the outer loop, and keep it up to date where an element changes (take away the old value's part, add the new "
    "one's), or use the total computed once where nothing changes.",
    "bite (algorithmic: an aggregate kept up to date; ECO: redundant recomputation)",
)  # fmt: skip
def aggregate_recomputed(tree, data, language):
    for _, statement in whole_sums(tree, LANG):
        yield line(statement)


windows.register_extreme(LANG, "c")


@detector(
    "c-recursion-without-memo", LANG,
    "recursion that recomputes the same subproblems (no memo)",
    "Store each result in a memo array indexed by the arguments (check it first, fill it before returning), "
    "or fill a table bottom-up in a loop: the plain recursion solves the same subproblems exponentially often.",
    "ECO recursion without memoization",
)  # fmt: skip
def recursion_without_memo(tree, data, language):
    for function in captures(tree, LANG, "(function_definition) @f", "f"):
        declarator = _function_declarator(function)
        # a void function returns nothing to remember; one returning a pointer builds a structure
        if declarator is None or declarator.parent.type == "pointer_declarator":
            continue
        if text(function.child_by_field_name("type")) == "void":
            continue
        name = _function_name(function)
        parameters = {text(p) for p in descendants(declarator.child_by_field_name("parameters"), "identifier")}
        body = function.child_by_field_name("body")
        calls = [c for c in descendants(body, "call_expression") if text(c.child_by_field_name("function")) == name]
        stored = any(
            a.child_by_field_name("left").type == "subscript_expression"
            for a in descendants(body, "assignment_expression")
        )  # a memo table, or marks visited
        branching = len(calls) >= 2 or any(repeating_loop(c, LANG) is not None for c in calls)
        # locals other than loop counters: a split point computed here (divide and conquer), not a subproblem
        counters = set().union(*(_loop_variables(loop) for loop in descendants(body, LOOPS[LANG])))
        locals_ = _declared(body) - counters
        if branching and not stored and all(_steps_down(c, parameters, locals_) for c in calls):
            yield from (line(c) for c in calls)


def _steps_down(call: Node, parameters: set[str], locals_: set[str]) -> bool:
    """Some argument is a parameter plus or minus something (n - 1, i + 1, w - weight[i]): a smaller
    subproblem of the same shape, which sibling calls reach again. Divide and conquer (lo, mid) is not,
    nor is a walk down a linked structure (node->left)."""
    arguments = _arguments(call)
    # a field passed on walks a structure (node->left); a field subtracted steps by an element's size (w - it[i].w)
    if any(a.type == "field_expression" or _names(a) & locals_ for a in arguments):
        return False
    return any(
        a.type == "binary_expression"
        and _operator(a) in ("+", "-")
        and text(a.child_by_field_name("left")) in parameters
        for a in arguments
    )


@detector(
    "c-qsort-in-loop", LANG,
    "qsort() of the same array on every loop iteration",
    "Sort once outside the loop; to keep a growing array sorted, insert each new element at its place "
    "(binary search, then memmove) or use a heap, instead of re-sorting the whole array every iteration.",
    "ECO expensive std call (sort) in a loop",
)  # fmt: skip
def qsort_in_loop(tree, data, language):
    for call in _calls(tree, {"qsort"}):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        # a loop that reads input sorts each new test case's data: that is needed
        if loop is not None and arguments and _invariant(arguments[0], loop) and not _reads_input(loop):
            yield line(call)


@detector(
    "c-realloc-grow-by-one", LANG,
    "array grown with realloc() one element at a time",
    "Keep a capacity next to the count and, when the array is full, double the capacity before calling "
    "realloc(), so that appending costs amortised O(1) instead of a reallocation (and often a copy) per element.",
    "bite (algorithmic: geometric growth; PMD/SpotBugs collection-sizing rules)",
)  # fmt: skip
def realloc_grow_by_one(tree, data, language):
    for call in _calls(tree, {"realloc"}):
        arguments = _arguments(call)
        if len(arguments) < 2 or not _plus_one(arguments[1]):
            continue
        function = enclosing_function_node(call, LANG)
        if function is None or _multiplied(function, _names(arguments[1])):
            continue
        counted = any(text(w) in text(arguments[1]) for w in _incremented(function))
        if repeating_loop(call, LANG) is not None or counted:
            yield line(call)


def _plus_one(size: Node) -> bool:
    """The size is one more than a count: `(n + 1) * sizeof *p`, `++n * sizeof *p`, `len + 2`."""
    for node in descendants(size, {"binary_expression", "update_expression"}):
        if node.type == "update_expression" and text(node).startswith("++"):
            return True
        if node.type == "binary_expression" and _operator(node) == "+":
            small = [_literal_value(node.child_by_field_name(s)) for s in ("left", "right")]
            if any(v in (1, 2) for v in small):
                return True
    return False


def _multiplied(function: Node, names: set[str]) -> bool:
    """One of the names grows geometrically in the function: `size *= 2`, `cap <<= 1`, `cap = cap * 3 / 2`."""
    for assignment in descendants(function, "assignment_expression"):
        name = text(assignment.child_by_field_name("left"))
        if name not in names:
            continue
        if _operator(assignment) in ("*=", "<<="):
            return True
        for product in descendants(assignment.child_by_field_name("right"), "binary_expression"):
            operands = {text(product.child_by_field_name("left")), text(product.child_by_field_name("right"))}
            if _operator(product) in ("*", "<<") and name in operands:
                return True
    return False


def _incremented(function: Node) -> list[Node]:
    """The variables `x++`, `++x` or `x += 1` in a function."""
    found = [u.child_by_field_name("argument") for u in descendants(function, "update_expression") if "++" in text(u)]
    for assignment in descendants(function, "assignment_expression"):
        if _operator(assignment) == "+=" and text(assignment.child_by_field_name("right")) == "1":
            found.append(assignment.child_by_field_name("left"))
    return found


@detector(
    "c-strcat-in-loop", LANG,
    "strcat() onto the same string in a loop",
    "Keep the current length (or a pointer to the end) and write there, e.g. `length += sprintf(out + length, ...)` "
    "or memcpy: strcat scans the whole string from the start on every call, which makes the loop quadratic.",
    "clang-tidy performance-inefficient-string-concatenation; ECO string concatenation in a loop",
)  # fmt: skip
def strcat_in_loop(tree, data, language):
    for call, _ in strcats_in_loops(tree):
        yield line(call)


def strcats_in_loops(tree) -> Iterator[tuple[Node, Node]]:
    """(call, innermost loop) for strcat/strncat onto a string the loop does not move (the detector's lines;
    its fix-it keeps a pointer to the string's end)."""
    for call in _calls(tree, {"strcat", "strncat"}):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        if loop is not None and arguments and _invariant(arguments[0], loop):
            yield call, loop


@detector(
    "c-scanf-char-in-loop", LANG,
    "input read one character at a time with scanf(\"%c\")",
    "Read the input in large blocks with fread() (or whole lines with fgets()) into a buffer and walk the buffer: "
    "each scanf(\"%c\") call parses its format string and locks the stream just to return one character.",
    "ECO slow IO library",
)  # fmt: skip
def scanf_char_in_loop(tree, data, language):
    for call in _calls(tree, {"scanf", "fscanf"}):
        arguments = _arguments(call)
        formats = [a for a in arguments[:2] if a.type in ("string_literal", "concatenated_string")]
        if formats and repeating_loop(call, LANG) is not None:
            format = "".join(text(s) for s in descendants(formats[0], "string_content"))
            if format.strip() == "%c":
                yield line(call)


@detector(
    "c-fflush-in-loop", LANG,
    "fflush() of an output stream on every loop iteration",
    "Drop the fflush() from the loop and flush once after it (stdio then writes a full buffer at a time): "
    "each fflush is a write system call for a few bytes.",
    "ECO slow IO library; the C form of clang-tidy performance-avoid-endl",
)  # fmt: skip
def fflush_in_loop(tree, data, language):
    for call in fflush_calls_in_loops(tree):
        yield line(call)


def fflush_calls_in_loops(tree) -> Iterator[Node]:
    """fflush calls run on every iteration of a loop that reads no input (the detector's lines, and what its
    fix-it removes)."""
    for call in _calls(tree, {"fflush"}):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        stream = text(arguments[0]) if arguments else ""
        # an interactive program must flush before each read; stderr is unbuffered anyway
        if loop is None or stream in ("stderr", "NULL") or _reads_input(loop) or _periodic(call, loop):
            continue
        yield call


def _periodic(node: Node, loop: Node) -> bool:
    """node runs only every so many iterations: under an `if (i % 100 == 0)` inside the loop."""
    for up in ancestors(node):
        if up == loop:
            return False
        condition = up.child_by_field_name("condition") if up.type == "if_statement" else None
        if condition is not None and any(_operator(b) == "%" for b in descendants(condition, "binary_expression")):
            return True
    return False


@detector(
    "c-unbuffered-output", LANG,
    "output stream made unbuffered, then written in a loop",
    "Remove the setvbuf(..., _IONBF, ...) or setbuf(..., NULL) call, or give the stream a large buffer with "
    "setvbuf(stream, NULL, _IOFBF, 1 << 16): unbuffered, every printf is a separate write system call.",
    "ECO slow IO library",
)  # fmt: skip
def unbuffered_output(tree, data, language):
    for call in unbuffering_calls(tree):
        yield line(call)


def unbuffering_calls(tree) -> Iterator[Node]:
    """setvbuf/setbuf calls that take the buffer away from a stream a loop writes (the detector's lines, and
    what its fix-it removes)."""
    written = {_stream_written(call) for call in _calls(tree, WRITES) if repeating_loop(call, LANG) is not None}
    for call in _calls(tree, {"setvbuf", "setbuf"}):
        arguments = _arguments(call)
        stream = text(arguments[0]) if arguments else ""
        if stream not in written or stream == "stderr":  # stderr has no buffer by default anyway
            continue
        name = text(call.child_by_field_name("function"))
        if name == "setvbuf" and len(arguments) >= 3 and text(arguments[2]) == "_IONBF":
            yield call
        if name == "setbuf" and len(arguments) >= 2 and text(arguments[1]) in ("NULL", "0"):
            yield call


def _stream_written(call: Node) -> str:
    """The stream an output call writes to: stdout for printf, puts and putchar, else its FILE argument."""
    name, arguments = text(call.child_by_field_name("function")), _arguments(call)
    position = {"fprintf": 0, "vfprintf": 0, "fputs": 1, "fputc": 1, "putc": 1, "fwrite": 3}.get(name)
    if position is None:
        return "stdout"
    return text(arguments[position]) if len(arguments) > position else ""


@detector(
    "c-pow-small-integer-exponent", LANG,
    "pow() with a small constant exponent or base 2",
    "Multiply instead of calling pow(): x * x * x for pow(x, 3), square the square for pow(x, 4), sqrt(x) for "
    "pow(x, 0.5), and 1 << n (or ldexp(1.0, n)) for pow(2, n); pow is a general routine that costs tens of "
    "multiplications.",
    "ECO pow with small constant arguments",
)  # fmt: skip
def pow_small_integer_exponent(tree, data, language):
    for call in _calls(tree, {"pow", "powf", "powl"}):
        arguments = _arguments(call)
        if len(arguments) != 2:
            continue
        base, exponent = (_literal_value(a) for a in arguments)
        # gcc already turns pow(x, 2) into x * x; a call outside any loop costs nothing worth the change
        small = exponent is not None and (exponent == 0.5 or (exponent == int(exponent) and 3 <= exponent <= 8))
        hot = repeating_loop(call, LANG) is not None or _function_name(enclosing_function_node(call, LANG)) != "main"
        if hot and (small or base == 2) and not (base is not None and exponent is not None):
            yield line(call)


@detector(
    "c-invariant-math-in-loop", LANG,
    "math library call with unchanging arguments inside a loop",
    "Compute the call once before the loop and keep the result in a variable: gcc calls exp/log/pow/sin on every "
    "iteration (they may set errno), even when the arguments never change.",
    "ECO loop-invariant math",
)  # fmt: skip
def invariant_math_in_loop(tree, data, language):
    for call in _calls(tree, MATH):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        # all-literal arguments are folded by gcc; a variable that does not change in the loop is not
        if (
            loop is not None
            and arguments
            and _names(call.child_by_field_name("arguments"))
            and all(_invariant(argument, loop) for argument in arguments)
        ):
            yield line(call)


@detector(
    "c-column-major-traversal", LANG,
    "2-D array walked column by column in the inner loop",
    "Swap the two loops so that the inner loop runs over the last index (a[row][col] with col innermost): C "
    "stores rows contiguously, and walking down a column touches a new cache line on every access.",
    "bite (cache locality: loop interchange)",
)  # fmt: skip
def column_major_traversal(tree, data, language):
    for access in captures(tree, LANG, "(subscript_expression argument: (subscript_expression)) @a", "a"):
        inner = repeating_loop(access, LANG)
        outer = repeating_loop(inner, LANG) if inner is not None else None
        if outer is None or access.parent.type == "subscript_expression":
            continue
        inner_counters, outer_counters = _loop_variables(inner), _loop_variables(outer)
        first, second = _two_indexes(access)
        down_a_column = text(first) in inner_counters and _names(second) & outer_counters
        if not down_a_column or _names(second) & inner_counters:
            continue
        # another array walked along its rows by the same pair of loops (a transpose) gains nothing
        if not any(
            _names(f) & outer_counters and text(s) in inner_counters
            for f, s in map(_two_indexes, descendants(inner, "subscript_expression"))
        ):
            yield line(access)


def _two_indexes(access: Node) -> tuple[Node | None, Node | None]:
    """(i, j) of a[i][j]; (None, None) for anything else."""
    array, second = _subscript_parts(access)
    if array is None or array.type != "subscript_expression":
        return None, None
    return _subscript_parts(array)[1], second


@detector(
    "c-quadratic-sort", LANG,
    "hand-written quadratic sort (bubble, selection or insertion sort)",
    "Sort with qsort() and a comparison function (O(n log n)) instead of the nested compare-and-swap loops, "
    "which take O(n^2) comparisons.",
    "bite (algorithmic: O(n log n) sorting); ECO expensive std call (sort)",
)  # fmt: skip
def quadratic_sort(tree, data, language):
    for comparison in captures(tree, LANG, "(binary_expression) @c", "c"):
        if _operator(comparison) not in ("<", ">", "<=", ">="):
            continue
        inner = repeating_loop(comparison, LANG)
        outer = repeating_loop(inner, LANG) if inner is not None else None
        if outer is None:
            continue
        sides = [_element(comparison.child_by_field_name(side)) for side in ("left", "right")]
        arrays = [text(_subscript_parts(s)[0]) if s.type == "subscript_expression" else None for s in sides]
        # a[j] > a[j + 1] with a swap (bubble, selection sort), or a[j] > key while shifting a[j + 1] = a[j]
        # (insertion sort)
        swapped = arrays[0] is not None and arrays[0] == arrays[1] and _moves_within(outer, arrays[0])
        shifted = any(
            a is not None and other.type == "identifier" and _moves_within(inner, a)
            for a, other in zip(arrays, reversed(sides))
        )
        if swapped or shifted:
            yield line(comparison)


def _element(node: Node) -> Node:
    """a[i] for a[i].key or a[i]->key: records compared by a field are still the array's elements."""
    while node.type == "field_expression":
        node = node.child_by_field_name("argument")
    return node


def _moves_within(loop: Node, array: str) -> bool:
    """The loop copies one element of the array onto another: a[j] = a[j + 1], the heart of a swap or shift."""
    for assignment in descendants(loop, "assignment_expression"):
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if (
            _operator(assignment) == "="
            and left.type == right.type == "subscript_expression"
            and text(_subscript_parts(left)[0]) == array == text(_subscript_parts(right)[0])
        ):
            return True
    return False


@detector(
    "c-trial-division-to-n", LANG,
    "trial division by every number up to n",
    "Stop the divisor loop at the square root, `for (d = 2; d * d <= n; d++)`: a divisor above sqrt(n) pairs "
    "with one below it (or sieve all primes once when testing many numbers).",
    "bite (algorithmic: divisor search up to sqrt(n))",
)  # fmt: skip
def trial_division_to_n(tree, data, language):
    for loop in trial_divisions(tree):
        yield line(loop)


def trial_divisions(tree) -> Iterator[Node]:
    """Loops dividing n by every counter up to n (or n / 2) (the detector's lines; its fix-it stops them at the
    square root)."""
    for loop in captures(tree, LANG, "(for_statement) @loop", "loop"):
        condition = loop.child_by_field_name("condition")
        counters = _loop_variables(loop)
        if condition is None or condition.type != "binary_expression":
            continue
        if _operator(condition) not in ("<", "<="):
            continue
        counter, bound = condition.child_by_field_name("left"), condition.child_by_field_name("right")
        if bound.type == "binary_expression" and _operator(bound) == "/":
            bound = bound.child_by_field_name("left")  # d <= n / 2 is still linear in n
        if text(counter) not in counters or bound.type != "identifier":
            continue
        for remainder in descendants(loop.child_by_field_name("body"), "binary_expression"):
            if (
                _operator(remainder) == "%"
                and text(remainder.child_by_field_name("left")) == text(bound)
                and text(remainder.child_by_field_name("right")) == text(counter)
            ):
                yield loop
                break


@detector(
    "c-memset-in-loop", LANG,
    "whole array cleared with memset() on every loop iteration",
    "Clear only the entries the iteration used (remember them in a list), or keep a stamp array that stores "
    "the iteration number instead of a flag, so no clearing is needed: memset of the whole array costs its "
    "full size on every iteration.",
    "bite (algorithmic: reset only what was touched)",
)  # fmt: skip
def memset_in_loop(tree, data, language):
    for call in _calls(tree, {"memset"}):
        loop = repeating_loop(call, LANG)
        arguments = _arguments(call)
        if loop is None or len(arguments) != 3:
            continue
        target, size = arguments[0], arguments[2]
        small = (_literal_value(size) or 1 << 20) < 4096
        if not small and _invariant(target, loop) and _invariant(size, loop):
            yield line(call)


accumulators.register(LANG, "c")
helpers.register(LANG, "c")  # last: the specific detectors above go first
