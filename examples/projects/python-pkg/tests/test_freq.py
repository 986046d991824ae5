import random
from collections import Counter

from wordstats import top_words, words


def test_words_are_lowercased_and_keep_apostrophes():
    assert words("Don't stop, DON'T stop: 2 times!") == ["don't", "stop", "don't", "stop", "2", "times"]


def test_most_common_first_and_ties_alphabetical():
    text = "the cat and the hat and the bat"
    assert top_words(text, 3) == [("the", 3), ("and", 2), ("bat", 1)]


def test_k_beyond_the_vocabulary_gives_every_word():
    assert top_words("b a b", 10) == [("b", 2), ("a", 1)]


def test_empty_text():
    assert top_words("", 5) == []


def _text(n_words, vocabulary, seed):
    """A Zipf-like text: a few words are very common, most are rare, as in prose."""
    rng = random.Random(seed)
    vocab = [f"w{rng.getrandbits(40):x}" for _ in range(vocabulary)]
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return " ".join(rng.choices(vocab, weights, k=n_words))


def test_a_long_text_agrees_with_a_plain_count():
    text = _text(30_000, 3_000, seed=7)
    expected = sorted(Counter(text.split()).items(), key=lambda pair: (-pair[1], pair[0]))
    assert top_words(text, len(expected)) == expected
