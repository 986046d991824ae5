#include <stdio.h>
#include <stdlib.h>

// bite-exemplar: begin
static void sort_scores(int *scores, int n) {
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (scores[j] > scores[j + 1]) {
                int swap = scores[j];
                scores[j] = scores[j + 1];
                scores[j + 1] = swap;
            }
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
