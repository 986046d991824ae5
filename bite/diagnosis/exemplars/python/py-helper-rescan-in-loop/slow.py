# bite-exemplar: begin
def balance_before(amounts, i):
    total = 0
    for k in range(i):
        total += amounts[k]
    return total


def lowest_balance(amounts):
    lowest = 0
    for i in range(len(amounts)):
        lowest = min(lowest, balance_before(amounts, i) + amounts[i])
    return lowest
# bite-exemplar: end


def main():
    seed, amounts = 7, []
    for _ in range(3000):
        seed = (seed * 1103515245 + 12345) % 2**31
        amounts.append(seed % 2001 - 1000)
    print(lowest_balance(amounts))


main()
