"""Splitting a text into words."""

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text):
    """The words of `text`, lowercased, in order; an apostrophe inside a word keeps it whole (don't)."""
    return _WORD.findall(text.lower())
