"""Instruction fine-tuning (Eq. 1) with the transformers Trainer: LoRA through peft by default, or full weights.

A run folder holds checkpoints/ (every --save-steps steps, what --resume continues from) and final/ (the
trained adapter or model, its tokenizer and bite-train.json, which says what it was trained from and on).
A PKAC run holds stage1/ stage2/ stage3/, each such a run folder, each stage starting from the one before.
Several GPUs: `accelerate launch -m bite train ...` (the Trainer takes the processes accelerate starts).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .data import IGNORE, LEVELS, DataError, describe, editor_example, pkac_stages, tokenized_dataset, write_json

META = "bite-train.json"

# LoRA on every projection of attention and MLP; peft's "all-linear" for other architectures.
TARGET_MODULES = {
    "qwen2": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "starcoder2": ["q_proj", "k_proj", "v_proj", "o_proj", "c_fc", "c_proj"],
}

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class TrainConfig:
    base: str  # an HF folder, a hub id, a .gguf file (dequantized by transformers) or "default"
    epochs: float = 2.0  # the paper's: 2 epochs at lr 1e-5 for the editors and every PKAC stage
    learning_rate: float = 1e-5
    lora: bool = True
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] | None = None  # None: TARGET_MODULES for the base's architecture
    batch_size: int = 1  # per device
    grad_accum: int = 8
    max_length: int = 2048  # longer examples are left out, and counted
    save_steps: int = 100
    max_steps: int = -1  # > 0 stops each run after this many optimizer steps (tests, smoke runs)
    seed: int = 0
    languages: list[str] | None = None
    gradient_checkpointing: bool = False  # recompute activations in the backward pass: far less memory
    dtype: str = "auto"  # auto: bfloat16 where the GPU or CPU computes it natively, else float32 (see precision)
    extra: dict = field(default_factory=dict)  # recorded in bite-train.json


def base_source(base: str) -> tuple[str, dict]:
    """(what from_pretrained takes, its extra arguments): a .gguf file is loaded as gguf_file= in its folder."""
    if base in ("default", "qwen2.5-coder-1.5b-instruct"):
        from bite.models import resolve_model

        base = str(resolve_model(None))
    path = Path(base).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise DataError(f"base model {path} not found")
        return str(path.resolve().parent), {"gguf_file": path.name}
    return (str(path.resolve()) if path.exists() else base), {}


def native_bf16() -> bool:
    """Whether bfloat16 is fast here: a GPU that supports it, or a CPU with AVX-512 BF16 or AMX (measured on
    the default 1.5B base: 11 s per 512-token LoRA step in bf16 against 25 s in fp32, at half the memory)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def precision(config: TrainConfig) -> tuple[str, bool]:
    """(dtype of the loaded weights, whether to train under bf16 autocast). LoRA leaves the base frozen, so the
    base can be bfloat16 (peft keeps the adapter in float32); full fine-tuning keeps float32 weights and uses
    bf16 autocast, since bfloat16 weights would round updates at lr 1e-5 away."""
    if config.dtype not in ("auto", "bfloat16", "float32"):
        raise DataError(f"--dtype {config.dtype}: choose auto, bfloat16 or float32")
    bf16 = native_bf16() if config.dtype == "auto" else config.dtype == "bfloat16"
    return ("bfloat16" if bf16 and config.lora else "float32"), bf16


def load_base(base: str, dtype: str = "float32"):
    """(model, tokenizer) with weights in `dtype` (float32 or bfloat16)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source, kwargs = base_source(base)
    dtype = getattr(torch, dtype)
    tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
    model = AutoModelForCausalLM.from_pretrained(source, dtype=dtype, **kwargs)
    if kwargs:  # dequantized from GGUF: plain weights, but still marked quantized, which Trainer refuses to train
        model.hf_quantizer, model.is_quantized = None, False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def _with_lora(model, config: TrainConfig, adapter: Path | None):
    from peft import LoraConfig, PeftModel, get_peft_model

    if adapter is not None:  # a PKAC stage goes on training the adapter of the stage before
        return PeftModel.from_pretrained(model, str(adapter), is_trainable=True)
    targets = config.target_modules or TARGET_MODULES.get(model.config.model_type, "all-linear")
    return get_peft_model(model, LoraConfig(r=config.lora_rank, lora_alpha=config.lora_alpha,
                                            lora_dropout=config.lora_dropout, target_modules=targets,
                                            task_type="CAUSAL_LM"))  # fmt: skip


def finished(run_dir: Path) -> bool:
    return (run_dir / "final" / META).is_file()


def train_run(examples: list[dict], config: TrainConfig, run_dir: Path, *, resume: bool = False,
              start_from: Path | None = None, info: dict | None = None, log: Log = _stderr,
              callbacks: list | None = None) -> Path:  # fmt: skip
    """Fine-tune on examples ({prompt, output}) into run_dir/final; start_from: a previous run's final/."""
    import torch
    from transformers import DataCollatorForSeq2Seq, Trainer, TrainingArguments, set_seed
    from transformers.trainer_utils import get_last_checkpoint

    if finished(run_dir):
        if resume:
            log(f"{run_dir} is finished already")
            return run_dir / "final"
        raise DataError(f"{run_dir} holds a finished run: choose another --out")
    checkpoints = run_dir / "checkpoints"
    last = get_last_checkpoint(str(checkpoints)) if checkpoints.is_dir() else None
    if last and not resume:
        raise DataError(f"{run_dir} has checkpoints already: pass --resume to go on, or choose another --out")
    base = config.base
    if start_from is not None and not config.lora:
        base = str(start_from)  # full fine-tuning: the previous stage's weights are the base
    set_seed(config.seed)  # LoRA's initial A matrices are random: the same seed, the same run
    weights, bf16 = precision(config)
    model, tokenizer = load_base(base, weights)
    if config.lora:
        model = _with_lora(model, config, start_from)
    dataset, too_long = tokenized_dataset(examples, tokenizer, config.max_length)
    if too_long:
        log(f"{too_long} of {len(examples)} examples are longer than {config.max_length} tokens: left out")
    args = TrainingArguments(
        output_dir=str(checkpoints), num_train_epochs=config.epochs, max_steps=config.max_steps,
        learning_rate=config.learning_rate, per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum, save_strategy="steps", save_steps=config.save_steps,
        save_total_limit=2, logging_steps=max(1, min(10, config.save_steps)), report_to="none", seed=config.seed,
        bf16=bf16, use_cpu=not (torch.cuda.is_available() or torch.backends.mps.is_available()),  # for CPU bf16
        include_num_input_tokens_seen=True,  # tokens/s in bite-train.json
        gradient_checkpointing=config.gradient_checkpointing, gradient_checkpointing_kwargs={"use_reentrant": False},
    )  # fmt: skip
    trainer = Trainer(model=model, args=args, train_dataset=dataset, callbacks=callbacks,
                      data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=IGNORE))  # fmt: skip
    if last:
        log(f"resuming from {last}")
    result = trainer.train(resume_from_checkpoint=last)
    final = run_dir / "final"
    trainer.save_model(str(final))
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(final))
        if config.lora:  # the adapter converter reads the base's config.json (a GGUF base has none beside it)
            base_model = model.get_base_model()
            base_model.config.architectures = [type(base_model).__name__]  # a GGUF's config has none
            base_model.config.save_pretrained(str(final / "base-config"))
        source, kwargs = base_source(config.base)
        write_json(final / META, {
            **(info or {}), "base": config.base, "base_source": source, "base_gguf_file": kwargs.get("gguf_file"),
            "lora": config.lora, "config": asdict(config), "examples": len(dataset), "too_long": too_long,
            "steps": result.global_step, "train_loss": result.training_loss,
            "train_seconds": result.metrics["train_runtime"], "tokens_seen": trainer.state.num_input_tokens_seen,
            "log": trainer.state.log_history,  # the loss curve, every logging step
        })  # fmt: skip
    log(f"trained {result.global_step} steps on {len(dataset)} examples: {final}")
    return final


def train_editor(rows: list[dict], direction: str, config: TrainConfig, out: Path, *, resume: bool = False,
                 log: Log = _stderr, callbacks: list | None = None) -> Path:  # fmt: skip
    """Section 3.1: the optimizer (P_opti(slow) -> fast) or the degrader (P_degr(fast) -> slow)."""
    if direction not in ("optimize", "degrade"):
        raise DataError("--direction is optimize or degrade")
    if not rows:
        raise DataError("no pairs to train on")
    log(f"{direction}: {json.dumps({k: v for k, v in describe(rows).items() if k != 'roots'})}")
    info = {"kind": "editor", "direction": direction, "data": describe(rows)}
    return train_run([editor_example(r, direction) for r in rows], config, out, resume=resume, log=log, info=info,
                     callbacks=callbacks)  # fmt: skip


def train_pkac(rows: list[dict], config: TrainConfig, out: Path, *, resume: bool = False, log: Log = _stderr,
               callbacks: list | None = None) -> Path:  # fmt: skip
    """Section 3.3: three stages, each continuing from the one before; stageN/data.json says what it trained
    on. With --resume, finished stages are kept and the one in progress goes on from its last checkpoint."""
    from accelerate import PartialState

    processes = PartialState()  # under `accelerate launch`, one per GPU: all check the folder, one writes
    stages = pkac_stages(rows)
    previous = None
    for n, stage_rows in enumerate(stages, 1):
        run_dir = out / f"stage{n}"
        summary = describe(stage_rows)
        log(f"PKAC stage {n}: {json.dumps({k: v for k, v in summary.items() if k != 'roots'})}")
        if not stage_rows:
            raise DataError(f"PKAC stage {n} has no pairs (levels in the data: {describe(rows)['levels']})")
        if finished(run_dir) and resume:
            log(f"stage {n} is finished already: {run_dir / 'final'}")
        else:
            if run_dir.exists() and not resume:
                raise DataError(f"{run_dir} exists: pass --resume to go on, or choose another --out")
            processes.wait_for_everyone()
            if processes.is_main_process:
                by_level = {level: [{"root": r.get("root"), "language": r["language"], "speedup": r.get("speedup")}
                                    for r in stage_rows if r.get("level") == level] for level in LEVELS}
                write_json(run_dir / "data.json", {**summary, "pairs_by_level": by_level})
            examples = [editor_example(r, "optimize") for r in stage_rows]  # multilevel pairs: P_opti(slower) -> faster
            train_run(examples, config, run_dir, resume=resume, start_from=previous, log=log, callbacks=callbacks,
                      info={"kind": "pkac", "stage": n, "data": summary,
                            "start_from": str(previous) if previous else None})  # fmt: skip
        previous = run_dir / "final"
    return previous


def final_model(run: Path) -> Path:
    """The trained model of a run folder: its final/, or for a PKAC run the last stage's."""
    for candidate in (run, run / "final", run / "stage3" / "final"):
        if (candidate / META).is_file():
            return candidate
    raise DataError(f"{run}: no finished training run here (no final/{META})")


def read_meta(final: Path) -> dict:
    return json.loads((final / META).read_text())
