"""The Python catalogue on its own exemplars: each detector flags the slow program it teaches from and
leaves the fast one alone, so the prompt never shows a fix that would still be flagged."""

import pytest

from bite.diagnosis import detectors, diagnose

PYTHON = detectors("python")


def _flagged(source: str, detector_id: str) -> set[int]:
    return {line for f in diagnose(source, "python") if f.detector.id == detector_id for line in f.lines}


@pytest.mark.parametrize("made", PYTHON, ids=[d.id for d in PYTHON])
def test_detector_flags_its_slow_exemplar_and_not_its_fast_one(made):
    exemplar = made.exemplar("python")
    assert exemplar is not None
    assert _flagged(exemplar.slow_path.read_text(), made.id)
    assert not _flagged(exemplar.fast_path.read_text(), made.id)
