# bite-exemplar: begin
def unknown_words(words, dictionary):
    return [w for w in words if w not in set(dictionary)]
# bite-exemplar: end


def main():
    dictionary = [f"word{i * 3}" for i in range(3000)]
    words = [f"word{i * 7 % 12000}" for i in range(9000)]
    unknown = unknown_words(words, dictionary)
    print(len(unknown), unknown[:3])


main()
