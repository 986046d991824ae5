# bite-exemplar: begin
def multiples(values, k):
    found = []
    for v in values:
        if v % k == 0:
            found = found + [v]
    return found
# bite-exemplar: end


def main():
    values = [i * 7919 % 100003 for i in range(56000)]
    found = multiples(values, 3)
    print(len(found), sum(found), found[:3])


main()
