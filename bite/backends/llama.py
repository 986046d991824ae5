"""llama.cpp through llama-cpp-python: the default backend, a quantized GGUF on the CPU."""

from __future__ import annotations

import os
import time

from . import Ask, Backend, BackendError, Generation, before_stop, check_cancel, line_ended


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

    def __init__(self, model: str | None = None, n_ctx: int = 4096, threads: int | None = None, seed: int = -1,
                 parallel: bool = False):  # fmt: skip
        """parallel: generate n candidates, or the replies of generate_each, as the sequences of one batch (more
        tokens/s in all, but each arrives later than the first of n generated one after another)."""
        self.parallel, self.seed, self.threads = parallel, seed, threads or physical_cores()
        from bite.models import resolve_with_adapter

        path, adapter = resolve_with_adapter(model)  # "BASE.gguf+ADAPTER.gguf": a LoRA adapter from bite train
        try:
            from llama_cpp import Llama
        except ImportError:
            raise BackendError("llama-cpp-python is not installed (pip install 'bite[llama]')") from None
        try:
            self.llm = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=self.threads, n_threads_batch=self.threads,
                             seed=seed, lora_path=str(adapter) if adapter else None, verbose=False)  # fmt: skip
        except (ValueError, RuntimeError) as error:
            raise BackendError(f"cannot load the model {path}: {error}. Is it a GGUF file? "
                               f"`bite model pull` fetches the default model") from None  # fmt: skip
        self.model_id = path.name + (f"+{adapter.name}" if adapter else "")

    def generate(self, prompt, n=1, *, temperature=0.7, max_tokens=1024, stop=None, on_token=None, cancel=None,
                 seed=None, until=None):  # fmt: skip
        if self.parallel and n > 1:
            asks = [Ask(prompt, temperature, None if seed is None else seed + i, until) for i in range(n)]
            for _, generation in self._batch(asks, max_tokens, stop or [], on_token, cancel):
                yield generation
            return
        messages = [{"role": "user", "content": prompt}]  # the GGUF's own chat template wraps it
        for i in range(n):
            check_cancel(cancel)
            started = time.monotonic()
            pieces, tokens = [], 0
            stream = self.llm.create_chat_completion(
                messages, temperature=temperature, max_tokens=max_tokens, stop=stop or [], stream=True,
                seed=None if seed is None else (seed + i) & 0xFFFFFFFF,
            )
            for chunk in stream:
                check_cancel(cancel)
                delta = chunk["choices"][0]["delta"].get("content")
                if delta:
                    pieces.append(delta)
                    tokens += 1
                    if on_token:
                        on_token(1)
                    if line_ended(delta, pieces, until):
                        stream.close()
                        break
            yield Generation("".join(pieces), tokens, time.monotonic() - started)

    def generate_each(self, asks, *, max_tokens=1024, stop=None, on_token=None, cancel=None):
        """With parallel: the asks as the sequences of one batch, each reply yielded in order once it and those
        before it are done (decoding waits while the caller judges one)."""
        if not self.parallel or len(asks) < 2:
            yield from super().generate_each(asks, max_tokens=max_tokens, stop=stop, on_token=on_token, cancel=cancel)
            return
        done, following = {}, 0
        for index, generation in self._batch(asks, max_tokens, stop or [], on_token, cancel):
            done[index] = generation
            while following in done:
                yield done.pop(following)
                following += 1

    def _batch(self, asks, max_tokens, stop, on_token, cancel):
        """(index, reply) of each ask as its sequence ends: the asks decoded together, one sequence each. The
        prompts' shared beginning is evaluated once and its KV cells shared by all sequences; each step samples
        one token per live sequence and decodes them as one batch."""
        import llama_cpp as C
        from llama_cpp import _internals
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm, n = self.llm, len(asks)
        formatter = Jinja2ChatFormatter(llm.metadata["tokenizer.chat_template"],
                                        eos_token=llm.detokenize([llm.token_eos()]).decode(errors="ignore"),
                                        bos_token=llm.detokenize([llm.token_bos()]).decode(errors="ignore"))  # fmt: skip
        chats = [formatter(messages=[{"role": "user", "content": ask.prompt}]) for ask in asks]
        prompts = [llm.tokenize(chat.prompt.encode(), add_bos=False, special=True) for chat in chats]
        stops = [*stop, *([chats[0].stop] if isinstance(chats[0].stop, str) else chats[0].stop or [])]
        shared = 0  # the prompts' common beginning, short of the last token of any (its logits are needed)
        while shared < min(map(len, prompts)) - 1 and len({p[shared] for p in prompts}) == 1:
            shared += 1
        params = C.llama_context_params.from_buffer_copy(llm.context_params)  # the main context keeps its own
        params.n_seq_max, params.kv_unified = n, True
        params.n_ctx = shared + sum(len(p) - shared for p in prompts) + n * max_tokens + 16
        params.n_batch = max(params.n_batch, n)
        ctx = _internals.LlamaContext(model=llm._model, params=params, verbose=False)
        vocab = C.llama_model_get_vocab(llm._model.model)
        batch = C.llama_batch_init(max(llm.n_batch, n), 0, n)
        samplers = []

        def decode(entries, what):
            for start in range(0, len(entries), llm.n_batch):
                _fill(batch, entries[start : start + llm.n_batch])
                if C.llama_decode(ctx.ctx, batch) != 0:
                    raise BackendError(f"llama.cpp could not {what}")

        try:
            started = time.monotonic()
            decode([(t, i, [0], False) for i, t in enumerate(prompts[0][:shared])], "evaluate the prompt")
            memory = C.llama_get_memory(ctx.ctx)
            for seq in range(1, n):
                C.llama_memory_seq_cp(memory, 0, seq, -1, -1)
            decode([(p[i], i, [seq], False) for seq, p in enumerate(prompts) for i in range(shared, len(p) - 1)],
                   "evaluate the prompts")  # fmt: skip
            decode([(p[-1], len(p) - 1, [seq], True) for seq, p in enumerate(prompts)], "evaluate the prompts")
            base = self.seed if self.seed >= 0 else int(started * 1000)
            for seq, ask in enumerate(asks):
                chain = C.llama_sampler_chain_init(C.llama_sampler_chain_default_params())
                if ask.temperature > 0:
                    C.llama_sampler_chain_add(chain, C.llama_sampler_init_temp(ask.temperature))
                    seed = ask.seed if ask.seed is not None else base + seq
                    C.llama_sampler_chain_add(chain, C.llama_sampler_init_dist(seed & 0xFFFFFFFF))
                else:
                    C.llama_sampler_chain_add(chain, C.llama_sampler_init_greedy())
                samplers.append(chain)
            pieces = {seq: bytearray() for seq in range(n)}
            counts = {seq: 0 for seq in range(n)}
            positions = {seq: len(p) for seq, p in enumerate(prompts)}
            live = {seq: seq for seq in range(n)}  # sequence -> index of its logits in the last batch decoded
            while live:
                check_cancel(cancel)
                step, finished = [], []
                for seq, index in live.items():
                    token = C.llama_sampler_sample(samplers[seq], ctx.ctx, index)
                    counts[seq] += 1
                    if on_token:
                        on_token(1)
                    if C.llama_vocab_is_eog(vocab, token):
                        finished.append(seq)
                        continue
                    piece = llm.detokenize([token])
                    pieces[seq] += piece
                    text = pieces[seq].decode(errors="ignore")
                    if counts[seq] >= max_tokens or any(s and s in text for s in stops) or line_ended(
                            piece.decode(errors="ignore"), [text], asks[seq].until):  # fmt: skip
                        finished.append(seq)
                        continue
                    step.append((token, positions[seq], [seq], True))
                    positions[seq] += 1
                for seq in finished:
                    del live[seq]
                    text = before_stop(pieces[seq].decode(errors="ignore"), stops)
                    yield seq, Generation(text, counts[seq], time.monotonic() - started)
                if not step:
                    break
                decode(step, "decode a batch (context full?)")
                live = {seq_ids[0]: i for i, (_, _, seq_ids, _) in enumerate(step)}
        finally:
            for chain in samplers:
                C.llama_sampler_free(chain)
            C.llama_batch_free(batch)
            ctx.close()


def _fill(batch, entries) -> None:
    """entries: (token, position, sequence ids, wants logits)."""
    for i, (token, position, seq_ids, logits) in enumerate(entries):
        batch.token[i] = token
        batch.pos[i] = position
        batch.n_seq_id[i] = len(seq_ids)
        for j, seq in enumerate(seq_ids):
            batch.seq_id[i][j] = seq
        batch.logits[i] = logits
    batch.n_tokens = len(entries)
