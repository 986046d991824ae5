import bisect


# bite-exemplar: begin
def running_medians(values):
    seen, medians = [], []
    for v in values:
        bisect.insort(seen, v)
        medians.append(seen[len(seen) // 2])
    return medians
# bite-exemplar: end


def main():
    values = [i * 7919 % 100003 for i in range(4500)]
    medians = running_medians(values)
    print(medians[-1], sum(medians))


main()
