#include <stdio.h>
#include <stdlib.h>

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

// bite-exemplar: begin
// the sum of the running medians: after each new value, the median of all so far
static long running_medians(const int *values, int n, int *seen) {
    long total = 0;
    for (int i = 0; i < n; i++) {
        seen[i] = values[i];
        qsort(seen, i + 1, sizeof *seen, compare_ints);
        total += seen[(i + 1) / 2];
    }
    return total;
}
// bite-exemplar: end

int main(void) {
    enum { N = 6000 };
    static int values[N], seen[N];
    unsigned seed = 99;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        values[i] = (int)(seed >> 12);
    }
    printf("%ld\n", running_medians(values, N, seen));
    return 0;
}
