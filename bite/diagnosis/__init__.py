"""Diagnosis: detectors of slow patterns, per language, that tell a small model what to change.

Each detector is a tree-sitter query plus small checks, with an id, the lines it flags, a one-sentence
instruction and a short slow -> fast exemplar (exemplars/<language>/<id>/slow.<ext> and fast.<ext>:
whole programs, tested to print the same and to differ in speed by 3x or more; the prompt shows the
part between the `bite-exemplar: begin` and `bite-exemplar: end` comments, or all of it).

The catalogue comes from public rule sets (ruff PERF/FURB/PLR, clang-tidy performance-*, staticcheck
and go-critic, PMD and SpotBugs performance rules, ECO's rule descriptions) and from algorithmic
patterns no linter flags but a small model can act on. Findings in hot code (from bite.profiling)
come first: a pattern in code that takes no time is worth little.

    for finding in diagnose(source, "python", profile):
        finding.detector.id, finding.lines, finding.heat, finding.detector.instruction
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node, Query, QueryCursor, Tree

from bite.languages import _language, functions, innermost, parser

EXEMPLARS = Path(__file__).parent / "exemplars"

# Node types that repeat their body, per language: a pattern inside one runs once per iteration.
LOOPS = {
    "python": {"for_statement", "while_statement", "list_comprehension", "set_comprehension",
               "dictionary_comprehension", "generator_expression"},
    "c": {"for_statement", "while_statement", "do_statement"},
    "cpp": {"for_statement", "while_statement", "do_statement", "for_range_loop"},
    "go": {"for_statement"},
    "java": {"for_statement", "enhanced_for_statement", "while_statement", "do_statement"},
}  # fmt: skip
FUNCTIONS = {
    "python": {"function_definition", "lambda"},
    "c": {"function_definition"},
    "cpp": {"function_definition", "lambda_expression"},
    "go": {"function_declaration", "method_declaration", "func_literal"},
    "java": {"method_declaration", "constructor_declaration", "lambda_expression"},
}


@dataclass(frozen=True)
class Detector:
    id: str  # "py-list-membership-in-loop": the language's prefix, then what it finds
    languages: tuple[str, ...]
    title: str  # what was found, for people: "membership test on a list inside a loop"
    instruction: str  # one sentence for the model: what to do instead
    origin: str  # the public rule it comes from ("ruff PERF401", "clang-tidy performance-...", "ECO ...", "bite")
    find: Callable[[Tree, bytes, str], Iterable[int]]  # (tree, source bytes, language) -> 0-based lines flagged
    fallback: bool = False  # a broad finding, left out where a specific one flags one of its lines

    def exemplar(self, language: str) -> Exemplar | None:
        folder = EXEMPLARS / language / self.id
        found = [p for p in folder.glob("slow.*")] if folder.is_dir() else []
        if not found:
            return None
        slow = found[0]
        return Exemplar(self.id, language, folder, slow, slow.with_name("fast" + slow.suffix))


@dataclass(frozen=True)
class Exemplar:
    detector: str
    language: str
    folder: Path
    slow_path: Path
    fast_path: Path

    @property
    def slow(self) -> str:
        return _shown(self.slow_path.read_text())

    @property
    def fast(self) -> str:
        return _shown(self.fast_path.read_text())


def _shown(text: str) -> str:
    """The part of an exemplar the prompt shows: between the begin and end markers, else all of it."""
    lines = text.splitlines()
    begin = next((i for i, line in enumerate(lines) if "bite-exemplar: begin" in line), None)
    end = next((i for i, line in enumerate(lines) if "bite-exemplar: end" in line), None)
    if begin is not None and end is not None and begin < end:
        lines = lines[begin + 1 : end]
    return "\n".join(lines).strip("\n")


@dataclass(frozen=True)
class Finding:
    detector: Detector
    lines: tuple[int, ...]  # 1-based, as people and profiles count them
    function: str | None  # the innermost function holding the first line
    heat: float  # share of the run's time in these lines (or their function), from the profile; 0 without one

    def to_dict(self) -> dict:
        d = self.detector
        return {"id": d.id, "title": d.title, "instruction": d.instruction, "origin": d.origin,
                "lines": list(self.lines), "function": self.function, "heat": round(self.heat, 4)}  # fmt: skip


_REGISTRY: dict[str, list[Detector]] = {}


def detector(id: str, languages: str | tuple[str, ...], title: str, instruction: str, origin: str,
             fallback: bool = False):  # fmt: skip
    """Registers the decorated function `find(tree, data, language) -> lines (0-based)` as a detector."""
    languages = (languages,) if isinstance(languages, str) else tuple(languages)

    def register(find: Callable[[Tree, bytes, str], Iterable[int]]) -> Callable:
        made = Detector(id, languages, title, instruction, origin, find, fallback)
        for language in languages:
            known = _REGISTRY.setdefault(language, [])
            if any(d.id == id for d in known):
                raise ValueError(f"two detectors with the id {id} for {language}")
            known.append(made)
        return find

    return register


def detectors(language: str) -> list[Detector]:
    """The catalogue of one language, in the order the detectors were written."""
    if language not in LOOPS:
        return []
    importlib.import_module(f"{__name__}.{language}")  # each language's module registers its detectors
    return list(_REGISTRY.get(language, []))


def detector_by_id(language: str, id: str) -> Detector | None:
    return next((d for d in detectors(language) if d.id == id), None)


def diagnose(source: str, language: str, profile=None, function: str | None = None) -> list[Finding]:
    """Every detector's findings in `source`, hot ones first. `profile`: a bite.profiling.Profile of this
    source, for the heat; `function`: keep only findings inside functions of that name."""
    if language in ("c", "cpp"):
        source = expand_loop_macros(source)
    data = source.encode("utf-8", "surrogateescape")
    tree = parser(language).parse(data)
    spans = functions(source, language, tree)
    found = []
    for made in detectors(language):
        lines = sorted({line for line in made.find(tree, data, language)})
        if not lines:
            continue
        # one finding per function, so that each names where it is
        by_function: dict[str | None, list[int]] = {}
        for line in lines:
            found_in = innermost(spans, line)
            holder = found_in.name if found_in else None
            by_function.setdefault(holder, []).append(line)
        for holder, held in by_function.items():
            if function is not None and holder != function:
                continue
            ones = tuple(line + 1 for line in held)
            found.append(Finding(made, ones, holder, _heat(profile, ones, holder)))
    # a broad finding gives way where a specific one flags one of its lines: the same code, said more precisely
    specific = {(f.function, line) for f in found if not f.detector.fallback for line in f.lines}
    found = [f for f in found if not f.detector.fallback or not any((f.function, n) in specific for n in f.lines)]
    if profile is not None and getattr(profile, "ok", False):
        found += _hot_library(source, language, profile, function, found)
    order = {d.id: i for i, d in enumerate(detectors(language))}
    return sorted(found, key=lambda f: (-f.heat, order.get(f.detector.id, len(order)), f.lines))


_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\(([\w\s,]*)\)[ \t]+(\w+\b[^\n]*?)[ \t]*$", re.M)


def expand_loop_macros(source: str) -> str:
    """C or C++ with the file's own loop macros (`#define rep(i, n) for (int i = 0; i < (n); i++)`, as contest
    code has them) written out where they are used, each on its line, so that line numbers stay. Unexpanded,
    tree-sitter reads `rep(i, n) { ... }` as a call and a block, and no detector sees the loop."""
    defined = {name: ([p.strip() for p in params.split(",")], body) for name, params, body in _DEFINE.findall(source)
               if "#" not in body and not body.endswith("\\")}  # fmt: skip
    macros, more = {}, True
    while more:  # a loop macro, or one that opens with a loop macro (`#define rep(i, n) REP(i, 0, n)`)
        more = False
        for name, (params, body) in defined.items():
            if name not in macros and body.split("(")[0].strip() in {"for", "while", *macros}:
                macros[name], more = (params, body), True
    if not macros:
        return source
    use = re.compile(r"\b(" + "|".join(map(re.escape, macros)) + r")\s*\(")
    for _ in range(len(macros)):  # each pass writes out one level of macros opening with macros
        expanded = _expand(source, macros, use)
        if expanded == source:
            break
        source = expanded
    return source


def _expand(source: str, macros: dict[str, tuple[list[str], str]], use: re.Pattern) -> str:
    lines = source.split("\n")
    for n, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        out, at = [], 0
        for call in use.finditer(line):
            if call.start() < at:
                continue
            args, end = _arguments(line, call.end())
            params, body = macros[call.group(1)]
            if args is None or len(args) != len(params):
                continue
            by_param = dict(zip(params, args))
            expansion = re.sub(r"\b\w+\b", lambda w: by_param.get(w.group(), w.group()), body)
            out += [line[at:call.start()], expansion]
            at = end
        lines[n] = "".join(out) + line[at:]
    return "\n".join(lines)


def _arguments(line: str, start: int) -> tuple[list[str] | None, int]:
    """The comma-separated arguments of a macro call whose "(" ends at `start`, and where its ")" ends; None
    when the call does not close on this line."""
    depth, args, begun = 0, [], start
    for at in range(start, len(line)):
        char = line[at]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == ")":
            return [a.strip() for a in args + [line[begun:at]]], at + 1
        elif char == "," and not depth:
            args.append(line[begun:at])
            begun = at + 1
    return None, start


def _hot_library(source: str, language: str, profile, function: str | None, found: list[Finding]) -> list[Finding]:
    """The profile's own findings (bite.diagnosis.hotspots): library code that holds much of the run, reached
    from hot lines (of `function`, when given) that no detector has flagged already, whose finding says more."""
    from bite.diagnosis.hotspots import hot_library  # it builds on this module's Detector

    lines = [c for c in profile.lines if function is None or c.function == function]
    holder = {c.line: c.function for c in lines}
    flagged = {line for f in found for line in f.lines}
    return [Finding(spot.detector, reaching, holder[reaching[0]], share)
            for spot, reaching, share in hot_library(profile, language, source, lines)
            if not flagged.intersection(reaching)]  # fmt: skip


def _heat(profile, lines: tuple[int, ...], function: str | None) -> float:
    if profile is None or not getattr(profile, "ok", False):
        return 0.0
    hot = {cost.line: cost.share for cost in profile.lines}
    heat = max((hot.get(line, 0.0) for line in lines), default=0.0)
    if heat == 0.0 and function is not None:  # lines below the profile's cut: the function's share instead
        heat = max((f.inclusive_share or f.self_share for f in profile.functions if f.name == function), default=0.0)
    return heat


HOT = 0.02  # with a profile, findings in lines holding less of the run than this stay out of prompts


def guidance(source: str, language: str, profile=None, function: str | None = None, code: str | None = None,
             limit: int = 3) -> tuple[list[Finding], list[Exemplar]]:  # fmt: skip
    """What a prompt tells the model: up to `limit` findings (hot ones, when there is a profile) in `function`
    (None: anywhere), and one or two exemplars: the findings' own, else the one most like `code` (the code
    being rewritten)."""
    found = diagnose(source, language, profile, function)
    if profile is not None and getattr(profile, "ok", False):
        found = [f for f in found if f.heat >= HOT]
    findings = found[:limit]
    exemplars = list(dict.fromkeys(e for f in findings if (e := f.detector.exemplar(language)) is not None))[:2]
    if not exemplars:
        exemplars = similar_exemplars(language, code or source, 1)
    return findings, exemplars


def similar_exemplars(language: str, code: str, count: int) -> list[Exemplar]:
    """The language's exemplars whose slow code is most like `code`. A broad detector's exemplar shows one case
    of many (a prefix summed again) and reads like any loop, so it comes only with its own finding."""
    found = [e for made in detectors(language) if not made.fallback and (e := made.exemplar(language)) is not None]
    return sorted(found, key=lambda e: (-similarity(code, e.slow), e.detector))[:count]


def similarity(a: str, b: str) -> float:
    """How alike two pieces of code are: the Jaccard similarity of their sets of words and symbols."""
    x, y = set(_WORD.findall(a)), set(_WORD.findall(b))
    return len(x & y) / max(1, len(x | y))


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[^\sA-Za-z0-9_]")


# --- helpers for writing detectors -------------------------------------------------------------------


@functools.cache
def query(language: str, pattern: str) -> Query:
    return Query(_language(language), pattern)


def captures(tree: Tree, language: str, pattern: str, name: str) -> list[Node]:
    """The nodes captured as @name by a tree-sitter query pattern."""
    return QueryCursor(query(language, pattern)).captures(tree.root_node).get(name, [])


def text(node: Node | None) -> str:
    return node.text.decode("utf-8", "surrogateescape") if node is not None else ""


def ancestors(node: Node) -> Iterator[Node]:
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


BLOCKS = {"compound_statement", "statement_list", "block"}  # a list of statements, in every language here
EXITS = {"return_statement", "throw_statement", "raise_statement"}


def leaves_after(node: Node, language: str) -> bool:
    """Whether the function returns (or throws) as soon as the statement holding `node` is done: a loop runs
    such a statement once, on its way out (a result printed before `return`), not on every iteration."""
    statement = node
    while statement.parent is not None and statement.parent.type not in BLOCKS:
        if statement.type in EXITS:  # `return f(x)`
            return True
        if statement.parent.type in LOOPS[language] | FUNCTIONS[language]:
            return False
        statement = statement.parent
    after = statement.next_named_sibling
    while after is not None and after.type.endswith("comment"):  # Java: line_comment, block_comment
        after = after.next_named_sibling
    return statement.type in EXITS or (after is not None and after.type in EXITS)


def enclosing_loop(node: Node, language: str) -> Node | None:
    """The innermost loop around `node` inside its own function: a detector looks at one function at a time.
    None where the function leaves right after node's statement (leaves_after)."""
    if leaves_after(node, language):
        return None
    for up in ancestors(node):
        if up.type in FUNCTIONS[language]:
            return None
        if up.type in LOOPS[language]:
            return up
    return None


_ONCE = {"for_statement": ("right", "initializer", "init"), "for_range_loop": ("right",),
         "enhanced_for_statement": ("value",), "for_in_clause": ("right",), "range_clause": ("right",),
         "for_clause": ("initializer",)}  # fmt: skip


def repeating_loop(node: Node, language: str) -> Node | None:
    """The innermost loop that runs `node` on every iteration, inside node's function: the part of a loop's
    header evaluated once (an iterable, an initializer) does not count, nor does a statement the function
    leaves right after (leaves_after)."""
    if leaves_after(node, language):
        return None
    child, once = node, False
    for up in ancestors(node):
        if up.type in FUNCTIONS[language]:
            return None
        if child in [c for field in _ONCE.get(up.type, ()) for c in up.children_by_field_name(field)]:
            # a comprehension's first iterable is evaluated once, the later ones once per outer item
            once = up.type != "for_in_clause" or up == next(c for c in up.parent.children if c.type == up.type)
        if up.type in LOOPS[language]:
            if not once:
                return up
            once = False
        child = up
    return None


def in_loop(node: Node, language: str) -> bool:
    return enclosing_loop(node, language) is not None


def loop_depth(node: Node, language: str) -> int:
    depth = 0
    for up in ancestors(node):
        if up.type in FUNCTIONS[language]:
            break
        depth += up.type in LOOPS[language]
    return depth


def descendants(node: Node, types: str | set[str]) -> Iterator[Node]:
    """`node` and the nodes below it of these types, in source order."""
    types = {types} if isinstance(types, str) else types
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in types:
            yield current
        stack.extend(reversed(current.children))


def enclosing_function_node(node: Node, language: str) -> Node | None:
    return next((up for up in ancestors(node) if up.type in FUNCTIONS[language]), None)


def line(node: Node) -> int:
    """0-based line of a node's start, what `find` returns."""
    return node.start_point[0]
