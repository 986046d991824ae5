"""An OpenAI-compatible chat endpoint (vLLM, llama.cpp's server, ollama): for teams sharing a GPU server.

model: "URL" or "URL#MODEL", e.g. "http://gpu-box:8000/v1#Qwen/Qwen2.5-Coder-7B-Instruct".
An API key, when the server wants one, comes from $BITE_API_KEY (or $OPENAI_API_KEY).
"""

from __future__ import annotations

import json
import os
import time

import httpx

from . import Backend, BackendError, Generation, check_cancel, streamed_reply


class OpenAIBackend(Backend):
    name = "openai"

    def __init__(self, model: str | None = None, timeout: float = 600.0):
        if not model or not model.startswith(("http://", "https://")):
            raise BackendError("the openai backend needs --model URL[#MODEL], e.g. http://localhost:8000/v1#my-model")
        url, _, self.model = model.partition("#")
        self.url = url.rstrip("/") + "/chat/completions"
        key = os.environ.get("BITE_API_KEY") or os.environ.get("OPENAI_API_KEY")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(timeout=timeout, headers=headers)
        self.model_id = model

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None,
                 seed=None, until=None):  # fmt: skip
        body = {"messages": [{"role": "user", "content": prompt}], "temperature": temperature,
                "max_tokens": max_tokens, "stream": True}  # fmt: skip
        if self.model:
            body["model"] = self.model
        if stop:
            body["stop"] = stop
        for i in range(n):  # one request per candidate, streamed, so that cancel is prompt
            check_cancel(cancel)
            if seed is not None:
                body["seed"] = seed + i
            started = time.monotonic()
            try:
                with self.client.stream("POST", self.url, json=body) as response:
                    if response.status_code != 200:
                        raise BackendError(f"{self.url} answered {response.status_code}: {response.read()[:200]!r}")
                    text, tokens = streamed_reply(map(_delta, response.iter_lines()), on_token, until, cancel)
            except httpx.HTTPError as error:
                raise BackendError(f"cannot reach {self.url}: {error}") from None
            yield Generation(text, tokens, time.monotonic() - started)


def _delta(line: str) -> str | None:
    """The text of one server-sent event line of a streamed chat completion (None for other lines)."""
    if not line.startswith("data:") or line.strip() == "data: [DONE]":
        return None
    return json.loads(line[5:])["choices"][0].get("delta", {}).get("content")
