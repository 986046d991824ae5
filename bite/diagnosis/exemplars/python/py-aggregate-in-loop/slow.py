# bite-exemplar: begin
def percent_of_best(scores):
    return [s * 100 // max(scores) for s in scores]
# bite-exemplar: end


def main():
    scores = [i * 7919 % 10007 + 1 for i in range(5800)]
    shares = percent_of_best(scores)
    print(sum(shares), shares[:5])


main()
