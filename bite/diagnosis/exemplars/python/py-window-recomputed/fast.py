# bite-exemplar: begin
def best_week(sales, days):
    window = sum(sales[:days])
    best = window
    for start in range(1, len(sales) - days + 1):
        window += sales[start + days - 1] - sales[start - 1]
        best = max(best, window)
    return best
# bite-exemplar: end


def main():
    sales = [i * 7919 % 1009 for i in range(30000)]
    print(best_week(sales, 2200))


main()
