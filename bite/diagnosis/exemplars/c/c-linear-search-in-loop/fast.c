#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// bite-exemplar: begin
static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int count_known(const int *ids, int n, const int *queries, int q) {
    int *sorted = malloc(n * sizeof *sorted);
    memcpy(sorted, ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_ints);
    int hits = 0;
    for (int i = 0; i < q; i++)
        hits += bsearch(&queries[i], sorted, n, sizeof *sorted, compare_ints) != NULL;
    free(sorted);
    return hits;
}
// bite-exemplar: end

int main(void) {
    enum { N = 35000, Q = 35000 };
    static int ids[N], queries[Q];
    for (int i = 0; i < N; i++) ids[i] = (int)((i * 7919L) % 1000003);
    for (int i = 0; i < Q; i++) queries[i] = (int)((i * 104729L) % 1000003);
    printf("%d\n", count_known(ids, N, queries, Q));
    return 0;
}
