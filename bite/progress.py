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


class Bar:
    """A rich progress bar (with `columns`) in a terminal; plain lines ("3/29 name") anywhere else."""

    def __init__(self, console: Console, *columns, interval: float = 5.0):
        self.console, self.columns = console, columns
        self._lines = None if console.is_terminal else Progress(console, interval=interval)
        self._state = {"description": "", "completed": 0, "total": None}

    def __enter__(self) -> Bar:
        if self._lines is None:
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(*self.columns, console=self.console, transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=None)
        return self

    def __exit__(self, *exc) -> None:
        if self._lines is None:
            self._bar.__exit__(*exc)

    def update(self, description: str | None = None, completed: float | None = None, total: float | None = None,
               force: bool = False) -> None:  # fmt: skip
        changes = {k: v for k, v in (("description", description), ("completed", completed), ("total", total))
                   if v is not None}  # fmt: skip
        moved = "completed" in changes and changes["completed"] != self._state["completed"]
        self._state.update(changes)
        if self._lines is None:
            self._bar.update(self._task, **changes)
            return
        count = f"{self._state['completed']:g}/{self._state['total']:g} " if self._state["total"] else ""
        self._lines.update(f"{count}{self._state['description']}", force=force or moved)
