# bite-exemplar: begin
def to_csv(rows):
    text = ""
    for row in rows:
        text = text + ",".join(row) + "\n"
    return text
# bite-exemplar: end


def main():
    rows = [[str(i), f"item{i % 97}", str(i * 31 % 1000)] for i in range(12000)]
    text = to_csv(rows)
    print(len(text), text[-40:])


main()
