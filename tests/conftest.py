import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Builds go to a cache of the test session's own; models stay where the user keeps them (1.1 GB)."""
    from bite.models import models_dir

    os.environ.setdefault("BITE_MODELS_DIR", str(models_dir()))
    os.environ["BITE_CACHE_DIR"] = str(tmp_path_factory.mktemp("bite-cache"))


@pytest.fixture(scope="session")
def judge():
    from bite.runners import Judge, Limits

    return Judge(limits=Limits(timeout=10), budget=20)


def example(name: str):
    """(slow program, fast program, inputs) of a bundled example."""
    from bite.runners import Program, load_inputs

    folder = EXAMPLES / name
    return (
        Program.from_file(next(folder.glob("slow.*"))),
        Program.from_file(next(folder.glob("fast.*"))),
        load_inputs(str(folder / "inputs"), str(folder / "outputs")),
    )
