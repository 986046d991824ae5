"""llama.cpp through llama-cpp-python: the default backend, a quantized GGUF on the CPU."""

from __future__ import annotations

import os
import time

from . import (Ask, Backend, BackendError, Generation, before_stop, check_cancel, line_ended,
               streamed_reply)


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


class CopyDraft:
    """Llama's draft_model (speculative decoding): the tokens that followed the longest earlier match of the
    text's last tokens, in the prompt or in the reply so far. A rewrite copies much of the code it was given,
    and the model checks a whole draft in one pass, so copied stretches come several tokens a pass. Each token
    is still sampled from the model's own distribution: a draft saves passes only where it agrees. The draft
    doubles while drafts are taken whole and shrinks when they are not, since a refused token costs its share
    of a pass. (llama-cpp-python's LlamaPromptLookupDecoding takes the first match of two tokens; on bite's
    prompts it was slower than no draft.)"""

    LONGEST = 16

    def __init__(self, longest_match: int = 8, shortest_match: int = 2):
        self.longest_match, self.shortest_match = longest_match, shortest_match
        self.length, self.seen, self.offered = 4, None, 0

    def __call__(self, input_ids, /, **kwargs):
        import numpy as np

        ids = np.asarray(input_ids)
        grown = len(ids) - self.seen if self.seen is not None else 0
        if 0 < grown <= self.offered + 1:  # the same reply: the tokens taken are the draft's accepted part + 1
            self.length = min(self.LONGEST, max(2, 2 * (grown - 1)))
        else:  # a new reply
            self.length = 4
        draft = ids[:0]
        for size in range(min(self.longest_match, len(ids) - 1), self.shortest_match - 1, -1):
            windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], size)
            hits = np.flatnonzero((windows == ids[-size:]).all(axis=1))
            if hits.size:
                draft = ids[hits[-1] + size : hits[-1] + size + self.length]
                break
        self.seen, self.offered = len(ids), len(draft)
        return draft.astype(np.intc)


def _drafting(llama_class):
    """llama_class with an eval() that asks for every row's logits only when the rows are a draft being
    checked. llama-cpp-python asks for all of them once it has a draft model, so a prompt of 1,500 tokens paid
    the output layer 1,500 times (12 s more here). It also writes them to a score table sized for n_batch rows
    unless logits_all is set, which overflows after 512 tokens (0.3.36); bite samples from the context's own
    logits and uses neither scores nor logprobs, so this eval keeps none."""

    class DraftingLlama(llama_class):
        def eval(self, tokens):
            every_row = len(tokens) <= CopyDraft.LONGEST + 1
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            for start in range(0, len(tokens), self.n_batch):
                batch = tokens[start : start + self.n_batch]
                self._batch.set_batch(batch=batch, n_past=self.n_tokens, logits_all=every_row)
                self._ctx.decode(self._batch)
                self.input_ids[self.n_tokens : self.n_tokens + len(batch)] = batch
                self.n_tokens += len(batch)
            self._requires_eval = False

    return DraftingLlama


class LlamaCppBackend(Backend):
    name = "llama"

    def __init__(self, model: str | None = None, n_ctx: int = 4096, threads: int | None = None, seed: int = -1,
                 parallel: bool = False, draft: bool = True):  # fmt: skip
        """parallel: generate n candidates, or the replies of generate_each, as the sequences of one batch (more
        tokens/s in all, but each arrives later than the first of n generated one after another). draft: decode
        one sequence at a time with CopyDraft's drafts (not the batch of parallel)."""
        self.parallel, self.seed, self.threads = parallel, seed, threads or physical_cores()
        from bite.models import resolve_with_adapter

        path, adapter = resolve_with_adapter(model)  # "BASE.gguf+ADAPTER.gguf": a LoRA adapter from bite train
        try:
            from llama_cpp import Llama
        except ImportError:
            raise BackendError("llama-cpp-python is not installed (pip install 'bite[llama]')") from None
        try:
            self.llm = (_drafting(Llama) if draft else Llama)(
                model_path=str(path), n_ctx=n_ctx, n_threads=self.threads, n_threads_batch=self.threads, seed=seed,
                draft_model=CopyDraft() if draft else None, lora_path=str(adapter) if adapter else None,
                verbose=False)  # fmt: skip
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
            stream = self.llm.create_chat_completion(
                messages, temperature=temperature, max_tokens=max_tokens, stop=stop or [], stream=True,
                seed=None if seed is None else (seed + i) & 0xFFFFFFFF,
            )
            deltas = (chunk["choices"][0]["delta"].get("content") for chunk in stream)
            text, tokens = streamed_reply(deltas, on_token, until, cancel)
            stream.close()  # where `until` ended the reply early: the model stops generating
            yield Generation(text, tokens, time.monotonic() - started)

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
