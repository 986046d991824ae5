# bite-exemplar: begin
def parse_records(tokens):
    records, pos = {}, 0
    while pos < len(tokens):
        key, count = tokens[pos], int(tokens[pos + 1])
        records[key] = sum(map(int, tokens[pos + 2:pos + 2 + count]))
        pos += 2 + count
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
