"""llama.cpp through llama-cpp-python: the default backend, a quantized GGUF on the CPU."""

from __future__ import annotations

import os
import time

from . import Backend, BackendError, Generation, check_cancel


def physical_cores() -> int:
    """llama.cpp runs best with one thread per physical core (its default of one halves the speed here)."""
    cores = set()
    physical = core = None
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "physical id":
                    physical = value.strip()
                elif key == "core id":
                    core = value.strip()
                elif not key and physical is not None:
                    cores.add((physical, core))
                    physical = core = None
    except OSError:
        pass
    available = len(os.sched_getaffinity(0))
    return max(1, min(len(cores) or available, available))


class LlamaCppBackend(Backend):
    name = "llama"

    def __init__(self, model: str | None = None, n_ctx: int = 4096, threads: int | None = None, seed: int = -1):
        from bite.models import resolve_model

        path = resolve_model(model)
        try:
            from llama_cpp import Llama
        except ImportError:
            raise BackendError("llama-cpp-python is not installed (pip install 'bite[llama]')") from None
        threads = threads or physical_cores()
        try:
            self.llm = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                             seed=seed, verbose=False)  # fmt: skip
        except (ValueError, RuntimeError) as error:
            raise BackendError(f"cannot load the model {path}: {error}. Is it a GGUF file? "
                               f"`bite model pull` fetches the default model") from None  # fmt: skip
        self.model_id = path.name

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None):
        messages = [{"role": "user", "content": prompt}]  # the GGUF's own chat template wraps it
        for _ in range(n):
            check_cancel(cancel)
            started = time.monotonic()
            pieces, tokens = [], 0
            stream = self.llm.create_chat_completion(
                messages, temperature=temperature, max_tokens=max_tokens, stop=stop or [], stream=True
            )
            for chunk in stream:
                check_cancel(cancel)
                delta = chunk["choices"][0]["delta"].get("content")
                if delta:
                    pieces.append(delta)
                    tokens += 1
                    if on_token:
                        on_token(1)
            yield Generation("".join(pieces), tokens, time.monotonic() - started)
