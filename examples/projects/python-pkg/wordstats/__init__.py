"""Word frequencies of a text."""

from .freq import top_words
from .tokens import words

__all__ = ["top_words", "words"]
