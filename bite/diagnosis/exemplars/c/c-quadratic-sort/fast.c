#include <stdio.h>
#include <stdlib.h>

// bite-exemplar: begin
static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sort_scores(int *scores, int n) {
    qsort(scores, n, sizeof *scores, compare_ints);  // O(n log n)
}
// bite-exemplar: end

int main(void) {
    enum { N = 12000 };
    static int scores[N];
    unsigned seed = 3;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        scores[i] = (int)(seed >> 16) % 100000;
    }
    sort_scores(scores, N);
    long check = 0;
    for (int i = 0; i < N; i++) check = check * 31 % 1000000007 + scores[i];
    printf("%d %d %d %ld\n", scores[0], scores[N / 2], scores[N - 1], check);
    return 0;
}
