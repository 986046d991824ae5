# bite-exemplar: begin
def lowest_balance(amounts):
    # one running balance instead of summing the prefix again for every i
    lowest = balance = 0
    for amount in amounts:
        balance += amount
        lowest = min(lowest, balance)
    return lowest
# bite-exemplar: end


def main():
    seed, amounts = 7, []
    for _ in range(3000):
        seed = (seed * 1103515245 + 12345) % 2**31
        amounts.append(seed % 2001 - 1000)
    print(lowest_balance(amounts))


main()
