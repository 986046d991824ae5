"""A backend that replays prepared replies: deterministic tests, and editor demos without a model."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from . import Backend, BackendError, Generation, check_cancel


class ScriptedBackend(Backend):
    name = "scripted"

    def __init__(self, replies: list[str] | Callable[[str], list[str]], delay: float = 0.0):
        """replies: used in turn, round and round; or a function from the prompt to its replies."""
        self.replies, self.delay, self.turn = replies, delay, 0
        self.prompts: list[str] = []  # every prompt asked, for tests to inspect
        self.model_id = "scripted"

    @classmethod
    def from_file(cls, path: str) -> ScriptedBackend:
        """A JSON list of reply strings, or {"replies": [...], "delay": seconds per reply}."""
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as error:
            raise BackendError(f"cannot read the scripted replies {path}: {error}") from None
        replies, delay = (data.get("replies"), data.get("delay", 0.0)) if isinstance(data, dict) else (data, 0.0)
        if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
            raise BackendError(f'{path} must hold a JSON list of reply strings, or {{"replies": [...], "delay": s}}')
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise BackendError(f"{path}: delay must be a number of seconds")
        backend = cls(replies, delay=float(delay))
        backend.model_id = f"scripted:{path}"
        return backend

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None):
        self.prompts.append(prompt)
        replies = self.replies(prompt) if callable(self.replies) else self.replies
        for i in range(min(n, len(replies)) if callable(self.replies) else (n if replies else 0)):
            check_cancel(cancel)
            started = time.monotonic()
            while time.monotonic() - started < self.delay:  # stands in for generation time
                check_cancel(cancel)
                time.sleep(min(0.02, self.delay))
            if callable(self.replies):
                text = replies[i]
            else:
                text = replies[self.turn % len(replies)]
                self.turn += 1
            tokens = len(text.split())
            if on_token:
                on_token(tokens)
            yield Generation(text, tokens, time.monotonic() - started)
