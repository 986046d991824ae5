"""transformers: a GPU when there is one, else the CPU; optionally with a peft LoRA adapter.

model: an HF directory or hub id; "DIR_OR_ID+ADAPTER_DIR" loads a LoRA adapter on top.
"""

from __future__ import annotations

import time

from . import Backend, BackendError, Generation, before_stop, check_cancel


class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, model: str | None = None, device: str | None = None, parallel: bool = False,
                 static_cache: bool = False):  # fmt: skip
        """parallel: generate_each's asks as the rows of one batch (a GPU decodes a few rows in about the time of
        one). static_cache: transformers' static KV cache, which it compiles the decoding step for. Measured on an
        H200 (bench/transformers_generation.py, the default model's shape): about 215 tokens/s against 12 to 45
        with the default cache, once the first two calls have compiled (30 to 40 s each); so for long runs
        (eval, treegen, a server), not for one short search."""
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise BackendError("the transformers backend needs torch and transformers: pip install 'bite[hf]'") from None
        if not model:
            raise BackendError("the transformers backend needs --model HF_DIR_OR_ID[+LORA_ADAPTER_DIR]")
        base, _, adapter = model.partition("+")
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if self.device == "cuda" else torch.float32
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(base)
            self.model = AutoModelForCausalLM.from_pretrained(base, dtype=dtype).to(self.device)
            if adapter:
                from peft import PeftModel

                self.model = PeftModel.from_pretrained(self.model, adapter)
        except (OSError, ValueError) as error:
            raise BackendError(f"cannot load {model}: {str(error).splitlines()[0]}") from None
        self.model.eval()
        self.tokenizer.padding_side = "left"  # a batch's rows (parallel) have their new tokens in one column
        self.model_id, self.parallel = model, parallel
        self.cache = {"cache_implementation": "static"} if static_cache else {}

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None,
                 seed=None, until=None):  # fmt: skip
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        tokenizer = self.tokenizer

        class Cancel(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                if on_token:
                    on_token(1)
                if until is not None:
                    last = tokenizer.decode(input_ids[0, -1:], skip_special_tokens=True)
                    if "\n" in last and until(tokenizer.decode(input_ids[0, prompt_length:], skip_special_tokens=True)):
                        return True
                return bool(cancel is not None and cancel.is_set())

        encoded = self.tokenizer(self._chat(prompt), return_tensors="pt").to(self.device)
        prompt_length = encoded["input_ids"].shape[1]
        for i in range(n):
            check_cancel(cancel)
            started = time.monotonic()
            if seed is not None:
                torch.manual_seed(seed + i)
            with torch.no_grad():
                output = self.model.generate(
                    **encoded, do_sample=temperature > 0, temperature=temperature if temperature > 0 else None,
                    max_new_tokens=max_tokens, stopping_criteria=StoppingCriteriaList([Cancel()]),
                    pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id, **self.cache,
                )  # fmt: skip
            check_cancel(cancel)
            new = output[0, encoded["input_ids"].shape[1]:]
            reply = before_stop(self.tokenizer.decode(new, skip_special_tokens=True), stop)
            yield Generation(reply, int(new.shape[0]), time.monotonic() - started)

    def generate_each(self, asks, *, max_tokens=1024, stop=None, on_token=None, cancel=None):
        """With parallel: the asks as the rows of one left-padded batch, each sampled at its own temperature
        (applied after the model's own top-k/top-p), and yielded in order once the batch is done; the first
        ask's seed seeds the batch."""
        if not self.parallel or len(asks) < 2:
            yield from super().generate_each(asks, max_tokens=max_tokens, stop=stop, on_token=on_token, cancel=cancel)
            return
        import torch
        from transformers import LogitsProcessor, LogitsProcessorList, StoppingCriteria, StoppingCriteriaList

        tokenizer, started = self.tokenizer, time.monotonic()
        encoded = tokenizer([self._chat(a.prompt) for a in asks], return_tensors="pt", padding=True).to(self.device)
        width, pad = encoded["input_ids"].shape[1], tokenizer.pad_token_id or tokenizer.eos_token_id
        temperatures = torch.tensor([[a.temperature] for a in asks], device=self.device)
        greedy = temperatures[:, 0] <= 0
        ended = torch.zeros(len(asks), dtype=torch.bool, device=self.device)

        class Temperatures(LogitsProcessor):
            def __call__(self, input_ids, scores):
                scaled = scores / temperatures.clamp(min=1e-6)
                best = torch.full_like(scores, -torch.inf).scatter(1, scores.argmax(-1, keepdim=True), 0.0)
                return torch.where(greedy[:, None], best, scaled)  # a row at temperature 0 takes its best token

        class Ended(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                if on_token:
                    on_token(int((~ended).sum()))
                for row, ask in enumerate(asks):
                    if ended[row] or ask.until is None or "\n" not in tokenizer.decode(input_ids[row, -1:]):
                        continue
                    ended[row] = ask.until(tokenizer.decode(input_ids[row, width:], skip_special_tokens=True))
                return ended.clone() | bool(cancel is not None and cancel.is_set())

        check_cancel(cancel)
        if asks[0].seed is not None:
            torch.manual_seed(asks[0].seed)
        with torch.no_grad():
            output = self.model.generate(
                **encoded, do_sample=True, temperature=1.0, max_new_tokens=max_tokens, pad_token_id=pad,
                logits_processor=LogitsProcessorList([Temperatures()]),
                stopping_criteria=StoppingCriteriaList([Ended()]), **self.cache,
            )  # fmt: skip
        check_cancel(cancel)
        seconds = time.monotonic() - started
        for row in range(len(asks)):
            new = output[row, width:]
            reply = before_stop(tokenizer.decode(new, skip_special_tokens=True), stop)
            yield Generation(reply, int((new != pad).sum()), seconds)

    def _chat(self, prompt: str) -> str:
        messages = [{"role": "user", "content": prompt}]
        if self.tokenizer.chat_template:
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return prompt
