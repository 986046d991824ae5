#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// bite-exemplar: begin
// lines, words and vowels of a text
static void count_text(FILE *in, long counts[3]) {
    char c, previous = ' ';
    while (fscanf(in, "%c", &c) == 1) {
        counts[0] += c == '\n';
        counts[1] += c != ' ' && c != '\n' && (previous == ' ' || previous == '\n');
        counts[2] += c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
        previous = c;
    }
}
// bite-exemplar: end

int main(void) {
    enum { SIZE = 10000000 };
    static const char verse[] = "the quick brown fox jumps over the lazy dog\nand runs far away\n";
    char *text = malloc(SIZE);
    for (int i = 0; i < SIZE; i += 40)
        memcpy(text + i, verse + (i / 40) % 20, 40);
    FILE *in = fmemopen(text, SIZE, "r");  // stands in for a large input file
    long counts[3] = {0, 0, 0};
    count_text(in, counts);
    fclose(in);
    printf("%ld %ld %ld\n", counts[0], counts[1], counts[2]);
    free(text);
    return 0;
}
