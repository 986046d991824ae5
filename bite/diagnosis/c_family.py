"""C and C++ detectors (one module: most patterns are the same in both)."""

from __future__ import annotations
