"""The paper's prompts (appendix B, verbatim), the guided prompt built on P_opti, the repair prompt, and
getting code back out of a reply."""

from __future__ import annotations

import hashlib
import re

# Appendix B of the BiTE paper, word for word (including "versions").
P_OPTI = """Below is a {LANGUAGE} program. Optimize the program and provide a more efficient version.
### {LANGUAGE} Code:
{CODE}
### Optimized Version:"""

P_DEGR = """Below is a {LANGUAGE} program. Degenerate the program and provide a less efficient versions.
### {LANGUAGE} Code:
{CODE}
### Degraded Version:"""

# Beyond the paper, in the style of CodeRefine: one attempt to fix a child from its feedback.
P_REPAIR = """Below is a {LANGUAGE} program and a rewrite of it that is meant to be more efficient, but {PROBLEM}.
### {LANGUAGE} Code:
{CODE}
### Rewrite:
{REWRITE}
### Feedback:
{FEEDBACK}
Fix the rewrite so that it gives exactly the same output as the original program, and keep it efficient.
### Fixed Version:"""

PROMPTS = {"optimize": P_OPTI, "degrade": P_DEGR}

# bite's guidance after P_opti (guided_prompt): each part only when there is evidence for it.
G_TARGET = "Rewrite only the function `{FUNCTION}`{WHERE}; everything else in the program stays as it is."
G_PROFILE = "### Where the time goes (measured on the program's inputs: {MEASURE})\n{ROWS}"
G_CAUSES = "### Likely causes\n{ROWS}"
G_EXAMPLE = "### Example of such a fix\nSlow:\n```{FENCE}\n{SLOW}\n```\nFast:\n```{FENCE}\n{FAST}\n```"
G_ANSWER_FUNCTION = ("### Answer format\nReply with one ```{FENCE} code block holding the complete new `{FUNCTION}`, "
                     "with the same name, parameters and output, plus any new {NEEDS} and any new helper functions, "
                     "types or constants it uses, in the same block. Nothing else.")  # fmt: skip
G_ANSWER_PROGRAM = "### Answer format\nReply with one ```{FENCE} code block holding the complete optimized program."
GUIDANCE = (G_TARGET, G_PROFILE, G_CAUSES, G_EXAMPLE, G_ANSWER_FUNCTION, G_ANSWER_PROGRAM)

# Code fences' language tags.
FENCES = {"C": "c", "C++": "cpp", "Go": "go", "Java": "java", "Python": "python"}
_NEEDS = {"C": "#include lines", "C++": "#include lines", "Go": "imports", "Java": "imports", "Python": "imports"}


def prompt_for(direction: str, language_title: str, code: str) -> str:
    return PROMPTS[direction].format(LANGUAGE=language_title, CODE=code)


def repair_prompt(language_title: str, code: str, rewrite: str, problem: str, feedback: str,
                  function: str | None = None) -> str:  # fmt: skip
    prompt = P_REPAIR.format(LANGUAGE=language_title, CODE=code, REWRITE=rewrite, PROBLEM=problem, FEEDBACK=feedback)
    return prompt + ("\n\n" + answer_format(language_title, function) if function else "")


def guided_prompt(language_title: str, code: str, function: str | None = None, lines: tuple[int, int] | None = None,
                  profile=None, findings=(), exemplars=()) -> str:  # fmt: skip
    """P_opti, verbatim, then what bite measured and found: the function to rewrite (lines, 1-based), where the
    time goes (a bite.profiling.Profile), likely causes (bite.diagnosis.Finding) and worked examples
    (bite.diagnosis.Exemplar), then the answer's format. Sections without evidence are left out."""
    parts = [prompt_for("optimize", language_title, marked(code, language_title, lines, profile, findings))]
    if function:
        where = f" (lines {lines[0]}-{lines[1]} above)" if lines else ""
        parts.append(G_TARGET.format(FUNCTION=function, WHERE=where))
    if profile is not None and profile.ok:
        parts.append(_where_the_time_goes(profile, function))
    if findings:
        causes = [f"- line{'s' if len(f.lines) > 1 else ''} {', '.join(map(str, f.lines[:4]))}: {f.detector.title}. "
                  f"{f.detector.instruction}" for f in findings]  # fmt: skip
        parts.append(G_CAUSES.format(ROWS="\n".join(causes)))
    fence = FENCES.get(language_title, "")
    parts += [G_EXAMPLE.format(FENCE=fence, SLOW=e.slow, FAST=e.fast) for e in exemplars]
    parts.append(answer_format(language_title, function))
    return "\n\n".join(parts)


def marked(code: str, language_title: str, lines: tuple[int, int] | None = None, profile=None,
           findings=()) -> str:  # fmt: skip
    """The program with its hot lines marked where they stand, by an end-of-line comment: the share of the time
    and the likely cause. Listed only after the program, the same evidence left a small model copying the
    program unchanged (on the dev set, a third of the guided replies were duplicates; with the marks, a
    quarter). unmarked() takes the marks out of a reply. Only lines inside `lines` (the function to rewrite),
    when given; a program that has such comments of its own is left as it is, since its replies could not be
    told apart."""
    if MARK in code:
        return code
    inside = (lambda n: lines[0] <= n <= lines[1]) if lines else (lambda n: True)
    causes: dict[int, str] = {}
    for f in findings:
        for n in filter(inside, f.lines):
            causes.setdefault(n, f.detector.title)
    notes: dict[int, str] = {}
    if profile is not None and profile.ok:
        for c in [c for c in profile.lines if c.share >= 0.05 and inside(c.line)][:3]:
            notes[c.line] = f"{c.share:.0%} of the time" + (f": {causes[c.line]}" if c.line in causes else "")
    for n, title in causes.items():
        notes.setdefault(n, title)
    rows = code.split("\n")
    comment = "#" if language_title == "Python" else "//"
    for n, note in notes.items():
        if 0 < n <= len(rows):
            rows[n - 1] += f"  {comment} {MARK} {note}"
    return "\n".join(rows)


MARK = "SLOW:"
_MARKS = re.compile(rf"[ \t]*(?://|#) {re.escape(MARK)} [^\n]*")


def unmarked(reply: str, code: str) -> str:
    """The reply without the marks that marked() put in `code`, which a model copies along with the code."""
    return reply if MARK in code else _MARKS.sub("", reply)


def _where_the_time_goes(profile, function: str | None) -> str:
    of = {"instructions": "of the instructions", "samples": "of the samples"}.get(profile.unit, "of the time")
    lines = [c for c in profile.lines if c.share >= 0.01 and (function is None or c.function == function)][:5]
    rows = [f"- line {c.line}, {c.share:.0%} {of}: `{c.text}`" for c in lines]
    own = [f for f in profile.functions if f.in_source and (f.inclusive_share or f.self_share) >= 0.05
           and function in (None, f.name)][:3]  # the function being rewritten, or the top few
    rows += [f"- function `{f.name}`: {(f.inclusive_share or f.self_share):.0%} with what it calls" for f in own]
    library = [f for f in profile.functions if not f.in_source and f.self_share >= 0.10][:2]
    rows += [f"- inside `{f.name}` (a library or runtime function): {f.self_share:.0%}" for f in library]
    # what was counted, not the tool that counted it: a small model told "line_profiler" imports it
    measure = {"instructions": "instructions executed", "samples": "CPU samples"}.get(profile.unit, "CPU time")
    return G_PROFILE.format(MEASURE=measure, ROWS="\n".join(rows))


def answer_format(language_title: str, function: str | None) -> str:
    fence = FENCES.get(language_title, "")
    if not function:
        return G_ANSWER_PROGRAM.format(FENCE=fence)
    return G_ANSWER_FUNCTION.format(FENCE=fence, FUNCTION=function, NEEDS=_NEEDS.get(language_title, "imports"))


def prompts_hash() -> str:
    """Identifies the prompt set in reports and stores, so results from different prompts are not mixed."""
    return hashlib.sha256("\0".join([P_OPTI, P_DEGR, P_REPAIR, *GUIDANCE, MARK]).encode()).hexdigest()[:16]


_FENCE = re.compile(r"```[^\n`]*\n(.*?)(?:\n```|\Z)", re.S)


def code_blocks(reply: str) -> list[str]:
    """Candidate code from a model's reply: fenced blocks (a last unterminated one too), else the bare text
    without the prompt's trailing headers or prose lines before the code."""
    blocks = [b.strip("\n") for b in _FENCE.findall(reply) if b.strip()]
    if blocks:
        return blocks
    text = re.split(r"\n###", "\n" + reply.lstrip("\n"), maxsplit=2)  # a model that goes on to a next header
    body = next((part for part in text if part.strip()), "")
    return [body.strip("\n")] if body.strip() else []
