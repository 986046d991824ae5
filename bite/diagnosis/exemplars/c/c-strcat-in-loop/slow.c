#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// bite-exemplar: begin
// one comma-separated line of all the values
static void join_values(char *out, const int *values, int n) {
    char field[16];
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        sprintf(field, i ? ",%d" : "%d", values[i]);
        strcat(out, field);
    }
}
// bite-exemplar: end

int main(void) {
    enum { N = 100000 };
    static int values[N];
    for (int i = 0; i < N; i++) values[i] = (int)((i * 2654435761u) >> 12);
    char *line = malloc(N * 12 + 1);
    join_values(line, values, N);
    size_t length = strlen(line);
    unsigned long hash = 0;
    for (size_t i = 0; i < length; i++) hash = hash * 131 + (unsigned char)line[i];
    printf("%zu %lu %.30s\n", length, hash, line);
    free(line);
    return 0;
}
