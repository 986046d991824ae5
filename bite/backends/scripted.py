"""A backend that replays prepared replies: deterministic tests, and editor demos without a model."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from . import Backend, BackendError, Generation, before_stop, check_cancel


class ScriptedBackend(Backend):
    name = "scripted"

    def __init__(self, replies: list[str] | Callable[[str], list[str]], delay: float = 0.0):
        """replies: used in turn, round and round; or a function from the prompt to its replies, which asking
        with the same prompt again goes on through (none when they run out)."""
        self.replies, self.delay, self.turn = replies, delay, 0
        self.asked: Counter = Counter()  # replies given so far per prompt, for a function's replies
        self.prompts: list[str] = []  # every prompt asked, for tests to inspect
        self.model_id = "scripted"

    @classmethod
    def from_file(cls, path: str) -> ScriptedBackend:
        """A JSON list of reply strings, or {"replies": [...], "delay": seconds per reply}, or
        {"rules": [{"when": [substrings], "replies": [...]}, ...]}: the replies of the first rule whose
        substrings are all in the prompt (none when no rule fits)."""
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as error:
            raise BackendError(f"cannot read the scripted replies {path}: {error}") from None
        replies, delay = (data.get("replies"), data.get("delay", 0.0)) if isinstance(data, dict) else (data, 0.0)
        if isinstance(data, dict) and "rules" in data:
            replies = _by_rules(data["rules"], path)
        elif not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
            raise BackendError(f'{path} must hold a JSON list of reply strings, or {{"replies": [...], "delay": s}}')
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise BackendError(f"{path}: delay must be a number of seconds")
        backend = cls(replies, delay=float(delay))
        backend.model_id = f"scripted:{path}"
        return backend

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None,
                 seed=None, until=None):  # fmt: skip
        """Replies in turn; with a seed, candidate i is reply (seed + i) modulo their number instead."""
        self.prompts.append(prompt)
        replies = self.replies(prompt) if callable(self.replies) else self.replies
        start = self.asked[prompt] if callable(self.replies) and seed is None else 0
        endless = replies and (seed is not None or not callable(self.replies))
        count = n if endless else max(0, min(n, len(replies) - start))
        self.asked[prompt] += count
        for i in range(count):
            check_cancel(cancel)
            started = time.monotonic()
            while time.monotonic() - started < self.delay:  # stands in for generation time
                check_cancel(cancel)
                time.sleep(min(0.02, self.delay))
            if seed is not None:
                text = replies[(seed + i) % len(replies)]
            elif callable(self.replies):
                text = replies[start + i]
            else:
                text = replies[self.turn % len(replies)]
                self.turn += 1
            text = _until(before_stop(text, stop), until)
            tokens = len(text.split())
            if on_token:
                on_token(tokens)
            yield Generation(text, tokens, time.monotonic() - started)


def _until(text: str, until: Callable[[str], bool] | None) -> str:
    """The reply as a model asked with `until` gives it: ended at the first line where until() holds."""
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines) + 1):
        if until is not None and lines[i - 1].endswith("\n") and until("".join(lines[:i])):
            return "".join(lines[:i])
    return text


def _by_rules(rules: object, path: str) -> Callable[[str], list[str]]:
    ok = isinstance(rules, list) and all(
        isinstance(r, dict) and isinstance(r.get("when"), list) and isinstance(r.get("replies"), list)
        and all(isinstance(x, str) for x in r["when"] + r["replies"]) for r in rules)  # fmt: skip
    if not ok:
        raise BackendError(f'{path}: rules must be a list of {{"when": [substrings], "replies": [strings]}}')

    def replies(prompt: str) -> list[str]:
        return next((r["replies"] for r in rules if all(w in prompt for w in r["when"])), [])

    return replies
