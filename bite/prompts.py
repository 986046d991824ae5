"""The paper's prompts (appendix B, verbatim), the repair prompt, and getting code back out of a reply."""

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


def prompt_for(direction: str, language_title: str, code: str) -> str:
    return PROMPTS[direction].format(LANGUAGE=language_title, CODE=code)


def repair_prompt(language_title: str, code: str, rewrite: str, problem: str, feedback: str) -> str:
    return P_REPAIR.format(LANGUAGE=language_title, CODE=code, REWRITE=rewrite, PROBLEM=problem, FEEDBACK=feedback)


def prompts_hash() -> str:
    """Identifies the prompt set in reports and stores, so results from different prompts are not mixed."""
    return hashlib.sha256("\0".join([P_OPTI, P_DEGR, P_REPAIR]).encode()).hexdigest()[:16]


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
