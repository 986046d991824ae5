# bite-exemplar: begin
def ranks(scores):
    ordered = sorted(scores, reverse=True)
    return [ordered.index(s) + 1 for s in scores]
# bite-exemplar: end


def main():
    scores = [i * 7919 % 10007 for i in range(9000)]
    print(sum(ranks(scores)))


main()
