#include <limits.h>
#include <stdio.h>

// bite-exemplar: begin
// the largest total of k consecutive readings
static long best_window(const int *readings, int n, int k) {
    long best = LONG_MIN;
    for (int start = 0; start + k <= n; start++) {
        long total = 0;
        for (int j = start; j < start + k; j++)
            total += readings[j];
        if (total > best)
            best = total;
    }
    return best;
}
// bite-exemplar: end

int main(void) {
    enum { N = 200000 };
    static int readings[N];
    unsigned seed = 7;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        readings[i] = (int)(seed >> 20) - 2048;
    }
    printf("%ld %ld\n", best_window(readings, N, 4000), best_window(readings, N, 40));
    return 0;
}
