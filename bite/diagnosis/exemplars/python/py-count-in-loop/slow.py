# bite-exemplar: begin
def most_common(words):
    best, best_count = None, 0
    for w in words:
        c = words.count(w)
        if c > best_count:
            best, best_count = w, c
    return best, best_count
# bite-exemplar: end


def main():
    words = [f"w{i * i % 977}" for i in range(5800)]
    print(*most_common(words))


main()
