# bite-exemplar: begin
def to_csv(rows):
    lines = []
    for row in rows:
        lines.append(",".join(row) + "\n")
    return "".join(lines)
# bite-exemplar: end


def main():
    rows = [[str(i), f"item{i % 97}", str(i * 31 % 1000)] for i in range(12000)]
    text = to_csv(rows)
    print(len(text), text[-40:])


main()
