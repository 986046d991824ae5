"""Counting words."""

from .tokens import words


def top_words(text, k=10):
    """The `k` most common words of `text` as (word, count) pairs, most common first; ties in alphabetical order."""
    found = words(text)
    counts = [(word, found.count(word)) for word in dict.fromkeys(found)]
    counts.sort(key=lambda pair: (-pair[1], pair[0]))
    return counts[:k]
