# bite-exemplar: begin
def best_week(sales, days):
    best = 0
    for start in range(len(sales) - days + 1):
        best = max(best, sum(sales[start:start + days]))
    return best
# bite-exemplar: end


def main():
    sales = [i * 7919 % 1009 for i in range(30000)]
    print(best_week(sales, 2200))


main()
