#include <limits.h>
#include <stdio.h>

// bite-exemplar: begin
// the largest total of k consecutive readings
static long best_window(const int *readings, int n, int k) {
    long total = 0;
    for (int j = 0; j < k && j < n; j++)
        total += readings[j];
    long best = k <= n ? total : LONG_MIN;
    for (int start = 1; start + k <= n; start++) {
        total += readings[start + k - 1] - readings[start - 1];  // slide by one
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
