MOD = 1_000_000_007


# bite-exemplar: begin
def power_sum(bases, exponent):
    total = 0
    for b in bases:
        total = (total + pow(b, exponent, MOD)) % MOD
    return total
# bite-exemplar: end


def main():
    print(power_sum(range(2, 300), 20000))


main()
