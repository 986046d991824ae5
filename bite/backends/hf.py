"""transformers: a GPU when there is one, else the CPU; optionally with a peft LoRA adapter.

model: an HF directory or hub id; "DIR_OR_ID+ADAPTER_DIR" loads a LoRA adapter on top.
"""

from __future__ import annotations

import time

from . import Backend, BackendError, Generation, check_cancel


class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, model: str | None = None, device: str | None = None):
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
        self.model_id = model

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

        messages = [{"role": "user", "content": prompt}]
        if self.tokenizer.chat_template:
            text = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        else:
            text = prompt
        encoded = self.tokenizer(text, return_tensors="pt").to(self.device)
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
                    pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
                )  # fmt: skip
            check_cancel(cancel)
            new = output[0, encoded["input_ids"].shape[1]:]
            reply = self.tokenizer.decode(new, skip_special_tokens=True)
            for s in stop or []:
                reply = reply.split(s, 1)[0]
            yield Generation(reply, int(new.shape[0]), time.monotonic() - started)
