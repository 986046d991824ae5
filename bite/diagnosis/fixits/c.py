"""C's fix-its."""

from __future__ import annotations

from collections.abc import Iterable

from tree_sitter import Node

from bite.diagnosis import ancestors, descendants, text
from bite.diagnosis.c import fflush_calls_in_loops, strlen_calls_in_loops, unbuffering_calls
from bite.diagnosis.fixits.base import edited, fixit, parsed


def _without(source: str, calls: Iterable[Node]) -> str | None:
    """`source` without these calls, each a statement of its own: its line goes when it stands alone there;
    where a statement must stay (the body of an if), an empty one (`;`) does."""
    data, edits = source.encode("utf-8", "surrogateescape"), []
    for call in calls:
        statement = call.parent
        if statement.type != "expression_statement":
            continue
        if statement.parent.type != "compound_statement":
            edits.append((call.start_byte, call.end_byte, ""))
            continue
        start, end = statement.start_byte, statement.end_byte
        line_start, line_end = data.rfind(b"\n", 0, start) + 1, data.find(b"\n", end)
        line_end = len(data) if line_end < 0 else line_end
        if not data[line_start:start].strip() and not data[end:line_end].strip():
            start, end = line_start, min(line_end + 1, len(data))
        edits.append((start, end, ""))
    return edited(data, edits) if edits else None


@fixit("c", "c-fflush-in-loop")
def c_no_flush_in_loops(source: str) -> str | None:
    """fflush on every iteration of a loop that reads no input, dropped: stdio writes whole buffers and
    flushes at exit (a program that reads input while it writes keeps its flushes: the detector says so)."""
    return _without(source, fflush_calls_in_loops(parsed(source, "c")))


@fixit("c", "c-unbuffered-output")
def c_buffered_output(source: str) -> str | None:
    """A setvbuf(..., _IONBF, ...) or setbuf(..., NULL) on a stream that a loop writes, dropped."""
    return _without(source, unbuffering_calls(parsed(source, "c")))


# Calls that only read the strings they are given (so a loop making them keeps the string's length).
_READ_ONLY = {"strlen", "strcmp", "strncmp", "strchr", "strrchr", "strstr", "strspn", "strcspn", "strpbrk", "memcmp",
              "memchr", "printf", "fprintf", "puts", "fputs", "atoi", "atol", "atoll", "atof", "strtol", "strtoll",
              "strtoul", "strtoull", "strtod", "isdigit", "isalpha", "isspace"}  # fmt: skip
_DECLARATORS = {"array_declarator", "pointer_declarator", "init_declarator", "parameter_declaration", "declaration"}


def _only_read_in(name: str, function: Node, loop: Node) -> bool:
    """Whether the string `name`, a local or parameter of `function`, stays as it is while `loop` runs: in the
    loop only indexed to read it or passed to calls that read it, and nowhere copied to a pointer that might
    write it."""
    uses = [n for n in descendants(function, "identifier") if text(n) == name]
    declared = [u for u in uses if u.parent.type in _DECLARATORS and u.parent.child_by_field_name("declarator") == u]
    if not declared:
        return False  # a global: any call may change it
    for use in uses:
        parent = use.parent
        if use in declared or parent.type == "sizeof_expression":
            continue
        call = parent.parent if parent.type == "argument_list" else None
        inside = loop.start_byte <= use.start_byte < loop.end_byte
        if call is not None and (not inside or text(call.child_by_field_name("function")) in _READ_ONLY):
            continue
        if parent.type == "subscript_expression" and parent.child_by_field_name("argument") == use:
            holder = parent.parent
            written = (holder.type == "assignment_expression" and holder.child_by_field_name("left") == parent
                       or holder.type in ("update_expression", "pointer_expression"))  # fmt: skip
            if not (inside and written):
                continue
        return False
    return True


def hoisted_strlen(source: str, language: str, found: Iterable[tuple[Node, Node]]) -> str | None:
    """Each loop's strlen(s) of a string that stays as it is, computed once before the loop: the loop is
    wrapped in a block that declares the length first (valid C89 too)."""
    data, loops = source.encode("utf-8", "surrogateescape"), {}
    for call, loop in found:
        argument = call.child_by_field_name("arguments").named_children
        function = next((a for a in ancestors(loop) if a.type == "function_definition"), None)
        if (len(argument) == 1 and argument[0].type == "identifier" and function is not None
                and _only_read_in(text(argument[0]), function, loop)):  # fmt: skip
            loops.setdefault((loop.start_byte, loop.end_byte), []).append((call, text(argument[0])))
    edits = []
    for (start, end), calls in sorted(loops.items()):
        names = sorted({name for _, name in calls})
        if any(f"bite_len_{name}" in source for name in names) or any(s <= start < e for s, e, _ in edits):
            continue  # a loop inside one rewritten keeps its calls
        loop = data[start:end]
        for call, name in sorted(calls, key=lambda c: -c[0].start_byte):
            at, to = call.start_byte - start, call.end_byte - start
            loop = loop[:at] + f"bite_len_{name}".encode() + loop[to:]
        lengths = " ".join(f"size_t bite_len_{name} = strlen({name});" for name in names)
        edits.append((start, end, f"{{ {lengths} {loop.decode('utf-8', 'surrogateescape')} }}"))
    return edited(data, edits) if edits else None


@fixit("c", "c-strlen-in-loop")
def c_hoisted_strlen(source: str) -> str | None:
    return hoisted_strlen(source, "c", strlen_calls_in_loops(parsed(source, "c")))
