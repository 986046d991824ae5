from collections import Counter


# bite-exemplar: begin
def most_common(words):
    counts = Counter(words)
    best, best_count = None, 0
    for w in words:
        c = counts[w]
        if c > best_count:
            best, best_count = w, c
    return best, best_count
# bite-exemplar: end


def main():
    words = [f"w{i * i % 977}" for i in range(5800)]
    print(*most_common(words))


main()
