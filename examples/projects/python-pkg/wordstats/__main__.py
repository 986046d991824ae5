"""python -m wordstats [K] < text: the K (default 10) most common words of the text, one "count word" a line."""

import sys

from .freq import top_words


def main(argv):
    k = int(argv[0]) if argv else 10
    for word, count in top_words(sys.stdin.read(), k):
        print(count, word)


if __name__ == "__main__":
    main(sys.argv[1:])
