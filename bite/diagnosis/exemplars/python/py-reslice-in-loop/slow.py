# bite-exemplar: begin
def parse_records(tokens):
    records = {}
    while tokens:
        key, count = tokens[0], int(tokens[1])
        records[key] = sum(map(int, tokens[2:2 + count]))
        tokens = tokens[2 + count:]
    return records
# bite-exemplar: end


def main():
    tokens = []
    for i in range(9500):
        count = i % 4 + 1
        tokens += [f"k{i}", str(count)] + [str(i * j % 97) for j in range(count)]
    records = parse_records(tokens)
    print(len(records), sum(records.values()), records["k7"])


main()
