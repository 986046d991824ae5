"""Java detectors."""

from __future__ import annotations
