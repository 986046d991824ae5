"""Model backends: one small interface, `generate`, over llama.cpp (default), transformers, an
OpenAI-compatible server, and a scripted backend for tests and editor demos.

    backend = load_backend("llama", model="default")
    for g in backend.generate(prompt, n=4, temperature=0.7, max_tokens=1024):
        g.text, g.tokens, g.seconds

`generate` yields each candidate as soon as it is complete, so the search can judge the first one
while the next is not yet asked for (two cores cannot generate and time well at once). `generate_each`
asks for one reply per prompt (the search's mix of prompts): one after another, or, where a backend
batches (llama.cpp with parallel=True), as the sequences of one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bite.runners import Cancelled, RunnerError

BACKENDS = ("llama", "transformers", "openai", "scripted")


class BackendError(RunnerError):
    """A model that cannot be found, loaded or reached."""


@dataclass
class Generation:
    text: str
    tokens: int
    seconds: float


@dataclass
class Ask:
    """One reply asked for in generate_each: its prompt, sampling and early end (as generate takes them)."""
    prompt: str
    temperature: float = 0.7
    seed: int | None = None
    until: Callable[[str], bool] | None = None


class Backend:
    name = "base"
    model_id = ""  # what produced the text: a model name and hash, a URL, a script

    def generate(
        self, prompt: str, n: int = 1, *, temperature: float = 0.7, max_tokens: int = 1024,
        stop: list[str] | None = None, on_token: Callable[[int], None] | None = None,
        cancel: threading.Event | None = None, seed: int | None = None,
        until: Callable[[str], bool] | None = None,
    ) -> Iterator[Generation]:  # fmt: skip
        """Yields n candidates. With a seed, candidate i is sampled with seed + i, so asking again with the
        same seed gives the same candidates (a resumed tree asks for the rest with seed + done).
        until(text so far), asked at each line's end: true ends that candidate there, as a stop string would."""
        raise NotImplementedError

    def generate_each(
        self, asks: list[Ask], *, max_tokens: int = 1024, stop: list[str] | None = None,
        on_token: Callable[[int], None] | None = None, cancel: threading.Event | None = None,
    ) -> Iterator[Generation | None]:  # fmt: skip
        """One reply per ask, in their order (None where the backend has none left). Here one after another,
        each generated only when the one before has been taken: a caller judges a reply before the next is
        generated. A backend that batches overrides this."""
        for ask in asks:
            replies = self.generate(ask.prompt, 1, temperature=ask.temperature, max_tokens=max_tokens, stop=stop,
                                    on_token=on_token, cancel=cancel, seed=ask.seed, until=ask.until)  # fmt: skip
            yield next(replies, None)


def streamed_reply(deltas: Iterable[str | None], on_token: Callable[[int], None] | None,
                   until: Callable[[str], bool] | None, cancel: threading.Event | None) -> tuple[str, int]:  # fmt: skip
    """(text, tokens) of a reply streamed as text pieces, a token each (None or "" for a chunk without text),
    taken until `until` ends it at a line's end or the stream ends. Cancel is checked at every chunk."""
    pieces: list[str] = []
    for delta in deltas:
        check_cancel(cancel)
        if delta:
            pieces.append(delta)
            if on_token:
                on_token(1)
            if line_ended(delta, pieces, until):
                break
    return "".join(pieces), len(pieces)


def line_ended(piece: str, pieces: list[str], until: Callable[[str], bool] | None) -> bool:
    """Whether `until` ends a reply now: asked, with the text so far, when the piece just generated ends a
    line (the pieces are joined only then, not at every token)."""
    return until is not None and "\n" in piece and until("".join(pieces))


def before_stop(text: str, stop: list[str] | None) -> str:
    """The reply as a model's generation ends it: before the first stop string, without it."""
    for s in stop or []:
        text = text.split(s, 1)[0] if s else text
    return text


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")


def load_backend(kind: str, model: str | None = None, **options) -> Backend:
    """kind: llama | transformers | openai | scripted. model: a name, path, hub id, URL or script file."""
    if kind == "llama":
        from .llama import LlamaCppBackend

        return LlamaCppBackend(model, **options)
    if kind == "transformers":
        from .hf import TransformersBackend

        return TransformersBackend(model, **options)
    if kind == "openai":
        from .http import OpenAIBackend

        return OpenAIBackend(model, **options)
    if kind == "scripted":
        from .scripted import ScriptedBackend

        return ScriptedBackend.from_file(model) if model else ScriptedBackend([])
    raise BackendError(f"unknown backend {kind!r}; choose one of {', '.join(BACKENDS)}")
