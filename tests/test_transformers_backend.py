"""The transformers backend on a tiny random Qwen2 model the test writes itself, with a peft LoRA adapter."""

import string
import threading

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
peft = pytest.importorskip("peft")

from bite.backends import Ask, BackendError, load_backend  # noqa: E402
from bite.runners import Cancelled  # noqa: E402
from bite.treegen.engine import load_model  # noqa: E402


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    folder = tmp_path_factory.mktemp("tiny-qwen2")
    vocab = {token: i for i, token in enumerate(["<pad>", "<eos>", *sorted(set(string.printable))])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<pad>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex("."), "isolated")  # one token per character
    tok.decoder = decoders.Fuse()
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<eos>", pad_token="<pad>")
    tokenizer.chat_template = "{% for m in messages %}user: {{ m['content'] }}\nassistant: {% endfor %}"
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.Qwen2Config(vocab_size=len(vocab), hidden_size=32, intermediate_size=64,
                                      num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                                      max_position_embeddings=256, eos_token_id=1, pad_token_id=0)  # fmt: skip
    model = transformers.Qwen2ForCausalLM(config)
    model.save_pretrained(folder)
    lora = peft.get_peft_model(model, peft.LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    with torch.no_grad():
        for name, param in lora.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 1.0)  # B starts at zero: make the adapter change something
    adapter = tmp_path_factory.mktemp("adapter")
    lora.save_pretrained(adapter)
    return folder, adapter


def test_generates_with_the_chat_template(tiny_model):
    folder, _ = tiny_model
    backend = load_backend("transformers", str(folder))
    assert backend.device == ("cuda" if torch.cuda.is_available() else "cpu")
    counted = []
    replies = list(backend.generate("def f(): pass", n=2, temperature=0.9, max_tokens=12, on_token=counted.append))
    assert len(replies) == 2 and all(0 < r.tokens <= 12 for r in replies)
    greedy = [r.text for r in backend.generate("def f(): pass", n=2, temperature=0, max_tokens=12)]
    assert greedy[0] == greedy[1]
    assert counted


def test_lora_adapter_is_applied(tiny_model):
    folder, adapter = tiny_model
    base = load_backend("transformers", str(folder))
    tuned = load_backend("transformers", f"{folder}+{adapter}")
    assert isinstance(tuned.model, peft.PeftModel)
    ids = base.tokenizer("abc", return_tensors="pt").to(base.device)
    with torch.no_grad():
        assert not torch.allclose(base.model(**ids).logits, tuned.model(**ids).logits)


def test_cancel_stops_generation(tiny_model):
    folder, _ = tiny_model
    backend = load_backend("transformers", str(folder))
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        list(backend.generate("x", n=1, max_tokens=200, on_token=lambda _: cancel.set(), cancel=cancel))


def test_a_reply_ends_where_until_says(tiny_model):
    folder, _ = tiny_model
    backend = load_backend("transformers", str(folder))
    newline = backend.tokenizer.convert_tokens_to_ids("\n")
    bias = torch.zeros(backend.model.config.vocab_size)
    bias[newline] = 1e4  # the random model now writes nothing but line ends
    backend.model.lm_head.register_forward_hook(lambda module, args, out: out + bias.to(out.device))
    (full,) = backend.generate("def f(): pass", temperature=0.9, max_tokens=40)
    (cut,) = backend.generate("def f(): pass", temperature=0.9, max_tokens=40, until=lambda text: text.count("\n") >= 3)
    assert full.tokens == 40 and cut.text == "\n\n\n" and cut.tokens == 3


def test_parallel_asks_are_the_rows_of_one_batch(tiny_model):
    folder, _ = tiny_model
    prompts = ["def f(): pass", "x = 1", "for i in range(10): print(i)"]  # different lengths: left padding
    one_by_one = load_backend("transformers", str(folder))
    expected = [next(one_by_one.generate(p, temperature=0, max_tokens=10)).text for p in prompts]
    batched = load_model("transformers", str(folder), parallel=True)  # as --parallel asks for it
    calls = []
    generate = batched.model.generate
    batched.model.generate = lambda **kwargs: calls.append(kwargs["input_ids"].shape[0]) or generate(**kwargs)
    replies = list(batched.generate_each([Ask(p, temperature=0) for p in prompts], max_tokens=10))
    assert calls == [3]  # one batch of three rows
    assert [r.text for r in replies] == expected  # each row greedy as its prompt alone, in the asks' order
    assert len(set(expected)) > 1


def test_a_static_cache_gives_the_same_replies(tiny_model):
    folder, _ = tiny_model
    prompts = ["def f(): pass", "x = 1", "for i in range(10): print(i)"]
    dynamic, static = (load_backend("transformers", str(folder), parallel=True, static_cache=on)
                       for on in (False, True))  # fmt: skip
    caches = []
    generate = static.model.generate
    static.model.generate = lambda **kwargs: caches.append(kwargs.get("cache_implementation")) or generate(**kwargs)
    for backend in (dynamic, static):  # the cache is what a step reads back: a wrong one changes the greedy text
        backend.replies = [next(backend.generate(p, temperature=0, max_tokens=12)).text for p in prompts]
        asks = [Ask(p, temperature=0) for p in prompts]
        backend.batched = [r.text for r in backend.generate_each(asks, max_tokens=12)]
    assert caches == ["static"] * 4  # three replies and one batch
    assert static.replies == dynamic.replies == static.batched == dynamic.batched and len(set(static.replies)) > 1


def test_each_row_of_a_batch_ends_where_its_until_says(tiny_model):
    folder, _ = tiny_model
    backend = load_backend("transformers", str(folder), parallel=True)
    bias = torch.zeros(backend.model.config.vocab_size)
    bias[backend.tokenizer.convert_tokens_to_ids("\n")] = 1e4  # nothing but line ends
    backend.model.lm_head.register_forward_hook(lambda module, args, out: out + bias.to(out.device))
    asks = [Ask("a", 0.9, until=lambda text: text.count("\n") >= 2), Ask("bb", 0.5),
            Ask("c", 0.9, until=lambda text: text.count("\n") >= 4)]  # fmt: skip
    replies = list(backend.generate_each(asks, max_tokens=6))
    assert [(r.text, r.tokens) for r in replies] == [("\n\n", 2), ("\n" * 6, 6), ("\n" * 4, 4)]


def test_missing_model_is_a_backend_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a path that is not there must not turn into a hub download
    with pytest.raises(BackendError, match="cannot load"):
        load_backend("transformers", str(tmp_path / "nothing-here"))
