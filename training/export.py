"""`bite train export`: a trained run as GGUF for `bite serve --model`, through llama.cpp's own converters.

convert_hf_to_gguf.py and convert_lora_to_gguf.py ship only in the llama-cpp-python sdist (vendor/llama.cpp,
with its conversion/ and gguf-py/ folders), so the sdist of the installed version is fetched once with pip
and those parts kept. Quantizing goes through llama.cpp's llama_model_quantize, which llama-cpp-python binds.

    merged   the LoRA adapter merged into the base (or the fully fine-tuned model), one GGUF
    lora     a GGUF LoRA adapter that llama.cpp loads on top of a base GGUF: --model BASE.gguf+ADAPTER.gguf
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .data import DataError, write_json
from .train import final_model, load_base, read_meta

SCRIPTS = ("convert_hf_to_gguf.py", "convert_lora_to_gguf.py")
PARTS = ("conversion/", "gguf-py/")  # the scripts' own packages, beside them
OUTTYPES = ("f32", "f16", "bf16", "q8_0")


class ExportError(DataError):
    pass


def converters_dir() -> Path:
    """vendor/llama.cpp of the installed llama-cpp-python's sdist, fetched and unpacked once. Kept beside the
    models (not in BITE_CACHE_DIR, which tests point at a fresh folder) unless BITE_LLAMA_CPP_DIR says where."""
    import platformdirs

    version = importlib.metadata.version("llama-cpp-python")
    root = Path(os.environ.get("BITE_LLAMA_CPP_DIR") or Path(platformdirs.user_cache_dir("bite")) / "llama-cpp")
    target = root / version
    if all((target / script).is_file() for script in SCRIPTS):
        return target
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        # --no-binary for this package only: its build requirements come as wheels (from source: minutes).
        fetched = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                                  "llama-cpp-python", "--quiet", "--disable-pip-version-check", "-d", tmp,
                                  f"llama-cpp-python=={version}"], capture_output=True, text=True)  # fmt: skip
        sdists = list(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        if fetched.returncode or not sdists:
            raise ExportError(f"could not fetch the llama-cpp-python {version} sdist for llama.cpp's converters: "
                              f"{(fetched.stderr or fetched.stdout).strip().splitlines()[-1:]}")  # fmt: skip
        with tarfile.open(sdists[0]) as sdist:
            vendor = f"{sdist.getnames()[0].split('/')[0]}/vendor/llama.cpp/"
            # plain files and folders under the three parts only (Python 3.11.2 has no extraction filter)
            wanted = [m for m in sdist.getmembers() if m.name.startswith(vendor) and (m.isfile() or m.isdir())
                      and ".." not in Path(m.name).parts and (m.name[len(vendor):] in SCRIPTS or
                                                             m.name[len(vendor):].startswith(PARTS))]  # fmt: skip
            sdist.extractall(tmp, members=wanted)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(Path(tmp) / vendor, target)
    return target


def _convert(script: str, args: list[str]) -> None:
    scripts = converters_dir()
    done = subprocess.run([sys.executable, str(scripts / script), *args], capture_output=True, text=True)
    if done.returncode:
        raise ExportError(f"{script} failed: {done.stderr.strip()[-2000:]}")


def convert_model(model_dir: Path, out: Path, outtype: str = "f16") -> Path:
    """An HF model folder (weights, config, tokenizer) as one GGUF file."""
    _convert("convert_hf_to_gguf.py", [str(model_dir), "--outfile", str(out), "--outtype", outtype])
    return out


def convert_adapter(adapter_dir: Path, base_config_dir: Path, out: Path, outtype: str = "f16") -> Path:
    """A peft LoRA adapter as a GGUF adapter; the base's config.json is all the converter reads of the base."""
    _convert("convert_lora_to_gguf.py", [str(adapter_dir), "--base", str(base_config_dir), "--outfile", str(out),
                                         "--outtype", outtype])  # fmt: skip
    return out


def quantize(source: Path, out: Path, kind: str) -> Path:
    """llama.cpp's quantizer, e.g. kind Q4_K_M (the default model's) or Q8_0."""
    import llama_cpp

    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{kind.upper()}", None)
    if ftype is None:
        raise ExportError(f"unknown quantization {kind!r} (e.g. Q4_K_M, Q5_K_M, Q6_K, Q8_0)")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    if llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(), params) != 0:
        raise ExportError(f"llama.cpp could not quantize {source} to {kind}")
    return out


def trained_dir() -> Path:
    """Where exports go by default; `bite model list` lists them beside the default model."""
    from bite.models import models_dir

    return models_dir() / "trained"


def export(run: Path, *, mode: str = "merged", quantize_to: str | None = None, outtype: str = "f16",
           to: Path | None = None, name: str | None = None) -> Path:  # fmt: skip
    """Write the run's model as GGUF into `to` (default: the trained models folder); returns the file that
    `bite serve --model` takes (for an adapter: the adapter, with the base GGUF recorded beside it)."""
    from transformers import AutoTokenizer

    if mode not in ("merged", "lora") or outtype not in OUTTYPES:
        raise ExportError(f"mode is merged or lora; --outtype one of {', '.join(OUTTYPES)}")
    final = final_model(Path(run))
    meta = read_meta(final)
    name = name or Path(run).resolve().name
    to = Path(to) if to else trained_dir()
    to.mkdir(parents=True, exist_ok=True)
    record = {"from": str(Path(run).resolve()), "base": meta["base"], "kind": meta.get("kind"),
              "direction": meta.get("direction"), "stage": meta.get("stage"), "mode": mode}  # fmt: skip
    with tempfile.TemporaryDirectory(dir=to) as tmp:
        if mode == "lora":
            if not meta["lora"]:
                raise ExportError(f"{final} is a fully fine-tuned model, not a LoRA adapter: export it merged")
            out = convert_adapter(final, final / "base-config", to / f"{name}-lora.gguf", outtype)
            record["base_gguf"] = str(_base_gguf(meta, to / f"{name}-base.gguf", outtype, Path(tmp)))
        else:
            model_dir = final
            if meta["lora"]:  # merge the adapter into the base, then convert the whole model
                model_dir = Path(tmp) / "merged"
                _merged(final, meta).save_pretrained(str(model_dir))
                AutoTokenizer.from_pretrained(str(final)).save_pretrained(str(model_dir))
            out = to / f"{name}.gguf"
            if quantize_to:
                quantize(convert_model(model_dir, Path(tmp) / "f16.gguf", "f16"), out, quantize_to)
                record["quantized"] = quantize_to
            else:
                convert_model(model_dir, out, outtype)
    write_json(out.with_suffix(".json"), record)
    return out


def _base(meta: dict) -> str:
    """The base as training resolved it (an absolute path when it was local), whatever the folder now."""
    return str(Path(meta["base_source"]) / meta["base_gguf_file"]) if meta.get("base_gguf_file") else meta["base_source"]


def _merged(final: Path, meta: dict):
    from peft import PeftModel

    model, _ = load_base(_base(meta))
    return PeftModel.from_pretrained(model, str(final)).merge_and_unload()


def _base_gguf(meta: dict, out: Path, outtype: str, tmp: Path) -> Path:
    """The GGUF the adapter goes on: the base itself when it was one, else the base converted once."""
    if meta.get("base_gguf_file"):
        return Path(meta["base_source"]) / meta["base_gguf_file"]
    if not out.is_file():
        model, tokenizer = load_base(_base(meta))
        model.save_pretrained(str(tmp / "base"))
        tokenizer.save_pretrained(str(tmp / "base"))
        convert_model(tmp / "base", out, outtype)
    return out
