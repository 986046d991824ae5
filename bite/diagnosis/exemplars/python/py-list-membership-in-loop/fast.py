# bite-exemplar: begin
def count_known(queries, known):
    seen = set(known)
    hits = 0
    for q in queries:
        if q in seen:
            hits += 1
    return hits
# bite-exemplar: end


def main():
    known = [i * 7 % 10007 for i in range(3000)]
    queries = [i * 13 % 20011 for i in range(16000)]
    print(count_known(queries, known))


main()
