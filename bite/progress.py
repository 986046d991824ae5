"""Progress of long commands: rich's live status line in a terminal, plain lines anywhere else (a pipe, a log
file, CI), so `make demo | tee log` and an hour of `bite eval` still show what they are doing."""

from __future__ import annotations

import time

from rich.console import Console


class Progress:
    """`with Progress(err, "loading") as progress: progress.update("3/8 judged")`. Off a terminal, a line is
    printed when the text changes, at most one every `interval` seconds unless `force` says it matters."""

    def __init__(self, console: Console, text: str = "", interval: float = 5.0):
        self.console, self.interval = console, interval
        self.live = console.is_terminal
        self._status = console.status(text) if self.live else None
        self._last_text, self._last_time = None, float("-inf")
        self._first = text

    def __enter__(self) -> Progress:
        if self._status is not None:
            self._status.__enter__()
        elif self._first:
            self.update(self._first, force=True)
        return self

    def __exit__(self, *exc) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)

    def update(self, text: str, force: bool = False) -> None:
        if self._status is not None:
            self._status.update(text)
            return
        now = time.monotonic()
        if text != self._last_text and (force or now - self._last_time >= self.interval):
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
            self._last_text, self._last_time = text, now
